package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code OpenExtendedMiningChannel} (mining, extension_type 0x0000, msg_type 0x13; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code OpenExtendedMiningChannel} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code user_identity}: STR0_255
 *   <li>{@code nominal_hash_rate}: F32
 *   <li>{@code max_target}: U256
 *   <li>{@code min_extranonce_size}: U16
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param userIdentity {@code user_identity}, STR0_255: the user (and worker) the channel is for
 * @param nominalHashRate {@code nominal_hash_rate}, F32: the expected hash rate, in hashes per second
 * @param maxTarget {@code max_target}, U256: the easiest target the client accepts
 * @param minExtranonceSize {@code min_extranonce_size}, U16: the fewest extranonce bytes the client needs
 */
public record OpenExtendedMiningChannel(
    long requestId,
    Str0255 userIdentity,
    float nominalHashRate,
    U256 maxTarget,
    int minExtranonceSize)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x13;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "OpenExtendedMiningChannel";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public OpenExtendedMiningChannel {
    Check.u32(NAME, "request_id", requestId);
    Check.str0255(NAME, "user_identity", userIdentity);
    Check.notNull(NAME, "max_target", maxTarget);
    Check.u16(NAME, "min_extranonce_size", minExtranonceSize);
  }


  /**
   * Reads a OpenExtendedMiningChannel at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static OpenExtendedMiningChannel decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a OpenExtendedMiningChannel with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static OpenExtendedMiningChannel decode(Reader r) {
    OpenExtendedMiningChannel m =
        new OpenExtendedMiningChannel(
            r.u32("request_id"),
            r.str0255("user_identity"),
            r.f32("nominal_hash_rate"),
            r.u256("max_target"),
            r.u16("min_extranonce_size"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 42 + 1 + userIdentity.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
    Writer.str0255(dst, userIdentity);
    Writer.f32(dst, nominalHashRate);
    Writer.u256(dst, maxTarget);
    Writer.u16(dst, minExtranonceSize);
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
   * @return for example {@code OpenExtendedMiningChannel[requestId=…]}
   */
  @Override
  public String toString() {
    return "OpenExtendedMiningChannel[requestId=" + requestId + ", userIdentity=" + userIdentity + ", nominalHashRate=" + nominalHashRate + ", maxTarget=" + maxTarget + ", minExtranonceSize=" + minExtranonceSize + "]";
  }
}
