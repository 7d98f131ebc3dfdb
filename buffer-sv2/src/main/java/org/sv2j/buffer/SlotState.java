package org.sv2j.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The live-slot bits of one pool: slot 1 is {@code 0x80} ... slot 8 is {@code 0x01}, as in the
 * reference. The pool thread sets bits; any thread clears its own slice's bit when it closes it.
 */
final class SlotState {
  private static final VarHandle BITS;

  static {
    try {
      BITS = MethodHandles.lookup().findVarHandle(SlotState.class, "bits", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through BITS
  private volatile int bits;

  static int mask(int slot) {
    return 0x80 >>> (slot - 1);
  }

  /** Current bits with acquire ordering: the releasing threads' accesses happen-before what follows. */
  int load() {
    return (int) BITS.getAcquire(this);
  }

  void acquire(int mask) {
    BITS.getAndBitwiseOr(this, mask);
  }

  void release(int mask) {
    BITS.getAndBitwiseAndRelease(this, ~mask);
  }
}
