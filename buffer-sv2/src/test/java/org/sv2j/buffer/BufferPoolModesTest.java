package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's placement behaviour: the three README cases with the slot map and mode after every step, the
 * reference's unit-test situations (brief §2.13), and half-written messages carried across every switch.
 */
class BufferPoolModesTest {
  private final List<Slice> live = new ArrayList<>();
  private final List<byte[]> contents = new ArrayList<>();
  private BufferPool pool;
  private int counter;

  /** Writes one 5-byte message with distinct content, takes it, and keeps it. */
  private Slice message(int len) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (++counter * 31 + i);
    }
    pool.getWritable(len).put(b);
    Slice s = pool.getDataOwned();
    live.add(s);
    contents.add(b);
    pool.checkInvariants();
    return s;
  }

  private void release(int... slots) {
    for (int slot : slots) {
      for (Slice s : live) {
        if (s.isOpen() && s.isPooled() && s.slot() == slot) {
          s.close();
        }
      }
    }
  }

  private void assertState(String expected) {
    assertThat(pool.debugState()).isEqualTo(expected);
  }

  @AfterEach
  void everyOpenSliceKeptItsBytes() {
    for (int i = 0; i < live.size(); i++) {
      if (live.get(i).isOpen()) {
        assertThat(live.get(i).toByteArray()).as("slice %d", i).isEqualTo(contents.get(i));
      }
    }
    pool.checkInvariants();
  }

  @Test
  void case1ExhaustionNinthAndTenthGoToAlloc() {
    pool = new BufferPool(40);
    String[] expected = {
      "1------- BACK", "12------ BACK", "123----- BACK", "1234---- BACK",
      "12345--- BACK", "123456-- BACK", "1234567- BACK", "12345678 BACK"
    };
    for (int i = 0; i < 8; i++) {
      Slice s = message(5);
      assertThat(s.isPooled()).isTrue();
      assertThat(s.slot()).isEqualTo(i + 1);
      assertThat(s.offset()).isEqualTo(5 * i);
      assertState(expected[i]);
    }
    Slice ninth = message(5);
    assertThat(ninth.isPooled()).isFalse();
    assertState("12345678 ALLOC");
    Slice tenth = message(5);
    assertThat(tenth.isPooled()).isFalse();
    assertState("12345678 ALLOC");
  }

  @Test
  void case2ReleasingAllResetsToSlotOneInBack() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    assertState("12345678 BACK");
    for (int slot = 1; slot <= 8; slot++) {
      release(slot);
      assertThat(pool.liveSlices()).isEqualTo(8 - slot);
    }
    assertState("-------- BACK");
    Slice next = message(5);
    assertThat(next.slot()).isEqualTo(1);
    assertThat(next.offset()).isZero();
    assertState("1------- BACK");
  }

  @Test
  void case3BackFrontBack() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    release(1, 2);
    assertState("--345678 BACK");
    Slice a = message(5);
    assertThat(a.slot()).isEqualTo(1);
    assertThat(a.offset()).isZero();
    assertState("1-345678 FRONT");
    Slice b = message(5);
    assertThat(b.slot()).isEqualTo(2);
    assertThat(b.offset()).isEqualTo(5);
    assertState("12345678 FRONT");
    release(7, 8);
    assertState("123456-- FRONT");
    Slice c = message(5);
    assertThat(c.slot()).isEqualTo(7);
    assertThat(c.offset()).isEqualTo(30);
    assertState("1234567- BACK");
    Slice d = message(5);
    assertThat(d.slot()).isEqualTo(8);
    assertThat(d.offset()).isEqualTo(35);
    assertState("12345678 BACK");
  }

  @Test
  void capacityWithoutHeap() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      assertThat(message(5).isPooled()).isTrue();
      assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    }
  }

  @Test
  void reuseAfterRelease() {
    pool = new BufferPool(40);
    for (int i = 0; i < 100; i++) {
      Slice s = message(5);
      assertThat(s.slot()).isEqualTo(1);
      assertThat(s.offset()).isZero();
      assertThat(s.toByteArray()).isEqualTo(contents.get(i));
      s.close();
      assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    }
  }

  @Test
  void slotExhaustionFallsBackToTheHeap() {
    pool = new BufferPool(40);
    for (int i = 0; i < 18; i++) {
      assertThat(message(5).isPooled()).isEqualTo(i < 8);
    }
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
  }

  @Test
  void byteExhaustionFallsBackToTheHeap() {
    pool = new BufferPool(1);
    for (int i = 0; i < 18; i++) {
      assertThat(message(5).isPooled()).isFalse();
      assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    }
  }

  @Test
  void backFrontBackWithoutHeap() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
      assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    }
    release(1, 2, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(message(5).isPooled()).isTrue();
      assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    }
    release(6, 7, 8);
    for (int i = 0; i < 3; i++) {
      assertThat(message(5).isPooled()).isTrue();
    }
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
  }

  @Test
  void backFrontAlloc() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    release(1, 2, 3);
    for (int i = 0; i < 3; i++) {
      message(5);
      assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    }
    for (int i = 0; i < 30; i++) {
      assertThat(message(5).isPooled()).isFalse();
    }
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
  }

  @Test
  void backAllocBackReusesTheReleasedTail() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    for (int i = 0; i < 30; i++) {
      assertThat(message(5).isPooled()).isFalse();
    }
    release(6, 7, 8);
    int[] slots = {6, 7, 8};
    int[] offsets = {25, 30, 35};
    for (int i = 0; i < 3; i++) {
      Slice s = message(5);
      assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
      assertThat(s.slot()).isEqualTo(slots[i]);
      assertThat(s.offset()).isEqualTo(offsets[i]);
    }
  }

  @Test
  void backAllocFrontReusesTheReleasedHead() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    for (int i = 0; i < 30; i++) {
      message(5);
    }
    release(1, 2, 3);
    for (int i = 0; i < 3; i++) {
      Slice s = message(5);
      assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
      assertThat(s.slot()).isEqualTo(i + 1);
      assertThat(s.offset()).isEqualTo(5 * i);
    }
  }

  @Test
  void halfWrittenHeapMessageIsCarriedAcrossAReset() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    pool.getWritable(3).put(new byte[] {1, 2, 3});
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    release(1, 2, 3, 4, 5, 6, 7, 8);
    pool.getWritable(2).put(new byte[] {4, 5});
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    Slice s = pool.getDataOwned();
    assertThat(s.isPooled()).isTrue();
    assertThat(s.slot()).isEqualTo(1);
    assertThat(s.offset()).isZero();
    assertThat(s.toByteArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void halfWrittenMessageIsCarriedFromBackToFront() {
    pool = new BufferPool(40);
    for (int i = 0; i < 7; i++) {
      message(5);
    }
    pool.getWritable(3).put(new byte[] {1, 2, 3});
    release(1, 2);
    pool.getWritable(4).put(new byte[] {4, 5, 6, 7});
    assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    Slice s = pool.getDataOwned();
    assertThat(s.slot()).isEqualTo(1);
    assertThat(s.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void halfWrittenMessageIsCarriedFromFrontToBack() {
    pool = new BufferPool(40);
    for (int i = 0; i < 8; i++) {
      message(5);
    }
    release(1);
    message(5); // FRONT, slot 1
    assertThat(pool.mode()).isEqualTo(PoolMode.FRONT);
    release(8);
    pool.getWritable(2).put(new byte[] {1, 2}); // front has no slot left: tail reclaim
    pool.getWritable(3).put(new byte[] {3, 4, 5});
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    Slice s = pool.getDataOwned();
    assertThat(s.slot()).isEqualTo(8);
    assertThat(s.offset()).isEqualTo(35);
    assertThat(s.toByteArray()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void halfWrittenMessageIsCarriedFromBackToTheHeap() {
    pool = new BufferPool(40);
    message(5);
    pool.getWritable(30).put(new byte[30]);
    pool.data().put(pool.data().position(), (byte) 99);
    pool.getWritable(10).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    Slice s = pool.getDataOwned();
    assertThat(s.isPooled()).isFalse();
    assertThat(s.length()).isEqualTo(40);
    assertThat(s.get(0)).isEqualTo((byte) 99);
    assertThat(s.get(39)).isEqualTo((byte) 10);
  }

  @Test
  void messageLargerThanThePoolStaysOnTheHeapThenThePoolComesBack() {
    pool = new BufferPool(40);
    pool.getWritable(100);
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    assertThat(pool.getDataOwned().length()).isEqualTo(100);
    Slice small = message(5);
    assertThat(small.isPooled()).isTrue();
    assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
  }

  @Test
  void heldSliceDoesNotPinThePoolWhenLaterSlicesAreReleased() {
    // Slot 1 held for ever; every later message is closed at once. The released tail is reused, so the
    // pool stays in the block instead of falling back to the heap for good.
    pool = new BufferPool(40);
    message(5);
    for (int i = 0; i < 50; i++) {
      Slice s = message(5);
      assertThat(s.isPooled()).isTrue();
      s.close();
    }
  }
}
