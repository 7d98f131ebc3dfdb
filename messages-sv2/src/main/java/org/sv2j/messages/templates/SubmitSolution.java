package org.sv2j.messages.templates;

import java.nio.ByteBuffer;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code SubmitSolution} (template distribution, extension_type 0x0000, msg_type 0x76; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code SubmitSolution} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code template_id}: U64
 *   <li>{@code version}: U32
 *   <li>{@code header_timestamp}: U32
 *   <li>{@code header_nonce}: U32
 *   <li>{@code coinbase_tx}: B0_64K
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param templateId {@code template_id}, U64: the template's identifier
 * @param version {@code version}, U32: the block header's version
 * @param headerTimestamp {@code header_timestamp}, U32: the block header's nTime
 * @param headerNonce {@code header_nonce}, U32: the block header's nonce
 * @param coinbaseTx {@code coinbase_tx}, B0_64K: the full serialized coinbase transaction
 */
public record SubmitSolution(
    long templateId,
    long version,
    long headerTimestamp,
    long headerNonce,
    Bytes coinbaseTx)
    implements TemplateDistributionMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x76;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "SubmitSolution";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SubmitSolution {
    Check.u32(NAME, "version", version);
    Check.u32(NAME, "header_timestamp", headerTimestamp);
    Check.u32(NAME, "header_nonce", headerNonce);
    coinbaseTx = Check.bytes(NAME, "coinbase_tx", coinbaseTx, 0xffff);
  }


  /**
   * Reads a SubmitSolution at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SubmitSolution decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SubmitSolution with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SubmitSolution decode(Reader r) {
    SubmitSolution m =
        new SubmitSolution(
            r.u64("template_id"),
            r.u32("version"),
            r.u32("header_timestamp"),
            r.u32("header_nonce"),
            r.b064k("coinbase_tx"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 20 + 2 + coinbaseTx.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u64(dst, templateId);
    Writer.u32(dst, version);
    Writer.u32(dst, headerTimestamp);
    Writer.u32(dst, headerNonce);
    Writer.b064k(dst, coinbaseTx);
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
   * @return for example {@code SubmitSolution[templateId=…]}
   */
  @Override
  public String toString() {
    return "SubmitSolution[templateId=" + Long.toUnsignedString(templateId) + ", version=" + version + ", headerTimestamp=" + headerTimestamp + ", headerNonce=" + headerNonce + ", coinbaseTx=" + coinbaseTx + "]";
  }
}
