package org.sv2j.messages.extensions;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code RequestExtensions} (extensions negotiation, extension_type 0x0001, msg_type 0x00; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code RequestExtensions} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code request_id}: U16
 *   <li>{@code requested_extensions}: SEQ0_64K[U16]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param requestId {@code request_id}, U16: the identifier that pairs a request with its answer
 * @param requestedExtensions {@code requested_extensions}, SEQ0_64K[U16]: the extensions the client asks for
 */
public record RequestExtensions(
    int requestId,
    List<Integer> requestedExtensions)
    implements ExtensionsNegotiationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0001;

  /** The message type. */
  public static final int MSG_TYPE = 0x00;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "RequestExtensions";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public RequestExtensions {
    Check.u16(NAME, "request_id", requestId);
    requestedExtensions = Check.seqU16(NAME, "requested_extensions", requestedExtensions, 0xffff);
  }


  /**
   * Reads a RequestExtensions at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static RequestExtensions decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a RequestExtensions with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static RequestExtensions decode(Reader r) {
    RequestExtensions m =
        new RequestExtensions(
            r.u16("request_id"),
            r.seq064kU16("requested_extensions"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 2 + 2 + 2 * requestedExtensions.size();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u16(dst, requestId);
    Writer.seq064kU16(dst, requestedExtensions);
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
   * @return for example {@code RequestExtensions[requestId=…]}
   */
  @Override
  public String toString() {
    return "RequestExtensions[requestId=" + requestId + ", requestedExtensions=" + requestedExtensions + "]";
  }
}
