package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Writer;

/**
 * {@code AllocateMiningJobToken} (job declaration, extension_type 0x0000, msg_type 0x50; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code AllocateMiningJobToken} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code user_identifier}: STR0_255
 *   <li>{@code request_id}: U32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param userIdentifier {@code user_identifier}, STR0_255: the user the token is for
 * @param requestId {@code request_id}, U32: the identifier that pairs a request with its answer
 */
public record AllocateMiningJobToken(
    Str0255 userIdentifier,
    long requestId)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x50;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "AllocateMiningJobToken";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public AllocateMiningJobToken {
    Check.str0255(NAME, "user_identifier", userIdentifier);
    Check.u32(NAME, "request_id", requestId);
  }


  /**
   * Reads a AllocateMiningJobToken at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static AllocateMiningJobToken decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a AllocateMiningJobToken with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static AllocateMiningJobToken decode(Reader r) {
    AllocateMiningJobToken m =
        new AllocateMiningJobToken(
            r.str0255("user_identifier"),
            r.u32("request_id"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + 1 + userIdentifier.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.str0255(dst, userIdentifier);
    Writer.u32(dst, requestId);
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
   * @return for example {@code AllocateMiningJobToken[userIdentifier=…]}
   */
  @Override
  public String toString() {
    return "AllocateMiningJobToken[userIdentifier=" + userIdentifier + ", requestId=" + requestId + "]";
  }
}
