package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.U256;

/**
 * A re-armable, read-only flyweight over an encoded {@link SetNewPrevHash}: the hot-path alternative to
 * {@link SetNewPrevHash#decode} that reads each field straight from the payload, allocating nothing (in the
 * manner of Agrona and SBE flyweights). {@link #wrap} checks the layout exactly as the record's decoder
 * does (same exceptions, naming the same fields), so a wrapped view always holds a whole message; the
 * accessors then read without further checks. {@link #toMessage()} gives the record.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>The view does not own or copy the bytes: it is valid only as long as the buffer (for a received
 *       frame, until the frame is closed) and must be re-wrapped, or dropped, after that.
 *   <li>It reads the bytes each time an accessor is called: a change to the buffer shows through.
 *   <li>One view is for one thread at a time; re-wrapping replaces what it showed.
 * </ul>
 */
public final class SetNewPrevHashView {
  private ByteBuffer buffer;
  private int base;
  private int length;
  private boolean littleEndian;

  /** A view showing nothing yet: {@link #wrap} it before reading. */
  public SetNewPrevHashView() {}

  /**
   * Shows the SetNewPrevHash at {@code payload}'s position (its position and limit do not move; bytes after the
   * message, such as TLV fields, are allowed, as the reference's decoder allows them).
   *
   * @param payload the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message (the view then shows
   *     nothing)
   */
  public SetNewPrevHashView wrap(ByteBuffer payload) {
    return wrap(payload, payload.position(), payload.remaining());
  }

  /**
   * Shows the SetNewPrevHash in {@code buffer[offset, offset + available)}, read with absolute gets.
   *
   * @param buffer the bytes
   * @param offset where the message starts
   * @param available how many bytes from there belong to the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message
   * @throws IndexOutOfBoundsException if the range is outside the buffer
   */
  public SetNewPrevHashView wrap(ByteBuffer buffer, int offset, int available) {
    java.util.Objects.checkFromIndexSize(offset, available, buffer.limit());
    this.buffer = null;
    boolean le = buffer.order() == ByteOrder.LITTLE_ENDIAN;
    need(available, 4, "channel_id");
    need(available, 4 + 4, "job_id");
    need(available, 4 + 4 + 32, "prev_hash");
    need(available, 4 + 4 + 32 + 4, "min_ntime");
    need(available, 4 + 4 + 32 + 4 + 4, "nbits");
    this.buffer = buffer;
    this.base = offset;
    this.length = 4 + 4 + 32 + 4 + 4;
    this.littleEndian = le;
    return this;
  }

  private static void need(int available, int end, String field) {
    if (available < end) {
      throw new MessageException(SetNewPrevHash.NAME, field, MessageException.Kind.TRUNCATED, "needs " + end + " bytes, " + available + " left");
    }
  }

  private ByteBuffer buf() {
    ByteBuffer b = buffer;
    if (b == null) {
      throw new IllegalStateException("the view is not wrapped");
    }
    return b;
  }

  private long u32(int at) {
    int v = buf().getInt(base + at);
    return (littleEndian ? v : Integer.reverseBytes(v)) & 0xffff_ffffL;
  }

  private long u64(int at) {
    long v = buf().getLong(base + at);
    return littleEndian ? v : Long.reverseBytes(v);
  }

  /**
   * The encoded length of the message shown (bytes after it are not counted).
   *
   * @return the length in bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public int length() {
    buf();
    return length;
  }

  /**
   * The {@code channel_id} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long channelId() {
    return u32(0);
  }

  /**
   * The {@code job_id} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long jobId() {
    return u32(4);
  }

  /**
   * One 64-bit word of the {@code prev_hash} field (U256) without allocating.
   *
   * @param index 0 to 3 (0 holds wire bytes 0–7, little-endian), as {@link U256#word(int)}
   * @return the word
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException for another index
   */
  public long prevHashWord(int index) {
    java.util.Objects.checkIndex(index, 4);
    return u64(4 + 4 + 8 * index);
  }

  /**
   * Copies the 32 bytes of the {@code prev_hash} field into {@code dst[off, off + 32)} without allocating.
   *
   * @param dst the destination
   * @param off where to write
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException if 32 bytes do not fit there
   */
  public void copyPrevHashTo(byte[] dst, int off) {
    java.util.Objects.checkFromIndexSize(off, 32, dst.length);
    buf().get(base + 4 + 4, dst, off, 32);
  }

  /**
   * The {@code prev_hash} field as a value (allocates it).
   *
   * @return the value
   * @throws IllegalStateException if the view is not wrapped
   */
  public U256 prevHash() {
    return new U256(prevHashWord(0), prevHashWord(1), prevHashWord(2), prevHashWord(3));
  }

  /**
   * The {@code min_ntime} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long minNtime() {
    return u32(4 + 4 + 32);
  }

  /**
   * The {@code nbits} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long nbits() {
    return u32(4 + 4 + 32 + 4);
  }

  /**
   * The message as a record (allocates it and its fields).
   *
   * @return the record, equal to what {@code decode} gives for the same bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public SetNewPrevHash toMessage() {
    return new SetNewPrevHash(channelId(), jobId(), prevHash(), minNtime(), nbits());
  }

  /**
   * The message as the record prints it, or a note that the view is not wrapped.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return buffer == null ? "SetNewPrevHashView[not wrapped]" : toMessage().toString();
  }
}
