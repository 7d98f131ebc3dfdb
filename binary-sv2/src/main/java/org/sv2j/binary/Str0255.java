package org.sv2j.binary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The value of a STR0_255 field: at most 255 bytes, meant to be UTF-8 text.
 *
 * <p>The reference's {@code Str0255} is the same type as {@code B0255}: it never checks that the bytes are
 * UTF-8. So that every message it accepts is accepted here and encodes back to the same bytes, this type
 * keeps the bytes as they were and decodes text only on request: {@link #text()} is the checked accessor
 * (it refuses bytes that are not UTF-8), {@link #toString()} the safe-to-print one. Messages built with
 * {@link #of(String)} always hold UTF-8.
 *
 * <p>Immutable; {@link #equals} and {@link #hashCode} compare the bytes.
 */
public final class Str0255 {
  /** The longest content, in bytes. */
  public static final int MAX_LENGTH = 255;

  /** The empty string. */
  public static final Str0255 EMPTY = new Str0255(new byte[0]);

  private final byte[] bytes;

  private Str0255(byte[] owned) {
    this.bytes = owned;
  }

  /**
   * The UTF-8 encoding of {@code text}.
   *
   * @param text the text
   * @return the value
   * @throws MessageException of kind {@link MessageException.Kind#TOO_LONG} over 255 bytes of UTF-8
   */
  public static Str0255 of(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_LENGTH) {
      throw new MessageException(null, null, MessageException.Kind.TOO_LONG, "STR0_255 of " + b.length + " bytes");
    }
    return b.length == 0 ? EMPTY : new Str0255(b);
  }

  /**
   * A copy of {@code bytes} as they are (no UTF-8 check, as the reference).
   *
   * @param bytes the content (copied)
   * @return the value
   * @throws MessageException of kind {@link MessageException.Kind#TOO_LONG} over 255 bytes
   */
  public static Str0255 ofBytes(byte[] bytes) {
    if (bytes.length > MAX_LENGTH) {
      throw new MessageException(null, null, MessageException.Kind.TOO_LONG, "STR0_255 of " + bytes.length + " bytes");
    }
    return bytes.length == 0 ? EMPTY : new Str0255(bytes.clone());
  }

  /**
   * The content given in hex (for bytes that are not text).
   *
   * @param hex hexadecimal text
   * @return the value
   * @throws IllegalArgumentException if {@code hex} is not hex, or decodes to more than 255 bytes
   */
  public static Str0255 fromHex(String hex) {
    return ofBytes(HexFormat.of().parseHex(hex));
  }

  /** Takes ownership of {@code b} (at most 255 bytes, checked by the caller). */
  static Str0255 owned(byte[] b) {
    return b.length == 0 ? EMPTY : new Str0255(b);
  }

  /**
   * The length in bytes.
   *
   * @return 0 to 255
   */
  public int length() {
    return bytes.length;
  }

  /**
   * A copy of the bytes.
   *
   * @return a new array
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * A read-only view of the bytes.
   *
   * @return a new read-only buffer (position 0, limit {@link #length()})
   */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  byte[] array() {
    return bytes;
  }

  /**
   * Whether the bytes are well-formed UTF-8.
   *
   * @return {@code true} if {@link #text()} succeeds
   */
  public boolean isUtf8() {
    try {
      decoder(bytes);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * The text: the checked accessor.
   *
   * @return the bytes decoded as UTF-8
   * @throws MessageException of kind {@link MessageException.Kind#NOT_UTF8} if they are not UTF-8
   */
  public String text() {
    try {
      return decoder(bytes);
    } catch (CharacterCodingException e) {
      throw new MessageException(null, null, MessageException.Kind.NOT_UTF8, "STR0_255 is not UTF-8");
    }
  }

  private static String decoder(byte[] b) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b))
        .toString();
  }

  /**
   * The text with malformed UTF-8 replaced by U+FFFD: for display only, since it may not encode back to
   * the same bytes.
   *
   * @return the lenient decoding
   */
  public String lenientText() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Hex of the bytes.
   *
   * @return lowercase hex, two digits a byte
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Byte equality.
   *
   * @param o another object
   * @return {@code true} for a {@code Str0255} with the same bytes
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Str0255 s && Arrays.equals(bytes, s.bytes));
  }

  /**
   * A hash of the bytes.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * The text in double quotes, safe to print whatever a peer sent: UTF-8 text with control characters,
   * quotes, backslashes and other non-printing characters escaped ({@code \n}, {@code \"}, {@code \\},
   * {@code \u001b}), bytes that are not UTF-8 as {@code \xNN}.
   *
   * @return the quoted, escaped text
   */
  @Override
  public String toString() {
    return quote(bytes);
  }

  /**
   * {@code bytes} as a double-quoted, escaped string (see {@link #toString()}); also for other byte strings
   * a program wants to show as text.
   *
   * @param bytes the bytes
   * @return the quoted, escaped text
   */
  public static String quote(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length + 2).append('"');
    int i = 0;
    while (i < bytes.length) {
      int c = bytes[i] & 0xff;
      int n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
      int cp = -1;
      if (n == 1) {
        cp = c;
      } else if (n > 1 && i + n <= bytes.length) {
        String s = new String(bytes, i, n, StandardCharsets.UTF_8);
        if (s.codePointCount(0, s.length()) == 1 && s.codePointAt(0) != 0xfffd) {
          cp = s.codePointAt(0);
        }
      }
      if (cp < 0) {
        b.append(String.format("\\x%02x", c));
        i++;
        continue;
      }
      appendEscaped(b, cp);
      i += n;
    }
    return b.append('"').toString();
  }

  private static void appendEscaped(StringBuilder b, int cp) {
    switch (cp) {
      case '"' -> b.append("\\\"");
      case '\\' -> b.append("\\\\");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      default -> {
        int type = Character.getType(cp);
        boolean invisible =
            type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
        if (invisible) {
          if (cp <= 0xffff) {
            b.append(String.format("\\u%04x", cp));
          } else {
            b.append(String.format("\\U%08x", cp));
          }
        } else {
          b.appendCodePoint(cp);
        }
      }
    }
  }
}
