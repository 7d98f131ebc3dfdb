package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.FramingException;
import org.sv2j.framing.Sv2Frame;

/**
 * Serializes plaintext {@link Sv2Frame}s: header then payload, byte for byte as the reference's {@code
 * Encoder}.
 *
 * <p>Two ways out:
 *
 * <ul>
 *   <li>{@link #encode(Sv2Frame)} serializes into the encoder's own {@link Buffer} (by default a {@link
 *       BufferPool} of {@value #DEFAULT_CAPACITY} bytes, as the reference) and hands the bytes over as a
 *       {@link Slice}, which the caller writes out and then closes.
 *   <li>{@link #encodeTo(Sv2Frame, ByteBuffer)} writes straight into the caller's buffer (a socket write
 *       buffer, say) and allocates nothing.
 * </ul>
 *
 * <p>A failed encode leaves nothing behind: the encoder's buffer is cleared (the reference leaves the
 * partial bytes in front of the next frame) and the caller's buffer keeps its position.
 *
 * <h2>Ownership and threads</h2>
 *
 * One owner thread. Slices from {@link #encode(Sv2Frame)} belong to the caller and may be closed from any
 * thread. The frame passed in stays the caller's: the encoder neither closes nor keeps it. {@link
 * #close()} closes the pool the encoder created (not a buffer passed to the constructor).
 *
 * <h2>Pitfalls</h2>
 *
 * A pool has 8 slots: holding more than 8 encoded slices (or more bytes than its capacity) makes the pool
 * fall back to heap memory. That is still correct, only slower: close slices once written.
 */
public final class Encoder implements AutoCloseable {
  /** Capacity of the encoder's own pool: 512 bytes, as the reference. */
  public static final int DEFAULT_CAPACITY = 512;

  private final Buffer buffer;
  private final BufferPool ownedPool;

  /** An encoder with its own {@link BufferPool} of {@value #DEFAULT_CAPACITY} bytes. */
  public Encoder() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * An encoder with its own {@link BufferPool} of {@code poolCapacity} bytes.
   *
   * @param poolCapacity the pool's size in bytes, {@code >= 0} (frames that do not fit go to the heap)
   */
  public Encoder(int poolCapacity) {
    BufferPool pool = new BufferPool(poolCapacity);
    this.buffer = pool;
    this.ownedPool = pool;
  }

  /**
   * An encoder serializing into {@code buffer}, which stays the caller's (not closed by {@link #close()}).
   *
   * @param buffer the buffer to serialize into; the caller keeps ownership
   */
  public Encoder(Buffer buffer) {
    this.buffer = Objects.requireNonNull(buffer, "buffer");
    this.ownedPool = null;
  }

  /**
   * Serializes {@code frame} into the encoder's buffer and hands the bytes over: the returned slice
   * belongs to the caller, who closes it once written.
   *
   * @param frame the frame to serialize; it stays the caller's
   * @return the wire bytes (header and payload), owned by the caller
   * @throws CodecException of kind {@link CodecException.Kind#FRAMING} if the frame cannot be serialized
   *     (its message fails or misreports its length); the encoder is clean for the next frame
   */
  public Slice encode(Sv2Frame frame) {
    serialize(frame);
    return buffer.getDataOwned();
  }

  /**
   * Like {@link #encode(Sv2Frame)}, re-arming {@code reuse} (a closed slice nobody else references) instead
   * of allocating a new {@link Slice}.
   *
   * @param frame the frame to serialize; it stays the caller's
   * @param reuse a closed slice nobody else references
   * @return {@code reuse}, holding the wire bytes and owned by the caller
   */
  public Slice encode(Sv2Frame frame, Slice reuse) {
    if (reuse.isOpen()) {
      throw new IllegalArgumentException("a slice can only be reused once it is closed");
    }
    serialize(frame);
    return buffer.getDataOwned(reuse);
  }

  /** Serializes {@code frame} as the buffer's current message; on failure the buffer is left empty. */
  private void serialize(Sv2Frame frame) {
    ByteBuffer region = buffer.getWritable(frame.encodedLength());
    try {
      frame.encodeTo(region);
    } catch (FramingException e) {
      buffer.clear();
      throw new CodecException(CodecException.Kind.FRAMING, "cannot serialize " + frame, e);
    } catch (RuntimeException | Error e) {
      buffer.clear();
      throw e;
    }
  }

  /**
   * Writes {@code frame} at {@code dst}'s position and advances it by {@code frame.encodedLength()}; no
   * allocation, and the encoder's own buffer is not touched. On failure {@code dst}'s position is
   * unchanged.
   *
   * @param frame the frame to serialize; it stays the caller's
   * @param dst the buffer to write into, at its position
   * @throws CodecException of kind {@link CodecException.Kind#FRAMING} if {@code dst} has too little room
   *     (nothing is written) or the frame cannot be serialized
   */
  public void encodeTo(Sv2Frame frame, ByteBuffer dst) {
    try {
      frame.encodeTo(dst);
    } catch (FramingException e) {
      throw new CodecException(CodecException.Kind.FRAMING, "cannot serialize " + frame, e);
    }
  }

  /** Closes the pool this encoder created; a caller's buffer is left alone. Slices already handed out stay valid. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "Encoder[" + buffer + "]";
  }
}
