package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SliceTest {
  @Test
  void closeTwiceIsHarmlessAndDoesNotReleaseANewOccupant() {
    BufferPool pool = new BufferPool(40);
    pool.getWritable(5);
    Slice first = pool.getDataOwned();
    first.close();
    first.close();
    pool.getWritable(5).put(new byte[] {1, 2, 3, 4, 5});
    Slice second = pool.getDataOwned();
    assertThat(second.slot()).isEqualTo(1);
    first.close(); // a stale handle closing again must not free slot 1 under `second`
    assertThat(pool.debugState()).isEqualTo("1------- BACK");
    assertThat(second.toByteArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void useAfterCloseThrows() {
    Slice s = Slice.wrap(new byte[] {1, 2, 3});
    s.close();
    assertThat(s.isOpen()).isFalse();
    assertThatThrownBy(() -> s.get(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::length).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::buffer).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::toByteArray).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.copyTo(ByteBuffer.allocate(3))).isInstanceOf(IllegalStateException.class);
    assertThat(s.toString()).contains("closed");
  }

  @Test
  void accessorsAndViews() {
    byte[] b = {1, 2, 3, 4, 5, 6, (byte) 0xff};
    Slice s = Slice.copyOf(b, 0, b.length);
    assertThat(s.getIntLE(0)).isEqualTo(0x04030201);
    assertThat(s.getUnsignedShortLE(4)).isEqualTo(0x0605);
    assertThat(s.getUnsignedByte(6)).isEqualTo(255);
    ByteBuffer v = s.buffer();
    assertThat(v.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(v.position()).isZero();
    assertThat(v.limit()).isEqualTo(7);
    v.put(0, (byte) 9);
    assertThat(s.get(0)).isEqualTo((byte) 9);
    byte[] out = new byte[3];
    s.copyTo(1, out, 0, 3);
    assertThat(out).containsExactly(2, 3, 4);
    assertThatThrownBy(() -> s.get(7)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> s.getIntLE(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(s.toString()).doesNotContain("9").contains("7 bytes");
  }

  @Test
  void closingOnAnotherThreadReleasesTheSlotAndTheSlotIsThenReused() throws Exception {
    BufferPool pool = new BufferPool(40);
    for (int round = 0; round < 200; round++) {
      pool.getWritable(5).put(new byte[] {(byte) round, 1, 2, 3, 4});
      Slice s = pool.getDataOwned();
      assertThat(s.slot()).isEqualTo(1);
      CountDownLatch done = new CountDownLatch(1);
      int expectedFirst = (byte) round;
      CompletableFuture<Integer> seen =
          CompletableFuture.supplyAsync(
              () -> {
                int first = s.get(0);
                s.close();
                done.countDown();
                return first;
              });
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(seen.get()).isEqualTo(expectedFirst);
      assertThat(pool.liveSlices()).isZero();
    }
  }

  @Test
  void poolCloseNeverBlocksAndLiveSlicesStayReadable() {
    BufferPool pool = new BufferPool(40);
    pool.getWritable(3).put(new byte[] {7, 8, 9});
    Slice s = pool.getDataOwned();
    pool.close();
    pool.close();
    assertThat(s.toByteArray()).containsExactly(7, 8, 9);
    s.close();
    assertThatThrownBy(() -> pool.getWritable(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(pool::getDataOwned).isInstanceOf(IllegalStateException.class);
  }
}
