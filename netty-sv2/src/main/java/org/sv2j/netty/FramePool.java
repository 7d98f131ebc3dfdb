package org.sv2j.netty;

import io.netty.util.concurrent.FastThreadLocal;
import org.sv2j.buffer.BufferPool;

/**
 * The memory decoded frames live in: one buffer-sv2 {@link BufferPool} per thread that decodes (in a
 * server, per event-loop thread), shared by every connection of that thread. A decoder fills it with one
 * whole frame at a time (partial frames wait in Netty's cumulation buffer), so connections never hold pool
 * space while idle, and closing a frame gives its slot back from any thread.
 */
final class FramePool {
  private static final FastThreadLocal<BufferPool> POOL =
      new FastThreadLocal<>() {
        @Override
        protected BufferPool initialValue() {
          return new BufferPool(BufferPool.DEFAULT_CAPACITY);
        }
      };

  private FramePool() {}

  /** Live slices of this thread's pool, 0 if the thread never decoded (no pool is created for it). */
  static int liveSlicesIfAny() {
    return POOL.isSet() ? POOL.get().liveSlices() : 0;
  }

  /** This thread's pool. */
  static BufferPool current() {
    return POOL.get();
  }
}
