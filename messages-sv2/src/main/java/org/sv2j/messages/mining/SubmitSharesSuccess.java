package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code SubmitSharesSuccess} (mining, extension_type 0x0000, msg_type 0x1c; a channel message (the frame's channel bit is set)):
 * the reference's {@code SubmitSharesSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code channel_id}: U32
 *   <li>{@code last_sequence_number}: U32
 *   <li>{@code new_submits_accepted_count}: U32
 *   <li>{@code new_shares_sum}: U64
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param channelId {@code channel_id}, U32: the channel the message is about
 * @param lastSequenceNumber {@code last_sequence_number}, U32: the sequence number of the last share this acknowledges
 * @param newSubmitsAcceptedCount {@code new_submits_accepted_count}, U32: how many shares this acknowledges
 * @param newSharesSum {@code new_shares_sum}, U64: the sum of the difficulties of the shares accepted
 */
public record SubmitSharesSuccess(
    long channelId,
    long lastSequenceNumber,
    long newSubmitsAcceptedCount,
    long newSharesSum)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x1c;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = true;

  /** The reference's name of this message. */
  public static final String NAME = "SubmitSharesSuccess";

  /** The encoded length: every SubmitSharesSuccess has the same. */
  public static final int ENCODED_LENGTH = 20;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SubmitSharesSuccess {
    Check.u32(NAME, "channel_id", channelId);
    Check.u32(NAME, "last_sequence_number", lastSequenceNumber);
    Check.u32(NAME, "new_submits_accepted_count", newSubmitsAcceptedCount);
  }


  /**
   * Reads a SubmitSharesSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SubmitSharesSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SubmitSharesSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SubmitSharesSuccess decode(Reader r) {
    SubmitSharesSuccess m =
        new SubmitSharesSuccess(
            r.u32("channel_id"),
            r.u32("last_sequence_number"),
            r.u32("new_submits_accepted_count"),
            r.u64("new_shares_sum"));
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
    Writer.u32(dst, lastSequenceNumber);
    Writer.u32(dst, newSubmitsAcceptedCount);
    Writer.u64(dst, newSharesSum);
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
   * @return for example {@code SubmitSharesSuccess[channelId=…]}
   */
  @Override
  public String toString() {
    return "SubmitSharesSuccess[channelId=" + channelId + ", lastSequenceNumber=" + lastSequenceNumber + ", newSubmitsAcceptedCount=" + newSubmitsAcceptedCount + ", newSharesSum=" + Long.toUnsignedString(newSharesSum) + "]";
  }
}
