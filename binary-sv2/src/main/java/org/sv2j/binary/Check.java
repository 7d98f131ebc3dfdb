package org.sv2j.binary;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Checks of field values when a message is built, so that no message can be constructed that the
 * reference would refuse to decode. Each throws a {@link MessageException} naming the message and the
 * field, and the checks on references return the value so that a record's compact constructor can reassign
 * (sequences are copied into unmodifiable lists).
 */
public final class Check {
  private Check() {}

  private static MessageException range(String message, String field, String type, long v) {
    return new MessageException(message, field, MessageException.Kind.OUT_OF_RANGE, "outside " + type + ": " + v);
  }

  /**
   * A U8.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @throws MessageException unless {@code 0 <= v <= 255}
   */
  public static void u8(String message, String field, int v) {
    if ((v & ~0xff) != 0) {
      throw range(message, field, "U8", v);
    }
  }

  /**
   * A U16.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @throws MessageException unless {@code 0 <= v <= 65535}
   */
  public static void u16(String message, String field, int v) {
    if ((v & ~0xffff) != 0) {
      throw range(message, field, "U16", v);
    }
  }

  /**
   * A U24.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @throws MessageException unless {@code 0 <= v < 2^24}
   */
  public static void u24(String message, String field, int v) {
    if ((v & ~0xff_ffff) != 0) {
      throw range(message, field, "U24", v);
    }
  }

  /**
   * A U32.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @throws MessageException unless {@code 0 <= v < 2^32}
   */
  public static void u32(String message, String field, long v) {
    if ((v >>> 32) != 0) {
      throw range(message, field, "U32", v);
    }
  }

  /**
   * An OPTION[U32].
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @return {@code v}
   * @throws MessageException if {@code v} is null or holds a value outside U32
   */
  public static OptionalLong optionU32(String message, String field, OptionalLong v) {
    notNull(message, field, v);
    if (v.isPresent()) {
      u32(message, field, v.getAsLong());
    }
    return v;
  }

  /**
   * A reference field that must be present.
   *
   * @param <T> its type
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @return {@code v}
   * @throws NullPointerException naming the field if {@code v} is null
   */
  public static <T> T notNull(String message, String field, T v) {
    return Objects.requireNonNull(v, () -> message + "." + field + " is null");
  }

  /**
   * A byte string with a bound (B0_32: 32, B0_255: 255, B0_64K: 65535, B0_16M: 2^24 − 1).
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @param max the bound
   * @return {@code v}
   * @throws MessageException of kind {@link MessageException.Kind#TOO_LONG} over the bound
   */
  public static Bytes bytes(String message, String field, Bytes v, int max) {
    notNull(message, field, v);
    if (v.length() > max) {
      throw new MessageException(message, field, MessageException.Kind.TOO_LONG, v.length() + " bytes over the bound " + max);
    }
    return v;
  }

  /**
   * A STR0_255 (its bound is its type's).
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the value
   * @return {@code v}
   * @throws NullPointerException if {@code v} is null
   */
  public static Str0255 str0255(String message, String field, Str0255 v) {
    return notNull(message, field, v);
  }

  /**
   * A sequence: copied into an unmodifiable list of at most {@code max} non-null elements.
   *
   * @param <T> the element type
   * @param message the message's name
   * @param field the field's name
   * @param v the elements
   * @param max 255 for SEQ0_255, 65535 for SEQ0_64K
   * @return the unmodifiable copy
   * @throws MessageException of kind {@link MessageException.Kind#TOO_LONG} over {@code max} elements
   * @throws NullPointerException for a null list or element
   */
  public static <T> List<T> seq(String message, String field, List<T> v, int max) {
    notNull(message, field, v);
    if (v.size() > max) {
      throw new MessageException(message, field, MessageException.Kind.TOO_LONG, v.size() + " elements over the bound " + max);
    }
    return List.copyOf(v);
  }

  /**
   * A sequence of U16 values.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the elements
   * @param max the most elements
   * @return the unmodifiable copy
   * @throws MessageException over {@code max} elements or for an element outside U16
   */
  public static List<Integer> seqU16(String message, String field, List<Integer> v, int max) {
    List<Integer> c = seq(message, field, v, max);
    for (Integer i : c) {
      u16(message, field, i);
    }
    return c;
  }

  /**
   * A sequence of U32 values.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the elements
   * @param max the most elements
   * @return the unmodifiable copy
   * @throws MessageException over {@code max} elements or for an element outside U32
   */
  public static List<Long> seqU32(String message, String field, List<Long> v, int max) {
    List<Long> c = seq(message, field, v, max);
    for (Long i : c) {
      u32(message, field, i);
    }
    return c;
  }

  /**
   * A sequence of byte strings with a bound each.
   *
   * @param message the message's name
   * @param field the field's name
   * @param v the elements
   * @param max the most elements
   * @param maxElement the bound of one element
   * @return the unmodifiable copy
   * @throws MessageException over {@code max} elements or for an element over its bound
   */
  public static List<Bytes> seqBytes(String message, String field, List<Bytes> v, int max, int maxElement) {
    List<Bytes> c = seq(message, field, v, max);
    for (Bytes b : c) {
      bytes(message, field, b, maxElement);
    }
    return c;
  }
}
