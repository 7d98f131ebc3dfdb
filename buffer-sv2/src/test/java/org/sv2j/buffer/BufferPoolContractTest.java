package org.sv2j.buffer;

import org.junit.jupiter.api.AfterEach;

/**
 * The {@link Buffer} contract on a pool, with the layout invariants checked after each test. The
 * subclasses pick capacities that keep the pool in the block, push it to the heap at once, or mix modes.
 */
abstract class BufferPoolContractTest extends BufferContractTest {
  private BufferPool last;

  abstract int capacity();

  @Override
  Buffer newBuffer() {
    last = new BufferPool(capacity());
    return last;
  }

  @AfterEach
  void invariantsHold() {
    if (last != null) {
      last.checkInvariants();
    }
  }
}
