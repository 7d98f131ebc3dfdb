package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.framing.Sv2Frame;

/**
 * 100,000 frames through one pool-backed decoder: with frames closed the pool stays in BACK mode and
 * no slot leaks; with frames held it degrades to ALLOC and stays correct. Also guards the "no allocation
 * per frame" property with the per-thread allocation counter (speed claims live in the benchmarks).
 */
class LongRunTest {
  private static final int FRAMES = 100_000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** A stream of {@code count} frames with sizes cycling through 0..299 and payloads tagged by index. */
  private static ByteBuffer stream(int count) {
    List<byte[]> parts = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < count; i++) {
      byte[] p = new byte[i % 300];
      for (int k = 0; k < p.length; k++) {
        p[k] = (byte) (i + k);
      }
      Sv2Frame f = Sv2Frame.fromPayload(i % 7, i & 0xff, (i & 1) == 1, p);
      byte[] w = new byte[f.encodedLength()];
      f.encodeTo(ByteBuffer.wrap(w));
      parts.add(w);
      total += w.length;
    }
    ByteBuffer b = ByteBuffer.allocate(total);
    parts.forEach(b::put);
    return b.flip();
  }

  private static void check(Sv2Frame f, int i) {
    assertThat(f.msgType()).isEqualTo(i & 0xff);
    assertThat(f.msgLength()).isEqualTo(i % 300);
    assertThat(f.channelMsg()).isEqualTo((i & 1) == 1);
    if (f.msgLength() > 0) {
      assertThat(f.payload().get(f.msgLength() - 1)).isEqualTo((byte) (i + f.msgLength() - 1));
    }
  }

  @Test
  void closedFramesKeepThePoolInBackModeWithNoLeakedSlot() {
    ByteBuffer in = stream(FRAMES);
    try (BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
        StandardDecoder d = new StandardDecoder(pool)) {
      int[] index = {0};
      while (in.hasRemaining()) {
        int k = Math.min(in.remaining(), 1 + (index[0] * 7919) % 3000);
        d.feed(
            in.slice(in.position(), k),
            f -> {
              check(f, index[0]++);
              f.close();
              if (pool.mode() != PoolMode.BACK) {
                throw new AssertionError("pool left BACK mode at frame " + index[0] + ": " + pool.debugState());
              }
            });
        in.position(in.position() + k);
      }
      assertThat(index[0]).isEqualTo(FRAMES);
      assertThat(d.framesDecoded()).isEqualTo(FRAMES);
      assertThat(pool.liveSlices()).isZero();
      assertThat(pool.leaksReclaimed()).isZero();
      assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
    }
  }

  @Test
  void heldFramesDegradeToAllocAndStayCorrect() {
    ByteBuffer in = stream(FRAMES);
    List<Sv2Frame> held = new ArrayList<>(FRAMES);
    try (BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
        StandardDecoder d = new StandardDecoder(pool)) {
      d.feed(in, held::add);
      assertThat(held).hasSize(FRAMES);
      assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
      assertThat(pool.liveSlices()).isEqualTo(BufferPool.SLOTS);
      for (int i = 0; i < FRAMES; i++) {
        check(held.get(i), i);
      }
      held.forEach(Sv2Frame::close);
      assertThat(pool.liveSlices()).isZero();
      // Back to the block once the frames are released.
      d.feed(stream(10), Sv2Frame::close);
      assertThat(pool.mode()).isNotEqualTo(PoolMode.ALLOC);
    }
  }

  @Test
  void recycledFramesDecodeWithoutAllocating() {
    Encoder enc = new Encoder();
    ByteBuffer wire = ByteBuffer.allocate(400);
    Sv2Frame out = Sv2Frame.fromPayload(0, 1, false, new byte[200]);
    try (StandardDecoder d = new StandardDecoder()) {
      Sv2Frame reuse = null;
      long perFrame = -1;
      // At least 4 rounds, up to 12 while a loaded machine's JIT settles; a real allocation shows in all.
      for (int round = 0; round < 12 && (round < 4 || perFrame != 0); round++) {
        long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 20_000; i++) {
          wire.clear();
          enc.encodeTo(out, wire);
          wire.flip();
          Sv2Frame f = null;
          while (f == null) {
            ByteBuffer w = d.writable();
            int n = w.remaining();
            w.put(w.position(), wire, wire.position(), n);
            wire.position(wire.position() + n);
            f = d.nextFrame(reuse);
          }
          f.close();
          reuse = f;
        }
        perFrame = (THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 20_000;
      }
      assertThat(perFrame).as("bytes allocated per frame (encodeTo + pull decode, recycled frame)").isZero();
    }
  }

  @Test
  void pushWithRecycledFramesDecodesWithoutAllocating() {
    Sv2Frame out = Sv2Frame.fromPayload(0, 1, true, new byte[100]);
    ByteBuffer wire = ByteBuffer.allocate(out.encodedLength() * 10);
    for (int i = 0; i < 10; i++) {
      out.encodeTo(wire);
    }
    wire.flip();
    try (StandardDecoder d = new StandardDecoder()) {
      long[] seen = {0};
      java.util.function.Consumer<Sv2Frame> sink =
          f -> {
            seen[0] += f.msgLength();
            d.recycle(f);
          };
      long perFrame = -1;
      // At least 4 rounds, up to 12 while a loaded machine's JIT settles; a real allocation shows in all.
      for (int round = 0; round < 12 && (round < 4 || perFrame != 0); round++) {
        long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 5_000; i++) {
          wire.rewind();
          d.feed(wire, sink);
        }
        perFrame = (THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 50_000;
      }
      assertThat(seen[0]).isEqualTo(4L * 50_000 * 100);
      assertThat(perFrame).as("bytes allocated per frame (push, recycled frames)").isZero();
    }
  }
}
