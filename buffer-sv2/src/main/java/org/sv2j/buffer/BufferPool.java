package org.sv2j.buffer;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A {@link Buffer} over one pre-allocated block of {@code capacity} bytes that hands out at most eight
 * live {@link Slice}s at a time, so that decoding does not allocate per message.
 *
 * <p>Each finished message becomes a pooled slice that owns one of eight numbered slots; slot {@code i}
 * is one bit of a single atomic ({@code 0x80 >>> (i - 1)}), set by the pool and cleared by {@link
 * Slice#close()} from any thread. The pool places the next message in one of three {@linkplain PoolMode
 * modes}:
 *
 * <ul>
 *   <li>{@link PoolMode#BACK}: after the last live slice. When every slice has been released the pool
 *       resets: the next message starts at offset 0 in slot 1, so write-take-close loops reuse the same
 *       bytes forever.
 *   <li>{@link PoolMode#FRONT}: when the end of the block (or the last slot) is reached but the first
 *       slices were released, the message goes to the start of the block, below the first live slice.
 *   <li>{@link PoolMode#ALLOC}: when neither fits, the message goes to heap memory and its slice is an
 *       owned one. At the start of each later message the pool tries to return (reclaiming released
 *       slices at the end, or at the start, of the block), and a half-written heap message moves back
 *       into the block when all slices are released.
 * </ul>
 *
 * This is the observable behaviour of the Rust reference's pool, without its known defects: free space
 * is always derived from the slots that are actually live, so no two live slices ever share a byte and a
 * live slice's bytes never change until it is closed; a message half-written when the mode changes is
 * carried over byte for byte.
 *
 * <h2>Ownership and threads</h2>
 *
 * The pool has a single owner thread that calls every {@link Buffer} method. Slices belong to their
 * holders and may be read and closed on any thread ({@link Slice}). {@link #close()} never blocks: the
 * pool stops handing out memory, and slices still alive stay readable (the block is ordinary heap memory
 * that lives as long as any slice references it).
 *
 * <h2>Leaked slices</h2>
 *
 * A pooled slice that becomes unreachable without being closed would pin its slot. The pool keeps a
 * strong reference to each live slice while it has room, which costs nothing per message; when it runs
 * out of room (it is about to fall back to {@link PoolMode#ALLOC}) it swaps those for phantom references,
 * and once the garbage collector finds a slice unreachable the pool reclaims its slot at the start of a
 * later message and logs a {@code WARNING} on the {@link System.Logger} named {@code org.sv2j.buffer}.
 * With detailed tracking ({@code -Dorg.sv2j.buffer.leakTracking=detailed}, or the constructor flag) each
 * pooled slice records where it was created and the warning carries that stack trace; this costs one
 * stack capture per message and is meant for debugging.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Holding slices is what drives the pool out of its block: a consumer that keeps eight messages
 *       alive sends every further message to the heap (still correct, no longer allocation-free).
 *   <li>The views returned by {@link #getWritable(int)} and {@link #data()} are one shared object whose
 *       position and limit are set per call; use {@code position()}/{@code remaining()}, not index 0.
 * </ul>
 */
public final class BufferPool implements Buffer, AutoCloseable {
  /** Number of slots, as in the reference. */
  public static final int SLOTS = 8;

  /** Capacity of the reference's decoder pools: 2^16 × 5 bytes. */
  public static final int DEFAULT_CAPACITY = 5 << 16;

  private static final System.Logger LOGGER = System.getLogger("org.sv2j.buffer");
  private static final boolean DETAILED_BY_DEFAULT =
      "detailed".equalsIgnoreCase(System.getProperty("org.sv2j.buffer.leakTracking", ""));

  private final byte[] block;
  private final ByteBuffer view;
  private final SlotState slots = new SlotState();
  private final boolean detailedLeakTracking;

  // Slot tables, indexed by slot number 1..8. Entries of free slots are stale and never read.
  private final int[] slotOffset = new int[SLOTS + 1];
  private final int[] slotLength = new int[SLOTS + 1];
  private final int[] generation = new int[SLOTS + 1];
  private final Slice[] holders = new Slice[SLOTS + 1];
  private final LeakRef[] leakRefs = new LeakRef[SLOTS + 1];
  private final Throwable[] creation;
  private final ReferenceQueue<Slice> leakQueue = new ReferenceQueue<>();

  private final BufferFromSystemMemory heap = new BufferFromSystemMemory(0);

  private PoolMode mode = PoolMode.BACK;
  /** Start and length of the message being written (BACK and FRONT modes). */
  private int rawOffset;

  private int rawLen;
  /** Slot number the message being written will get; may be 9 when BACK has used every slot. */
  private int nextSlot = 1;
  /** Highest slot number this mode may issue (8 in BACK; below the first live back slice in FRONT). */
  private int slotCap = SLOTS;
  /** End (exclusive) of the byte range this mode may write (capacity in BACK). */
  private int limit;

  private long leaksReclaimed;
  private boolean closed;

  /**
   * A pool of {@code capacity} bytes (0 is allowed: every non-empty message then goes to the heap).
   *
   * @param capacity size of the pre-allocated block in bytes, {@code >= 0}
   */
  public BufferPool(int capacity) {
    this(capacity, DETAILED_BY_DEFAULT);
  }

  /**
   * A pool of {@code capacity} bytes; with {@code detailedLeakTracking} every pooled slice records where
   * it was created, for the leak warning.
   *
   * @param capacity size of the pre-allocated block in bytes, {@code >= 0}
   * @param detailedLeakTracking whether pooled slices record their creation stack for the leak warning
   */
  public BufferPool(int capacity, boolean detailedLeakTracking) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity < 0: " + capacity);
    }
    this.block = new byte[capacity];
    this.view = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    this.limit = capacity;
    this.detailedLeakTracking = detailedLeakTracking;
    this.creation = detailedLeakTracking ? new Throwable[SLOTS + 1] : null;
  }

  /**
   * Size of the pre-allocated block.
   *
   * @return the block's size in bytes
   */
  public int capacity() {
    return block.length;
  }

  /**
   * Where the next bytes go (see {@link PoolMode}).
   *
   * @return the current mode
   */
  public PoolMode mode() {
    return mode;
  }

  /**
   * Number of pooled slices handed out and not yet closed (or reclaimed).
   *
   * @return the number of live pooled slices, 0 to 8
   */
  public int liveSlices() {
    return Integer.bitCount(slots.load());
  }

  /**
   * Number of leaked slices whose slots this pool has reclaimed so far.
   *
   * @return the number of reclaimed leaked slices
   */
  public long leaksReclaimed() {
    return leaksReclaimed;
  }

  /**
   * The slot map and mode, for logs and tests: eight characters, the slot number for a live slot and
   * {@code '-'} for a free one, then a space and the mode, e.g. {@code "12345678 BACK"} (every slot live)
   * or {@code "--345678 FRONT"}.
   *
   * @return the slot map and the mode, e.g. {@code "--345678 FRONT"}
   */
  public String debugState() {
    int bits = slots.load();
    char[] c = new char[SLOTS];
    for (int s = 1; s <= SLOTS; s++) {
      c[s - 1] = (bits & SlotState.mask(s)) != 0 ? (char) ('0' + s) : '-';
    }
    return new String(c) + " " + mode;
  }

  @Override
  public ByteBuffer getWritable(int len) {
    // Fast path: appending to a message already under way in the block, with room left and no reset
    // due (some slice is live, or the message already starts the block in BACK). Decoders and the
    // reference's benchmark make most calls here.
    int start = fastAppend(len);
    if (start >= 0) {
      view.limit(start + len).position(start);
      return view;
    }
    return getWritableSlow(len);
  }

  /**
   * Appends {@code len} bytes to a message already under way in the block when there is room and no
   * reset is due (some slice is live, or the message already starts the block in BACK), returning
   * where they start; -1 sends the caller to the general path.
   */
  private int fastAppend(int len) {
    if (rawLen != 0 && len >= 0 && nextSlot <= slotCap && mode != PoolMode.ALLOC) {
      int start = rawOffset + rawLen;
      int end = start + len;
      if (end <= limit && end >= 0 && ((rawOffset == 0 && mode == PoolMode.BACK) || slots.load() != 0)) {
        rawLen += len;
        return start;
      }
    }
    return -1;
  }

  @Override
  public void write(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    int start = fastAppend(len);
    if (start >= 0) {
      System.arraycopy(src, off, block, start, len);
    } else {
      getWritableSlow(len).put(src, off, len);
    }
  }

  private ByteBuffer getWritableSlow(int len) {
    checkUsable();
    if (len < 0) {
      throw new IllegalArgumentException("len < 0: " + len);
    }
    boolean atMessageStart = mode == PoolMode.ALLOC ? heap.length() == 0 : rawLen == 0;
    if (atMessageStart) {
      pollLeaks();
    }
    int bits = slots.load();
    if (bits == 0) {
      resetIfUseful(len);
    }
    if (mode == PoolMode.ALLOC) {
      if (heap.length() == 0 && leaveAlloc(len)) {
        return append(len);
      }
      return heap.getWritable(len);
    }
    if (fits(len) || relocate(len)) {
      return append(len);
    }
    return heap.getWritable(len);
  }

  @Override
  public Slice getDataOwned() {
    checkUsable();
    if (mode == PoolMode.ALLOC) {
      return heap.getDataOwned();
    }
    if (rawLen == 0) {
      return Slice.owned(Slice.NO_BYTES, 0);
    }
    int slot = issueSlot();
    Slice s = Slice.pooled(block, slotOffset[slot], slotLength[slot], slots, SlotState.mask(slot));
    holders[slot] = s;
    return s;
  }

  @Override
  public Slice getDataOwned(Slice reuse) {
    checkUsable();
    if (reuse.isOpen()) {
      throw new IllegalArgumentException("a slice can only be reused once it is closed");
    }
    if (mode == PoolMode.ALLOC) {
      return heap.getDataOwned(reuse);
    }
    if (rawLen == 0) {
      return reuse.rearm(Slice.NO_BYTES, 0, 0, null, 0);
    }
    int slot = issueSlot();
    reuse.rearm(block, slotOffset[slot], slotLength[slot], slots, SlotState.mask(slot));
    holders[slot] = reuse;
    return reuse;
  }

  @Override
  public int length() {
    return mode == PoolMode.ALLOC ? heap.length() : rawLen;
  }

  @Override
  public ByteBuffer data() {
    checkUsable();
    if (mode == PoolMode.ALLOC) {
      return heap.data();
    }
    view.limit(rawOffset + rawLen).position(rawOffset);
    return view;
  }

  @Override
  public void truncate(int newLength) {
    checkUsable();
    if (mode == PoolMode.ALLOC) {
      heap.truncate(newLength);
      return;
    }
    if (newLength < 0 || newLength > rawLen) {
      throw new IllegalArgumentException("newLength " + newLength + " outside [0, " + rawLen + "]");
    }
    rawLen = newLength;
  }

  @Override
  public void clear() {
    checkUsable();
    if (mode == PoolMode.ALLOC) {
      heap.clear();
    } else {
      rawLen = 0;
    }
  }

  /**
   * Stops handing out memory; never blocks. Slices still alive stay readable and may be closed later;
   * any further {@link Buffer} call on this pool throws {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    slotCap = 0; // keeps every later call off the fast path, so it reaches the closed check
    rawLen = 0;
    heap.clear();
    for (int s = 1; s <= SLOTS; s++) {
      holders[s] = null;
      leakRefs[s] = null;
    }
  }

  @Override
  public String toString() {
    return "BufferPool[capacity=" + block.length + ", " + debugState() + (closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------------
  // Placement

  private boolean fits(int len) {
    return nextSlot <= slotCap && (long) rawOffset + rawLen + len <= limit;
  }

  private ByteBuffer append(int len) {
    int start = rawOffset + rawLen;
    rawLen += len;
    view.limit(start + len).position(start);
    return view;
  }

  /** The current message (BACK or FRONT) has no room for {@code len} more bytes: find room or go to heap. */
  private boolean relocate(int len) {
    long need = (long) rawLen + len;
    if (mode == PoolMode.FRONT) {
      if (reclaimFrontTail(need) || reclaimTail(need)) {
        return true;
      }
    } else if (reclaimHead(need) || reclaimTail(need)) {
      return true;
    }
    toAlloc();
    return false;
  }

  /** In ALLOC at the start of a message: return to the block if released slices left room. */
  private boolean leaveAlloc(int len) {
    return reclaimTail(len) || reclaimHead(len);
  }

  /** Continue in BACK right after the highest live slot, reusing the released slots above it. */
  private boolean reclaimTail(long need) {
    int bits = slots.load();
    if (bits == 0) {
      return false;
    }
    int lastLive = SLOTS - Integer.numberOfTrailingZeros(bits);
    if (lastLive == SLOTS) {
      return false;
    }
    int end = slotOffset[lastLive] + slotLength[lastLive];
    if (end + need > block.length) {
      return false;
    }
    moveMessageTo(end);
    mode = PoolMode.BACK;
    nextSlot = lastLive + 1;
    slotCap = SLOTS;
    limit = block.length;
    return true;
  }

  /** Go to FRONT: start of the block, below the first live slice, in the slots released before it. */
  private boolean reclaimHead(long need) {
    int bits = slots.load();
    int freeHead = Integer.numberOfLeadingZeros(bits) - (Integer.SIZE - SLOTS);
    if (freeHead == 0 || freeHead >= SLOTS) {
      return false;
    }
    int boundary = slotOffset[freeHead + 1];
    if (need > boundary) {
      return false;
    }
    moveMessageTo(0);
    mode = PoolMode.FRONT;
    nextSlot = 1;
    slotCap = freeHead;
    limit = boundary;
    return true;
  }

  /** In FRONT: continue after the highest live front slice, reusing released front slots above it. */
  private boolean reclaimFrontTail(long need) {
    int bits = slots.load();
    int lastLiveFront = 0;
    for (int s = nextSlot - 1; s >= 1; s--) {
      if ((bits & SlotState.mask(s)) != 0) {
        lastLiveFront = s;
        break;
      }
    }
    if (lastLiveFront == nextSlot - 1) {
      return false;
    }
    int start = lastLiveFront == 0 ? 0 : slotOffset[lastLiveFront] + slotLength[lastLiveFront];
    if (start + need > limit) {
      return false;
    }
    moveMessageTo(start);
    nextSlot = lastLiveFront + 1;
    return true;
  }

  /** Moves the half-written message (in the block or on the heap) to {@code offset} in the block. */
  private void moveMessageTo(int offset) {
    if (mode == PoolMode.ALLOC) {
      int n = heap.length();
      heap.copyCurrentTo(block, offset);
      heap.clear();
      rawLen = n;
    } else if (rawOffset != offset && rawLen > 0) {
      System.arraycopy(block, rawOffset, block, offset, rawLen);
    }
    rawOffset = offset;
  }

  /** Nothing fits in the block: copy the half-written message to the heap and stay there for now. */
  private void toAlloc() {
    heap.clear();
    if (rawLen > 0) {
      heap.append(block, rawOffset, rawLen);
    }
    rawLen = 0;
    mode = PoolMode.ALLOC;
    watchLiveSlicesForLeaks();
  }

  /**
   * Called when no slice is live. In BACK at offset 0 there is nothing to do; otherwise start over at
   * offset 0 in BACK, carrying a half-written message along (a heap message only if it will fit).
   */
  private void resetIfUseful(int len) {
    if (mode == PoolMode.ALLOC) {
      if ((long) heap.length() + len > block.length) {
        return;
      }
    } else if (mode == PoolMode.BACK && rawOffset == 0) {
      return;
    }
    moveMessageTo(0);
    mode = PoolMode.BACK;
    nextSlot = 1;
    slotCap = SLOTS;
    limit = block.length;
    for (int s = 1; s <= SLOTS; s++) {
      holders[s] = null;
      leakRefs[s] = null;
    }
  }

  private int issueSlot() {
    int slot = nextSlot;
    slotOffset[slot] = rawOffset;
    slotLength[slot] = rawLen;
    generation[slot]++;
    leakRefs[slot] = null;
    if (creation != null) {
      creation[slot] = new Throwable("pooled slice created here");
    }
    slots.acquire(SlotState.mask(slot));
    rawOffset += rawLen;
    rawLen = 0;
    nextSlot++;
    return slot;
  }

  // ---------------------------------------------------------------------------------------------------
  // Leak detection

  /** Under pressure: swap strong references to live slices for phantom ones, so leaks become visible. */
  private void watchLiveSlicesForLeaks() {
    int bits = slots.load();
    for (int s = 1; s <= SLOTS; s++) {
      Slice holder = holders[s];
      if (holder != null && (bits & SlotState.mask(s)) != 0) {
        leakRefs[s] = new LeakRef(holder, leakQueue, s, generation[s]);
      }
      holders[s] = null;
    }
  }

  private void pollLeaks() {
    Reference<? extends Slice> ref;
    while ((ref = leakQueue.poll()) != null) {
      LeakRef leak = (LeakRef) ref;
      int s = leak.slot;
      int mask = SlotState.mask(s);
      if (leakRefs[s] == leak && generation[s] == leak.generation && (slots.load() & mask) != 0) {
        leakRefs[s] = null;
        slots.release(mask);
        leaksReclaimed++;
        report(s);
      }
    }
  }

  private void report(int slot) {
    String msg =
        "BufferPool(capacity="
            + block.length
            + "): a pooled slice of "
            + slotLength[slot]
            + " bytes in slot "
            + slot
            + " was never closed and became unreachable; its slot was reclaimed."
            + (detailedLeakTracking
                ? " Creation site attached."
                : " Run with -Dorg.sv2j.buffer.leakTracking=detailed to see where it was created.");
    Throwable where = creation != null ? creation[slot] : null;
    if (where != null) {
      LOGGER.log(System.Logger.Level.WARNING, msg, where);
    } else {
      LOGGER.log(System.Logger.Level.WARNING, msg);
    }
  }

  private static final class LeakRef extends PhantomReference<Slice> {
    final int slot;
    final int generation;

    LeakRef(Slice referent, ReferenceQueue<Slice> q, int slot, int generation) {
      super(referent, q);
      this.slot = slot;
      this.generation = generation;
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Checks

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("buffer pool is closed");
    }
  }

  /**
   * Verifies the layout invariants (for tests): live slices lie inside the block, in slot order, without
   * overlapping each other or the message being written. Releases by other threads only remove slices,
   * so a check that passes stays true.
   *
   * @throws AssertionError describing the first violation
   */
  void checkInvariants() {
    int bits = slots.load();
    int prevEnd = 0;
    int prevSlot = 0;
    for (int s = 1; s <= SLOTS; s++) {
      if ((bits & SlotState.mask(s)) == 0) {
        continue;
      }
      int off = slotOffset[s];
      int end = off + slotLength[s];
      if (off < 0 || end > block.length || slotLength[s] <= 0) {
        throw new AssertionError("slot " + s + " [" + off + ", " + end + ") outside the block");
      }
      if (off < prevEnd) {
        throw new AssertionError("slot " + s + " overlaps slot " + prevSlot + ": " + debugState());
      }
      if (mode != PoolMode.ALLOC && rawLen > 0 && rawOffset < end && off < rawOffset + rawLen) {
        throw new AssertionError("pending message overlaps live slot " + s + ": " + debugState());
      }
      prevEnd = end;
      prevSlot = s;
    }
    if (mode != PoolMode.ALLOC && (rawOffset < 0 || rawOffset + rawLen > block.length)) {
      throw new AssertionError("pending message outside the block");
    }
  }
}
