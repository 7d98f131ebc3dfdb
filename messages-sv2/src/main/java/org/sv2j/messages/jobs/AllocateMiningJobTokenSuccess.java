package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code AllocateMiningJobTokenSuccess} (job declaration, extension_type 0x0000, msg_type 0x51; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code AllocateMiningJobTokenSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code mining_job_token}: B0_255
 *   <li>{@code coinbase_outputs}: B0_64K
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param miningJobToken {@code mining_job_token}, B0_255: the token the job declarator allocated
 * @param coinbaseOutputs {@code coinbase_outputs}, B0_64K: the serialized coinbase outputs the pool requires
 */
public record AllocateMiningJobTokenSuccess(
    long requestId,
    Bytes miningJobToken,
    Bytes coinbaseOutputs)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x51;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "AllocateMiningJobTokenSuccess";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public AllocateMiningJobTokenSuccess {
    Check.u32(NAME, "request_id", requestId);
    miningJobToken = Check.bytes(NAME, "mining_job_token", miningJobToken, 255);
    coinbaseOutputs = Check.bytes(NAME, "coinbase_outputs", coinbaseOutputs, 0xffff);
  }


  /**
   * Reads a AllocateMiningJobTokenSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static AllocateMiningJobTokenSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a AllocateMiningJobTokenSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static AllocateMiningJobTokenSuccess decode(Reader r) {
    AllocateMiningJobTokenSuccess m =
        new AllocateMiningJobTokenSuccess(
            r.u32("request_id"),
            r.b0255("mining_job_token"),
            r.b064k("coinbase_outputs"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + 1 + miningJobToken.length() + 2 + coinbaseOutputs.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
    Writer.b0255(dst, miningJobToken);
    Writer.b064k(dst, coinbaseOutputs);
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
   * @return for example {@code AllocateMiningJobTokenSuccess[requestId=…]}
   */
  @Override
  public String toString() {
    return "AllocateMiningJobTokenSuccess[requestId=" + requestId + ", miningJobToken=" + miningJobToken + ", coinbaseOutputs=" + coinbaseOutputs + "]";
  }
}
