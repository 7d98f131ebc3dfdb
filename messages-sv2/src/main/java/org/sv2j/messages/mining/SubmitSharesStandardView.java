package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sv2j.binary.MessageException;

/**
 * A re-armable, read-only flyweight over an encoded {@link SubmitSharesStandard}: the hot-path alternative to
 * {@link SubmitSharesStandard#decode} that reads each field straight from the payload, allocating nothing (in the
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
public final class SubmitSharesStandardView {
  private ByteBuffer buffer;
  private int base;
  private int length;
  private boolean littleEndian;

  /** A view showing nothing yet: {@link #wrap} it before reading. */
  public SubmitSharesStandardView() {}

  /**
   * Shows the SubmitSharesStandard at {@code payload}'s position (its position and limit do not move; bytes after the
   * message, such as TLV fields, are allowed, as the reference's decoder allows them).
   *
   * @param payload the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message (the view then shows
   *     nothing)
   */
  public SubmitSharesStandardView wrap(ByteBuffer payload) {
    return wrap(payload, payload.position(), payload.remaining());
  }

  /**
   * Shows the SubmitSharesStandard in {@code buffer[offset, offset + available)}, read with absolute gets.
   *
   * @param buffer the bytes
   * @param offset where the message starts
   * @param available how many bytes from there belong to the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message
   * @throws IndexOutOfBoundsException if the range is outside the buffer
   */
  public SubmitSharesStandardView wrap(ByteBuffer buffer, int offset, int available) {
    java.util.Objects.checkFromIndexSize(offset, available, buffer.limit());
    this.buffer = null;
    boolean le = buffer.order() == ByteOrder.LITTLE_ENDIAN;
    need(available, 4, "channel_id");
    need(available, 4 + 4, "sequence_number");
    need(available, 4 + 4 + 4, "job_id");
    need(available, 4 + 4 + 4 + 4, "nonce");
    need(available, 4 + 4 + 4 + 4 + 4, "ntime");
    need(available, 4 + 4 + 4 + 4 + 4 + 4, "version");
    this.buffer = buffer;
    this.base = offset;
    this.length = 4 + 4 + 4 + 4 + 4 + 4;
    this.littleEndian = le;
    return this;
  }

  private static void need(int available, int end, String field) {
    if (available < end) {
      throw new MessageException(SubmitSharesStandard.NAME, field, MessageException.Kind.TRUNCATED, "needs " + end + " bytes, " + available + " left");
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
   * The {@code sequence_number} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long sequenceNumber() {
    return u32(4);
  }

  /**
   * The {@code job_id} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long jobId() {
    return u32(4 + 4);
  }

  /**
   * The {@code nonce} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long nonce() {
    return u32(4 + 4 + 4);
  }

  /**
   * The {@code ntime} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long ntime() {
    return u32(4 + 4 + 4 + 4);
  }

  /**
   * The {@code version} field (U32).
   *
   * @return 0 to 2^32 − 1
   * @throws IllegalStateException if the view is not wrapped
   */
  public long version() {
    return u32(4 + 4 + 4 + 4 + 4);
  }

  /**
   * The message as a record (allocates it and its fields).
   *
   * @return the record, equal to what {@code decode} gives for the same bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public SubmitSharesStandard toMessage() {
    return new SubmitSharesStandard(channelId(), sequenceNumber(), jobId(), nonce(), ntime(), version());
  }

  /**
   * The message as the record prints it, or a note that the view is not wrapped.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return buffer == null ? "SubmitSharesStandardView[not wrapped]" : toMessage().toString();
  }
}
