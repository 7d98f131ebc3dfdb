package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code DeclareMiningJobSuccess} (job declaration, extension_type 0x0000, msg_type 0x58; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code DeclareMiningJobSuccess} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U32
 *   <li>{@code new_mining_job_token}: B0_255
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 * @param newMiningJobToken {@code new_mining_job_token}, B0_255: the token for the job as declared
 */
public record DeclareMiningJobSuccess(
    long requestId,
    Bytes newMiningJobToken)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x58;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "DeclareMiningJobSuccess";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public DeclareMiningJobSuccess {
    Check.u32(NAME, "request_id", requestId);
    newMiningJobToken = Check.bytes(NAME, "new_mining_job_token", newMiningJobToken, 255);
  }


  /**
   * Reads a DeclareMiningJobSuccess at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static DeclareMiningJobSuccess decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a DeclareMiningJobSuccess with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static DeclareMiningJobSuccess decode(Reader r) {
    DeclareMiningJobSuccess m =
        new DeclareMiningJobSuccess(
            r.u32("request_id"),
            r.b0255("new_mining_job_token"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + 1 + newMiningJobToken.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, requestId);
    Writer.b0255(dst, newMiningJobToken);
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
   * @return for example {@code DeclareMiningJobSuccess[requestId=…]}
   */
  @Override
  public String toString() {
    return "DeclareMiningJobSuccess[requestId=" + requestId + ", newMiningJobToken=" + newMiningJobToken + "]";
  }
}
