package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Steady-state allocation of the pool, measured with the JVM's per-thread allocation counter. (Speed
 * claims live in the JMH benchmarks; this only guards the "no allocation per message" property.)
 */
class BufferPoolAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static long allocated() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void writeTakeReleaseWithReusedSliceAllocatesNothing() {
    BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
    Slice reuse = Slice.wrap(new byte[0]);
    reuse.close();
    byte[] chunk = new byte[10];
    long perMessage = -1;
    // At least 3 rounds, more (up to 12) while the JIT of a loaded machine has not settled: a real
    // per-message allocation shows in every round.
    for (int round = 0; round < 12 && (round < 3 || perMessage != 0); round++) {
      long before = allocated();
      for (int i = 0; i < 20_000; i++) {
        for (int c = 0; c < 20; c++) {
          pool.getWritable(10).put(chunk);
        }
        pool.getDataOwned(reuse).close();
      }
      perMessage = (allocated() - before) / 20_000;
    }
    assertThat(perMessage).as("bytes allocated per message").isZero();
  }

  @Test
  void writeTakeReleaseAllocatesAtMostTheSliceHandle() {
    BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
    byte[] chunk = new byte[10];
    long perMessage = Long.MAX_VALUE;
    for (int round = 0; round < 12 && (round < 3 || perMessage > 48); round++) {
      long before = allocated();
      for (int i = 0; i < 20_000; i++) {
        for (int c = 0; c < 20; c++) {
          pool.getWritable(10).put(chunk);
        }
        pool.getDataOwned().close();
      }
      perMessage = (allocated() - before) / 20_000;
    }
    assertThat(perMessage).as("bytes allocated per message").isLessThanOrEqualTo(48);
  }
}
