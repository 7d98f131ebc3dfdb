package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code NewExtendedMiningJob} (mining, extension_type 0x0000, msg_type 0x1f; a channel message (the frame's channel bit is set)):
 * the reference's {@code NewExtendedMiningJob} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 *   <li>{@code job_id}: U32
 *   <li>{@code min_ntime}: OPTION[U32]
 *   <li>{@code version}: U32
 *   <li>{@code version_rolling_allowed}: BOOL
 *   <li>{@code merkle_path}: SEQ0_255[U256]
 *   <li>{@code coinbase_tx_prefix}: B0_64K
 *   <li>{@code coinbase_tx_suffix}: B0_64K
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param jobId {@code job_id}, U32: the job's identifier
 * @param minNtime {@code min_ntime}, OPTION[U32]: the smallest nTime the job allows (empty for a future job)
 * @param version {@code version}, U32: the block header's version
 * @param versionRollingAllowed {@code version_rolling_allowed}, BOOL: whether the client may roll the version bits
 * @param merklePath {@code merkle_path}, SEQ0_255[U256]: the merkle path from the coinbase to the root
 * @param coinbaseTxPrefix {@code coinbase_tx_prefix}, B0_64K: the serialized coinbase transaction up to the extranonce
 * @param coinbaseTxSuffix {@code coinbase_tx_suffix}, B0_64K: the serialized coinbase transaction after the extranonce
 */
public record NewExtendedMiningJob(
    long channelId,
    long jobId,
    OptionalLong minNtime,
    long version,
    boolean versionRollingAllowed,
    List<U256> merklePath,
    Bytes coinbaseTxPrefix,
    Bytes coinbaseTxSuffix)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x1f;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "NewExtendedMiningJob";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public NewExtendedMiningJob {
    Check.u32(NAME, "channel_id", channelId);
    Check.u32(NAME, "job_id", jobId);
    minNtime = Check.optionU32(NAME, "min_ntime", minNtime);
    Check.u32(NAME, "version", version);
    merklePath = Check.seq(NAME, "merkle_path", merklePath, 255);
    coinbaseTxPrefix = Check.bytes(NAME, "coinbase_tx_prefix", coinbaseTxPrefix, 0xffff);
    coinbaseTxSuffix = Check.bytes(NAME, "coinbase_tx_suffix", coinbaseTxSuffix, 0xffff);
  }


  /**
   * Reads a NewExtendedMiningJob at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static NewExtendedMiningJob decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a NewExtendedMiningJob with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static NewExtendedMiningJob decode(Reader r) {
    NewExtendedMiningJob m =
        new NewExtendedMiningJob(
            r.u32("channel_id"),
            r.u32("job_id"),
            r.optionU32("min_ntime"),
            r.u32("version"),
            r.bool("version_rolling_allowed"),
            r.seq0255U256("merkle_path"),
            r.b064k("coinbase_tx_prefix"),
            r.b064k("coinbase_tx_suffix"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 13 + (minNtime.isPresent() ? 5 : 1) + 1 + 32 * merklePath.size() + 2 + coinbaseTxPrefix.length() + 2 + coinbaseTxSuffix.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, channelId);
    Writer.u32(dst, jobId);
    Writer.optionU32(dst, minNtime);
    Writer.u32(dst, version);
    Writer.bool(dst, versionRollingAllowed);
    Writer.seq0255U256(dst, merklePath);
    Writer.b064k(dst, coinbaseTxPrefix);
    Writer.b064k(dst, coinbaseTxSuffix);
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
   * @return for example {@code NewExtendedMiningJob[channelId=…]}
   */
  @Override
  public String toString() {
    return "NewExtendedMiningJob[channelId=" + channelId + ", jobId=" + jobId + ", minNtime=" + minNtime + ", version=" + version + ", versionRollingAllowed=" + versionRollingAllowed + ", merklePath=" + merklePath + ", coinbaseTxPrefix=" + coinbaseTxPrefix + ", coinbaseTxSuffix=" + coinbaseTxSuffix + "]";
  }
}
