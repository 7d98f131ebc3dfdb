package org.sv2j.cli;

/**
 * Makes peer-controlled text safe to print on one line of a log or a terminal. Every command that prints
 * text a peer or an input file chose ({@code serve}, {@code probe}, {@code decode}) passes it through
 * {@link #text(CharSequence)}: a hostile vendor string or error code can then neither forge a log line
 * (newlines), nor drive the terminal (ESC and the other C0/C1 controls), nor reorder what is shown (Unicode
 * bidirectional overrides).
 *
 * <p>What is escaped, and how: {@code \} becomes {@code \\}; {@code \n}, {@code \r}, {@code \t} keep those
 * names; ESC becomes {@code \e}; every other C0 control, DEL and every C1 control (U+0080–U+009F) becomes
 * {@code \xNN}; the line and paragraph separators, the bidirectional controls (U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069), the BOM and unpaired surrogates become <code>&#92;u{NNNN}</code>. Everything else, including
 * printable non-ASCII text, is kept as is, so ordinary names stay readable. The result never contains a
 * character that would be escaped, so escaping twice only doubles the backslashes.
 */
public final class Escape {
  private Escape() {}

  /**
   * {@code s} with every control character escaped as described in the class comment; {@code null} gives
   * {@code "null"}.
   *
   * @param s the text to escape (may be {@code null})
   * @return the escaped text, one printable line
   */
  public static String text(CharSequence s) {
    return escape(s, true);
  }

  /**
   * As {@link #text(CharSequence)} but leaving backslashes alone: for lines assembled from parts that are
   * escaped already (such as the messages' {@code toString}, which escapes their text fields), so that they
   * are not escaped twice. The guarantee is the same (one printable line, no terminal control); only the
   * reverse mapping is lost, since a peer's literal backslash is not doubled.
   *
   * @param s the text to escape (may be {@code null})
   * @return the escaped text, one printable line
   */
  public static String controls(CharSequence s) {
    return escape(s, false);
  }

  private static String escape(CharSequence s, boolean backslash) {
    if (s == null) {
      return "null";
    }
    int n = s.length();
    int i = 0;
    while (i < n && !needsEscape(s, i, backslash)) {
      i++;
    }
    if (i == n) {
      return s.toString();
    }
    StringBuilder sb = new StringBuilder(n + 16);
    sb.append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
        continue;
      }
      if (!needsEscape(s, i, backslash)) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x1b -> sb.append("\\e");
        default -> {
          if (c < 0x100) {
            sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            sb.append("\\u{").append(String.format("%04x", (int) c)).append('}');
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * {@code bytes} decoded as UTF-8 (malformed sequences become U+FFFD) and then {@linkplain #text escaped}.
   *
   * @param bytes the raw bytes of a peer's string field
   * @return the escaped text
   */
  public static String utf8(byte[] bytes) {
    return text(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static boolean needsEscape(CharSequence s, int i, boolean backslash) {
    char c = s.charAt(i);
    if (c < 0x20 || c == 0x7f || (backslash && c == '\\')) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    if (c <= 0x9f) {
      return true;
    }
    if (c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }
}
