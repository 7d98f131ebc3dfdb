package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The heap buffer's thresholds at their exact values: when a message's array is handed over instead of
 * copied (64 KiB and at least half the array), when a grown array is dropped (above 1 MiB), when the
 * array grows (only when the message would not fit) and by how much (doubling, so appends stay linear).
 */
class BufferFromSystemMemoryBoundaryTest {
  private static final int HAND_OVER_MIN = 64 * 1024;

  private static byte[] filled(int len, int seed) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (seed + i * 7);
    }
    return b;
  }

  /** The working array the buffer writes into now (its shared view wraps it). */
  private static byte[] workingArray(BufferFromSystemMemory buf) {
    return buf.data().array();
  }

  @Test
  void aMessageOfExactly64KiBFillingItsArrayIsHandedOver() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(0);
    buf.write(filled(HAND_OVER_MIN, 1), 0, HAND_OVER_MIN);
    byte[] array = workingArray(buf);
    assertThat(array).hasSize(HAND_OVER_MIN);
    Slice s = buf.getDataOwned();
    assertThat(s.memory()).isSameAs(array);
    assertThat(workingArray(buf)).isNotSameAs(array);
    assertThat(s.toByteArray()).isEqualTo(filled(HAND_OVER_MIN, 1));
  }

  @Test
  void aMessageOneByteShorterThan64KiBIsCopied() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(HAND_OVER_MIN);
    buf.write(filled(HAND_OVER_MIN - 1, 2), 0, HAND_OVER_MIN - 1);
    byte[] array = workingArray(buf);
    Slice s = buf.getDataOwned();
    assertThat(s.memory()).isNotSameAs(array).hasSize(HAND_OVER_MIN - 1);
    assertThat(workingArray(buf)).isSameAs(array);
    assertThat(s.toByteArray()).isEqualTo(filled(HAND_OVER_MIN - 1, 2));
  }

  @Test
  void aMessageOfExactlyHalfItsArrayIsHandedOverAndOneByteLessIsCopied() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(4 * HAND_OVER_MIN);
    byte[] array = workingArray(buf);
    buf.write(filled(2 * HAND_OVER_MIN, 3), 0, 2 * HAND_OVER_MIN);
    Slice half = buf.getDataOwned();
    assertThat(half.memory()).isSameAs(array);

    BufferFromSystemMemory buf2 = new BufferFromSystemMemory(4 * HAND_OVER_MIN);
    byte[] array2 = workingArray(buf2);
    buf2.write(filled(2 * HAND_OVER_MIN - 1, 4), 0, 2 * HAND_OVER_MIN - 1);
    Slice less = buf2.getDataOwned();
    assertThat(less.memory()).isNotSameAs(array2).hasSize(2 * HAND_OVER_MIN - 1);
    assertThat(workingArray(buf2)).isSameAs(array2);
    assertThat(less.toByteArray()).isEqualTo(filled(2 * HAND_OVER_MIN - 1, 4));
  }

  @Test
  void anArrayOfExactlyOneMebibyteIsKeptAfterACopy() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(1 << 20);
    byte[] array = workingArray(buf);
    buf.write(filled(10, 5), 0, 10);
    buf.getDataOwned().close();
    assertThat(workingArray(buf)).isSameAs(array);
    BufferFromSystemMemory bigger = new BufferFromSystemMemory((1 << 20) + 1);
    byte[] array2 = workingArray(bigger);
    bigger.write(filled(10, 5), 0, 10);
    bigger.getDataOwned().close();
    assertThat(workingArray(bigger)).isNotSameAs(array2);
    assertThat(bigger.toString()).contains("capacity=" + ((1 << 20) + 1));
  }

  @Test
  void theArrayGrowsOnlyWhenTheMessageWouldNotFitAndThenDoubles() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(100);
    byte[] array = workingArray(buf);
    buf.write(filled(100, 6), 0, 100); // exactly full: no growth
    assertThat(workingArray(buf)).isSameAs(array);
    buf.getWritable(1).put((byte) 1); // one more: doubles
    assertThat(workingArray(buf)).hasSize(200);
    assertThat(buf.length()).isEqualTo(101);
    BufferFromSystemMemory tiny = new BufferFromSystemMemory(0);
    tiny.getWritable(1);
    assertThat(workingArray(tiny)).hasSize(64);
    tiny.getWritable(100);
    assertThat(workingArray(tiny)).hasSize(128);
  }

  @Test
  void truncateAcceptsZeroAndTheFullLengthOnly() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory(8);
    buf.write(filled(5, 7), 0, 5);
    buf.truncate(5);
    assertThat(buf.length()).isEqualTo(5);
    assertThatThrownBy(() -> buf.truncate(6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buf.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(buf.length()).isEqualTo(5);
    buf.truncate(0);
    assertThat(buf.length()).isZero();
  }
}
