package org.sv2j.examples.buffer;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.buffer.Slice;

/**
 * An 8-byte pool and 1-byte messages that are kept alive: the pool moves from BACK to FRONT when its
 * first slice is released and the end is reached, then to ALLOC (heap) when nothing fits.
 */
public final class BufferPoolExhaustion {
  private BufferPoolExhaustion() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing each step; returns the pool mode after each message. */
  public static List<PoolMode> run(PrintStream out) {
    List<PoolMode> modes = new ArrayList<>();
    Deque<Slice> kept = new ArrayDeque<>();
    out.println("== buffer pool exhaustion (8 bytes, 1-byte messages) ==");
    try (BufferPool pool = new BufferPool(8)) {
      for (char c : "aaaa".toCharArray()) {
        kept.add(write(pool, c, out, modes));
      }
      kept.removeFirst().close();
      out.printf("released the first slice: %s%n", pool.debugState());
      for (char c : "bcccc".toCharArray()) {
        kept.add(write(pool, c, out, modes));
      }
      kept.add(write(pool, 'd', out, modes));
    } finally {
      kept.forEach(Slice::close);
    }
    return modes;
  }

  private static Slice write(BufferPool pool, char c, PrintStream out, List<PoolMode> modes) {
    pool.getWritable(1).put((byte) c);
    Slice s = pool.getDataOwned();
    out.printf("'%c' -> %-26s state %s%n", c, s, pool.debugState());
    modes.add(pool.mode());
    return s;
  }
}
