package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The pool's edges that the mode tests do not reach: exact-fit boundaries of each placement, reuse of
 * released front slots, half-written messages moved inside FRONT, the fast path's refusals, and what a
 * closed pool still does. Found by mutation testing (TESTING.md): each test fails on a concrete defect.
 */
class BufferPoolEdgeTest {
  private static byte[] bytes(int len, int seed) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (seed * 37 + i);
    }
    return b;
  }

  private static Slice take(BufferPool pool, int len, int seed) {
    pool.getWritable(len).put(bytes(len, seed));
    Slice s = pool.getDataOwned();
    pool.checkInvariants();
    return s;
  }

  /** Eight 5-byte slices filling a 40-byte pool, slot i at offset 5(i-1). */
  private static Slice[] full(BufferPool pool) {
    Slice[] s = new Slice[BufferPool.SLOTS + 1];
    for (int i = 1; i <= BufferPool.SLOTS; i++) {
      s[i] = take(pool, 5, i);
    }
    return s;
  }

  @Test
  void releasedFrontSlotIsReusedByTheNextFrontMessageThatFitsExactly() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[1].close();
    s[2].close();
    s[3].close();
    Slice f1 = take(pool, 5, 11); // FRONT, limit 15 (slot 4's offset), cap 3
    Slice f2 = take(pool, 5, 12);
    assertThat(pool.debugState()).isEqualTo("12-45678 FRONT");
    f2.close();
    // 3 bytes go after f2's old end (10..13); 7 more do not fit below 15, so the message moves down to
    // the end of slot 1 (5) and ends exactly at the limit.
    pool.getWritable(3).put(new byte[] {1, 2, 3});
    pool.checkInvariants();
    pool.getWritable(7).put(new byte[] {4, 5, 6, 7, 8, 9, 10});
    pool.checkInvariants();
    assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    Slice m = pool.getDataOwned();
    assertThat(m.isPooled()).isTrue();
    assertThat(m.slot()).isEqualTo(2);
    assertThat(m.offset()).isEqualTo(5);
    assertThat(m.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(f1.toByteArray()).isEqualTo(bytes(5, 11));
    assertThat(s[4].toByteArray()).isEqualTo(bytes(5, 4));
    pool.checkInvariants();
  }

  @Test
  void frontMessageRestartsAtZeroWhenEveryFrontSliceWasReleased() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[1].close();
    s[2].close();
    s[3].close();
    Slice f1 = take(pool, 5, 11);
    Slice f2 = take(pool, 5, 12);
    f1.close();
    f2.close();
    assertThat(pool.debugState()).isEqualTo("---45678 FRONT");
    pool.getWritable(2).put(new byte[] {1, 2}); // at 10..12
    pool.getWritable(13).put(bytes(13, 3)); // 15 in all: moves to 0 and ends at the limit
    pool.checkInvariants();
    Slice m = pool.getDataOwned();
    assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    assertThat(m.slot()).isEqualTo(1);
    assertThat(m.offset()).isZero();
    assertThat(m.toByteArray()).startsWith(1, 2).endsWith(bytes(13, 3));
    assertThat(m.length()).isEqualTo(15);
  }

  @Test
  void frontMessageOneByteTooLongForTheReleasedRoomGoesToTheHeap() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[1].close();
    s[2].close();
    s[3].close();
    take(pool, 5, 11);
    take(pool, 5, 12).close();
    pool.getWritable(3).put(new byte[] {1, 2, 3});
    pool.getWritable(8).put(bytes(8, 5)); // 11 bytes from 5 would end at 16 > 15
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    Slice m = pool.getDataOwned();
    assertThat(m.isPooled()).isFalse();
    assertThat(m.toByteArray()).startsWith(1, 2, 3).endsWith(bytes(8, 5));
  }

  @Test
  void frontWithNoReleasedSlotAboveTheLastFrontSliceFallsBackToTheTail() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[1].close();
    s[2].close();
    take(pool, 5, 11);
    take(pool, 5, 12);
    assertThat(pool.debugState()).isEqualTo("12345678 FRONT");
    s[8].close();
    // FRONT has no slot left and no released front slot: the message goes after slot 7, exactly to the end.
    Slice m = take(pool, 5, 13);
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    assertThat(m.slot()).isEqualTo(8);
    assertThat(m.offset()).isEqualTo(35);
    assertThat(m.toByteArray()).isEqualTo(bytes(5, 13));
  }

  @Test
  void frontOutOfSlotsButNotOfBytesGoesToTheHeapInsteadOfReusingALiveSlot() {
    // Slots 1 and 2 held 10 bytes each; once released FRONT has 20 bytes but only 2 slots.
    BufferPool pool = new BufferPool(60);
    Slice[] s = new Slice[BufferPool.SLOTS + 1];
    s[1] = take(pool, 10, 1);
    s[2] = take(pool, 10, 2);
    for (int i = 3; i <= BufferPool.SLOTS; i++) {
      s[i] = take(pool, 5, i);
    }
    s[1].close();
    s[2].close();
    take(pool, 2, 11);
    take(pool, 2, 12);
    assertThat(pool.debugState()).isEqualTo("12345678 FRONT");
    Slice m = take(pool, 3, 13); // bytes would fit below 20, but no front slot is left
    assertThat(m.isPooled()).isFalse();
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    assertThat(m.toByteArray()).isEqualTo(bytes(3, 13));
    assertThat(s[3].toByteArray()).isEqualTo(bytes(5, 3));
  }

  @Test
  void tailAndHeadReclaimAcceptExactFitsAndRefuseOneByteMore() {
    // Tail: slots 1..6 live (30 bytes), 7 and 8 released: 10 bytes fit exactly after slot 6.
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    take(pool, 5, 9); // heap
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    s[7].close();
    s[8].close();
    Slice tail = take(pool, 10, 20);
    assertThat(tail.isPooled()).isTrue();
    assertThat(tail.slot()).isEqualTo(7);
    assertThat(tail.offset()).isEqualTo(30);
    tail.close();
    assertThat(take(pool, 11, 21).isPooled()).isFalse();

    // Head: slots 1 and 2 released, slot 3 starts at 10: 10 bytes fit exactly in front, 11 do not.
    BufferPool head = new BufferPool(40);
    Slice[] h = full(head);
    take(head, 5, 9);
    h[1].close();
    h[2].close();
    Slice front = take(head, 10, 22);
    assertThat(head.mode()).isEqualTo(PoolMode.FRONT);
    assertThat(front.slot()).isEqualTo(1);
    assertThat(front.offset()).isZero();
    front.close();
    BufferPool head2 = new BufferPool(40);
    Slice[] h2 = full(head2);
    take(head2, 5, 9);
    h2[1].close();
    h2[2].close();
    assertThat(take(head2, 11, 23).isPooled()).isFalse();
    assertThat(head2.mode()).isEqualTo(PoolMode.ALLOC);
  }

  @Test
  void backMessageEndingExactlyAtTheBlockEndStaysInTheBlock() {
    BufferPool pool = new BufferPool(40);
    Slice first = take(pool, 5, 1);
    pool.getWritable(30).put(bytes(30, 2));
    pool.write(bytes(5, 3), 0, 5); // ends exactly at 40
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    Slice m = pool.getDataOwned();
    assertThat(m.isPooled()).isTrue();
    assertThat(m.offset()).isEqualTo(5);
    assertThat(m.length()).isEqualTo(35);
    assertThat(first.toByteArray()).isEqualTo(bytes(5, 1));
    // One byte more, written through either entry point, leaves the block.
    m.close();
    pool.getWritable(35).put(bytes(35, 4));
    pool.write(new byte[] {9}, 0, 1);
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    Slice big = pool.getDataOwned();
    assertThat(big.length()).isEqualTo(36);
    assertThat(big.get(35)).isEqualTo((byte) 9);
    assertThat(first.toByteArray()).isEqualTo(bytes(5, 1));
  }

  @Test
  void writeAfterEveryLiveSliceIsReleasedRestartsAtZero() {
    // A message under way at offset 5 when its only neighbour is released: the next append moves it to
    // offset 0 (the fast path must not keep appending at 5 once nothing is live).
    BufferPool pool = new BufferPool(40);
    Slice first = take(pool, 5, 1);
    pool.write(new byte[] {1, 2}, 0, 2);
    first.close();
    pool.write(new byte[] {3, 4}, 0, 2);
    Slice m = pool.getDataOwned();
    assertThat(m.offset()).isZero();
    assertThat(m.slot()).isEqualTo(1);
    assertThat(m.toByteArray()).containsExactly(1, 2, 3, 4);
    pool.checkInvariants();
  }

  @Test
  void refusedNegativeLengthLeavesTheMessageUnchanged() {
    BufferPool pool = new BufferPool(40);
    pool.getWritable(2).put(new byte[] {1, 2});
    assertThatThrownBy(() -> pool.getWritable(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(pool.length()).isEqualTo(2);
    BufferPool empty = new BufferPool(40);
    assertThatThrownBy(() -> empty.getWritable(-3)).isInstanceOf(IllegalArgumentException.class);
    assertThat(empty.length()).isZero();
    assertThat(take(empty, 3, 1).toByteArray()).isEqualTo(bytes(3, 1));
  }

  @Test
  void writeOverflowingIntIsRefusedWithoutTouchingTheMessage() {
    BufferPool pool = new BufferPool(40);
    pool.getWritable(2).put(new byte[] {1, 2});
    assertThatThrownBy(() -> pool.getWritable(Integer.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
    assertThat(pool.length()).isEqualTo(2);
    ByteBuffer d = pool.data();
    assertThat(d.remaining()).isEqualTo(2);
    assertThat(d.get(d.position())).isEqualTo((byte) 1);
    assertThat(d.get(d.position() + 1)).isEqualTo((byte) 2);
  }

  @Test
  void everyBufferCallOnAClosedPoolThrowsEvenMidMessage() {
    BufferPool pool = new BufferPool(40);
    Slice live = take(pool, 4, 1);
    pool.getWritable(3).put(new byte[] {1, 2, 3}); // a message under way: the fast path would append
    pool.close();
    assertThat(pool.length()).isZero();
    assertThatThrownBy(() -> pool.getWritable(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pool.write(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::data).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::clear).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pool.truncate(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::getDataOwned).isInstanceOf(IllegalStateException.class);
    Slice reuse = Slice.wrap(new byte[0]);
    reuse.close();
    assertThatThrownBy(() -> pool.getDataOwned(reuse)).isInstanceOf(IllegalStateException.class);
    assertThat(pool.toString()).endsWith(", closed]");
    assertThat(live.toByteArray()).isEqualTo(bytes(4, 1));
    live.close();
    assertThat(pool.liveSlices()).isZero();
  }

  @Test
  void closingAPoolInAllocModeDiscardsTheHeapMessage() {
    BufferPool pool = new BufferPool(0);
    pool.getWritable(5).put(bytes(5, 1));
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    pool.close();
    assertThat(pool.length()).isZero();
    assertThatThrownBy(() -> pool.getWritable(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::data).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::clear).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aClosedPoolNoLongerKeepsItsSlicesReachable() throws InterruptedException {
    BufferPool pool = new BufferPool(40);
    @SuppressWarnings("unchecked")
    WeakReference<Slice>[] refs = new WeakReference[BufferPool.SLOTS];
    for (int i = 0; i < BufferPool.SLOTS; i++) {
      refs[i] = new WeakReference<>(take(pool, 5, i)); // every slot, the last one included
    }
    pool.close();
    for (int i = 0; i < 100 && anyAlive(refs); i++) {
      System.gc();
      Thread.sleep(10);
    }
    for (int i = 0; i < BufferPool.SLOTS; i++) {
      assertThat(refs[i].get()).as("slice of slot %d dropped by the closed pool", i + 1).isNull();
    }
  }

  private static boolean anyAlive(WeakReference<?>[] refs) {
    for (WeakReference<?> r : refs) {
      if (r.get() != null) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aFrontMessageUnderWayRestartsTheBlockWhenEverySliceIsReleased() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[1].close();
    s[2].close();
    s[3].close();
    pool.getWritable(2).put(new byte[] {1, 2}); // FRONT at offset 0, limit 15
    assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    for (int i = 4; i <= 8; i++) {
      s[i].close();
    }
    pool.getWritable(20).put(bytes(20, 9)); // nothing live: back to BACK, the whole block usable
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    Slice m = pool.getDataOwned();
    assertThat(m.slot()).isEqualTo(1);
    assertThat(m.offset()).isZero();
    assertThat(m.toByteArray()).startsWith(1, 2).endsWith(bytes(20, 9));
    for (int i = 2; i <= 8; i++) {
      assertThat(take(pool, 2, i).slot()).isEqualTo(i);
    }
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
  }

  @Test
  void aFrontMessageAtOffsetZeroRestartsInBackOnTheNextAppendOnceNothingIsLive() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[1].close();
    pool.getWritable(2).put(new byte[] {1, 2}); // FRONT at 0, limit 5
    for (int i = 2; i <= 8; i++) {
      s[i].close();
    }
    pool.write(new byte[] {3}, 0, 1); // fits below FRONT's old limit, but the pool must reset first
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    pool.write(bytes(30, 4), 0, 30);
    Slice m = pool.getDataOwned();
    assertThat(m.isPooled()).isTrue();
    assertThat(m.length()).isEqualTo(33);
  }

  @Test
  void theSharedViewsCoverExactlyTheMessage() {
    BufferPool pool = new BufferPool(40);
    take(pool, 5, 1);
    ByteBuffer w = pool.getWritable(4);
    assertThat(w.position()).isEqualTo(5);
    assertThat(w.remaining()).isEqualTo(4);
    ByteBuffer w2 = pool.getWritable(2);
    assertThat(w2.position()).isEqualTo(9);
    assertThat(w2.limit()).isEqualTo(11);
    ByteBuffer d = pool.data();
    assertThat(d.position()).isEqualTo(5);
    assertThat(d.limit()).isEqualTo(11);
    pool.clear();
    assertThat(pool.length()).isZero();
    assertThat(pool.data().remaining()).isZero();
  }

  @Test
  void emptyMessagesTakeNoSlot() {
    BufferPool pool = new BufferPool(40);
    Slice e = pool.getDataOwned();
    assertThat(e.isPooled()).isFalse();
    assertThat(e.length()).isZero();
    Slice reuse = Slice.wrap(new byte[0]);
    reuse.close();
    Slice e2 = pool.getDataOwned(reuse);
    assertThat(e2.isPooled()).isFalse();
    assertThat(e2.length()).isZero();
    assertThat(pool.liveSlices()).isZero();
    assertThat(take(pool, 1, 1).slot()).isEqualTo(1);
  }

  @Test
  void debugStateNamesLiveSlotsAndMode() {
    BufferPool pool = new BufferPool(40);
    Slice[] s = full(pool);
    s[2].close();
    s[5].close();
    assertThat(pool.debugState()).isEqualTo("1-34-678 BACK");
    assertThat(pool.liveSlices()).isEqualTo(6);
    assertThat(pool.capacity()).isEqualTo(40);
    assertThat(pool.toString()).isEqualTo("BufferPool[capacity=40, 1-34-678 BACK]");
  }
}
