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
    FRAMING,
    /**
     * The frame does not fit the codec's state: an Sv2 frame during the handshake, a handshake frame in
     * transport, or transport traffic before the session was installed.
     */
    WRONG_STATE,
    /** A header or payload chunk failed authentication (bad tag): the stream was tampered with or is out of order. */
    DECRYPTION_FAILED,
    /** Encryption failed (for example the send nonce is exhausted); the cause is the {@code NoiseException}. */
    ENCRYPTION_FAILED,
    /** The decoder failed earlier and refuses all further input; the cause is that first failure. */
    DECODER_FAILED,
    /** The peer closed the connection in the middle of a frame or handshake message. */
    TRUNCATED,
    /** The Noise handshake failed (bad message, certificate, authority key); the cause is the {@code NoiseException}. */
    HANDSHAKE_FAILED,
    /** The peer did not complete the handshake in time. */
    TIMEOUT
  }

  /** What failed (part of the serialized form). */
  private final Kind kind;

  /**
   * An error of {@code kind}.
   *
   * @param kind what failed
   * @param message the details; never payload bytes or key material
   */
  public CodecException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * An error of {@code kind} caused by {@code cause}.
   *
   * @param kind what failed
   * @param message the details; never payload bytes or key material
   * @param cause the underlying failure
   */
  public CodecException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * What failed.
   *
   * @return the kind of failure
   */
  public Kind kind() {
    return kind;
  }
}
