package org.sv2j.benchmarks.buffer;

import java.util.HashMap;
import java.util.Map;

/**
 * A Java rendering of the reference benchmark's "PPool" control: many pre-allocated arrays kept in a hash
 * map, a stack of free ids, and a lock-protected list of ids released by consumers, drained when no id is
 * free. Each taken message is a view object over one whole array.
 */
final class PPool implements Impl {
  private static final int ARRAYS = 255;

  private final Map<Integer, byte[]> memory = new HashMap<>();
  private final int[] free = new int[ARRAYS];
  private int freeTop;
  private final Object lock = new Object();
  private final int[] toFree = new int[ARRAYS];
  private int toFreeCount;

  PPool(int capacity) {
    for (int id = 0; id < ARRAYS; id++) {
      memory.put(id, new byte[capacity]);
      free[freeTop++] = id;
    }
  }

  /** A taken message: an id and a length; releasing it hands the id back under the lock. */
  static final class View {
    final PPool owner;
    final int id;
    final int length;

    View(PPool owner, int id, int length) {
      this.owner = owner;
      this.id = id;
      this.length = length;
    }
  }

  @Override
  public Object take(byte[] input, int pos, int len) {
    int id = popFree();
    byte[] target = memory.get(id);
    for (int off = 0; off < len; off += CHUNK) {
      System.arraycopy(input, pos + off, target, off, Math.min(CHUNK, len - off));
    }
    return new View(this, id, len);
  }

  private int popFree() {
    if (freeTop == 0) {
      synchronized (lock) {
        System.arraycopy(toFree, 0, free, 0, toFreeCount);
        freeTop = toFreeCount;
        toFreeCount = 0;
      }
      if (freeTop == 0) {
        throw new IllegalStateException("PPool exhausted: every array is held");
      }
    }
    return free[--freeTop];
  }

  @Override
  public int read(Object handle) {
    View v = (View) handle;
    byte[] b = memory.get(v.id);
    int sum = 0;
    for (int i = 0; i < v.length; i += 64) {
      sum += b[i];
    }
    return sum;
  }

  @Override
  public void release(Object handle) {
    View v = (View) handle;
    synchronized (lock) {
      toFree[toFreeCount++] = v.id;
    }
  }
}
