package org.sv2j.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One finished message: a run of bytes handed out by a {@link Buffer}, owned by whoever holds it until it
 * is {@link #close() closed}.
 *
 * <p>A slice is either <em>pooled</em> (a view of one slot of a {@link BufferPool}'s block: closing it
 * gives the slot back) or <em>owned</em> (a heap array of its own, from {@link BufferFromSystemMemory},
 * from a pool in {@link PoolMode#ALLOC} mode, or from {@link #wrap}/{@link #copyOf}).
 *
 * <h2>Ownership and threads</h2>
 *
 * The holder reads (and may modify in place, e.g. to decrypt) the bytes, then closes the slice exactly
 * when it no longer needs them. A slice may be handed to another thread and read and closed there; hand it
 * over through a thread-safe channel (a queue, an executor) so the bytes are visible. {@link #close()} is
 * idempotent, lock-free and safe from any thread: the first call releases the slot with release ordering,
 * so the holder's last reads happen-before the pool writes new bytes there. A slice is not safe for
 * concurrent use by several threads at once.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Any access after {@code close()} throws {@link IllegalStateException}; views obtained from {@link
 *       #buffer()} before the close are not invalidated and must not be used afterwards (the pool may
 *       already have written another message there).
 *   <li>A pooled slice that is never closed keeps its slot until the pool notices that the slice has
 *       become unreachable (see {@link BufferPool}): close slices, do not rely on the garbage collector.
 *   <li>{@link Buffer#getDataOwned(Slice)} re-arms a closed slice object with a new message. Whoever still
 *       holds a reference to that object afterwards sees the new message: recycle only slices that nobody
 *       else references.
 * </ul>
 */
public final class Slice implements AutoCloseable {
  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(Slice.class, "closed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Shared backing array of empty slices (nothing can be written into zero bytes). */
  static final byte[] NO_BYTES = new byte[0];

  private byte[] memory;
  private int offset;
  private int length;
  /** Slot state of the pool this slice belongs to, or null for owned slices. */
  private SlotState slots;

  private int slotMask;
  /** 0 while open, 1 once closed; written with CAS so that only the first close releases the slot. */
  @SuppressWarnings("unused") // accessed through CLOSED
  private volatile int closed;

  private Slice(byte[] memory, int offset, int length, SlotState slots, int slotMask) {
    this.memory = memory;
    this.offset = offset;
    this.length = length;
    this.slots = slots;
    this.slotMask = slotMask;
  }

  /**
   * An owned slice over the whole of {@code bytes}; the slice takes the array over (no copy).
   *
   * @param bytes the array the slice takes over; the caller must not change it afterwards
   * @return an owned slice over {@code bytes}
   */
  public static Slice wrap(byte[] bytes) {
    return new Slice(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length, null, 0);
  }

  /**
   * An owned slice holding a copy of {@code src[off, off + len)}.
   *
   * @param src the array holding the bytes
   * @param off index of the first byte in {@code src}
   * @param len number of bytes to copy
   * @return an owned slice holding the copy
   */
  public static Slice copyOf(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    return wrap(Arrays.copyOfRange(src, off, off + len));
  }

  static Slice pooled(byte[] memory, int offset, int length, SlotState slots, int slotMask) {
    return new Slice(memory, offset, length, slots, slotMask);
  }

  static Slice owned(byte[] memory, int length) {
    return new Slice(memory, 0, length, null, 0);
  }

  /** Re-arms this closed slice with a new message (see {@link Buffer#getDataOwned(Slice)}). */
  Slice rearm(byte[] memory, int offset, int length, SlotState slots, int slotMask) {
    if (isOpen()) {
      throw new IllegalArgumentException("a slice can only be reused once it is closed");
    }
    this.memory = memory;
    this.offset = offset;
    this.length = length;
    this.slots = slots;
    this.slotMask = slotMask;
    CLOSED.setRelease(this, 0);
    return this;
  }

  /**
   * Number of bytes in this slice.
   *
   * @return the slice's length in bytes
   */
  public int length() {
    checkOpen();
    return length;
  }

  /**
   * The byte at {@code index} ({@code 0 <= index < length()}).
   *
   * @param index the byte's index in this slice
   * @return the byte
   */
  public byte get(int index) {
    checkOpen();
    return memory[offset + Objects.checkIndex(index, length)];
  }

  /**
   * The unsigned byte at {@code index}.
   *
   * @param index the byte's index in this slice, {@code 0 <= index < length()}
   * @return the byte, 0 to 255
   */
  public int getUnsignedByte(int index) {
    return get(index) & 0xff;
  }

  /**
   * The little-endian unsigned 16-bit value at {@code index}.
   *
   * @param index index of the value's first byte in this slice
   * @return the value, 0 to 65,535
   */
  public int getUnsignedShortLE(int index) {
    checkOpen();
    Objects.checkFromIndexSize(index, 2, length);
    int p = offset + index;
    return (memory[p] & 0xff) | (memory[p + 1] & 0xff) << 8;
  }

  /**
   * The little-endian 32-bit value at {@code index}.
   *
   * @param index index of the value's first byte in this slice
   * @return the value (bit 31 may be set: {@link Integer#toUnsignedLong(int)} gives the u32)
   */
  public int getIntLE(int index) {
    checkOpen();
    Objects.checkFromIndexSize(index, 4, length);
    int p = offset + index;
    return (memory[p] & 0xff)
        | (memory[p + 1] & 0xff) << 8
        | (memory[p + 2] & 0xff) << 16
        | (memory[p + 3] & 0xff) << 24;
  }

  /**
   * A new view of the bytes: position 0, limit and capacity {@link #length()}, little-endian, writable
   * (in-place decryption writes through it). The view must not be used after {@link #close()}.
   *
   * @return a new view of the whole slice
   */
  public ByteBuffer buffer() {
    return buffer(0, length);
  }

  /**
   * A new view of {@code length} bytes starting at {@code index}: position 0, limit and capacity {@code
   * length}, little-endian, writable. The view must not be used after {@link #close()}.
   *
   * @param index index of the view's first byte in this slice
   * @param length the view's length in bytes
   * @return a new view of those bytes
   */
  public ByteBuffer buffer(int index, int length) {
    checkOpen();
    Objects.checkFromIndexSize(index, length, this.length);
    return ByteBuffer.wrap(memory, offset + index, length).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Copies {@code len} bytes starting at {@code srcIndex} into {@code dst} at absolute index {@code
   * dstIndex}; {@code dst}'s position does not move and nothing is allocated.
   *
   * @param srcIndex index of the first byte to copy in this slice
   * @param dst the buffer to copy into
   * @param dstIndex absolute index in {@code dst} of the first byte written
   * @param len number of bytes to copy
   */
  public void copyTo(int srcIndex, ByteBuffer dst, int dstIndex, int len) {
    checkOpen();
    Objects.checkFromIndexSize(srcIndex, len, length);
    dst.put(dstIndex, memory, offset + srcIndex, len);
  }

  /**
   * Copies {@code len} bytes starting at {@code srcIndex} into {@code dst[dstIndex ...]}.
   *
   * @param srcIndex index of the first byte to copy in this slice
   * @param dst the array to copy into
   * @param dstIndex index in {@code dst} of the first byte written
   * @param len number of bytes to copy
   */
  public void copyTo(int srcIndex, byte[] dst, int dstIndex, int len) {
    checkOpen();
    Objects.checkFromIndexSize(srcIndex, len, length);
    System.arraycopy(memory, offset + srcIndex, dst, dstIndex, len);
  }

  /**
   * Copies all {@link #length()} bytes into {@code dst} at its position, advancing the position.
   *
   * @param dst the buffer to copy into; it needs {@link #length()} bytes remaining
   */
  public void copyTo(ByteBuffer dst) {
    checkOpen();
    dst.put(memory, offset, length);
  }

  /**
   * A new array holding a copy of the bytes.
   *
   * @return a copy of the bytes
   */
  public byte[] toByteArray() {
    checkOpen();
    return Arrays.copyOfRange(memory, offset, offset + length);
  }

  /**
   * Whether this slice has not been closed yet.
   *
   * @return {@code true} until the slice is closed
   */
  public boolean isOpen() {
    return (int) CLOSED.getAcquire(this) == 0;
  }

  /**
   * Whether this slice is a view of a {@link BufferPool} slot (as opposed to its own heap array).
   *
   * @return {@code true} for a pool slot, {@code false} for a heap array
   */
  public boolean isPooled() {
    return slots != null;
  }

  /**
   * Slot number 1..8 of a pooled slice, 0 for an owned one (for diagnostics and tests).
   *
   * @return the slot number, 1 to 8, or 0 for an owned slice
   */
  public int slot() {
    return slotMask == 0 ? 0 : 8 - Integer.numberOfTrailingZeros(slotMask);
  }

  /**
   * Releases the slice. The first call gives a pooled slice's slot back to its pool (release ordering);
   * later calls, from any thread, do nothing.
   */
  @Override
  public void close() {
    if (CLOSED.compareAndSet(this, 0, 1)) {
      SlotState s = slots;
      if (s != null) {
        s.release(slotMask);
      }
    }
  }

  /** Shows length, kind and state; never the bytes. */
  @Override
  public String toString() {
    String kind = slots == null ? "owned" : "pooled slot " + slot();
    return "Slice[" + length + " bytes, " + kind + (isOpen() ? "" : ", closed") + "]";
  }

  // Package-private accessors for the pool's invariant checks.
  int offset() {
    return offset;
  }

  byte[] memory() {
    return memory;
  }

  int rawLength() {
    return length;
  }

  private void checkOpen() {
    if ((int) CLOSED.getOpaque(this) != 0) {
      throw new IllegalStateException("slice is closed");
    }
  }
}
