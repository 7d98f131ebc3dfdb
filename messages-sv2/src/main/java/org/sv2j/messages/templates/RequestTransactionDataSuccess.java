package org.sv2j.messages.templates;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code RequestTransactionDataSuccess} (template distribution, extension_type 0x0000, msg_type 0x74; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code RequestTransactionDataSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code template_id}: U64
 *   <li>{@code excess_data}: B0_64K
 *   <li>{@code transaction_list}: SEQ0_64K[B0_16M]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param templateId {@code template_id}, U64: the template's identifier
 * @param excessData {@code excess_data}, B0_64K: extra data (reserved)
 * @param transactionList {@code transaction_list}, SEQ0_64K[B0_16M]: serialized transactions
 */
public record RequestTransactionDataSuccess(
    long templateId,
    Bytes excessData,
    List<Bytes> transactionList)
    implements TemplateDistributionMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x74;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "RequestTransactionDataSuccess";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public RequestTransactionDataSuccess {
    excessData = Check.bytes(NAME, "excess_data", excessData, 0xffff);
    transactionList = Check.seqBytes(NAME, "transaction_list", transactionList, 0xffff, 0xff_ffff);
  }

  private static int bytesSeqLength(List<Bytes> list) {
    long n = 2;
    for (int i = 0, s = list.size(); i < s; i++) {
      n += 3 + list.get(i).length();
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /**
   * Reads a RequestTransactionDataSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static RequestTransactionDataSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a RequestTransactionDataSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static RequestTransactionDataSuccess decode(Reader r) {
    RequestTransactionDataSuccess m =
        new RequestTransactionDataSuccess(
            r.u64("template_id"),
            r.b064k("excess_data"),
            r.seq064kB016m("transaction_list"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 8 + 2 + excessData.length() + bytesSeqLength(transactionList);
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u64(dst, templateId);
    Writer.b064k(dst, excessData);
    Writer.seq064kB016m(dst, transactionList);
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
   * @return for example {@code RequestTransactionDataSuccess[templateId=…]}
   */
  @Override
  public String toString() {
    return "RequestTransactionDataSuccess[templateId=" + Long.toUnsignedString(templateId) + ", excessData=" + excessData + ", transactionList=" + transactionList + "]";
  }
}
