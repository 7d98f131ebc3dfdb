package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link Buffer} contract, run against every implementation (one subclass each, Agrona style).
 * Subclasses say how to make a fresh buffer.
 */
abstract class BufferContractTest {
  abstract Buffer newBuffer();

  static byte[] fill(ByteBuffer view, SplittableRandom r) {
    byte[] b = new byte[view.remaining()];
    r.nextBytes(b);
    view.put(b);
    return b;
  }

  @Test
  void getWritableAppendsExactlyLenBytes() {
    Buffer buf = newBuffer();
    assertThat(buf.length()).isZero();
    ByteBuffer w = buf.getWritable(5);
    assertThat(w.remaining()).isEqualTo(5);
    w.put(new byte[] {1, 2, 3, 4, 5});
    assertThat(buf.length()).isEqualTo(5);
    ByteBuffer w2 = buf.getWritable(3);
    assertThat(w2.remaining()).isEqualTo(3);
    w2.put(new byte[] {6, 7, 8});
    assertThat(buf.length()).isEqualTo(8);
    ByteBuffer d = buf.data();
    byte[] seen = new byte[d.remaining()];
    d.get(seen);
    assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void writeAppendsLikeAFilledWritable() {
    Buffer buf = newBuffer();
    byte[] src = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    buf.write(src, 2, 3);
    buf.getWritable(1).put((byte) 42);
    buf.write(src, 0, 0);
    buf.write(src, 9, 1);
    assertThat(buf.length()).isEqualTo(5);
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.toByteArray()).containsExactly(2, 3, 4, 42, 9);
    }
    assertThatThrownBy(() -> buf.write(src, 8, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(buf.length()).isZero();
  }

  @Test
  void lengthGrowsEvenIfTheRegionIsNotFilled() {
    Buffer buf = newBuffer();
    buf.getWritable(7);
    assertThat(buf.length()).isEqualTo(7);
  }

  @Test
  void getDataOwnedHandsOverTheMessageAndStartsAnEmptyOne() {
    Buffer buf = newBuffer();
    buf.getWritable(4).put(new byte[] {9, 8, 7, 6});
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.length()).isEqualTo(4);
      assertThat(s.toByteArray()).containsExactly(9, 8, 7, 6);
      assertThat(s.get(2)).isEqualTo((byte) 7);
      assertThat(buf.length()).isZero();
      assertThat(buf.data().remaining()).isZero();
    }
  }

  @Test
  void emptyMessageGivesAnEmptySlice() {
    Buffer buf = newBuffer();
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.length()).isZero();
      assertThat(s.toByteArray()).isEmpty();
    }
    buf.getWritable(0);
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.length()).isZero();
    }
  }

  @Test
  void truncateAndClearShapeTheCurrentMessage() {
    Buffer buf = newBuffer();
    buf.getWritable(6).put(new byte[] {1, 2, 3, 4, 5, 6});
    buf.truncate(4);
    assertThat(buf.length()).isEqualTo(4);
    buf.getWritable(1).put((byte) 42);
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.toByteArray()).containsExactly(1, 2, 3, 4, 42);
    }
    buf.getWritable(3).put(new byte[] {7, 7, 7});
    buf.clear();
    assertThat(buf.length()).isZero();
    buf.getWritable(1).put((byte) 5);
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.toByteArray()).containsExactly(5);
    }
    assertThatThrownBy(() -> buf.truncate(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buf.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void truncateAcceptsExactlyZeroToTheCurrentLength() {
    Buffer buf = newBuffer();
    buf.getWritable(3).put(new byte[] {1, 2, 3});
    buf.truncate(3);
    assertThat(buf.length()).isEqualTo(3);
    assertThatThrownBy(() -> buf.truncate(4)).isInstanceOf(IllegalArgumentException.class);
    assertThat(buf.length()).isEqualTo(3);
    buf.truncate(0);
    assertThat(buf.length()).isZero();
    assertThatThrownBy(() -> buf.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
    buf.getWritable(1).put((byte) 9);
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.toByteArray()).containsExactly(9);
    }
  }

  @Test
  void dataIsWritableInPlace() {
    Buffer buf = newBuffer();
    buf.getWritable(3).put(new byte[] {1, 2, 3});
    ByteBuffer d = buf.data();
    for (int i = d.position(); i < d.limit(); i++) {
      d.put(i, (byte) (d.get(i) ^ 0xff));
    }
    try (Slice s = buf.getDataOwned()) {
      assertThat(s.toByteArray()).containsExactly((byte) 0xfe, (byte) 0xfd, (byte) 0xfc);
    }
  }

  @Test
  void negativeLengthIsRefused() {
    Buffer buf = newBuffer();
    assertThatThrownBy(() -> buf.getWritable(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reuseRearmsAClosedSliceAndRefusesAnOpenOne() {
    Buffer buf = newBuffer();
    buf.getWritable(2).put(new byte[] {1, 2});
    Slice s = buf.getDataOwned();
    buf.getWritable(1).put((byte) 3);
    assertThatThrownBy(() -> buf.getDataOwned(s)).isInstanceOf(IllegalArgumentException.class);
    buf.clear();
    s.close();
    buf.getWritable(3).put(new byte[] {4, 5, 6});
    Slice again = buf.getDataOwned(s);
    assertThat(again).isSameAs(s);
    assertThat(again.isOpen()).isTrue();
    assertThat(again.toByteArray()).containsExactly(4, 5, 6);
    again.close();
  }

  @Test
  void manyMessagesOfRandomSizesKeepTheirBytes() {
    Buffer buf = newBuffer();
    SplittableRandom r = new SplittableRandom(7);
    List<Slice> held = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int parts = 1 + r.nextInt(3);
      byte[] msg = new byte[0];
      for (int p = 0; p < parts; p++) {
        byte[] b = fill(buf.getWritable(r.nextInt(40)), r);
        msg = concat(msg, b);
      }
      held.add(buf.getDataOwned());
      expected.add(msg);
      if (r.nextInt(3) == 0) {
        int k = r.nextInt(held.size());
        assertThat(held.get(k).toByteArray()).isEqualTo(expected.get(k));
        held.remove(k).close();
        expected.remove(k);
      }
    }
    for (int k = 0; k < held.size(); k++) {
      assertThat(held.get(k).toByteArray()).as("message %d", k).isEqualTo(expected.get(k));
      held.get(k).close();
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
