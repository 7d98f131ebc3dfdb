package org.sv2j.binary;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A TLV field (spec 03 §3.4), appended after a message by a negotiated extension: extension_type U16,
 * field type U8, length U16, then the value. Type and length are little-endian, as the reference's {@code
 * parsers_sv2} writes them (the spec's example shows them big-endian; the implementation is what peers
 * speak).
 *
 * @param extensionType the extension that defines the field (0 to 65535)
 * @param fieldType the field within the extension (0 to 255)
 * @param value the value (at most 65535 bytes)
 */
public record Tlv(int extensionType, int fieldType, Bytes value) {
  /** Bytes before the value: type (3) and length (2). */
  public static final int HEADER_SIZE = 5;

  /** The longest value. */
  public static final int MAX_VALUE_LENGTH = 0xffff;

  /**
   * Checks the parts.
   *
   * @param extensionType the extension (U16)
   * @param fieldType the field type (U8)
   * @param value the value
   * @throws MessageException of kind {@link MessageException.Kind#OUT_OF_RANGE} or {@link
   *     MessageException.Kind#TOO_LONG} for parts outside their types
   */
  public Tlv {
    Objects.requireNonNull(value, "value");
    if ((extensionType & ~0xffff) != 0) {
      throw new MessageException("TLV", "extension_type", MessageException.Kind.OUT_OF_RANGE, "outside U16: " + extensionType);
    }
    if ((fieldType & ~0xff) != 0) {
      throw new MessageException("TLV", "field_type", MessageException.Kind.OUT_OF_RANGE, "outside U8: " + fieldType);
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new MessageException("TLV", "value", MessageException.Kind.TOO_LONG, "value of " + value.length() + " bytes");
    }
  }

  /**
   * The encoded size.
   *
   * @return {@link #HEADER_SIZE} plus the value's length
   */
  public int encodedLength() {
    return HEADER_SIZE + value.length();
  }

  /**
   * Writes the field at {@code dst}'s position.
   *
   * @param dst the destination
   * @throws java.nio.BufferOverflowException with too little room
   */
  public void encodeTo(ByteBuffer dst) {
    Writer.u16(dst, extensionType);
    Writer.u8(dst, fieldType);
    Writer.u16(dst, value.length());
    dst.put(value.array());
  }

  /**
   * Reads one TLV at {@code src}'s position.
   *
   * @param src the bytes; the position advances past the field
   * @return the field
   * @throws MessageException of kind {@link MessageException.Kind#TRUNCATED} if the header or the value is
   *     cut short (the position is then unchanged)
   */
  public static Tlv read(ByteBuffer src) {
    int p = src.position();
    int left = src.remaining();
    if (left < HEADER_SIZE) {
      throw new MessageException("TLV", null, MessageException.Kind.TRUNCATED, "header needs 5 bytes, " + left + " left");
    }
    Reader r = Reader.of(src, "TLV");
    int ext = r.u16("extension_type");
    int type = r.u8("field_type");
    int len = r.u16("length");
    if (src.remaining() < len) {
      src.position(p);
      throw new MessageException("TLV", "value", MessageException.Kind.TRUNCATED, "needs " + len + " bytes, " + (left - HEADER_SIZE) + " left");
    }
    return new Tlv(ext, type, r.fixed("value", len));
  }

  /**
   * All TLVs in {@code src}'s remaining bytes, without moving its position; empty when they are not a
   * whole number of well-formed TLVs (what the reference's {@code parsers_sv2} does with such a tail).
   *
   * @param src the bytes after a message
   * @return an unmodifiable list
   */
  public static List<Tlv> parseAll(ByteBuffer src) {
    if (!src.hasRemaining()) {
      return List.of();
    }
    ByteBuffer b = src.duplicate().order(src.order());
    List<Tlv> out = new ArrayList<>(2);
    while (b.hasRemaining()) {
      if (b.remaining() < HEADER_SIZE) {
        return List.of();
      }
      int len = (b.get(b.position() + 3) & 0xff) | (b.get(b.position() + 4) & 0xff) << 8;
      if (b.remaining() - HEADER_SIZE < len) {
        return List.of();
      }
      out.add(read(b));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The field with the value in hex.
   *
   * @return for example {@code Tlv[0x0002/0x01 776f726b6572]}
   */
  @Override
  public String toString() {
    return String.format("Tlv[0x%04x/0x%02x %s]", extensionType, fieldType, value);
  }
}
