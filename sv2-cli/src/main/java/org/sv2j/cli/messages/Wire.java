package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The Sv2 binary field types these messages use (spec 03 §3.1): U8, U16, U32 (little-endian), STR0_255. */
final class Wire {
  private Wire() {}

  /** Bytes of a STR0_255 (UTF-8; ASCII in practice), checked against its 255-byte limit. */
  static byte[] str0255(String field, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 255) {
      throw new IllegalArgumentException(field + " is " + b.length + " bytes; STR0_255 allows at most 255");
    }
    return b;
  }

  static void putStr(ByteBuffer dst, byte[] s) {
    dst.put((byte) s.length).put(s);
  }

  static void checkU8(String field, int v) {
    if ((v & ~0xff) != 0) {
      throw new IllegalArgumentException(field + " outside U8: " + v);
    }
  }

  static void checkU16(String field, int v) {
    if ((v & ~0xffff) != 0) {
      throw new IllegalArgumentException(field + " outside U16: " + v);
    }
  }

  static void checkU32(String field, long v) {
    if ((v & ~0xffff_ffffL) != 0) {
      throw new IllegalArgumentException(field + " outside U32: " + v);
    }
  }

  // Readers: relative, little-endian regardless of the buffer's order, typed error when short.

  static int u8(ByteBuffer src, String field) {
    need(src, 1, field);
    return src.get() & 0xff;
  }

  static int u16(ByteBuffer src, String field) {
    need(src, 2, field);
    return (src.get() & 0xff) | (src.get() & 0xff) << 8;
  }

  static long u32(ByteBuffer src, String field) {
    need(src, 4, field);
    return (src.get() & 0xffL) | (src.get() & 0xffL) << 8 | (src.get() & 0xffL) << 16 | (src.get() & 0xffL) << 24;
  }

  /**
   * A STR0_255 as text. Bytes that are not UTF-8 are refused rather than replaced: replacement characters
   * would change the field (and its length) when the message is encoded again.
   */
  static String str(ByteBuffer src, String field) {
    int n = u8(src, field + " length");
    need(src, n, field);
    byte[] b = new byte[n];
    src.get(b);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MessageException(field + " is not UTF-8 text");
    }
  }

  private static void need(ByteBuffer src, int n, String field) {
    if (src.remaining() < n) {
      throw new MessageException(
          "payload ends inside " + field + ": needs " + n + " byte" + (n == 1 ? "" : "s") + ", " + src.remaining() + " left");
    }
  }

  static void putU16(ByteBuffer dst, int v) {
    dst.put((byte) v).put((byte) (v >>> 8));
  }

  static void putU32(ByteBuffer dst, long v) {
    dst.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16)).put((byte) (v >>> 24));
  }
}
