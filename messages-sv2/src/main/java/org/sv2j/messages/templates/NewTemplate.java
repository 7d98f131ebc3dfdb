package org.sv2j.messages.templates;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code NewTemplate} (template distribution, extension_type 0x0000, msg_type 0x71; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code NewTemplate} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code template_id}: U64
 *   <li>{@code future_template}: BOOL
 *   <li>{@code version}: U32
 *   <li>{@code coinbase_tx_version}: U32
 *   <li>{@code coinbase_prefix}: B0_255
 *   <li>{@code coinbase_tx_input_sequence}: U32
 *   <li>{@code coinbase_tx_value_remaining}: U64
 *   <li>{@code coinbase_tx_outputs_count}: U32
 *   <li>{@code coinbase_tx_outputs}: B0_64K
 *   <li>{@code coinbase_tx_locktime}: U32
 *   <li>{@code merkle_path}: SEQ0_255[U256]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param templateId {@code template_id}, U64: the template's identifier
 * @param futureTemplate {@code future_template}, BOOL: whether the template is for a future block (no prev hash yet)
 * @param version {@code version}, U32: the block header's version
 * @param coinbaseTxVersion {@code coinbase_tx_version}, U32: the coinbase transaction's version
 * @param coinbasePrefix {@code coinbase_prefix}, B0_255: the start of the coinbase input's script (BIP 34 height first)
 * @param coinbaseTxInputSequence {@code coinbase_tx_input_sequence}, U32: the coinbase input's nSequence
 * @param coinbaseTxValueRemaining {@code coinbase_tx_value_remaining}, U64: the satoshis left for the coinbase outputs
 * @param coinbaseTxOutputsCount {@code coinbase_tx_outputs_count}, U32: how many outputs {@code coinbase_tx_outputs} holds
 * @param coinbaseTxOutputs {@code coinbase_tx_outputs}, B0_64K: the serialized coinbase outputs
 * @param coinbaseTxLocktime {@code coinbase_tx_locktime}, U32: the coinbase transaction's nLockTime
 * @param merklePath {@code merkle_path}, SEQ0_255[U256]: the merkle path from the coinbase to the root
 */
public record NewTemplate(
    long templateId,
    boolean futureTemplate,
    long version,
    long coinbaseTxVersion,
    Bytes coinbasePrefix,
    long coinbaseTxInputSequence,
    long coinbaseTxValueRemaining,
    long coinbaseTxOutputsCount,
    Bytes coinbaseTxOutputs,
    long coinbaseTxLocktime,
    List<U256> merklePath)
    implements TemplateDistributionMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x71;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "NewTemplate";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public NewTemplate {
    Check.u32(NAME, "version", version);
    Check.u32(NAME, "coinbase_tx_version", coinbaseTxVersion);
    coinbasePrefix = Check.bytes(NAME, "coinbase_prefix", coinbasePrefix, 255);
    Check.u32(NAME, "coinbase_tx_input_sequence", coinbaseTxInputSequence);
    Check.u32(NAME, "coinbase_tx_outputs_count", coinbaseTxOutputsCount);
    coinbaseTxOutputs = Check.bytes(NAME, "coinbase_tx_outputs", coinbaseTxOutputs, 0xffff);
    Check.u32(NAME, "coinbase_tx_locktime", coinbaseTxLocktime);
    merklePath = Check.seq(NAME, "merkle_path", merklePath, 255);
  }


  /**
   * Reads a NewTemplate at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static NewTemplate decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a NewTemplate with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static NewTemplate decode(Reader r) {
    NewTemplate m =
        new NewTemplate(
            r.u64("template_id"),
            r.bool("future_template"),
            r.u32("version"),
            r.u32("coinbase_tx_version"),
            r.b0255("coinbase_prefix"),
            r.u32("coinbase_tx_input_sequence"),
            r.u64("coinbase_tx_value_remaining"),
            r.u32("coinbase_tx_outputs_count"),
            r.b064k("coinbase_tx_outputs"),
            r.u32("coinbase_tx_locktime"),
            r.seq0255U256("merkle_path"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 37 + 1 + coinbasePrefix.length() + 2 + coinbaseTxOutputs.length() + 1 + 32 * merklePath.size();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u64(dst, templateId);
    Writer.bool(dst, futureTemplate);
    Writer.u32(dst, version);
    Writer.u32(dst, coinbaseTxVersion);
    Writer.b0255(dst, coinbasePrefix);
    Writer.u32(dst, coinbaseTxInputSequence);
    Writer.u64(dst, coinbaseTxValueRemaining);
    Writer.u32(dst, coinbaseTxOutputsCount);
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
   * @return for example {@code NewTemplate[templateId=…]}
   */
  @Override
  public String toString() {
    return "NewTemplate[templateId=" + Long.toUnsignedString(templateId) + ", futureTemplate=" + futureTemplate + ", version=" + version + ", coinbaseTxVersion=" + coinbaseTxVersion + ", coinbasePrefix=" + coinbasePrefix + ", coinbaseTxInputSequence=" + coinbaseTxInputSequence + ", coinbaseTxValueRemaining=" + Long.toUnsignedString(coinbaseTxValueRemaining) + ", coinbaseTxOutputsCount=" + coinbaseTxOutputsCount + ", coinbaseTxOutputs=" + coinbaseTxOutputs + ", coinbaseTxLocktime=" + coinbaseTxLocktime + ", merklePath=" + merklePath + "]";
  }
}
