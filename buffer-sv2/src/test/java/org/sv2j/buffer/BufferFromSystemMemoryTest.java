package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferFromSystemMemoryTest extends BufferContractTest {
  @Override
  Buffer newBuffer() {
    return new BufferFromSystemMemory(0);
  }

  @Test
  void slicesAreOwnedHeapCopies() {
    Buffer buf = newBuffer();
    buf.getWritable(2).put(new byte[] {1, 2});
    Slice s = buf.getDataOwned();
    buf.getWritable(2).put(new byte[] {3, 4});
    assertThat(s.isPooled()).isFalse();
    assertThat(s.toByteArray()).containsExactly(1, 2);
    assertThat(buf.getDataOwned().toByteArray()).containsExactly(3, 4);
  }
}
