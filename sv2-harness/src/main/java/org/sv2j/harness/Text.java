package org.sv2j.harness;

import java.util.HexFormat;

/** Escaping of peer-controlled text for logs and terminals, and hex. */
public final class Text {
  private Text() {}

  private static final HexFormat HEX = HexFormat.of();

  /**
   * {@code s} with control characters, non-ASCII characters, quotes and backslashes escaped ({@code \n},
   * {@code \u001b}, ...), so that a peer cannot forge log lines or terminal escapes.
   *
   * @param s the text
   * @return the escaped text
   */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * {@code s} escaped and in double quotes.
   *
   * @param s the text
   * @return the quoted text
   */
  public static String quote(String s) {
    return '"' + escape(s) + '"';
  }

  /**
   * Lower-case hex.
   *
   * @param b the bytes
   * @return hex digits
   */
  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
