package org.sv2j.framing;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.buffer.Slice;

/**
 * One Noise handshake message as it travels on the wire: raw bytes with no Sv2 header and no length prefix
 * (64 bytes from the initiator, 234 from the responder in Sv2's Noise NX).
 *
 * <p>The frame owns a {@link Slice}: one it was given by a decoder ({@link #fromSlice}) or a private copy
 * ({@link #fromBytes}). {@link #close()} releases it; accessors throw {@link IllegalStateException}
 * afterwards. The bytes are handshake material but not secret (they are sent in the clear or already
 * encrypted); {@link #toString()} still shows only the length.
 */
public final class HandshakeFrame implements Frame {
  private final Slice bytes;

  private HandshakeFrame(Slice bytes) {
    this.bytes = bytes;
  }

  /**
   * A handshake frame holding a copy of {@code bytes} (the reference's {@code handshake_message_to_frame}).
   *
   * @param bytes the handshake message; copied
   * @return a new handshake frame
   */
  public static HandshakeFrame fromBytes(byte[] bytes) {
    return new HandshakeFrame(Slice.copyOf(bytes, 0, bytes.length));
  }

  /**
   * A handshake frame taking ownership of {@code bytes}: closing the frame closes the slice.
   *
   * @param bytes the slice holding the handshake message; the frame owns it from now on
   * @return a new handshake frame
   */
  public static HandshakeFrame fromSlice(Slice bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (!bytes.isOpen()) {
      throw new IllegalStateException("the slice is already closed");
    }
    return new HandshakeFrame(bytes);
  }

  /**
   * Number of handshake bytes.
   *
   * @return the handshake message's length in bytes
   */
  public int length() {
    return bytes.length();
  }

  /**
   * A copy of the handshake bytes (the reference's {@code get_payload_when_handshaking}).
   *
   * @return a copy of the handshake message
   */
  public byte[] payload() {
    return bytes.toByteArray();
  }

  /**
   * The slice holding the bytes; still owned by this frame.
   *
   * @return the slice, owned by this frame: do not close it
   */
  public Slice slice() {
    if (!bytes.isOpen()) {
      throw new IllegalStateException("frame closed");
    }
    return bytes;
  }

  @Override
  public int encodedLength() {
    return bytes.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    int len = bytes.length();
    if (dst.remaining() < len) {
      throw new FramingException(
          FramingException.Kind.DESTINATION_TOO_SMALL,
          "frame needs " + len + " bytes, room for " + dst.remaining());
    }
    bytes.copyTo(dst);
  }

  @Override
  public boolean isOpen() {
    return bytes.isOpen();
  }

  @Override
  public void close() {
    bytes.close();
  }

  @Override
  public String toString() {
    return bytes.isOpen() ? "HandshakeFrame[" + bytes.length() + " bytes]" : "HandshakeFrame[closed]";
  }
}
