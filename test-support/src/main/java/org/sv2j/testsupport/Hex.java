package org.sv2j.testsupport;

import java.util.HexFormat;

/** Hex conversions for tests (lower case out, either case in). */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  public static byte[] decode(String hex) {
    return FORMAT.parseHex(hex.strip());
  }

  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  public static String encode(byte[] bytes, int off, int len) {
    return FORMAT.formatHex(bytes, off, off + len);
  }
}
