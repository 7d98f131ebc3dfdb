package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The heap buffer's hand-over of large messages and its release of grown working arrays. */
class BufferFromSystemMemoryHandOverTest {

  private static byte[] filled(int n, int tag) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) tag);
    return b;
  }

  @Test
  void aHandedOverArrayIsNeverWrittenAgain() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(16);
    byte[] big = filled(100_000, 1);
    buf.write(big, 0, big.length);
    Slice first = buf.getDataOwned(); // large and filling the array: taken without a copy
    // Later messages must land in a new array, not in the one the first slice now owns.
    for (int i = 2; i < 5; i++) {
      byte[] next = filled(i * 30_000, i);
      buf.write(next, 0, next.length);
      try (Slice s = buf.getDataOwned()) {
        assertThat(s.toByteArray()).isEqualTo(next);
      }
    }
    assertThat(first.length()).isEqualTo(big.length);
    assertThat(first.toByteArray()).isEqualTo(big);
    first.close();
  }

  @Test
  void aWorkingArrayGrownPastOneMebibyteIsNotKept() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(64);
    // Grown by a 2 MiB message that is then truncated to a small one (copied out, not handed over).
    buf.getWritable(2 << 20).put(filled(2 << 20, 7));
    buf.truncate(10);
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.toByteArray()).isEqualTo(filled(10, 7));
    }
    assertThat(buf.toString()).contains("capacity=64");
    // A small message keeps the working array it grew.
    buf.write(filled(1000, 3), 0, 1000);
    buf.getDataOwned().close();
    assertThat(buf.toString()).contains("capacity=1000");
  }

  @Test
  void reusedSlicesGetTheHandedOverArrayToo() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory();
    Slice reuse = Slice.wrap(new byte[0]);
    reuse.close();
    byte[] big = filled(70_000, 9);
    buf.write(big, 0, big.length);
    Slice s = buf.getDataOwned(reuse);
    assertThat(s).isSameAs(reuse);
    buf.write(filled(70_000, 8), 0, 70_000);
    try (Slice other = buf.getDataOwned()) {
      assertThat(other.get(0)).isEqualTo((byte) 8);
    }
    assertThat(s.toByteArray()).isEqualTo(big);
  }
}
