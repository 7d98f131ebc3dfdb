package org.sv2j.harness.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writers and lengths of the Sv2 data types (the destination is little-endian, see Sv2Message). */
final class Out {
  private Out() {}

  static int str(String s) {
    return 1 + utf8(s).length;
  }

  static byte[] utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 255) {
      throw new IllegalArgumentException("STR0_255 over 255 bytes");
    }
    return b;
  }

  static void str(ByteBuffer d, String s) {
    byte[] b = utf8(s);
    d.put((byte) b.length).put(b);
  }

  static void b032(ByteBuffer d, byte[] v) {
    if (v.length > 32) {
      throw new IllegalArgumentException("B0_32 over 32 bytes");
    }
    d.put((byte) v.length).put(v);
  }

  static void b064k(ByteBuffer d, byte[] v) {
    if (v.length > 65_535) {
      throw new IllegalArgumentException("B0_64K over 65535 bytes");
    }
    d.putShort((short) v.length).put(v);
  }

  static void u256(ByteBuffer d, byte[] v) {
    if (v.length != 32) {
      throw new IllegalArgumentException("U256 must be 32 bytes");
    }
    d.put(v);
  }

  static void optU32(ByteBuffer d, Integer v) {
    if (v == null) {
      d.put((byte) 0);
    } else {
      d.put((byte) 1).putInt(v);
    }
  }

  static void seqU256(ByteBuffer d, List<byte[]> v) {
    if (v.size() > 255) {
      throw new IllegalArgumentException("SEQ0_255 over 255 entries");
    }
    d.put((byte) v.size());
    for (byte[] e : v) {
      u256(d, e);
    }
  }

  /** Peer text, quoted with control and non-ASCII characters escaped (peer text is never printed raw). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
