package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code SetCustomMiningJob} (mining, extension_type 0x0000, msg_type 0x22; a channel message (the frame's channel bit is set)):
 * the reference's {@code SetCustomMiningJob} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 *   <li>{@code request_id}: U32
 *   <li>{@code token}: B0_255
 *   <li>{@code version}: U32
 *   <li>{@code prev_hash}: U256
 *   <li>{@code min_ntime}: U32
 *   <li>{@code nbits}: U32
 *   <li>{@code coinbase_tx_version}: U32
 *   <li>{@code coinbase_prefix}: B0_255
 *   <li>{@code coinbase_tx_input_n_sequence}: U32
 *   <li>{@code coinbase_tx_outputs}: B0_64K
 *   <li>{@code coinbase_tx_locktime}: U32
 *   <li>{@code merkle_path}: SEQ0_255[U256]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param token {@code token}, B0_255: the mining job token the job declarator allocated
 * @param version {@code version}, U32: the block header's version
 * @param prevHash {@code prev_hash}, U256: the previous block's hash
 * @param minNtime {@code min_ntime}, U32: the smallest nTime the job allows (empty for a future job)
 * @param nbits {@code nbits}, U32: the block header's nBits
 * @param coinbaseTxVersion {@code coinbase_tx_version}, U32: the coinbase transaction's version
 * @param coinbasePrefix {@code coinbase_prefix}, B0_255: the start of the coinbase input's script (BIP 34 height first)
 * @param coinbaseTxInputNSequence {@code coinbase_tx_input_n_sequence}, U32: the coinbase input's nSequence
 * @param coinbaseTxOutputs {@code coinbase_tx_outputs}, B0_64K: the serialized coinbase outputs
 * @param coinbaseTxLocktime {@code coinbase_tx_locktime}, U32: the coinbase transaction's nLockTime
 * @param merklePath {@code merkle_path}, SEQ0_255[U256]: the merkle path from the coinbase to the root
 */
public record SetCustomMiningJob(
    long channelId,
    long requestId,
    Bytes token,
    long version,
    U256 prevHash,
    long minNtime,
    long nbits,
    long coinbaseTxVersion,
    Bytes coinbasePrefix,
    long coinbaseTxInputNSequence,
    Bytes coinbaseTxOutputs,
    long coinbaseTxLocktime,
    List<U256> merklePath)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x22;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "SetCustomMiningJob";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetCustomMiningJob {
    Check.u32(NAME, "channel_id", channelId);
    Check.u32(NAME, "request_id", requestId);
    token = Check.bytes(NAME, "token", token, 255);
    Check.u32(NAME, "version", version);
    Check.notNull(NAME, "prev_hash", prevHash);
    Check.u32(NAME, "min_ntime", minNtime);
    Check.u32(NAME, "nbits", nbits);
    Check.u32(NAME, "coinbase_tx_version", coinbaseTxVersion);
    coinbasePrefix = Check.bytes(NAME, "coinbase_prefix", coinbasePrefix, 255);
    Check.u32(NAME, "coinbase_tx_input_n_sequence", coinbaseTxInputNSequence);
    coinbaseTxOutputs = Check.bytes(NAME, "coinbase_tx_outputs", coinbaseTxOutputs, 0xffff);
    Check.u32(NAME, "coinbase_tx_locktime", coinbaseTxLocktime);
    merklePath = Check.seq(NAME, "merkle_path", merklePath, 255);
  }


  /**
   * Reads a SetCustomMiningJob at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetCustomMiningJob decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetCustomMiningJob with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetCustomMiningJob decode(Reader r) {
    SetCustomMiningJob m =
        new SetCustomMiningJob(
            r.u32("channel_id"),
            r.u32("request_id"),
            r.b0255("token"),
            r.u32("version"),
            r.u256("prev_hash"),
            r.u32("min_ntime"),
            r.u32("nbits"),
            r.u32("coinbase_tx_version"),
            r.b0255("coinbase_prefix"),
            r.u32("coinbase_tx_input_n_sequence"),
            r.b064k("coinbase_tx_outputs"),
            r.u32("coinbase_tx_locktime"),
            r.seq0255U256("merkle_path"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 64 + 1 + token.length() + 1 + coinbasePrefix.length() + 2 + coinbaseTxOutputs.length() + 1 + 32 * merklePath.size();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, channelId);
    Writer.u32(dst, requestId);
    Writer.b0255(dst, token);
    Writer.u32(dst, version);
    Writer.u256(dst, prevHash);
    Writer.u32(dst, minNtime);
    Writer.u32(dst, nbits);
    Writer.u32(dst, coinbaseTxVersion);
    Writer.b0255(dst, coinbasePrefix);
    Writer.u32(dst, coinbaseTxInputNSequence);
    Writer.b064k(dst, coinbaseTxOutputs);
    Writer.u32(dst, coinbaseTxLocktime);
    Writer.seq0255U256(dst, merklePath);
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
   * @return for example {@code SetCustomMiningJob[channelId=…]}
   */
  @Override
  public String toString() {
    return "SetCustomMiningJob[channelId=" + channelId + ", requestId=" + requestId + ", token=" + token + ", version=" + version + ", prevHash=" + prevHash + ", minNtime=" + minNtime + ", nbits=" + nbits + ", coinbaseTxVersion=" + coinbaseTxVersion + ", coinbasePrefix=" + coinbasePrefix + ", coinbaseTxInputNSequence=" + coinbaseTxInputNSequence + ", coinbaseTxOutputs=" + coinbaseTxOutputs + ", coinbaseTxLocktime=" + coinbaseTxLocktime + ", merklePath=" + merklePath + "]";
  }
}
