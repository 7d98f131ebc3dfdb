package org.sv2j.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes Sv2 binary fields at a {@link ByteBuffer}'s position with relative puts, little-endian whatever
 * the buffer's own byte order, exactly as the reference's {@code binary_sv2} encodes them.
 *
 * <p>The values are expected to be valid already (messages check them when they are built): a writer
 * only encodes. Callers check the room once per message with {@link #require}, so that a destination too
 * small fails with a {@link MessageException} naming the message before any byte is written; past that,
 * a put beyond the limit throws {@link java.nio.BufferOverflowException} as the {@code Sv2Message}
 * contract says.
 */
public final class Writer {
  private Writer() {}

  /**
   * Checks that {@code dst} has room for {@code length} bytes.
   *
   * @param dst the destination
   * @param length the bytes about to be written
   * @param message the message's name, for the exception
   * @throws MessageException of kind {@link MessageException.Kind#DESTINATION_TOO_SMALL} otherwise
   */
  public static void require(ByteBuffer dst, int length, String message) {
    if (dst.remaining() < length) {
      throw new MessageException(
          message, null, MessageException.Kind.DESTINATION_TOO_SMALL, "needs " + length + " bytes, room for " + dst.remaining());
    }
  }

  /**
   * A U8.
   *
   * @param dst the destination
   * @param v the value (low 8 bits written)
   */
  public static void u8(ByteBuffer dst, int v) {
    dst.put((byte) v);
  }

  /**
   * A BOOL: 1 or 0.
   *
   * @param dst the destination
   * @param v the value
   */
  public static void bool(ByteBuffer dst, boolean v) {
    dst.put(v ? (byte) 1 : (byte) 0);
  }

  /**
   * A U16.
   *
   * @param dst the destination
   * @param v the value (low 16 bits written)
   */
  public static void u16(ByteBuffer dst, int v) {
    short s = (short) v;
    dst.putShort(dst.order() == ByteOrder.LITTLE_ENDIAN ? s : Short.reverseBytes(s));
  }

  /**
   * A U24.
   *
   * @param dst the destination
   * @param v the value (low 24 bits written)
   */
  public static void u24(ByteBuffer dst, int v) {
    dst.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16));
  }

  /**
   * A U32.
   *
   * @param dst the destination
   * @param v the value (low 32 bits written)
   */
  public static void u32(ByteBuffer dst, long v) {
    int i = (int) v;
    dst.putInt(dst.order() == ByteOrder.LITTLE_ENDIAN ? i : Integer.reverseBytes(i));
  }

  /**
   * A U64 (the {@code long}'s 64 bits).
   *
   * @param dst the destination
   * @param v the value
   */
  public static void u64(ByteBuffer dst, long v) {
    dst.putLong(dst.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v));
  }

  /**
   * An F32: the float's raw bits, NaN payloads kept.
   *
   * @param dst the destination
   * @param v the value
   */
  public static void f32(ByteBuffer dst, float v) {
    int i = Float.floatToRawIntBits(v);
    dst.putInt(dst.order() == ByteOrder.LITTLE_ENDIAN ? i : Integer.reverseBytes(i));
  }

  /**
   * A U256.
   *
   * @param dst the destination
   * @param v the value
   */
  public static void u256(ByteBuffer dst, U256 v) {
    v.writeTo(dst);
  }

  /**
   * A STR0_255: U8 length, bytes.
   *
   * @param dst the destination
   * @param v the value
   */
  public static void str0255(ByteBuffer dst, Str0255 v) {
    byte[] b = v.array();
    dst.put((byte) b.length).put(b);
  }

  /**
   * A B0_32 or B0_255: U8 length, bytes.
   *
   * @param dst the destination
   * @param v the value (at most 255 bytes; the message checked its own bound)
   */
  public static void b0255(ByteBuffer dst, Bytes v) {
    byte[] b = v.array();
    dst.put((byte) b.length).put(b);
  }

  /**
   * A B0_32 (the same encoding as B0_255 with a lower bound).
   *
   * @param dst the destination
   * @param v the value (at most 32 bytes)
   */
  public static void b032(ByteBuffer dst, Bytes v) {
    b0255(dst, v);
  }

  /**
   * A B0_64K: U16 length, bytes.
   *
   * @param dst the destination
   * @param v the value (at most 65535 bytes)
   */
  public static void b064k(ByteBuffer dst, Bytes v) {
    byte[] b = v.array();
    u16(dst, b.length);
    dst.put(b);
  }

  /**
   * A B0_16M: U24 length, bytes.
   *
   * @param dst the destination
   * @param v the value (at most 2^24 − 1 bytes)
   */
  public static void b016m(ByteBuffer dst, Bytes v) {
    byte[] b = v.array();
    u24(dst, b.length);
    dst.put(b);
  }

  /**
   * Bytes without a length prefix (BYTES, PUBKEY, SIGNATURE).
   *
   * @param dst the destination
   * @param v the value
   */
  public static void fixed(ByteBuffer dst, Bytes v) {
    dst.put(v.array());
  }

  /**
   * An OPTION[U32]: presence byte, then the value when present.
   *
   * @param dst the destination
   * @param v the value
   */
  public static void optionU32(ByteBuffer dst, OptionalLong v) {
    if (v.isPresent()) {
      dst.put((byte) 1);
      u32(dst, v.getAsLong());
    } else {
      dst.put((byte) 0);
    }
  }

  /**
   * A SEQ0_255[U256]: U8 count, elements.
   *
   * @param dst the destination
   * @param v the elements (at most 255)
   */
  public static void seq0255U256(ByteBuffer dst, List<U256> v) {
    dst.put((byte) v.size());
    for (int i = 0, n = v.size(); i < n; i++) {
      v.get(i).writeTo(dst);
    }
  }

  /**
   * A SEQ0_64K[U256]: U16 count, elements.
   *
   * @param dst the destination
   * @param v the elements (at most 65535)
   */
  public static void seq064kU256(ByteBuffer dst, List<U256> v) {
    u16(dst, v.size());
    for (int i = 0, n = v.size(); i < n; i++) {
      v.get(i).writeTo(dst);
    }
  }

  /**
   * A SEQ0_64K[U16]: U16 count, elements.
   *
   * @param dst the destination
   * @param v the elements (at most 65535)
   */
  public static void seq064kU16(ByteBuffer dst, List<Integer> v) {
    u16(dst, v.size());
    for (int i = 0, n = v.size(); i < n; i++) {
      u16(dst, v.get(i));
    }
  }

  /**
   * A SEQ0_64K[U32]: U16 count, elements.
   *
   * @param dst the destination
   * @param v the elements (at most 65535)
   */
  public static void seq064kU32(ByteBuffer dst, List<Long> v) {
    u16(dst, v.size());
    for (int i = 0, n = v.size(); i < n; i++) {
      u32(dst, v.get(i));
    }
  }

  /**
   * A SEQ0_64K[B0_16M]: U16 count, elements.
   *
   * @param dst the destination
   * @param v the elements (at most 65535)
   */
  public static void seq064kB016m(ByteBuffer dst, List<Bytes> v) {
    u16(dst, v.size());
    for (int i = 0, n = v.size(); i < n; i++) {
      b016m(dst, v.get(i));
    }
  }
}
