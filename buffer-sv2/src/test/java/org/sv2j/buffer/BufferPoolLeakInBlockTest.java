package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leaks beyond BufferPoolLeakTest's single scenario: a leak noticed after the pool went back from the
 * heap into the block is reclaimed at the next message start there (BACK), a watched slice that was
 * closed properly is never counted as a leak, and the last slot (8) is watched like the others.
 */
class BufferPoolLeakInBlockTest {
  private final Logger jul = Logger.getLogger("org.sv2j.buffer");
  private Level old;
  /** Keeps the slices the test holds strongly reachable. */
  private final Slice[] kept = new Slice[BufferPool.SLOTS + 1];

  @BeforeEach
  void quiet() {
    old = jul.getLevel();
    jul.setLevel(Level.OFF); // the warning itself is BufferPoolLeakTest's subject
  }

  @AfterEach
  void restore() {
    jul.setLevel(old);
  }

  private static void awaitCollected(WeakReference<?>... refs) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      boolean all = true;
      for (WeakReference<?> r : refs) {
        all &= r.get() == null;
      }
      if (all) {
        Thread.sleep(200); // the reference handler enqueues the phantom references
        return;
      }
      System.gc();
      Thread.sleep(10);
    }
    throw new AssertionError("slices not collected");
  }

  @Test
  void aLeakIsReclaimedAtAMessageStartInTheBlockAndAClosedWatchedSliceIsNot() throws Exception {
    BufferPool pool = new BufferPool(40);
    pool.getWritable(5);
    WeakReference<Slice> leaked = new WeakReference<>(pool.getDataOwned()); // slot 1, never closed
    for (int s = 2; s <= 8; s++) {
      pool.getWritable(5);
      kept[s] = pool.getDataOwned();
    }
    pool.getWritable(5); // no room: heap, and the live slices are now watched
    pool.getDataOwned().close();
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    kept[7].close();
    kept[8].close();
    WeakReference<Slice> closedEight = new WeakReference<>(kept[8]);
    kept[7] = null;
    kept[8] = null;
    // Back into the block after slot 6; slot 7 is issued (and closed) again, slot 8 stays free.
    pool.getWritable(5);
    pool.getDataOwned().close();
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    assertThat(pool.debugState()).isEqualTo("123456-- BACK");
    awaitCollected(leaked, closedEight);
    assertThat(pool.leaksReclaimed()).isZero();
    pool.getWritable(5); // a message start in BACK, with room for the fast path: the leak is reclaimed
    assertThat(pool.leaksReclaimed()).isEqualTo(1);
    assertThat(pool.debugState()).isEqualTo("-23456-- BACK");
    Slice next = pool.getDataOwned();
    assertThat(next.slot()).isEqualTo(8);
    assertThat(pool.leaksReclaimed()).isEqualTo(1);
  }

  @Test
  void aLeakInTheLastSlotIsReclaimed() throws Exception {
    BufferPool pool = new BufferPool(40);
    for (int s = 1; s <= 7; s++) {
      pool.getWritable(5);
      kept[s] = pool.getDataOwned();
    }
    pool.getWritable(5);
    WeakReference<Slice> leaked = new WeakReference<>(pool.getDataOwned()); // slot 8, never closed
    pool.getWritable(5);
    pool.getDataOwned().close();
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    awaitCollected(leaked);
    pool.getWritable(5); // a message start on the heap
    assertThat(pool.leaksReclaimed()).isEqualTo(1);
    assertThat(pool.debugState()).startsWith("1234567-");
    for (int s = 1; s <= 7; s++) {
      assertThat(kept[s].isOpen()).isTrue();
    }
  }
}
