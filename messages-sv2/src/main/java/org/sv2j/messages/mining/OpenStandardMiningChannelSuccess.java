package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code OpenStandardMiningChannelSuccess} (mining, extension_type 0x0000, msg_type 0x11; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code OpenStandardMiningChannelSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code channel_id}: U32
 *   <li>{@code target}: U256
 *   <li>{@code extranonce_prefix}: B0_32
 *   <li>{@code group_channel_id}: U32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param target {@code target}, U256: the target shares must meet
 * @param extranoncePrefix {@code extranonce_prefix}, B0_32: the extranonce prefix assigned to the channel
 * @param groupChannelId {@code group_channel_id}, U32: the group channel the channel belongs to
 */
public record OpenStandardMiningChannelSuccess(
    long requestId,
    long channelId,
    U256 target,
    Bytes extranoncePrefix,
    long groupChannelId)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x11;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "OpenStandardMiningChannelSuccess";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public OpenStandardMiningChannelSuccess {
    Check.u32(NAME, "request_id", requestId);
    Check.u32(NAME, "channel_id", channelId);
    Check.notNull(NAME, "target", target);
    extranoncePrefix = Check.bytes(NAME, "extranonce_prefix", extranoncePrefix, 32);
    Check.u32(NAME, "group_channel_id", groupChannelId);
  }


  /**
   * Reads a OpenStandardMiningChannelSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static OpenStandardMiningChannelSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a OpenStandardMiningChannelSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static OpenStandardMiningChannelSuccess decode(Reader r) {
    OpenStandardMiningChannelSuccess m =
        new OpenStandardMiningChannelSuccess(
            r.u32("request_id"),
            r.u32("channel_id"),
            r.u256("target"),
            r.b032("extranonce_prefix"),
            r.u32("group_channel_id"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 44 + 1 + extranoncePrefix.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
    Writer.u32(dst, channelId);
    Writer.u256(dst, target);
    Writer.b032(dst, extranoncePrefix);
    Writer.u32(dst, groupChannelId);
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
   * @return for example {@code OpenStandardMiningChannelSuccess[requestId=…]}
   */
  @Override
  public String toString() {
    return "OpenStandardMiningChannelSuccess[requestId=" + requestId + ", channelId=" + channelId + ", target=" + target + ", extranoncePrefix=" + extranoncePrefix + ", groupChannelId=" + groupChannelId + "]";
  }
}
