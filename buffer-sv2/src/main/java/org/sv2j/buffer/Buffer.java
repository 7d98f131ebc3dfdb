package org.sv2j.buffer;

import java.nio.ByteBuffer;

/**
 * Where the bytes of one message accumulate before they are handed out as a {@link Slice}.
 *
 * <p>A decoder uses a buffer in four steps: ask for a writable region of exactly {@code n} bytes with
 * {@link #getWritable(int)} and fill it (from a socket, or by decrypting in place); look at what has been
 * written so far with {@link #data()}; repeat; then take everything written as one {@link Slice} with
 * {@link #getDataOwned()}. The buffer then starts a new, empty message.
 *
 * <h2>Ownership</h2>
 *
 * A buffer has a single owner thread: none of its methods may be called concurrently. The {@link Slice}s
 * it hands out are owned by whoever received them and may be read and closed on any thread.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@link #getWritable(int)} grows {@link #length()} immediately, whether or not the caller fills
 *       the region. Unfilled bytes are part of the message (their content is unspecified).
 *   <li>A view returned by {@link #getWritable(int)} or {@link #data()} is valid only until the next call
 *       on this buffer: a later call may move the message (e.g. when a pool falls back to heap memory).
 *       Never keep a view; keep the {@link Slice}.
 * </ul>
 */
public interface Buffer {

  /**
   * Appends {@code len} bytes to the message being built and returns a view whose {@code position()} to
   * {@code limit()} are exactly those bytes ({@code remaining() == len}), little-endian, writable and
   * backed by the buffer's memory. Fill it with relative puts or a channel read. Its absolute indices are
   * the buffer's own, not zero-based: implementations hand out one reused view object so that this does
   * not allocate in steady state. The view is valid until the next call on this buffer.
   *
   * @param len number of bytes to append, {@code >= 0}
   * @return the view of the {@code len} appended bytes, valid until the next call on this buffer
   * @throws IllegalArgumentException if {@code len} is negative
   * @throws IllegalStateException if the buffer was closed
   */
  ByteBuffer getWritable(int len);

  /**
   * Appends {@code src[off, off + len)} to the message being built: the same as filling {@link
   * #getWritable(int) getWritable(len)} with those bytes, without the view bookkeeping (the reference's
   * {@code Write::write_all}).
   *
   * @param src the array holding the bytes
   * @param off index of the first byte in {@code src}
   * @param len number of bytes to append, from {@code off}
   * @throws IndexOutOfBoundsException if the range is outside {@code src}
   * @throws IllegalStateException if the buffer was closed
   */
  void write(byte[] src, int off, int len);

  /**
   * Hands over everything written since the last call as one {@link Slice} (possibly empty) and starts a
   * new, empty message. The caller owns the slice and must {@link Slice#close() close} it.
   *
   * @return the message, owned by the caller
   * @throws IllegalStateException if the buffer was closed
   */
  Slice getDataOwned();

  /**
   * Like {@link #getDataOwned()}, but re-arms {@code reuse} (a slice the caller owns and has closed)
   * instead of allocating a new {@link Slice}, and returns it. This is how a caller that recycles its
   * frames reaches zero allocation per message.
   *
   * <p>Pitfall: anyone still holding a reference to {@code reuse} now sees the new message. Recycle only
   * slices nobody else references.
   *
   * @param reuse a closed slice the caller owns and nobody else references
   * @return {@code reuse}, now holding the message and owned by the caller
   * @throws IllegalArgumentException if {@code reuse} is still open
   */
  Slice getDataOwned(Slice reuse);

  /**
   * Number of bytes written into the current message.
   *
   * @return the current message's length in bytes
   */
  int length();

  /**
   * A view of the current message's bytes: {@code position()} to {@code limit()} are the message's
   * {@link #length()} bytes (absolute indices are the buffer's own), writable (in-place decryption writes
   * through it), little-endian. The same reused view object as {@link #getWritable(int)}; valid until the
   * next call on this buffer.
   *
   * @return the reused view of the current message, valid until the next call on this buffer
   */
  ByteBuffer data();

  /**
   * Shrinks the current message to its first {@code newLength} bytes (for instance to drop an
   * authentication tag after in-place decryption).
   *
   * @param newLength the message's new length, {@code 0 <= newLength <= length()}
   * @throws IllegalArgumentException if {@code newLength} is negative or greater than {@link #length()}
   */
  void truncate(int newLength);

  /** Discards the current message without handing it out (error recovery). Slices already handed out are unaffected. */
  void clear();
}
