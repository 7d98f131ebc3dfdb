package org.sv2j.examples.buffer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.buffer.Slice;

/**
 * Messages of different sizes in a 32-byte pool: two fit, a 63-byte one goes to the heap, and once
 * everything is released the pool starts over at slot 1.
 */
public final class VariableSizedMessages {
  private VariableSizedMessages() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing each step; returns the pool mode after each message. */
  public static List<PoolMode> run(PrintStream out) {
    List<PoolMode> modes = new ArrayList<>();
    List<Slice> kept = new ArrayList<>();
    out.println("== variable-sized messages (32 bytes) ==");
    try (BufferPool pool = new BufferPool(32)) {
      kept.add(write(pool, "Hello", out, modes));
      kept.add(write(pool, "Java programming", out, modes));
      kept.add(write(pool, "x".repeat(63), out, modes));
      kept.forEach(Slice::close);
      kept.clear();
      out.printf("released everything: state %s%n", pool.debugState());
      kept.add(write(pool, "Hi", out, modes));
    } finally {
      kept.forEach(Slice::close);
    }
    return modes;
  }

  private static Slice write(BufferPool pool, String text, PrintStream out, List<PoolMode> modes) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    pool.getWritable(b.length).put(b);
    Slice s = pool.getDataOwned();
    out.printf("%2d bytes -> %-26s state %s%n", b.length, s, pool.debugState());
    modes.add(pool.mode());
    return s;
  }
}
