package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.U256;

/**
 * A re-armable, read-only flyweight over an encoded {@link NewMiningJob}: the hot-path alternative to
 * {@link NewMiningJob#decode} that reads each field straight from the payload, allocating nothing (in the
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
public final class NewMiningJobView {
  private ByteBuffer buffer;
  private int base;
  private int length;
  private boolean littleEndian;
  private int minNtimeEnd;

  /** A view showing nothing yet: {@link #wrap} it before reading. */
  public NewMiningJobView() {}

  /**
   * Shows the NewMiningJob at {@code payload}'s position (its position and limit do not move; bytes after the
   * message, such as TLV fields, are allowed, as the reference's decoder allows them).
   *
   * @param payload the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message (the view then shows
   *     nothing)
   */
  public NewMiningJobView wrap(ByteBuffer payload) {
    return wrap(payload, payload.position(), payload.remaining());
  }

  /**
   * Shows the NewMiningJob in {@code buffer[offset, offset + available)}, read with absolute gets.
   *
   * @param buffer the bytes
   * @param offset where the message starts
   * @param available how many bytes from there belong to the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message
   * @throws IndexOutOfBoundsException if the range is outside the buffer
   */
  public NewMiningJobView wrap(ByteBuffer buffer, int offset, int available) {
    java.util.Objects.checkFromIndexSize(offset, available, buffer.limit());
    this.buffer = null;
    boolean le = buffer.order() == ByteOrder.LITTLE_ENDIAN;
    need(available, 4, "channel_id");
    need(available, 4 + 4, "job_id");
    need(available, 4 + 4 + 1, "min_ntime");
    int minNtimeFlag = buffer.get(offset + 4 + 4) & 0xff;
    if (minNtimeFlag > 1) {
      throw new MessageException(NewMiningJob.NAME, "min_ntime", MessageException.Kind.INVALID_OPTION, "OPTION presence byte " + minNtimeFlag);
    }
    int minNtimeE = 4 + 4 + 1 + 4 * minNtimeFlag;
    need(available, minNtimeE, "min_ntime");
    need(available, minNtimeE + 4, "version");
    need(available, minNtimeE + 4 + 32, "merkle_root");
    this.minNtimeEnd = minNtimeE;
    this.buffer = buffer;
    this.base = offset;
    this.length = minNtimeE + 4 + 32;
    this.littleEndian = le;
    return this;
  }

  private static void need(int available, int end, String field) {
    if (available < end) {
      throw new MessageException(NewMiningJob.NAME, field, MessageException.Kind.TRUNCATED, "needs " + end + " bytes, " + available + " left");
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
   * Whether the {@code min_ntime} field (OPTION[U32]) holds a value.
   *
   * @return {@code true} when present
   * @throws IllegalStateException if the view is not wrapped
   */
  public boolean hasMinNtime() {
    return buf().get(base + 4 + 4) == 1;
  }

  /**
   * The value of the {@code min_ntime} field, or {@code absent} when it has none (no allocation).
   *
   * @param absent what to return when the field is empty
   * @return the value (0 to 2^32 − 1) or {@code absent}
   * @throws IllegalStateException if the view is not wrapped
   */
  public long minNtimeOrElse(long absent) {
    return hasMinNtime() ? u32(4 + 4 + 1) : absent;
  }

  /**
   * The {@code min_ntime} field as an {@code OptionalLong} (allocates one when present).
   *
   * @return the value or empty
   * @throws IllegalStateException if the view is not wrapped
   */
  public OptionalLong minNtime() {
    return hasMinNtime() ? OptionalLong.of(u32(4 + 4 + 1)) : OptionalLong.empty();
  }

  /**
   * The {@code version} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long version() {
    return u32(minNtimeEnd);
  }

  /**
   * One 64-bit word of the {@code merkle_root} field (U256) without allocating.
   *
   * @param index 0 to 3 (0 holds wire bytes 0–7, little-endian), as {@link U256#word(int)}
   * @return the word
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException for another index
   */
  public long merkleRootWord(int index) {
    java.util.Objects.checkIndex(index, 4);
    return u64(minNtimeEnd + 4 + 8 * index);
  }

  /**
   * Copies the 32 bytes of the {@code merkle_root} field into {@code dst[off, off + 32)} without allocating.
   *
   * @param dst the destination
   * @param off where to write
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException if 32 bytes do not fit there
   */
  public void copyMerkleRootTo(byte[] dst, int off) {
    java.util.Objects.checkFromIndexSize(off, 32, dst.length);
    buf().get(base + minNtimeEnd + 4, dst, off, 32);
  }

  /**
   * The {@code merkle_root} field as a value (allocates it).
   *
   * @return the value
   * @throws IllegalStateException if the view is not wrapped
   */
  public U256 merkleRoot() {
    return new U256(merkleRootWord(0), merkleRootWord(1), merkleRootWord(2), merkleRootWord(3));
  }

  /**
   * The message as a record (allocates it and its fields).
   *
   * @return the record, equal to what {@code decode} gives for the same bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public NewMiningJob toMessage() {
    return new NewMiningJob(channelId(), jobId(), minNtime(), version(), merkleRoot());
  }

  /**
   * The message as the record prints it, or a note that the view is not wrapped.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return buffer == null ? "NewMiningJobView[not wrapped]" : toMessage().toString();
  }
}
