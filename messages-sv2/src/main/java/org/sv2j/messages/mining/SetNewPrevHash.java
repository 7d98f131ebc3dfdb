package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code SetNewPrevHash} (mining, extension_type 0x0000, msg_type 0x20; a channel message (the frame's channel bit is set)):
 * the reference's {@code SetNewPrevHash} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 *   <li>{@code job_id}: U32
 *   <li>{@code prev_hash}: U256
 *   <li>{@code min_ntime}: U32
 *   <li>{@code nbits}: U32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param jobId {@code job_id}, U32: the job's identifier
 * @param prevHash {@code prev_hash}, U256: the previous block's hash
 * @param minNtime {@code min_ntime}, U32: the smallest nTime the job allows (empty for a future job)
 * @param nbits {@code nbits}, U32: the block header's nBits
 */
public record SetNewPrevHash(
    long channelId,
    long jobId,
    U256 prevHash,
    long minNtime,
    long nbits)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x20;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "SetNewPrevHash";

  /** The encoded length: every SetNewPrevHash has the same. */
  public static final int ENCODED_LENGTH = 48;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetNewPrevHash {
    Check.u32(NAME, "channel_id", channelId);
    Check.u32(NAME, "job_id", jobId);
    Check.notNull(NAME, "prev_hash", prevHash);
    Check.u32(NAME, "min_ntime", minNtime);
    Check.u32(NAME, "nbits", nbits);
  }


  /**
   * Reads a SetNewPrevHash at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetNewPrevHash decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetNewPrevHash with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetNewPrevHash decode(Reader r) {
    SetNewPrevHash m =
        new SetNewPrevHash(
            r.u32("channel_id"),
            r.u32("job_id"),
            r.u256("prev_hash"),
            r.u32("min_ntime"),
            r.u32("nbits"));
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
    Writer.u32(dst, jobId);
    Writer.u256(dst, prevHash);
    Writer.u32(dst, minNtime);
    Writer.u32(dst, nbits);
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
   * @return for example {@code SetNewPrevHash[channelId=…]}
   */
  @Override
  public String toString() {
    return "SetNewPrevHash[channelId=" + channelId + ", jobId=" + jobId + ", prevHash=" + prevHash + ", minNtime=" + minNtime + ", nbits=" + nbits + "]";
  }
}
