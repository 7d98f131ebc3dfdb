package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code ProvideMissingTransactions} (job declaration, extension_type 0x0000, msg_type 0x55; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code ProvideMissingTransactions} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code unknown_tx_position_list}: SEQ0_64K[U16]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param unknownTxPositionList {@code unknown_tx_position_list}, SEQ0_64K[U16]: positions, in the declared job's list, of transactions the server lacks
 */
public record ProvideMissingTransactions(
    long requestId,
    List<Integer> unknownTxPositionList)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x55;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "ProvideMissingTransactions";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public ProvideMissingTransactions {
    Check.u32(NAME, "request_id", requestId);
    unknownTxPositionList = Check.seqU16(NAME, "unknown_tx_position_list", unknownTxPositionList, 0xffff);
  }


  /**
   * Reads a ProvideMissingTransactions at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static ProvideMissingTransactions decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a ProvideMissingTransactions with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static ProvideMissingTransactions decode(Reader r) {
    ProvideMissingTransactions m =
        new ProvideMissingTransactions(
            r.u32("request_id"),
            r.seq064kU16("unknown_tx_position_list"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + 2 + 2 * unknownTxPositionList.size();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
    Writer.seq064kU16(dst, unknownTxPositionList);
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
   * @return for example {@code ProvideMissingTransactions[requestId=…]}
   */
  @Override
  public String toString() {
    return "ProvideMissingTransactions[requestId=" + requestId + ", unknownTxPositionList=" + unknownTxPositionList + "]";
  }
}
