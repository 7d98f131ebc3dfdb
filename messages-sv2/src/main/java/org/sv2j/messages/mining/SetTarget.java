package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code SetTarget} (mining, extension_type 0x0000, msg_type 0x21; a channel message (the frame's channel bit is set)):
 * the reference's {@code SetTarget} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 *   <li>{@code maximum_target}: U256
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param maximumTarget {@code maximum_target}, U256: the easiest target allowed
 */
public record SetTarget(
    long channelId,
    U256 maximumTarget)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x21;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "SetTarget";

  /** The encoded length: every SetTarget has the same. */
  public static final int ENCODED_LENGTH = 36;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetTarget {
    Check.u32(NAME, "channel_id", channelId);
    Check.notNull(NAME, "maximum_target", maximumTarget);
  }


  /**
   * Reads a SetTarget at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetTarget decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetTarget with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetTarget decode(Reader r) {
    SetTarget m =
        new SetTarget(
            r.u32("channel_id"),
            r.u256("maximum_target"));
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
    Writer.u256(dst, maximumTarget);
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
   * @return for example {@code SetTarget[channelId=…]}
   */
  @Override
  public String toString() {
    return "SetTarget[channelId=" + channelId + ", maximumTarget=" + maximumTarget + "]";
  }
}
