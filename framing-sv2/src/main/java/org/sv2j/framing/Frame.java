package org.sv2j.framing;

import java.nio.ByteBuffer;

/**
 * Anything a Stratum V2 connection carries: an {@link Sv2Frame} (header and payload) or, during the Noise
 * handshake, a {@link HandshakeFrame} (raw bytes, no header). Switch over the two with {@code instanceof}
 * patterns, or use {@link #asSv2Frame()} / {@link #asHandshakeFrame()} when only one kind is acceptable.
 *
 * <h2>Ownership</h2>
 *
 * A frame received from a decoder owns the memory its bytes live in (often a slot of a pool). Whoever
 * holds the frame {@link #close() closes} it when done with the bytes; closing is idempotent and safe from
 * any thread. Frames built by the application from arrays or messages own nothing, and closing them only
 * marks them closed.
 */
public sealed interface Frame extends AutoCloseable permits Sv2Frame, HandshakeFrame {

  /**
   * Number of bytes {@link #encodeTo(ByteBuffer)} writes.
   *
   * @return the encoded length in bytes
   */
  int encodedLength();

  /**
   * Writes the frame's plaintext wire form at {@code dst}'s position and advances it by {@link
   * #encodedLength()}. On any failure nothing is left behind: the position is where it was.
   *
   * @param dst the buffer to write into, at its position
   * @throws FramingException if {@code dst} has too little room, or a message fails to encode
   * @throws IllegalStateException if the frame was closed
   */
  void encodeTo(ByteBuffer dst);

  /**
   * Whether {@link #close()} has not been called yet.
   *
   * @return {@code true} until the frame is closed
   */
  boolean isOpen();

  /** Releases the memory the frame owns, if any. Idempotent, from any thread. */
  @Override
  void close();

  /**
   * This frame as an {@link Sv2Frame}.
   *
   * @return this frame, as an {@link Sv2Frame}
   * @throws FramingException of kind {@link FramingException.Kind#EXPECTED_SV2_FRAME} for a handshake frame
   */
  default Sv2Frame asSv2Frame() {
    if (this instanceof Sv2Frame f) {
      return f;
    }
    throw new FramingException(FramingException.Kind.EXPECTED_SV2_FRAME, "got a handshake frame");
  }

  /**
   * This frame as a {@link HandshakeFrame}.
   *
   * @return this frame, as a {@link HandshakeFrame}
   * @throws FramingException of kind {@link FramingException.Kind#EXPECTED_HANDSHAKE_FRAME} for an Sv2 frame
   */
  default HandshakeFrame asHandshakeFrame() {
    if (this instanceof HandshakeFrame f) {
      return f;
    }
    throw new FramingException(FramingException.Kind.EXPECTED_HANDSHAKE_FRAME, "got an Sv2 frame");
  }
}
