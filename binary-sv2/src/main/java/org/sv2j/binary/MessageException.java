package org.sv2j.binary;

/**
 * A message that cannot be decoded from, or encoded to, its Sv2 binary form: the one exception every
 * {@link Reader}, {@link Writer} and message constructor throws for bad data. It names the message (the
 * reference's struct name) and the field (the reference's field name) so that a log line or a test can
 * say exactly what was wrong, and a {@link Kind} for programs.
 *
 * <p>It extends {@link IllegalArgumentException}: the bytes (or the values) handed in are not a valid
 * message. It is unchecked and recoverable: a decoder that throws it has consumed nothing the caller
 * still needs, so a connection may log the frame and go on with the next one. Its text may quote
 * lengths and counts, never message content, so it is safe to log.
 */
public class MessageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The data ends inside the field (a truncated payload, a length or count past the data). */
    TRUNCATED,
    /** A length prefix or a value's length over the type's bound (a B0_32 announcing 33 bytes). */
    TOO_LONG,
    /** An OPTION presence byte other than 0 or 1 (the reference's {@code Sv2OptionHaveMoreThenOneElement}). */
    INVALID_OPTION,
    /** A value the reference refuses for this field (a {@code protocol} other than 0, 1, 2). */
    INVALID_VALUE,
    /** A value outside its integer type (a U16 given 65536), refused when a message is built. */
    OUT_OF_RANGE,
    /** Strict decoding only: a BOOL byte other than 0 or 1 (the reference keeps the low bit). */
    INVALID_BOOL,
    /** Strict decoding or {@link Str0255#text()}: a STR0_255 that is not UTF-8 (the reference does not check). */
    NOT_UTF8,
    /** Strict decoding only: bytes after a complete message (the reference ignores them). */
    TRAILING_BYTES,
    /** An (extension_type, msg_type) pair no decoder knows (see the messages registry). */
    UNKNOWN_MESSAGE,
    /** Encoding: the destination has less room than the message's encoded length. */
    DESTINATION_TOO_SMALL
  }

  private final transient String messageName;
  private final transient String field;
  private final Kind kind;

  /**
   * A new exception.
   *
   * @param messageName the reference's name of the message (such as {@code SubmitSharesExtended}), or
   *     {@code null} when no message is known
   * @param field the reference's name of the field (such as {@code extranonce}), or {@code null} for the
   *     message as a whole
   * @param kind what went wrong
   * @param detail a sentence about it (lengths and counts, never content)
   */
  public MessageException(String messageName, String field, Kind kind, String detail) {
    super(text(messageName, field, detail));
    this.messageName = messageName;
    this.field = field;
    this.kind = kind;
  }

  private static String text(String messageName, String field, String detail) {
    StringBuilder b = new StringBuilder();
    if (messageName != null) {
      b.append(messageName);
    }
    if (field != null) {
      b.append(b.length() == 0 ? "" : ".").append(field);
    }
    if (b.length() > 0) {
      b.append(": ");
    }
    return b.append(detail).toString();
  }

  /**
   * The message's name.
   *
   * @return the reference's struct name, or {@code null} when unknown
   */
  public String messageName() {
    return messageName;
  }

  /**
   * The field's name.
   *
   * @return the reference's field name, or {@code null} for the whole message
   */
  public String field() {
    return field;
  }

  /**
   * What went wrong.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
