package org.sv2j.framing;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.Slice;

/**
 * An Sv2 frame: a {@link Header} and its payload. The payload is held in one of three forms:
 *
 * <ul>
 *   <li><b>received</b> ({@link #fromSlice}, {@link #fromBytes}): a {@link Slice} holding the whole frame
 *       as it was on the wire, header included. This is what decoders produce; the frame owns the slice.
 *   <li><b>payload</b> ({@link #fromPayload}): a header built from the arguments and a caller's array,
 *       referenced, not copied.
 *   <li><b>message</b> ({@link #fromMessage}): a header and an {@link Sv2Message} serialized only when the
 *       frame is encoded, straight into the destination.
 * </ul>
 *
 * <h2>Ownership</h2>
 *
 * A received frame owns its slice: whoever holds the frame {@link #close() closes} it once done with the
 * payload, which gives a pool slot back. {@code close()} is idempotent and safe from any thread, so a frame
 * can be handed to a worker and closed there. Frames of the other two forms own nothing; {@code close()}
 * just marks them closed. Every accessor throws {@link IllegalStateException} after {@code close()}.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@link #payload()} is a view of the frame's memory, not a copy: it must not be used after the frame
 *       is closed (its pool slot may already hold another message). Copy what must outlive the frame.
 *   <li>{@link #fromPayload} keeps a reference to the caller's array: do not modify it until the frame has
 *       been encoded.
 *   <li>A decoder may re-arm a closed frame object with a new message ({@code nextFrame(reuse)}): only pass
 *       frames nobody else still references.
 *   <li>A frame is not safe for concurrent use by several threads, except for {@code close()}.
 * </ul>
 */
public final class Sv2Frame implements Frame {
  private int extensionType;
  private int msgType;
  private int msgLength;
  /** Received form: header and payload, as on the wire. */
  private Slice slice;
  /** Payload form: the caller's array and where the payload starts in it. */
  private byte[] payloadArray;
  private int payloadOffset;
  /** Message form. */
  private Sv2Message message;

  private volatile boolean closed;

  private Sv2Frame() {}

  // ---------------------------------------------------------------------------------------------------
  // Construction

  /**
   * A frame taking ownership of {@code frame}, which must hold exactly one header and the payload it
   * announces. On failure the slice is closed, so that a caller handing over ownership never leaks it.
   *
   * @param frame the slice holding exactly one header and its payload; the frame owns it from now on
   * @return the received-form frame
   * @throws FramingException {@link FramingException.Kind#UNEXPECTED_HEADER_LENGTH} below 6 bytes, {@link
   *     FramingException.Kind#SIZE_MISMATCH} when the length disagrees with the header (the message gives
   *     the signed {@link #sizeHint})
   */
  public static Sv2Frame fromSlice(Slice frame) {
    return new Sv2Frame().arm(frame);
  }

  /**
   * Re-arms {@code reuse}, a closed frame nobody else references, with {@code frame} (see {@link
   * #fromSlice}): the allocation-free path decoders take for callers that recycle frames.
   *
   * @param frame the slice holding exactly one header and its payload; {@code reuse} owns it from now on
   * @param reuse a closed frame nobody else references
   * @return {@code reuse}, re-armed
   * @throws IllegalArgumentException if {@code reuse} is still open
   */
  public static Sv2Frame fromSlice(Slice frame, Sv2Frame reuse) {
    if (reuse.isOpen()) {
      frame.close();
      throw new IllegalArgumentException("a frame can only be reused once it is closed");
    }
    reuse.closed = false;
    return reuse.arm(frame);
  }

  /**
   * The slice of a closed received frame, for {@link Buffer#getDataOwned(Slice)} to re-arm (it is {@code
   * null} for other forms or a frame that never had one). Decoders use this together with {@link
   * #fromSlice(Slice, Sv2Frame)}.
   *
   * @return the slice to re-arm, or {@code null}
   * @throws IllegalArgumentException if the frame is still open
   */
  public Slice recycledSlice() {
    if (isOpen()) {
      throw new IllegalArgumentException("the frame is still open");
    }
    return slice;
  }

  /**
   * A received-form frame over a copy-free wrap of {@code frameBytes} (the reference's {@code from_bytes}).
   *
   * @param frameBytes exactly one header and its payload; wrapped, not copied
   * @return the received-form frame
   */
  public static Sv2Frame fromBytes(byte[] frameBytes) {
    return fromSlice(Slice.wrap(frameBytes));
  }

  /**
   * A frame with the given header fields around {@code payload} (referenced, not copied). The channel bit
   * of {@code extensionType} is set when {@code channelMsg} and cleared otherwise; the other 15 bits are
   * kept.
   *
   * @param extensionType the extension type; its bit 15 is replaced
   * @param msgType the message type, u8
   * @param channelMsg whether the message is a channel message
   * @param payload the payload; referenced, not copied
   * @return the payload-form frame
   * @throws FramingException {@link FramingException.Kind#PAYLOAD_TOO_LARGE} over 2^24 − 1 bytes, {@link
   *     FramingException.Kind#INVALID_HEADER_FIELD} for an extension type over u16 or a type over u8
   */
  public static Sv2Frame fromPayload(int extensionType, int msgType, boolean channelMsg, byte[] payload) {
    return fromPayload(extensionType, msgType, channelMsg, payload, 0, payload.length);
  }

  /**
   * As {@link #fromPayload(int, int, boolean, byte[])} with the payload {@code payload[off, off + len)}.
   *
   * @param extensionType the extension type; its bit 15 is replaced
   * @param msgType the message type, u8
   * @param channelMsg whether the message is a channel message
   * @param payload the array holding the payload; referenced, not copied
   * @param off index of the payload's first byte in {@code payload}
   * @param len the payload length in bytes
   * @return the payload-form frame
   */
  public static Sv2Frame fromPayload(
      int extensionType, int msgType, boolean channelMsg, byte[] payload, int off, int len) {
    Objects.checkFromIndexSize(off, len, payload.length);
    Header.checkFields(extensionType, msgType, len);
    Sv2Frame f = new Sv2Frame();
    f.extensionType = Header.withChannelBit(extensionType, channelMsg);
    f.msgType = msgType;
    f.msgLength = len;
    f.payloadArray = payload;
    f.payloadOffset = off;
    return f;
  }

  /**
   * A frame around {@code message}, serialized when the frame is encoded. The header's length is {@code
   * message.encodedLength()}.
   *
   * @param extensionType the extension type; its bit 15 is replaced
   * @param msgType the message type, u8
   * @param channelMsg whether the message is a channel message
   * @param message the message, serialized when the frame is encoded
   * @return the message-form frame
   * @throws FramingException {@link FramingException.Kind#PAYLOAD_TOO_LARGE} if the message is longer than
   *     2^24 − 1 bytes (the reference returns none), {@link FramingException.Kind#INVALID_HEADER_FIELD} for
   *     a negative length or a field out of range
   */
  public static Sv2Frame fromMessage(int extensionType, int msgType, boolean channelMsg, Sv2Message message) {
    Objects.requireNonNull(message, "message");
    int len = message.encodedLength();
    Header.checkFields(extensionType, msgType, len);
    Sv2Frame f = new Sv2Frame();
    f.extensionType = Header.withChannelBit(extensionType, channelMsg);
    f.msgType = msgType;
    f.msgLength = len;
    f.message = message;
    return f;
  }

  private Sv2Frame arm(Slice frame) {
    Objects.requireNonNull(frame, "frame");
    try {
      int n = frame.length();
      if (n < Header.SIZE) {
        throw new FramingException(
            FramingException.Kind.UNEXPECTED_HEADER_LENGTH, "a frame needs at least 6 bytes, got " + n);
      }
      int len = frame.getUnsignedByte(3) | frame.getUnsignedByte(4) << 8 | frame.getUnsignedByte(5) << 16;
      if (n != Header.SIZE + len) {
        throw new FramingException(
            FramingException.Kind.SIZE_MISMATCH,
            "header announces " + len + " payload bytes, got " + (n - Header.SIZE) + " (size hint "
                + (n - Header.SIZE - len) + ")");
      }
      extensionType = frame.getUnsignedShortLE(0);
      msgType = frame.getUnsignedByte(2);
      msgLength = len;
      slice = frame;
      payloadArray = null;
      message = null;
      return this;
    } catch (RuntimeException e) {
      frame.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Size hint

  /**
   * How far {@code bytes[off, off + len)} is from being exactly one frame: 0 when it is one, negative when
   * bytes are missing (minus the count: {@code -(6 - len)} while the header is incomplete, then minus the
   * payload bytes still missing), positive when there are surplus bytes after the frame. This is the signed
   * difference the reference documents, not its summing {@code size_hint} (reference issue #2086).
   *
   * @param bytes the array holding the bytes
   * @param off index of the first byte in {@code bytes}
   * @param len number of bytes from {@code off}
   * @return the signed size hint
   */
  public static int sizeHint(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    if (len < Header.SIZE) {
      return len - Header.SIZE;
    }
    int msgLen = (bytes[off + 3] & 0xff) | (bytes[off + 4] & 0xff) << 8 | (bytes[off + 5] & 0xff) << 16;
    return len - Header.SIZE - msgLen;
  }

  /**
   * {@link #sizeHint(byte[], int, int)} of all of {@code bytes}.
   *
   * @param bytes the bytes
   * @return the signed size hint
   */
  public static int sizeHint(byte[] bytes) {
    return sizeHint(bytes, 0, bytes.length);
  }

  /**
   * {@link #sizeHint(byte[], int, int)} of {@code src}'s remaining bytes (the position does not move).
   *
   * @param src the buffer holding the bytes
   * @return the signed size hint
   */
  public static int sizeHint(ByteBuffer src) {
    int len = src.remaining();
    if (len < Header.SIZE) {
      return len - Header.SIZE;
    }
    return len - Header.SIZE - Header.msgLengthAt(src, src.position());
  }

  // ---------------------------------------------------------------------------------------------------
  // Accessors

  /**
   * The header (a new value object; the field accessors below do not allocate).
   *
   * @return the header
   */
  public Header header() {
    checkOpen();
    return new Header(extensionType, msgType, msgLength);
  }

  /**
   * The raw extension type, channel bit included.
   *
   * @return the raw extension type, u16
   */
  public int extensionType() {
    checkOpen();
    return extensionType;
  }

  /**
   * The extension type with the channel bit cleared.
   *
   * @return the extension type without the channel bit
   */
  public int extensionTypeWithoutChannelBit() {
    checkOpen();
    return extensionType & ~Header.CHANNEL_BIT;
  }

  /**
   * Whether bit 15 of the extension type is set.
   *
   * @return whether the channel bit is set
   */
  public boolean channelMsg() {
    checkOpen();
    return (extensionType & Header.CHANNEL_BIT) != 0;
  }

  /**
   * The message type.
   *
   * @return the message type, u8
   */
  public int msgType() {
    checkOpen();
    return msgType;
  }

  /**
   * The payload length announced in the header.
   *
   * @return the payload length, u24
   */
  public int msgLength() {
    checkOpen();
    return msgLength;
  }

  /** Header plus payload: the number of bytes {@link #encodeTo(ByteBuffer)} writes. */
  @Override
  public int encodedLength() {
    checkOpen();
    return Header.SIZE + msgLength;
  }

  /**
   * The channel id of a channel message: the u32 little-endian at the start of the payload (reference issue
   * #2115), as a non-negative {@code long}.
   *
   * @return the channel id, 0 to 2^32 − 1
   * @throws FramingException of kind {@link FramingException.Kind#NO_CHANNEL_ID} if the channel bit is clear
   *     or the payload is shorter than 4 bytes
   */
  public long channelId() {
    checkOpen();
    if ((extensionType & Header.CHANNEL_BIT) == 0) {
      throw new FramingException(FramingException.Kind.NO_CHANNEL_ID, "not a channel message");
    }
    if (msgLength < 4) {
      throw new FramingException(
          FramingException.Kind.NO_CHANNEL_ID, "payload of " + msgLength + " bytes has no u32 channel id");
    }
    if (slice != null) {
      return slice.getIntLE(Header.SIZE) & 0xffff_ffffL;
    }
    materialize();
    byte[] a = payloadArray;
    int o = payloadOffset;
    return ((a[o] & 0xff) | (a[o + 1] & 0xff) << 8 | (a[o + 2] & 0xff) << 16 | (a[o + 3] & 0xffL) << 24);
  }

  /**
   * A view of the payload: position 0, limit {@link #msgLength()}, little-endian. For received frames it
   * is writable and shares the frame's memory (valid until {@link #close()}); for a payload-form frame it
   * shares the caller's array; a message-form frame is serialized once into a private array first.
   *
   * @return a view of the payload
   */
  public ByteBuffer payload() {
    checkOpen();
    if (slice != null) {
      return slice.buffer(Header.SIZE, msgLength);
    }
    materialize();
    return ByteBuffer.wrap(payloadArray, payloadOffset, msgLength).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Copies the payload into {@code dst} at its position and advances it (no allocation).
   *
   * @param dst the buffer to copy into; it needs {@link #msgLength()} bytes remaining
   */
  public void copyPayloadTo(ByteBuffer dst) {
    checkOpen();
    if (dst.remaining() < msgLength) {
      throw new FramingException(
          FramingException.Kind.DESTINATION_TOO_SMALL,
          "payload of " + msgLength + " bytes, room for " + dst.remaining());
    }
    if (slice != null) {
      int p = dst.position();
      slice.copyTo(Header.SIZE, dst, p, msgLength);
      dst.position(p + msgLength);
      return;
    }
    materialize();
    dst.put(payloadArray, payloadOffset, msgLength);
  }

  /**
   * A new array holding a copy of the payload.
   *
   * @return a copy of the payload
   */
  public byte[] payloadToArray() {
    checkOpen();
    if (slice != null) {
      byte[] out = new byte[msgLength];
      slice.copyTo(Header.SIZE, out, 0, msgLength);
      return out;
    }
    materialize();
    return Arrays.copyOfRange(payloadArray, payloadOffset, payloadOffset + msgLength);
  }

  /**
   * The slice of a received frame (header and payload; still owned by this frame), or {@code null}.
   *
   * @return the frame's slice, or {@code null} for a payload- or message-form frame
   */
  public Slice slice() {
    checkOpen();
    return slice;
  }

  /**
   * The message of a message-form frame, or {@code null}.
   *
   * @return the message, or {@code null} for a received or payload-form frame
   */
  public Sv2Message message() {
    checkOpen();
    return message;
  }

  // ---------------------------------------------------------------------------------------------------
  // Encoding

  /**
   * Writes header and payload at {@code dst}'s position and advances it by {@link #encodedLength()}.
   * Received frames copy their bytes as they are; message-form frames serialize the message directly into
   * {@code dst} (seen by the message little-endian with its limit at the message's end; {@code dst}'s own
   * limit and byte order are restored). Nothing is left behind on failure: the position is unchanged.
   *
   * @throws FramingException {@link FramingException.Kind#DESTINATION_TOO_SMALL} (nothing written), {@link
   *     FramingException.Kind#MESSAGE_ENCODING} if the message writes a different count than it announced
   *     or throws
   */
  @Override
  public void encodeTo(ByteBuffer dst) {
    checkOpen();
    int total = Header.SIZE + msgLength;
    int start = dst.position();
    if (dst.remaining() < total) {
      throw new FramingException(
          FramingException.Kind.DESTINATION_TOO_SMALL,
          "frame needs " + total + " bytes, room for " + dst.remaining());
    }
    if (slice != null) {
      slice.copyTo(0, dst, start, total);
      dst.position(start + total);
      return;
    }
    Header.writeAt(dst, start, extensionType, msgType, msgLength);
    if (message == null) {
      dst.put(start + Header.SIZE, payloadArray, payloadOffset, msgLength);
      dst.position(start + total);
      return;
    }
    encodeMessage(dst, start + Header.SIZE, start);
  }

  private void encodeMessage(ByteBuffer dst, int at, int rollback) {
    int end = at + msgLength;
    int oldLimit = dst.limit();
    ByteOrder oldOrder = dst.order();
    int written;
    try {
      dst.limit(end).position(at);
      dst.order(ByteOrder.LITTLE_ENDIAN);
      message.encodeTo(dst);
      written = dst.position() - at;
    } catch (BufferOverflowException e) {
      dst.limit(oldLimit).position(rollback);
      throw new FramingException(
          FramingException.Kind.MESSAGE_ENCODING,
          "message wrote more than the " + msgLength + " bytes it announced", e);
    } catch (RuntimeException e) {
      dst.limit(oldLimit).position(rollback);
      throw new FramingException(FramingException.Kind.MESSAGE_ENCODING, "message failed to encode", e);
    } finally {
      dst.order(oldOrder);
    }
    dst.limit(oldLimit);
    if (written != msgLength) {
      dst.position(rollback);
      throw new FramingException(
          FramingException.Kind.MESSAGE_ENCODING,
          "message wrote " + written + " bytes but announced " + msgLength);
    }
  }

  /** Serializes a message-form frame's message once into a private array (payload form from then on). */
  private void materialize() {
    if (message == null) {
      return;
    }
    byte[] out = new byte[msgLength];
    encodeMessage(ByteBuffer.wrap(out), 0, 0);
    payloadArray = out;
    payloadOffset = 0;
    message = null;
  }

  // ---------------------------------------------------------------------------------------------------
  // Lifecycle

  @Override
  public boolean isOpen() {
    return !closed;
  }

  /** Releases the slice of a received frame (idempotent, any thread); marks the frame closed. */
  @Override
  public void close() {
    closed = true;
    Slice s = slice;
    if (s != null) {
      s.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("frame closed");
    }
  }

  /** Header fields and form; never payload bytes. */
  @Override
  public String toString() {
    if (closed) {
      return "Sv2Frame[closed]";
    }
    String form = slice != null ? "received" : message != null ? "message" : "payload";
    return String.format(
        "Sv2Frame[ext=0x%04x%s, type=0x%02x, length=%d, %s]",
        extensionType, (extensionType & Header.CHANNEL_BIT) != 0 ? " (channel)" : "", msgType, msgLength, form);
  }
}
