package org.sv2j.messages.common;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code SetupConnectionSuccess} (common, extension_type 0x0000, msg_type 0x01; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code SetupConnectionSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code used_version}: U16
 *   <li>{@code flags}: U32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param usedVersion {@code used_version}, U16: the protocol version the server chose
 * @param flags {@code flags}, U32: feature flags (meaning per protocol)
 */
public record SetupConnectionSuccess(
    int usedVersion,
    long flags)
    implements CommonMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x01;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "SetupConnectionSuccess";

  /** The encoded length: every SetupConnectionSuccess has the same. */
  public static final int ENCODED_LENGTH = 6;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetupConnectionSuccess {
    Check.u16(NAME, "used_version", usedVersion);
    Check.u32(NAME, "flags", flags);
  }


  /**
   * Reads a SetupConnectionSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetupConnectionSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetupConnectionSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetupConnectionSuccess decode(Reader r) {
    SetupConnectionSuccess m =
        new SetupConnectionSuccess(
            r.u16("used_version"),
            r.u32("flags"));
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
    Writer.u16(dst, usedVersion);
    Writer.u32(dst, flags);
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
   * @return for example {@code SetupConnectionSuccess[usedVersion=…]}
   */
  @Override
  public String toString() {
    return "SetupConnectionSuccess[usedVersion=" + usedVersion + ", flags=" + flags + "]";
  }
}
