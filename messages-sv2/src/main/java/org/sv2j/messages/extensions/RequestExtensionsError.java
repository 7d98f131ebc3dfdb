package org.sv2j.messages.extensions;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code RequestExtensionsError} (extensions negotiation, extension_type 0x0001, msg_type 0x02; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code RequestExtensionsError} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U16
 *   <li>{@code unsupported_extensions}: SEQ0_64K[U16]
 *   <li>{@code required_extensions}: SEQ0_64K[U16]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U16: the identifier that pairs a request with its answer
 * @param unsupportedExtensions {@code unsupported_extensions}, SEQ0_64K[U16]: the requested extensions the server does not support
 * @param requiredExtensions {@code required_extensions}, SEQ0_64K[U16]: the extensions the server requires
 */
public record RequestExtensionsError(
    int requestId,
    List<Integer> unsupportedExtensions,
    List<Integer> requiredExtensions)
    implements ExtensionsNegotiationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0001;

  /** The message type. */
  public static final int MSG_TYPE = 0x02;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "RequestExtensionsError";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public RequestExtensionsError {
    Check.u16(NAME, "request_id", requestId);
    unsupportedExtensions = Check.seqU16(NAME, "unsupported_extensions", unsupportedExtensions, 0xffff);
    requiredExtensions = Check.seqU16(NAME, "required_extensions", requiredExtensions, 0xffff);
  }


  /**
   * Reads a RequestExtensionsError at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static RequestExtensionsError decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a RequestExtensionsError with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static RequestExtensionsError decode(Reader r) {
    RequestExtensionsError m =
        new RequestExtensionsError(
            r.u16("request_id"),
            r.seq064kU16("unsupported_extensions"),
            r.seq064kU16("required_extensions"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 2 + 2 + 2 * unsupportedExtensions.size() + 2 + 2 * requiredExtensions.size();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u16(dst, requestId);
    Writer.seq064kU16(dst, unsupportedExtensions);
    Writer.seq064kU16(dst, requiredExtensions);
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
   * @return for example {@code RequestExtensionsError[requestId=…]}
   */
  @Override
  public String toString() {
    return "RequestExtensionsError[requestId=" + requestId + ", unsupportedExtensions=" + unsupportedExtensions + ", requiredExtensions=" + requiredExtensions + "]";
  }
}
