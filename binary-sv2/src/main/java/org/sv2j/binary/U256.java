package org.sv2j.binary;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * A U256: 32 bytes, such as a hash, a merkle root or a target. Held as four {@code long} words (no
 * array), so decoding one costs a single small object.
 *
 * <p>Bytes are kept in wire order. {@link #hex()} and {@link #toString()} print them in wire order too;
 * the reference's {@code Display} of a {@code U256} reverses them, as Bitcoin prints hashes. As a number
 * (a target) the wire bytes are little-endian: {@link #toBigInteger()}.
 */
public final class U256 implements Comparable<U256> {
  /** Encoded size in bytes. */
  public static final int SIZE = 32;

  /** All zero bytes. */
  public static final U256 ZERO = new U256(0, 0, 0, 0);

  /** All 0xff bytes (2^256 − 1). */
  public static final U256 MAX = new U256(-1L, -1L, -1L, -1L);

  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  /** Wire bytes 0–7, 8–15, 16–23, 24–31, each little-endian. */
  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  /**
   * A value from its four 64-bit words: {@code w0} holds wire bytes 0–7 read little-endian, and so on.
   *
   * @param w0 bytes 0–7
   * @param w1 bytes 8–15
   * @param w2 bytes 16–23
   * @param w3 bytes 24–31
   */
  public U256(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  /**
   * A value from 32 bytes in wire order.
   *
   * @param bytes exactly 32 bytes
   * @return the value
   * @throws IllegalArgumentException if {@code bytes} is not 32 long
   */
  public static U256 fromBytes(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a U256 has 32 bytes, got " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return new U256(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24));
  }

  /**
   * A value from 64 hex digits in wire order (as {@link #hex()} prints it).
   *
   * @param hex the text
   * @return the value
   * @throws IllegalArgumentException unless it is 64 hex digits
   */
  public static U256 fromHex(String hex) {
    return fromBytes(HexFormat.of().parseHex(hex));
  }

  /**
   * The little-endian number {@code value} as a U256 (the inverse of {@link #toBigInteger()}).
   *
   * @param value 0 to 2^256 − 1
   * @return the value
   * @throws IllegalArgumentException if out of range
   */
  public static U256 fromBigInteger(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(TWO_256) >= 0) {
      throw new IllegalArgumentException("outside U256");
    }
    return new U256(
        value.longValue(), value.shiftRight(64).longValue(), value.shiftRight(128).longValue(), value.shiftRight(192).longValue());
  }

  /**
   * One of the four words.
   *
   * @param index 0 to 3 (0 holds wire bytes 0–7)
   * @return the word, little-endian
   * @throws IndexOutOfBoundsException for another index
   */
  public long word(int index) {
    return switch (index) {
      case 0 -> w0;
      case 1 -> w1;
      case 2 -> w2;
      case 3 -> w3;
      default -> throw new IndexOutOfBoundsException(index);
    };
  }

  /**
   * The 32 bytes in wire order.
   *
   * @return a new array
   */
  public byte[] toByteArray() {
    byte[] out = new byte[SIZE];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(w0).putLong(w1).putLong(w2).putLong(w3);
    return out;
  }

  /**
   * The wire bytes read as an unsigned little-endian number (how Sv2 reads a target).
   *
   * @return 0 to 2^256 − 1
   */
  public BigInteger toBigInteger() {
    BigInteger v = BigInteger.ZERO;
    long[] w = {w3, w2, w1, w0};
    for (long x : w) {
      v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(x)));
    }
    return v;
  }

  /**
   * Writes the 32 bytes at {@code dst}'s position (little-endian words regardless of its byte order).
   *
   * @param dst the destination
   * @throws java.nio.BufferOverflowException with less than 32 bytes of room
   */
  public void writeTo(ByteBuffer dst) {
    if (dst.order() == ByteOrder.LITTLE_ENDIAN) {
      dst.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
    } else {
      dst.putLong(Long.reverseBytes(w0)).putLong(Long.reverseBytes(w1)).putLong(Long.reverseBytes(w2)).putLong(Long.reverseBytes(w3));
    }
  }

  /**
   * Lowercase hex of the wire bytes, in wire order.
   *
   * @return 64 hex digits
   */
  public String hex() {
    return HexFormat.of().formatHex(toByteArray());
  }

  /**
   * Numeric order of the little-endian values (as targets compare).
   *
   * @param o the other value
   * @return negative, zero or positive
   */
  @Override
  public int compareTo(U256 o) {
    int c = Long.compareUnsigned(w3, o.w3);
    if (c == 0) {
      c = Long.compareUnsigned(w2, o.w2);
    }
    if (c == 0) {
      c = Long.compareUnsigned(w1, o.w1);
    }
    if (c == 0) {
      c = Long.compareUnsigned(w0, o.w0);
    }
    return c;
  }

  /**
   * Equality of the 32 bytes.
   *
   * @param o another object
   * @return {@code true} for a U256 with the same bytes
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof U256 u && u.w0 == w0 && u.w1 == w1 && u.w2 == w2 && u.w3 == w3);
  }

  /**
   * A hash of the bytes.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Long.hashCode(w0) * 31 * 31 * 31 + Long.hashCode(w1) * 31 * 31 + Long.hashCode(w2) * 31 + Long.hashCode(w3);
  }

  /**
   * The same as {@link #hex()}.
   *
   * @return 64 hex digits in wire order
   */
  @Override
  public String toString() {
    return hex();
  }
}
