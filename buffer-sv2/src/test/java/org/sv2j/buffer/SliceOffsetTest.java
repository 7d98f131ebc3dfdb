package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every accessor of a pooled slice that starts inside the block (offset > 0), where an index that forgot
 * the offset reads the neighbour's bytes; and every accessor after close.
 */
class SliceOffsetTest {
  /** A pool whose second slice (offset 4) holds 10, 11, ..., 17 after a first slice of 4 bytes of 0x55. */
  private static Slice[] twoSlices() {
    BufferPool pool = new BufferPool(40);
    pool.getWritable(4).put(new byte[] {0x55, 0x55, 0x55, 0x55});
    Slice first = pool.getDataOwned();
    pool.getWritable(8).put(new byte[] {10, 11, 12, 13, 14, 15, 16, 17});
    Slice second = pool.getDataOwned();
    assertThat(second.offset()).isEqualTo(4);
    return new Slice[] {first, second};
  }

  @Test
  void accessorsHonourTheOffset() {
    Slice s = twoSlices()[1];
    assertThat(s.get(0)).isEqualTo((byte) 10);
    assertThat(s.getUnsignedByte(7)).isEqualTo(17);
    assertThat(s.getUnsignedShortLE(1)).isEqualTo(11 | 12 << 8);
    assertThat(s.getIntLE(2)).isEqualTo(12 | 13 << 8 | 14 << 16 | 15 << 24);
    assertThat(s.getIntLE(4)).isEqualTo(14 | 15 << 8 | 16 << 16 | 17 << 24);
    ByteBuffer v = s.buffer(3, 4);
    assertThat(v.remaining()).isEqualTo(4);
    assertThat(v.get(0)).isEqualTo((byte) 13);
    assertThat(v.get(3)).isEqualTo((byte) 16);
    ByteBuffer dst = ByteBuffer.allocate(6);
    s.copyTo(2, dst, 1, 3);
    assertThat(dst.array()).containsExactly(0, 12, 13, 14, 0, 0);
    ByteBuffer all = ByteBuffer.allocate(8);
    s.copyTo(all);
    assertThat(all.array()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17);
    byte[] out = new byte[4];
    s.copyTo(5, out, 1, 3);
    assertThat(out).containsExactly(0, 15, 16, 17);
    assertThat(s.toByteArray()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17);
    assertThat(s.rawLength()).isEqualTo(8);
    assertThatThrownBy(() -> s.copyTo(6, ByteBuffer.allocate(8), 0, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void everyAccessorRefusesAClosedSlice() {
    Slice[] both = twoSlices();
    Slice s = both[1];
    assertThat(s.toString()).isEqualTo("Slice[8 bytes, pooled slot 2]");
    s.close();
    assertThat(s.toString()).isEqualTo("Slice[8 bytes, pooled slot 2, closed]");
    assertThat(s.rawLength()).isEqualTo(8);
    assertThatThrownBy(() -> s.getUnsignedShortLE(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.getIntLE(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.getUnsignedByte(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.buffer(0, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.copyTo(0, ByteBuffer.allocate(1), 0, 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.copyTo(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.copyTo(ByteBuffer.allocate(8))).isInstanceOf(IllegalStateException.class);
    assertThat(both[0].get(0)).isEqualTo((byte) 0x55);
    Slice owned = Slice.wrap(new byte[] {1, 2});
    assertThat(owned.toString()).isEqualTo("Slice[2 bytes, owned]");
    assertThat(owned.slot()).isZero();
    assertThat(owned.isPooled()).isFalse();
  }
}
