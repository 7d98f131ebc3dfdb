package org.sv2j.messages.common;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code ChannelEndpointChanged} (common, extension_type 0x0000, msg_type 0x03; a channel message (the frame's channel bit is set)):
 * the reference's {@code ChannelEndpointChanged} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 */
public record ChannelEndpointChanged(
    long channelId)
    implements CommonMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x03;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "ChannelEndpointChanged";

  /** The encoded length: every ChannelEndpointChanged has the same. */
  public static final int ENCODED_LENGTH = 4;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public ChannelEndpointChanged {
    Check.u32(NAME, "channel_id", channelId);
  }


  /**
   * Reads a ChannelEndpointChanged at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static ChannelEndpointChanged decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a ChannelEndpointChanged with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static ChannelEndpointChanged decode(Reader r) {
    ChannelEndpointChanged m =
        new ChannelEndpointChanged(
            r.u32("channel_id"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return ENCODED_LENGTH;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, channelId);
  }

  @Override
  public int extensionType() {
    return EXTENSION_TYPE;
  }

  @Override
  public int msgType() {
    return MSG_TYPE;
  }

  @Override
  public boolean channelMsg() {
    return CHANNEL_MSG;
  }

  @Override
  public String messageName() {
    return NAME;
  }

  /**
   * The fields by the reference's names, byte strings in hex, text quoted and escaped.
   *
   * @return for example {@code ChannelEndpointChanged[channelId=…]}
   */
  @Override
  public String toString() {
    return "ChannelEndpointChanged[channelId=" + channelId + "]";
  }
}
