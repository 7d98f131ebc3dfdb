package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code ProvideMissingTransactionsSuccess} (job declaration, extension_type 0x0000, msg_type 0x56; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code ProvideMissingTransactionsSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code transaction_list}: SEQ0_64K[B0_16M]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param transactionList {@code transaction_list}, SEQ0_64K[B0_16M]: serialized transactions
 */
public record ProvideMissingTransactionsSuccess(
    long requestId,
    List<Bytes> transactionList)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x56;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "ProvideMissingTransactionsSuccess";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public ProvideMissingTransactionsSuccess {
    Check.u32(NAME, "request_id", requestId);
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
   * Reads a ProvideMissingTransactionsSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static ProvideMissingTransactionsSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a ProvideMissingTransactionsSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static ProvideMissingTransactionsSuccess decode(Reader r) {
    ProvideMissingTransactionsSuccess m =
        new ProvideMissingTransactionsSuccess(
            r.u32("request_id"),
            r.seq064kB016m("transaction_list"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + bytesSeqLength(transactionList);
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
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
   * @return for example {@code ProvideMissingTransactionsSuccess[requestId=…]}
   */
  @Override
  public String toString() {
    return "ProvideMissingTransactionsSuccess[requestId=" + requestId + ", transactionList=" + transactionList + "]";
  }
}
