package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code SubmitSharesExtended} (mining, extension_type 0x0000, msg_type 0x1b; a channel message (the frame's channel bit is set)):
 * the reference's {@code SubmitSharesExtended} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 *   <li>{@code sequence_number}: U32
 *   <li>{@code job_id}: U32
 *   <li>{@code nonce}: U32
 *   <li>{@code ntime}: U32
 *   <li>{@code version}: U32
 *   <li>{@code extranonce}: B0_32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param sequenceNumber {@code sequence_number}, U32: the share's sequence number on the channel
 * @param jobId {@code job_id}, U32: the job's identifier
 * @param nonce {@code nonce}, U32: the block header's nonce
 * @param ntime {@code ntime}, U32: the block header's nTime
 * @param version {@code version}, U32: the block header's version
 * @param extranonce {@code extranonce}, B0_32: the extranonce the share or solution used
 */
public record SubmitSharesExtended(
    long channelId,
    long sequenceNumber,
    long jobId,
    long nonce,
    long ntime,
    long version,
    Bytes extranonce)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x1b;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "SubmitSharesExtended";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SubmitSharesExtended {
    Check.u32(NAME, "channel_id", channelId);
    Check.u32(NAME, "sequence_number", sequenceNumber);
    Check.u32(NAME, "job_id", jobId);
    Check.u32(NAME, "nonce", nonce);
    Check.u32(NAME, "ntime", ntime);
    Check.u32(NAME, "version", version);
    extranonce = Check.bytes(NAME, "extranonce", extranonce, 32);
  }


  /**
   * Reads a SubmitSharesExtended at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SubmitSharesExtended decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SubmitSharesExtended with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SubmitSharesExtended decode(Reader r) {
    SubmitSharesExtended m =
        new SubmitSharesExtended(
            r.u32("channel_id"),
            r.u32("sequence_number"),
            r.u32("job_id"),
            r.u32("nonce"),
            r.u32("ntime"),
            r.u32("version"),
            r.b032("extranonce"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 24 + 1 + extranonce.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, channelId);
    Writer.u32(dst, sequenceNumber);
    Writer.u32(dst, jobId);
    Writer.u32(dst, nonce);
    Writer.u32(dst, ntime);
    Writer.u32(dst, version);
    Writer.b032(dst, extranonce);
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
   * @return for example {@code SubmitSharesExtended[channelId=…]}
   */
  @Override
  public String toString() {
    return "SubmitSharesExtended[channelId=" + channelId + ", sequenceNumber=" + sequenceNumber + ", jobId=" + jobId + ", nonce=" + nonce + ", ntime=" + ntime + ", version=" + version + ", extranonce=" + extranonce + "]";
  }
}
