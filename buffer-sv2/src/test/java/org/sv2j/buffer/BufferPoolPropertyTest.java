package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/**
 * The reference's fuzz property: random writes (0 bytes to beyond the capacity, capacities from 0 up),
 * takes and releases, with slices handed to other threads that check and close them after random delays.
 * Every slice keeps exactly its bytes until closed, and live slices never overlap.
 *
 * <p>Longer run: {@code ./mvnw -pl buffer-sv2 test -Dtest=BufferPoolPropertyTest -Dsv2j.props.factor=50}.
 */
class BufferPoolPropertyTest {
  private static final int[] CAPACITIES = {0, 1, 7, 40, 100, 1000, 4096};
  private static ScheduledExecutorService others;

  @BeforeAll
  static void start() {
    others = Executors.newScheduledThreadPool(3);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    others.shutdown();
    assertThat(others.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void slicesKeepTheirBytesAndNeverOverlap() {
    Props.forAll(60, this::oneSequence);
  }

  private void oneSequence(SplittableRandom r) throws InterruptedException {
    int capacity = CAPACITIES[r.nextInt(CAPACITIES.length)];
    BufferPool pool = new BufferPool(capacity);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    List<Slice> held = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    int pending = 0;
    int[] outstanding = {0};
    for (int step = 0; step < 150; step++) {
      int op = r.nextInt(10);
      if (op < 5) {
        int len = r.nextInt(capacity / 3 + 12);
        byte[] b = new byte[len];
        r.nextBytes(b);
        pool.getWritable(len).put(b);
        pending += len;
      } else if (op < 8) {
        byte[] whole = new byte[pool.length()];
        pool.data().get(whole);
        assertThat(whole.length).isEqualTo(pending);
        held.add(pool.getDataOwned());
        expected.add(whole);
        pending = 0;
      } else if (!held.isEmpty()) {
        int k = r.nextInt(held.size());
        Slice s = held.remove(k);
        byte[] want = expected.remove(k);
        if (r.nextBoolean()) {
          assertThat(s.toByteArray()).isEqualTo(want);
          s.close();
        } else {
          synchronized (outstanding) {
            outstanding[0]++;
          }
          long delayMicros = r.nextInt(2000);
          others.schedule(
              () -> {
                if (!Arrays.equals(s.toByteArray(), want)) {
                  failures.add("slice changed before it was closed: " + s);
                }
                s.close();
                synchronized (outstanding) {
                  outstanding[0]--;
                  outstanding.notifyAll();
                }
              },
              delayMicros,
              TimeUnit.MICROSECONDS);
        }
      }
      pool.checkInvariants();
      for (int k = 0; k < held.size(); k++) {
        assertThat(held.get(k).toByteArray()).isEqualTo(expected.get(k));
      }
    }
    synchronized (outstanding) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (outstanding[0] > 0 && System.nanoTime() < deadline) {
        outstanding.wait(100);
      }
      assertThat(outstanding[0]).as("slices still with other threads").isZero();
    }
    assertThat(failures).isEmpty();
    held.forEach(Slice::close);
    assertThat(pool.liveSlices()).isZero();
    // With everything released (and the half-written message dropped) the next message starts over.
    pool.clear();
    if (capacity >= 1) {
      pool.getWritable(1);
      assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
      assertThat(pool.getDataOwned().slot()).isEqualTo(1);
    }
  }
}
