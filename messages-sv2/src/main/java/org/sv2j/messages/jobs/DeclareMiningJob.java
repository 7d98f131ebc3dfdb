package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code DeclareMiningJob} (job declaration, extension_type 0x0000, msg_type 0x57; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code DeclareMiningJob} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code mining_job_token}: B0_255
 *   <li>{@code version}: U32
 *   <li>{@code coinbase_tx_prefix}: B0_64K
 *   <li>{@code coinbase_tx_suffix}: B0_64K
 *   <li>{@code wtxid_list}: SEQ0_64K[U256]
 *   <li>{@code excess_data}: B0_64K
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param miningJobToken {@code mining_job_token}, B0_255: the token the job declarator allocated
 * @param version {@code version}, U32: the block header's version
 * @param coinbaseTxPrefix {@code coinbase_tx_prefix}, B0_64K: the serialized coinbase transaction up to the extranonce
 * @param coinbaseTxSuffix {@code coinbase_tx_suffix}, B0_64K: the serialized coinbase transaction after the extranonce
 * @param wtxidList {@code wtxid_list}, SEQ0_64K[U256]: the witness transaction ids of the job's transactions
 * @param excessData {@code excess_data}, B0_64K: extra data (reserved)
 */
public record DeclareMiningJob(
    long requestId,
    Bytes miningJobToken,
    long version,
    Bytes coinbaseTxPrefix,
    Bytes coinbaseTxSuffix,
    List<U256> wtxidList,
    Bytes excessData)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x57;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "DeclareMiningJob";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public DeclareMiningJob {
    Check.u32(NAME, "request_id", requestId);
    miningJobToken = Check.bytes(NAME, "mining_job_token", miningJobToken, 255);
    Check.u32(NAME, "version", version);
    coinbaseTxPrefix = Check.bytes(NAME, "coinbase_tx_prefix", coinbaseTxPrefix, 0xffff);
    coinbaseTxSuffix = Check.bytes(NAME, "coinbase_tx_suffix", coinbaseTxSuffix, 0xffff);
    wtxidList = Check.seq(NAME, "wtxid_list", wtxidList, 0xffff);
    excessData = Check.bytes(NAME, "excess_data", excessData, 0xffff);
  }


  /**
   * Reads a DeclareMiningJob at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static DeclareMiningJob decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a DeclareMiningJob with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static DeclareMiningJob decode(Reader r) {
    DeclareMiningJob m =
        new DeclareMiningJob(
            r.u32("request_id"),
            r.b0255("mining_job_token"),
            r.u32("version"),
            r.b064k("coinbase_tx_prefix"),
            r.b064k("coinbase_tx_suffix"),
            r.seq064kU256("wtxid_list"),
            r.b064k("excess_data"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 8 + 1 + miningJobToken.length() + 2 + coinbaseTxPrefix.length() + 2 + coinbaseTxSuffix.length() + 2 + 32 * wtxidList.size() + 2 + excessData.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
    Writer.b0255(dst, miningJobToken);
    Writer.u32(dst, version);
    Writer.b064k(dst, coinbaseTxPrefix);
    Writer.b064k(dst, coinbaseTxSuffix);
    Writer.seq064kU256(dst, wtxidList);
    Writer.b064k(dst, excessData);
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
   * @return for example {@code DeclareMiningJob[requestId=…]}
   */
  @Override
  public String toString() {
    return "DeclareMiningJob[requestId=" + requestId + ", miningJobToken=" + miningJobToken + ", version=" + version + ", coinbaseTxPrefix=" + coinbaseTxPrefix + ", coinbaseTxSuffix=" + coinbaseTxSuffix + ", wtxidList=" + wtxidList + ", excessData=" + excessData + "]";
  }
}
