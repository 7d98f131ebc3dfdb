package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sv2j.binary.MessageException;

/**
 * What the mining flyweights share: the buffer a view shows, where its message starts and ends, and
 * the little-endian reads of fixed-size fields with absolute gets (so neither the buffer's position nor
 * its byte order is touched). A subclass checks the layout in its {@code wrap}, between {@link #unwrap()}
 * and {@link #show}, so that a view is either wrapped around a whole message or shows nothing.
 *
 * <p>The type is public only so that its one public member, {@link #length()}, can be called (also
 * reflectively) on every view; the set of views is closed.
 */
public abstract sealed class MiningView
    permits NewExtendedMiningJobView,
        NewMiningJobView,
        SetNewPrevHashView,
        SetTargetView,
        SubmitSharesExtendedView,
        SubmitSharesStandardView,
        SubmitSharesSuccessView {
  private final String messageName;
  /** The bytes shown, or {@code null} while the view is not wrapped. */
  ByteBuffer buffer;
  /** Where the message starts in {@link #buffer}. */
  int base;
  private int length;
  private boolean littleEndian;

  MiningView(String messageName) {
    this.messageName = messageName;
  }

  /** Shows nothing: a failed {@code wrap} leaves the view unwrapped. */
  final void unwrap() {
    buffer = null;
  }

  /** Shows the {@code length}-byte message at {@code offset} of {@code bytes}, whose layout was checked. */
  final void show(ByteBuffer bytes, int offset, int length) {
    this.littleEndian = bytes.order() == ByteOrder.LITTLE_ENDIAN;
    this.base = offset;
    this.length = length;
    this.buffer = bytes;
  }

  /** Refuses a payload of {@code available} bytes that ends before {@code end}, the end of {@code field}. */
  final void need(int available, int end, String field) {
    if (available < end) {
      throw new MessageException(messageName, field, MessageException.Kind.TRUNCATED, "needs " + end + " bytes, " + available + " left");
    }
  }

  final ByteBuffer buf() {
    ByteBuffer b = buffer;
    if (b == null) {
      throw new IllegalStateException("the view is not wrapped");
    }
    return b;
  }

  final long u32(int at) {
    int v = buf().getInt(base + at);
    return (littleEndian ? v : Integer.reverseBytes(v)) & 0xffff_ffffL;
  }

  final long u64(int at) {
    long v = buf().getLong(base + at);
    return littleEndian ? v : Long.reverseBytes(v);
  }

  /**
   * The encoded length of the message shown (bytes after it are not counted).
   *
   * @return the length in bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public final int length() {
    buf();
    return length;
  }
}
