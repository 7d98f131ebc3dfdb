package org.sv2j.examples.buffer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.buffer.Slice;

/** Basic use of a pool: write a message, look at it, take it as a slice, release it. */
public final class BasicBufferPool {
  private BasicBufferPool() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing each step; returns the pool mode after each step. */
  public static List<PoolMode> run(PrintStream out) {
    List<PoolMode> modes = new ArrayList<>();
    out.println("== basic buffer pool (32 bytes) ==");
    try (BufferPool pool = new BufferPool(32)) {
      byte[] message = "Ciao, mundo!".getBytes(StandardCharsets.US_ASCII);
      pool.getWritable(message.length).put(message);
      out.printf("wrote %d bytes, pool length %d, state %s%n", message.length, pool.length(), pool.debugState());
      modes.add(pool.mode());
      try (Slice slice = pool.getDataOwned()) {
        out.printf(
            "took slice %s: \"%s\"; pool length now %d, state %s%n",
            slice,
            new String(slice.toByteArray(), StandardCharsets.US_ASCII),
            pool.length(),
            pool.debugState());
        modes.add(pool.mode());
      }
      out.printf("released the slice: state %s%n", pool.debugState());
      modes.add(pool.mode());
    }
    return modes;
  }
}
