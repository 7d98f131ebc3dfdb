package org.sv2j.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the pool's slot bits and of slice release, classified as the JDK's own concurrency
 * tests are: every outcome the code may produce is listed; anything else is a bug.
 */
public final class SlotStateStress {
  private SlotStateStress() {}

  /**
   * A slice's bit cleared on one thread while the pool thread sets another slot's bit: no update may be
   * lost (slots 1 and 2 live; slot 1 released; slot 3 taken).
   */
  @JCStressTest
  @Outcome(id = "96", expect = ACCEPTABLE, desc = "0x60: slot 1 released, slot 3 taken, slot 2 untouched")
  @Outcome(expect = FORBIDDEN, desc = "an update was lost or a wrong bit changed")
  @State
  public static class ReleaseVsAcquire {
    final SlotState s = new SlotState();

    public ReleaseVsAcquire() {
      s.acquire(SlotState.mask(1) | SlotState.mask(2));
    }

    @Actor
    public void closer() {
      s.release(SlotState.mask(1));
    }

    @Actor
    public void pool() {
      s.acquire(SlotState.mask(3));
    }

    @Arbiter
    public void check(I_Result r) {
      r.r1 = s.load();
    }
  }

  /**
   * Leak reclaim (the pool thread clearing an unreachable slice's slot) racing with another slice being
   * closed elsewhere: both bits must clear. (A reclaim never races with a close of the same slice: it only
   * touches slices the garbage collector found unreachable.)
   */
  @JCStressTest
  @Outcome(id = "0", expect = ACCEPTABLE, desc = "both slots free")
  @Outcome(expect = FORBIDDEN, desc = "a release was lost")
  @State
  public static class ReclaimVsClose {
    final SlotState s = new SlotState();

    public ReclaimVsClose() {
      s.acquire(SlotState.mask(4) | SlotState.mask(7));
    }

    @Actor
    public void reclaim() {
      s.release(SlotState.mask(4));
    }

    @Actor
    public void closer() {
      s.release(SlotState.mask(7));
    }

    @Arbiter
    public void check(I_Result r) {
      r.r1 = s.load();
    }
  }

  /** The same slice closed on two threads at once: its slot is released exactly once. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "slot of A freed once; B still live")
  @Outcome(expect = FORBIDDEN, desc = "double release cleared another slot, or none was released")
  @State
  public static class DoubleClose {
    final BufferPool pool = new BufferPool(64);
    final Slice a;
    final Slice b;

    public DoubleClose() {
      pool.write(new byte[8], 0, 8);
      a = pool.getDataOwned();
      pool.write(new byte[8], 0, 8);
      b = pool.getDataOwned();
    }

    @Actor
    public void first() {
      a.close();
    }

    @Actor
    public void second() {
      a.close();
    }

    @Arbiter
    public void check(I_Result r) {
      r.r1 = pool.liveSlices();
    }
  }

  /**
   * A full pool (8 slices, all 64 bytes) whose first slice is closed on another thread while the pool
   * thread writes and takes a new message. The new message either reuses the freed room (the release was
   * seen) or goes to the heap (it was not); the seven other slices must keep their bytes either way.
   * r1 = the new message is pooled; r2 = corrupted bytes in the other slices.
   */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "release seen: the new message reuses the freed slot")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "release not yet seen: the new message goes to the heap")
  @Outcome(expect = FORBIDDEN, desc = "a live slice was overwritten")
  @State
  public static class ReleaseVsGetWritable {
    final BufferPool pool = new BufferPool(64);
    final Slice[] live = new Slice[8];
    Slice fresh;

    public ReleaseVsGetWritable() {
      for (int i = 0; i < 8; i++) {
        byte[] tag = new byte[8];
        java.util.Arrays.fill(tag, (byte) (i + 1));
        pool.write(tag, 0, 8);
        live[i] = pool.getDataOwned();
      }
    }

    @Actor
    public void closer() {
      live[0].close();
    }

    @Actor
    public void pool() {
      byte[] tag = new byte[8];
      java.util.Arrays.fill(tag, (byte) 99);
      pool.write(tag, 0, 8);
      fresh = pool.getDataOwned();
    }

    @Arbiter
    public void check(II_Result r) {
      r.r1 = fresh.isPooled() ? 1 : 0;
      int bad = 0;
      for (int i = 1; i < 8; i++) {
        for (int k = 0; k < 8; k++) {
          if (live[i].get(k) != (byte) (i + 1)) {
            bad++;
          }
        }
      }
      for (int k = 0; k < 8; k++) {
        if (fresh.get(k) != 99) {
          bad++;
        }
      }
      r.r2 = bad;
    }
  }
}
