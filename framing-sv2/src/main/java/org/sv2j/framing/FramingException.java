package org.sv2j.framing;

import java.util.Objects;

/**
 * The one error type of framing-sv2: a frame or header could not be built, parsed or serialized. Its
 * {@link #kind()} says which rule was broken; the message adds the numbers involved and never any payload
 * bytes.
 */
public final class FramingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** Fewer than {@link Header#SIZE} bytes were given where a header was expected (reference {@code UnexpectedHeaderLength}). */
    UNEXPECTED_HEADER_LENGTH,
    /** A header field is out of its range: extension type over u16, message type over u8, length over u24 or negative. */
    INVALID_HEADER_FIELD,
    /** A payload or message longer than {@link Header#MAX_PAYLOAD_LENGTH} (the reference's {@code from_message} returning none). */
    PAYLOAD_TOO_LARGE,
    /** The bytes given as a whole frame are not exactly one header plus the payload it announces. */
    SIZE_MISMATCH,
    /** An {@link Sv2Message} wrote a different number of bytes than it announced, or failed while encoding (reference {@code BinarySv2Error}). */
    MESSAGE_ENCODING,
    /** The destination has less room than the frame's encoded length; nothing was written. */
    DESTINATION_TOO_SMALL,
    /** {@link Sv2Frame#channelId()} on a frame that is not a channel message or whose payload is shorter than 4 bytes. */
    NO_CHANNEL_ID,
    /** A {@link Frame} that is a handshake frame was used as an {@link Sv2Frame} (reference {@code ExpectedSv2Frame}). */
    EXPECTED_SV2_FRAME,
    /** A {@link Frame} that is an {@link Sv2Frame} was used as a handshake frame (reference {@code ExpectedHandshakeFrame}). */
    EXPECTED_HANDSHAKE_FRAME
  }

  /** Which rule was broken (part of the serialized form). */
  private final Kind kind;

  /**
   * An error of {@code kind}.
   *
   * @param kind which rule was broken
   * @param message the details: the numbers involved, never payload bytes
   */
  public FramingException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * An error of {@code kind} caused by {@code cause}.
   *
   * @param kind which rule was broken
   * @param message the details: the numbers involved, never payload bytes
   * @param cause the underlying failure
   */
  public FramingException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Which rule was broken.
   *
   * @return the kind of error
   */
  public Kind kind() {
    return kind;
  }
}
