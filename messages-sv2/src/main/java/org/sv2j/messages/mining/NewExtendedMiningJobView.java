package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.U256;

/**
 * A re-armable, read-only flyweight over an encoded {@link NewExtendedMiningJob}: the hot-path alternative to
 * {@link NewExtendedMiningJob#decode} that reads each field straight from the payload, allocating nothing (in the
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
public final class NewExtendedMiningJobView extends MiningView {
  private int minNtimeEnd;
  private int merklePathEnd;
  private int coinbaseTxPrefixEnd;
  private int coinbaseTxSuffixEnd;

  /** A view showing nothing yet: {@link #wrap} it before reading. */
  public NewExtendedMiningJobView() {
    super(NewExtendedMiningJob.NAME);
  }

  /**
   * Shows the NewExtendedMiningJob at {@code payload}'s position (its position and limit do not move; bytes after the
   * message, such as TLV fields, are allowed, as the reference's decoder allows them).
   *
   * @param payload the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message (the view then shows
   *     nothing)
   */
  public NewExtendedMiningJobView wrap(ByteBuffer payload) {
    return wrap(payload, payload.position(), payload.remaining());
  }

  /**
   * Shows the NewExtendedMiningJob in {@code buffer[offset, offset + available)}, read with absolute gets.
   *
   * @param buffer the bytes
   * @param offset where the message starts
   * @param available how many bytes from there belong to the payload
   * @return this view
   * @throws MessageException naming the field if the bytes do not hold the message
   * @throws IndexOutOfBoundsException if the range is outside the buffer
   */
  public NewExtendedMiningJobView wrap(ByteBuffer buffer, int offset, int available) {
    java.util.Objects.checkFromIndexSize(offset, available, buffer.limit());
    unwrap();
    need(available, 4, "channel_id");
    need(available, 4 + 4, "job_id");
    need(available, 4 + 4 + 1, "min_ntime");
    int minNtimeFlag = buffer.get(offset + 4 + 4) & 0xff;
    if (minNtimeFlag > 1) {
      throw new MessageException(NewExtendedMiningJob.NAME, "min_ntime", MessageException.Kind.INVALID_OPTION, "OPTION presence byte " + minNtimeFlag);
    }
    int minNtimeE = 4 + 4 + 1 + 4 * minNtimeFlag;
    need(available, minNtimeE, "min_ntime");
    need(available, minNtimeE + 4, "version");
    need(available, minNtimeE + 4 + 1, "version_rolling_allowed");
    need(available, minNtimeE + 4 + 1 + 1, "merkle_path");
    int merklePathCount = buffer.get(offset + minNtimeE + 4 + 1) & 0xff;
    int merklePathE = minNtimeE + 4 + 1 + 1 + 32 * merklePathCount;
    need(available, merklePathE, "merkle_path");
    need(available, merklePathE + 2, "coinbase_tx_prefix");
    int coinbaseTxPrefixLen = (buffer.get(offset + merklePathE) & 0xff) | (buffer.get(offset + merklePathE + 1) & 0xff) << 8;
    int coinbaseTxPrefixE = merklePathE + 2 + coinbaseTxPrefixLen;
    need(available, coinbaseTxPrefixE, "coinbase_tx_prefix");
    need(available, coinbaseTxPrefixE + 2, "coinbase_tx_suffix");
    int coinbaseTxSuffixLen = (buffer.get(offset + coinbaseTxPrefixE) & 0xff) | (buffer.get(offset + coinbaseTxPrefixE + 1) & 0xff) << 8;
    int coinbaseTxSuffixE = coinbaseTxPrefixE + 2 + coinbaseTxSuffixLen;
    need(available, coinbaseTxSuffixE, "coinbase_tx_suffix");
    this.minNtimeEnd = minNtimeE;
    this.merklePathEnd = merklePathE;
    this.coinbaseTxPrefixEnd = coinbaseTxPrefixE;
    this.coinbaseTxSuffixEnd = coinbaseTxSuffixE;
    show(buffer, offset, coinbaseTxSuffixE);
    return this;
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
   * The {@code version_rolling_allowed} field (BOOL; as the reference, the low bit of its byte).
   *
   * @return the value
   * @throws IllegalStateException if the view is not wrapped
   */
  public boolean versionRollingAllowed() {
    return (buf().get(base + minNtimeEnd + 4) & 1) != 0;
  }

  /**
   * The number of entries of the {@code merkle_path} field (SEQ0_255&#91;U256&#93;).
   *
   * @return 0 to 255
   * @throws IllegalStateException if the view is not wrapped
   */
  public int merklePathSize() {
    return buf().get(base + minNtimeEnd + 4 + 1) & 0xff;
  }

  /**
   * One 64-bit word of one entry of the {@code merkle_path} field, without allocating.
   *
   * @param index the entry, 0 to its size − 1
   * @param word 0 to 3, as {@link U256#word(int)}
   * @return the word
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException for an entry or word outside the field
   */
  public long merklePathWord(int index, int word) {
    java.util.Objects.checkIndex(index, merklePathSize());
    java.util.Objects.checkIndex(word, 4);
    return u64(minNtimeEnd + 4 + 1 + 1 + 32 * index + 8 * word);
  }

  /**
   * Copies the 32 bytes of one entry of the {@code merkle_path} field into {@code dst[off, off + 32)}.
   *
   * @param index the entry
   * @param dst the destination
   * @param off where to write
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException for an entry outside the field, or if 32 bytes do not fit
   */
  public void copyMerklePathTo(int index, byte[] dst, int off) {
    java.util.Objects.checkIndex(index, merklePathSize());
    java.util.Objects.checkFromIndexSize(off, 32, dst.length);
    buffer.get(base + minNtimeEnd + 4 + 1 + 1 + 32 * index, dst, off, 32);
  }

  /**
   * The {@code merkle_path} field as values (allocates them).
   *
   * @return an unmodifiable list
   * @throws IllegalStateException if the view is not wrapped
   */
  public List<U256> merklePath() {
    int n = merklePathSize();
    List<U256> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new U256(merklePathWord(i, 0), merklePathWord(i, 1), merklePathWord(i, 2), merklePathWord(i, 3)));
    }
    return List.copyOf(out);
  }

  /**
   * The length of the {@code coinbase_tx_prefix} field (B0_64K).
   *
   * @return 0 to 65535
   * @throws IllegalStateException if the view is not wrapped
   */
  public int coinbaseTxPrefixLength() {
    ByteBuffer b = buf();
    return (b.get(base + merklePathEnd) & 0xff) | (b.get(base + merklePathEnd + 1) & 0xff) << 8;
  }

  /**
   * Copies the {@code coinbase_tx_prefix} field into {@code dst} at {@code off} without allocating.
   *
   * @param dst the destination
   * @param off where to write
   * @return the number of bytes copied
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException if they do not fit
   */
  public int copyCoinbaseTxPrefixTo(byte[] dst, int off) {
    int n = coinbaseTxPrefixLength();
    java.util.Objects.checkFromIndexSize(off, n, dst.length);
    buffer.get(base + merklePathEnd + 2, dst, off, n);
    return n;
  }

  /**
   * The {@code coinbase_tx_prefix} field as a value (allocates a copy).
   *
   * @return the bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public Bytes coinbaseTxPrefix() {
    byte[] b = new byte[coinbaseTxPrefixLength()];
    copyCoinbaseTxPrefixTo(b, 0);
    return Bytes.of(b);
  }

  /**
   * The length of the {@code coinbase_tx_suffix} field (B0_64K).
   *
   * @return 0 to 65535
   * @throws IllegalStateException if the view is not wrapped
   */
  public int coinbaseTxSuffixLength() {
    ByteBuffer b = buf();
    return (b.get(base + coinbaseTxPrefixEnd) & 0xff) | (b.get(base + coinbaseTxPrefixEnd + 1) & 0xff) << 8;
  }

  /**
   * Copies the {@code coinbase_tx_suffix} field into {@code dst} at {@code off} without allocating.
   *
   * @param dst the destination
   * @param off where to write
   * @return the number of bytes copied
   * @throws IllegalStateException if the view is not wrapped
   * @throws IndexOutOfBoundsException if they do not fit
   */
  public int copyCoinbaseTxSuffixTo(byte[] dst, int off) {
    int n = coinbaseTxSuffixLength();
    java.util.Objects.checkFromIndexSize(off, n, dst.length);
    buffer.get(base + coinbaseTxPrefixEnd + 2, dst, off, n);
    return n;
  }

  /**
   * The {@code coinbase_tx_suffix} field as a value (allocates a copy).
   *
   * @return the bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public Bytes coinbaseTxSuffix() {
    byte[] b = new byte[coinbaseTxSuffixLength()];
    copyCoinbaseTxSuffixTo(b, 0);
    return Bytes.of(b);
  }

  /**
   * The message as a record (allocates it and its fields).
   *
   * @return the record, equal to what {@code decode} gives for the same bytes
   * @throws IllegalStateException if the view is not wrapped
   */
  public NewExtendedMiningJob toMessage() {
    return new NewExtendedMiningJob(channelId(), jobId(), minNtime(), version(), versionRollingAllowed(), merklePath(), coinbaseTxPrefix(), coinbaseTxSuffix());
  }

  /**
   * The message as the record prints it, or a note that the view is not wrapped.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return buffer == null ? "NewExtendedMiningJobView[not wrapped]" : toMessage().toString();
  }
}
