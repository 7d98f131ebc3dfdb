package org.sv2j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.buffer.Slice;

/**
 * Target 6: a {@link BufferPool} driven by fuzzer-chosen writes, takes and releases, some of the releases
 * on another thread. Properties: every live slice keeps its bytes (so no two live slices overlap, and no
 * write lands in a live slice); at most 8 pooled slices are live; with every slice released the next
 * message starts the block again (mode BACK); releases from another thread are seen.
 */
class BufferPoolFuzzTest {
  private static final ExecutorService OTHER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzz-release");
    t.setDaemon(true);
    return t;
  });

  private record Live(Slice slice, byte tag, int length) {}

  @FuzzTest(maxDuration = "10m")
  void operations(FuzzedDataProvider data) throws Exception {
    int capacity = data.consumeInt(0, 2048);
    BufferPool pool = new BufferPool(capacity);
    List<Live> live = new ArrayList<>();
    List<Future<?>> pending = new ArrayList<>();
    byte tag = 1;
    int steps = 0;
    while (data.remainingBytes() > 0 && steps++ < 400) {
      switch (data.consumeInt(0, 3)) {
        case 0, 1 -> {
          // one message in one to three writes, then take it
          int parts = data.consumeInt(1, 3);
          int total = 0;
          for (int p = 0; p < parts; p++) {
            int n = data.consumeInt(0, 300);
            byte[] chunk = new byte[n];
            java.util.Arrays.fill(chunk, tag);
            if (data.consumeBoolean()) {
              pool.write(chunk, 0, n);
            } else {
              pool.getWritable(n).put(chunk);
            }
            total += n;
          }
          Slice s = pool.getDataOwned();
          live.add(new Live(s, tag, total));
          tag = (byte) (tag == 127 ? 1 : tag + 1);
        }
        case 2 -> {
          if (!live.isEmpty()) {
            Live l = live.remove(data.consumeInt(0, live.size() - 1));
            check(l);
            if (data.consumeBoolean()) {
              pending.add(OTHER.submit(l.slice()::close));
            } else {
              l.slice().close();
            }
          }
        }
        default -> {
          for (Future<?> f : pending) {
            f.get(5, TimeUnit.SECONDS);
          }
          pending.clear();
        }
      }
      for (Live l : live) {
        check(l);
      }
      long pooled = live.stream().filter(l -> l.slice().isPooled()).count();
      if (pooled > BufferPool.SLOTS) {
        throw new AssertionError(pooled + " pooled slices live");
      }
    }
    for (Future<?> f : pending) {
      f.get(5, TimeUnit.SECONDS);
    }
    for (Live l : live) {
      check(l);
      l.slice().close();
    }
    if (pool.liveSlices() != 0) {
      throw new AssertionError("slots still taken after every slice was closed: " + pool.debugState());
    }
    // With nothing live, a message that fits starts the block again.
    if (capacity >= 1) {
      pool.write(new byte[] {9}, 0, 1);
      try (Slice s = pool.getDataOwned()) {
        if (pool.mode() != PoolMode.BACK || !s.isPooled() || s.get(0) != 9) {
          throw new AssertionError("pool did not come back: " + pool.debugState());
        }
      }
    }
    pool.close();
  }

  /** Longest message: three writes of at most 300 bytes. */
  private static final int MAX_MESSAGE = 900;
  /** {@code FILLED[t]} holds MAX_MESSAGE bytes of value t: what a live slice with tag t must read as. */
  private static final byte[][] FILLED = new byte[128][MAX_MESSAGE];

  static {
    for (int t = 0; t < FILLED.length; t++) {
      java.util.Arrays.fill(FILLED[t], (byte) t);
    }
  }

  private static void check(Live l) {
    Slice s = l.slice();
    if (s.length() != l.length()) {
      throw new AssertionError("slice length " + s.length() + " != " + l.length());
    }
    // One bulk comparison per slice: the check runs for every live slice after every step, and a
    // per-byte get() through instrumented code made it most of each execution's time.
    int at = java.nio.ByteBuffer.wrap(FILLED[l.tag()], 0, l.length()).mismatch(s.buffer());
    if (at >= 0) {
      throw new AssertionError("live slice overwritten at " + at + " (tag " + l.tag() + ", found " + s.get(at) + ")");
    }
  }
}
