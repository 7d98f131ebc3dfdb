package org.sv2j.buffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link Buffer} on growable heap storage: every finished message becomes an owned {@link Slice} with a
 * heap array of its own. It never runs out of room (up to the maximum array size) and needs no release
 * discipline: its slices are ordinary garbage once dropped.
 *
 * <p>The working array grows by doubling and is kept between messages; {@link #getDataOwned()} copies the
 * message out (one array per message). Single owner thread, like every {@link Buffer}.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>It allocates per message by design: a copy for small messages; for a message of at least 64 KiB
 *       that fills half the working array, the array itself goes to the slice and the buffer starts a new
 *       one. Where allocation matters, use {@link BufferPool}.
 *   <li>A working array grown past 1 MiB is dropped after the message that grew it, so one huge message
 *       does not pin its memory for the buffer's lifetime; a stream of huge messages re-grows it each time.
 *   <li>The region returned by {@link #getWritable(int)} is valid only until the next call on the buffer.
 * </ul>
 */
public final class BufferFromSystemMemory implements Buffer {
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** Messages at least this long that fill half the array are handed over without a copy. */
  private static final int HAND_OVER_MIN = 64 * 1024;
  /** A working array grown past this is dropped after the message that grew it. */
  private static final int RETAIN_MAX = 1024 * 1024;

  private final int initialCapacity;
  private byte[] inner;
  private int cursor;
  private ByteBuffer view;

  /** A buffer with a small initial array. */
  public BufferFromSystemMemory() {
    this(256);
  }

  /**
   * A buffer whose working array starts with {@code initialCapacity} bytes.
   *
   * @param initialCapacity the working array's initial size in bytes; it grows as messages need
   */
  public BufferFromSystemMemory(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity < 0: " + initialCapacity);
    }
    this.initialCapacity = initialCapacity;
    inner = new byte[initialCapacity];
    view = ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public ByteBuffer getWritable(int len) {
    if (len < 0) {
      throw new IllegalArgumentException("len < 0: " + len);
    }
    int start = cursor;
    ensure((long) start + len);
    cursor = start + len;
    view.limit(cursor).position(start);
    return view;
  }

  @Override
  public void write(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    append(src, off, len);
  }

  @Override
  public Slice getDataOwned() {
    Slice s = Slice.owned(takeMessage(), cursor);
    cursor = 0;
    return s;
  }

  @Override
  public Slice getDataOwned(Slice reuse) {
    reuse.rearm(takeMessage(), 0, cursor, null, 0);
    cursor = 0;
    return reuse;
  }

  @Override
  public int length() {
    return cursor;
  }

  @Override
  public ByteBuffer data() {
    view.limit(cursor).position(0);
    return view;
  }

  @Override
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > cursor) {
      throw new IllegalArgumentException("newLength " + newLength + " outside [0, " + cursor + "]");
    }
    cursor = newLength;
  }

  @Override
  public void clear() {
    cursor = 0;
  }

  /**
   * The current message's bytes for a new owned slice: a copy, except that a large message filling at
   * least half the working array takes the array itself (no copy) and a fresh small one replaces it. Either
   * way a working array grown past {@link #RETAIN_MAX} is not kept, so one huge message does not pin its
   * memory for the buffer's lifetime.
   */
  private byte[] takeMessage() {
    int n = cursor;
    if (n == 0) {
      return Slice.NO_BYTES;
    }
    byte[] out;
    if (n >= HAND_OVER_MIN && n >= inner.length / 2) {
      out = inner;
      replaceInner();
    } else {
      out = Arrays.copyOf(inner, n);
      if (inner.length > RETAIN_MAX) {
        replaceInner();
      }
    }
    return out;
  }

  private void replaceInner() {
    inner = new byte[initialCapacity];
    view = ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Copies the current message into {@code dst} at {@code off} (used by the pool to move a message). */
  void copyCurrentTo(byte[] dst, int off) {
    System.arraycopy(inner, 0, dst, off, cursor);
  }

  /** Appends bytes to the current message (used by the pool when it falls back to the heap). */
  void append(byte[] src, int off, int len) {
    ensure((long) cursor + len);
    System.arraycopy(src, off, inner, cursor, len);
    cursor += len;
  }

  private void ensure(long needed) {
    if (needed <= inner.length) {
      return;
    }
    if (needed > MAX_ARRAY) {
      throw new IllegalStateException("message would exceed the maximum array size: " + needed);
    }
    long grown = Math.max(needed, Math.max(64, (long) inner.length * 2));
    inner = Arrays.copyOf(inner, (int) Math.min(grown, MAX_ARRAY));
    view = ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public String toString() {
    return "BufferFromSystemMemory[length=" + cursor + ", capacity=" + inner.length + "]";
  }
}
