package org.sv2j.noise.crypto;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A small bounded pool of reusable temporaries for the coarse curve operations (an ECDH, an
 * encoding search, a verification), so that they allocate nothing in steady state without tying a
 * few kilobytes to every thread that ever ran a handshake (a per-connection virtual thread, for
 * instance). {@link #take} hands out a pooled object or a new one when all are in use; {@link
 * #give} puts it back, or drops it when the pool is full. Lock-free; an object is used by one
 * thread between take and give.
 *
 * <p>The caller wipes whatever secret the object held before giving it back.
 *
 * <p>Public only for the handshake classes of {@code org.sv2j.noise}; this package is not exported.
 *
 * @param <T> the type of the pooled objects
 */
public final class ScratchPool<T> {
  private final AtomicReferenceArray<T> slots;
  private final Supplier<T> factory;

  /**
   * A pool of at most 2 × the available processors objects (at least 4).
   *
   * @param factory makes an object when none is free
   */
  public ScratchPool(Supplier<T> factory) {
    this.factory = factory;
    this.slots =
        new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /**
   * A pooled object, or a new one if none is free.
   *
   * @return an object for the calling thread's exclusive use until {@link #give}
   */
  public T take() {
    int n = slots.length();
    int start = (int) (Thread.currentThread().getId() % n);
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) != null) {
        T t = slots.getAndSet(i, null);
        if (t != null) {
          return t;
        }
      }
    }
    return factory.get();
  }

  /**
   * Returns t to the pool (dropped if the pool is full); t must hold no secret any more.
   *
   * @param t an object from {@link #take}, not used by the caller afterwards
   */
  public void give(T t) {
    int n = slots.length();
    int start = (int) (Thread.currentThread().getId() % n);
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) == null && slots.compareAndSet(i, null, t)) {
        return;
      }
    }
  }
}
