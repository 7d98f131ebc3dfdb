package org.sv2j.benchmarks.buffer;

import java.util.SplittableRandom;

/**
 * The reference benchmark's data: a 5 MiB random input and message lengths of {@code 16384 −
 * uniform[0, 12000)} bytes (4,385..16,384), from fixed seeds so every implementation sees the same
 * bytes and sizes.
 */
final class Workload {
  static final int POOL_CAPACITY = 5 << 16;
  private static final int INPUT = 5 * 1024 * 1024;
  private static final int LENGTHS = 4096;

  final byte[] input = new byte[INPUT];
  private final int[] lengths = new int[LENGTHS];
  private int next;
  private int pos;

  Workload() {
    SplittableRandom r = new SplittableRandom(42);
    r.nextBytes(input);
    for (int i = 0; i < LENGTHS; i++) {
      lengths[i] = 16384 - r.nextInt(12000);
    }
  }

  int nextLength() {
    return lengths[next++ & (LENGTHS - 1)];
  }

  /** Start of the next message in the input (overlapping windows, as the reference does). */
  int nextPosition(int len) {
    pos += 4099;
    if (pos + len > input.length) {
      pos = 0;
    }
    return pos;
  }
}
