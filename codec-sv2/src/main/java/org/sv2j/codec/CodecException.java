package org.sv2j.codec;

import java.util.Objects;

/**
 * The one error type of codec-sv2's encoders and decoders. {@link #kind()} says what failed; the message
 * gives the numbers involved (lengths, limits, which frame of the stream) and never payload bytes or key
 * material.
 *
 * <p>What a decoder does after throwing is part of each decoder's contract (the plaintext {@link
 * StandardDecoder} resets itself; see its documentation). In every case no bytes of the failed frame are
 * delivered and no pool slot is kept.
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** A header announced a payload longer than the decoder's configured maximum. */
    PAYLOAD_TOO_LARGE,
    /** The frame could not be serialized (the cause is the {@link org.sv2j.framing.FramingException}). */
    FRAMING
  }

  private final Kind kind;

  public CodecException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public CodecException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What failed. */
  public Kind kind() {
    return kind;
  }
}
