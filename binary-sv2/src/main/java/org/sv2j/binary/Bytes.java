package org.sv2j.binary;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable byte string: the value of a B0_32, B0_255, B0_64K, B0_16M, BYTES, PUBKEY or SIGNATURE
 * field. The bound of each field type is checked by the message that holds the value, not here, so one
 * type serves them all.
 *
 * <p>Immutable by construction: {@link #of(byte[])} copies its argument and every accessor that hands
 * out bytes copies them or gives a read-only view. {@link #equals} and {@link #hashCode} compare content;
 * {@link #toString()} is lowercase hex, shortened after 64 bytes ({@link #hex()} gives it all).
 */
public final class Bytes {
  /** The empty byte string. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private static final int SHOWN = 64;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] owned) {
    this.bytes = owned;
  }

  /**
   * A byte string holding a copy of {@code bytes}.
   *
   * @param bytes the content (copied)
   * @return the byte string
   */
  public static Bytes of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /**
   * A byte string holding a copy of {@code bytes[off, off + len)}.
   *
   * @param bytes the source
   * @param off where the content starts
   * @param len its length
   * @return the byte string
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  public static Bytes of(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    return len == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, off, off + len));
  }

  /**
   * A byte string from hexadecimal text (either case, no separators).
   *
   * @param hex the text
   * @return the byte string
   * @throws IllegalArgumentException if {@code hex} is not an even number of hex digits
   */
  public static Bytes fromHex(String hex) {
    return ownedOrEmpty(HEX.parseHex(hex));
  }

  /**
   * A byte string copied from {@code src}'s remaining bytes; {@code src}'s position moves to its limit.
   *
   * @param src the source
   * @return the byte string
   */
  public static Bytes copyOf(ByteBuffer src) {
    byte[] b = new byte[src.remaining()];
    src.get(b);
    return ownedOrEmpty(b);
  }

  /** Takes ownership of {@code b}: only for arrays nobody else holds. */
  static Bytes ownedOrEmpty(byte[] b) {
    return b.length == 0 ? EMPTY : new Bytes(b);
  }

  /**
   * The length.
   *
   * @return the number of bytes
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Whether the string is empty.
   *
   * @return {@code true} for zero bytes
   */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /**
   * One byte.
   *
   * @param index its index
   * @return the byte, as the signed Java {@code byte}
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, length())}
   */
  public byte byteAt(int index) {
    return bytes[Objects.checkIndex(index, bytes.length)];
  }

  /**
   * A copy of the content.
   *
   * @return a new array
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * A read-only view of the content (position 0, limit {@link #length()}); no copy.
   *
   * @return a new read-only buffer over the content
   */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * Copies the content into {@code dst} at its position and advances it.
   *
   * @param dst the destination
   * @throws java.nio.BufferOverflowException if {@code dst} has less room than {@link #length()}
   */
  public void copyTo(ByteBuffer dst) {
    dst.put(bytes);
  }

  /**
   * Copies the content into {@code dst[off, off + length())}.
   *
   * @param dst the destination
   * @param off where to start writing
   * @throws IndexOutOfBoundsException if the content does not fit there
   */
  public void copyTo(byte[] dst, int off) {
    System.arraycopy(bytes, 0, dst, off, bytes.length);
  }

  /**
   * Whether the content equals {@code other[off, off + len)}, without allocating.
   *
   * @param other the array to compare with
   * @param off where the range starts
   * @param len its length
   * @return {@code true} if lengths and bytes are equal
   */
  public boolean contentEquals(byte[] other, int off, int len) {
    return Arrays.equals(bytes, 0, bytes.length, other, off, off + len);
  }

  /** The array itself, for the package's writers (never handed out). */
  byte[] array() {
    return bytes;
  }

  /**
   * All the content in lowercase hex.
   *
   * @return the hex text (two digits a byte)
   */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /**
   * Content equality.
   *
   * @param o another object
   * @return {@code true} if {@code o} is a {@code Bytes} with the same content
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Bytes b && Arrays.equals(bytes, b.bytes));
  }

  /**
   * A hash of the content.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /**
   * Lowercase hex; after 64 bytes shortened to the first 64 and the total length.
   *
   * @return the text
   */
  @Override
  public String toString() {
    if (bytes.length <= SHOWN) {
      return hex();
    }
    return HEX.formatHex(bytes, 0, SHOWN) + "…(" + bytes.length + " bytes)";
  }
}
