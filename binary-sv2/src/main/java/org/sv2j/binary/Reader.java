package org.sv2j.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads Sv2 binary fields from a {@link ByteBuffer}, relative to its position, little-endian whatever
 * the buffer's own byte order, as the reference's {@code binary_sv2} decodes them.
 *
 * <p>Every read is bounds-checked before anything is reserved: a field that does not fit in the remaining
 * bytes, a length prefix over its type's bound, a sequence count the data cannot hold, an OPTION byte
 * other than 0 or 1 all throw a {@link MessageException} naming the message and the field; a reader never
 * throws {@code BufferUnderflowException} or {@code IndexOutOfBoundsException}, and never allocates more
 * than the data it has checked is there.
 *
 * <h2>Lenient and strict</h2>
 *
 * A reader follows the reference, which is lenient in three places: a BOOL byte keeps only its low bit
 * (0x02 reads as {@code false}), a STR0_255 is not checked for UTF-8, and bytes after a complete message
 * are ignored. {@link #strict(ByteBuffer, String)} refuses all three ({@link #end()} checks the last).
 *
 * <h2>Ownership</h2>
 *
 * The reader does not own the buffer: it moves its position and nothing else. Byte strings it returns are
 * copies, so they stay valid after the buffer's memory is reused. A reader is a small, short-lived object
 * for one message on one thread.
 */
public final class Reader {
  private final ByteBuffer src;
  private final String message;
  private final boolean strict;
  private final boolean littleEndian;

  private Reader(ByteBuffer src, String message, boolean strict) {
    this.src = Objects.requireNonNull(src, "src");
    this.message = message;
    this.strict = strict;
    this.littleEndian = src.order() == ByteOrder.LITTLE_ENDIAN;
  }

  /**
   * A lenient reader (the reference's behaviour) of {@code src} from its position.
   *
   * @param src the bytes; its position advances as fields are read
   * @param message the message being read, named in exceptions (may be {@code null})
   * @return the reader
   */
  public static Reader of(ByteBuffer src, String message) {
    return new Reader(src, message, false);
  }

  /**
   * A strict reader: as {@link #of}, but refusing BOOL bytes over 1, STR0_255 that is not UTF-8 and (in
   * {@link #end()}) trailing bytes.
   *
   * @param src the bytes; its position advances as fields are read
   * @param message the message being read, named in exceptions (may be {@code null})
   * @return the reader
   */
  public static Reader strict(ByteBuffer src, String message) {
    return new Reader(src, message, true);
  }

  /**
   * A reader of the same buffer for another message, with the same strictness.
   *
   * @param message the message name for exceptions
   * @return a new reader at the current position
   */
  public Reader forMessage(String message) {
    return new Reader(src, message, strict);
  }

  /**
   * Whether this reader is strict.
   *
   * @return {@code true} if made by {@link #strict}
   */
  public boolean isStrict() {
    return strict;
  }

  /**
   * The message name exceptions carry.
   *
   * @return the name, or {@code null}
   */
  public String message() {
    return message;
  }

  /**
   * The buffer being read (not a copy: its position is the reader's).
   *
   * @return the buffer
   */
  public ByteBuffer buffer() {
    return src;
  }

  /**
   * Bytes left to read.
   *
   * @return the buffer's remaining count
   */
  public int remaining() {
    return src.remaining();
  }

  /**
   * The end of a message: a lenient reader accepts whatever follows (TLV fields, or bytes the reference
   * would ignore); a strict one refuses any byte left.
   *
   * @throws MessageException of kind {@link MessageException.Kind#TRAILING_BYTES} from a strict reader
   *     with bytes left
   */
  public void end() {
    if (strict && src.hasRemaining()) {
      throw new MessageException(
          message, null, MessageException.Kind.TRAILING_BYTES, src.remaining() + " bytes after the message");
    }
  }

  private MessageException truncated(String field, long need) {
    return new MessageException(
        message, field, MessageException.Kind.TRUNCATED, "needs " + need + " bytes, " + src.remaining() + " left");
  }

  private void need(String field, long n) {
    if (src.remaining() < n) {
      throw truncated(field, n);
    }
  }

  /**
   * A U8.
   *
   * @param field the field's name, for exceptions
   * @return 0 to 255
   * @throws MessageException if no byte is left
   */
  public int u8(String field) {
    need(field, 1);
    return src.get() & 0xff;
  }

  /**
   * A BOOL. Lenient: the low bit of the byte (the reference); strict: only 0 or 1.
   *
   * @param field the field's name
   * @return the value
   * @throws MessageException if no byte is left, or (strict) it is neither 0 nor 1
   */
  public boolean bool(String field) {
    int b = u8(field);
    if (strict && b > 1) {
      throw new MessageException(message, field, MessageException.Kind.INVALID_BOOL, "BOOL byte " + b);
    }
    return (b & 1) != 0;
  }

  /**
   * A U16.
   *
   * @param field the field's name
   * @return 0 to 65535
   * @throws MessageException if fewer than 2 bytes are left
   */
  public int u16(String field) {
    need(field, 2);
    short v = src.getShort();
    return (littleEndian ? v : Short.reverseBytes(v)) & 0xffff;
  }

  /**
   * A U24.
   *
   * @param field the field's name
   * @return 0 to 2^24 − 1
   * @throws MessageException if fewer than 3 bytes are left
   */
  public int u24(String field) {
    need(field, 3);
    return (src.get() & 0xff) | (src.get() & 0xff) << 8 | (src.get() & 0xff) << 16;
  }

  /**
   * A U32.
   *
   * @param field the field's name
   * @return 0 to 2^32 − 1
   * @throws MessageException if fewer than 4 bytes are left
   */
  public long u32(String field) {
    need(field, 4);
    int v = src.getInt();
    return (littleEndian ? v : Integer.reverseBytes(v)) & 0xffff_ffffL;
  }

  /**
   * A U64, as the {@code long} with the same 64 bits (read it with {@link Long#toUnsignedString(long)}).
   *
   * @param field the field's name
   * @return the value's bits
   * @throws MessageException if fewer than 8 bytes are left
   */
  public long u64(String field) {
    need(field, 8);
    long v = src.getLong();
    return littleEndian ? v : Long.reverseBytes(v);
  }

  /**
   * An F32 (IEEE 754 binary32, little-endian). Any bit pattern is accepted, NaN included (the reference).
   *
   * @param field the field's name
   * @return the value
   * @throws MessageException if fewer than 4 bytes are left
   */
  public float f32(String field) {
    need(field, 4);
    int v = src.getInt();
    return Float.intBitsToFloat(littleEndian ? v : Integer.reverseBytes(v));
  }

  /**
   * A U256.
   *
   * @param field the field's name
   * @return the value
   * @throws MessageException if fewer than 32 bytes are left
   */
  public U256 u256(String field) {
    need(field, U256.SIZE);
    long a = src.getLong();
    long b = src.getLong();
    long c = src.getLong();
    long d = src.getLong();
    if (!littleEndian) {
      a = Long.reverseBytes(a);
      b = Long.reverseBytes(b);
      c = Long.reverseBytes(c);
      d = Long.reverseBytes(d);
    }
    return new U256(a, b, c, d);
  }

  private byte[] content(String field, int n) {
    need(field, n);
    byte[] b = new byte[n];
    src.get(b);
    return b;
  }

  private int checkedLength(String field, int n, int max) {
    if (n > max) {
      throw new MessageException(
          message, field, MessageException.Kind.TOO_LONG, "length " + n + " over the bound " + max);
    }
    // content(field, n) then checks that the n bytes are there.
    return n;
  }

  /**
   * A STR0_255: a U8 length and that many bytes. Lenient: any bytes (the reference); strict: UTF-8 only.
   *
   * @param field the field's name
   * @return the value
   * @throws MessageException if the data ends early, or (strict) the bytes are not UTF-8
   */
  public Str0255 str0255(String field) {
    int n = u8(field);
    Str0255 s = Str0255.owned(content(field, n));
    if (strict && !s.isUtf8()) {
      throw new MessageException(message, field, MessageException.Kind.NOT_UTF8, "STR0_255 is not UTF-8");
    }
    return s;
  }

  /**
   * A B0_32: a U8 length (at most 32) and that many bytes.
   *
   * @param field the field's name
   * @return a copy of the bytes
   * @throws MessageException for a length over 32 or data ending early
   */
  public Bytes b032(String field) {
    return Bytes.ownedOrEmpty(content(field, checkedLength(field, u8(field), 32)));
  }

  /**
   * A B0_255: a U8 length and that many bytes.
   *
   * @param field the field's name
   * @return a copy of the bytes
   * @throws MessageException if the data ends early
   */
  public Bytes b0255(String field) {
    return Bytes.ownedOrEmpty(content(field, u8(field)));
  }

  /**
   * A B0_64K: a U16 length and that many bytes.
   *
   * @param field the field's name
   * @return a copy of the bytes
   * @throws MessageException if the data ends early
   */
  public Bytes b064k(String field) {
    return Bytes.ownedOrEmpty(content(field, u16(field)));
  }

  /**
   * A B0_16M: a U24 length and that many bytes.
   *
   * @param field the field's name
   * @return a copy of the bytes
   * @throws MessageException if the data ends early
   */
  public Bytes b016m(String field) {
    return Bytes.ownedOrEmpty(content(field, u24(field)));
  }

  /**
   * Exactly {@code n} bytes without a length prefix (BYTES, PUBKEY with 32, SIGNATURE with 64).
   *
   * @param field the field's name
   * @param n the count
   * @return a copy of the bytes
   * @throws MessageException if fewer than {@code n} bytes are left
   */
  public Bytes fixed(String field, int n) {
    return Bytes.ownedOrEmpty(content(field, n));
  }

  /**
   * Everything left, without a length prefix (a trailing BYTES field).
   *
   * @param field the field's name (unused: reading the rest cannot fail)
   * @return a copy of the bytes
   */
  public Bytes rest(String field) {
    return Bytes.copyOf(src);
  }

  /**
   * An OPTION[U32] (the reference's {@code Sv2Option<u32>}, on the wire a SEQ0_1): a presence byte 0 or 1,
   * then the value when 1.
   *
   * @param field the field's name
   * @return the value or empty
   * @throws MessageException for a presence byte over 1 or data ending early
   */
  public OptionalLong optionU32(String field) {
    int present = u8(field);
    if (present > 1) {
      throw new MessageException(
          message, field, MessageException.Kind.INVALID_OPTION, "OPTION presence byte " + present);
    }
    return present == 0 ? OptionalLong.empty() : OptionalLong.of(u32(field));
  }

  /**
   * Reads one element of a sequence.
   *
   * @param <T> the element type
   */
  @FunctionalInterface
  public interface ElementReader<T> {
    /**
     * Reads one element.
     *
     * @param reader the reader, at the element
     * @param field the sequence's field name
     * @return the element
     */
    T read(Reader reader, String field);
  }

  /**
   * A SEQ0_255[T]: a U8 count and that many elements.
   *
   * @param <T> the element type
   * @param field the field's name
   * @param minElementSize the fewest bytes one element takes (checked against the count before the list
   *     is allocated)
   * @param element reads one element
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public <T> List<T> seq0255(String field, int minElementSize, ElementReader<T> element) {
    return seq(field, u8(field), minElementSize, element);
  }

  /**
   * A SEQ0_64K[T]: a U16 count and that many elements.
   *
   * @param <T> the element type
   * @param field the field's name
   * @param minElementSize the fewest bytes one element takes (checked against the count first)
   * @param element reads one element
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public <T> List<T> seq064k(String field, int minElementSize, ElementReader<T> element) {
    return seq(field, u16(field), minElementSize, element);
  }

  private <T> List<T> seq(String field, int count, int minElementSize, ElementReader<T> element) {
    if (count == 0) {
      return List.of();
    }
    need(field, (long) count * minElementSize);
    Object[] out = new Object[count];
    for (int i = 0; i < count; i++) {
      out[i] = element.read(this, field);
    }
    // Nobody else holds the array: the message's check keeps this list without copying it.
    return new FrozenList<>(out);
  }

  /**
   * A SEQ0_255[U256].
   *
   * @param field the field's name
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public List<U256> seq0255U256(String field) {
    return u256s(field, u8(field));
  }

  private List<U256> u256s(String field, int count) {
    if (count == 0) {
      return List.of();
    }
    need(field, (long) count * U256.SIZE);
    Object[] out = new Object[count];
    for (int i = 0; i < count; i++) {
      long a = src.getLong();
      long b = src.getLong();
      long c = src.getLong();
      long d = src.getLong();
      out[i] = littleEndian ? new U256(a, b, c, d)
          : new U256(Long.reverseBytes(a), Long.reverseBytes(b), Long.reverseBytes(c), Long.reverseBytes(d));
    }
    return new FrozenList<>(out);
  }

  /**
   * A SEQ0_64K[U256].
   *
   * @param field the field's name
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public List<U256> seq064kU256(String field) {
    return u256s(field, u16(field));
  }

  /**
   * A SEQ0_64K[U16].
   *
   * @param field the field's name
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public List<Integer> seq064kU16(String field) {
    return seq064k(field, 2, Reader::u16);
  }

  /**
   * A SEQ0_64K[U32].
   *
   * @param field the field's name
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public List<Long> seq064kU32(String field) {
    return seq064k(field, 4, Reader::u32);
  }

  /**
   * A SEQ0_64K[B0_16M].
   *
   * @param field the field's name
   * @return an unmodifiable list
   * @throws MessageException if the data cannot hold the elements
   */
  public List<Bytes> seq064kB016m(String field) {
    return seq064k(field, 3, Reader::b016m);
  }

  /**
   * The TLV fields (spec §3.4) in the rest of the data, as the reference's {@code parsers_sv2} reads them:
   * all of them, or none when the rest is not a whole number of well-formed TLVs (a header cut short, a
   * length past the data); the bytes are consumed either way.
   *
   * @return an unmodifiable list, empty when there is nothing or the rest is malformed
   */
  public List<Tlv> tlvs() {
    List<Tlv> out = Tlv.parseAll(src);
    src.position(src.limit());
    return out;
  }
}
