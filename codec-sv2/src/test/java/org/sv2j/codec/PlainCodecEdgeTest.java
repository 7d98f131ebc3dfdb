package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * Edges of the plaintext decoder and encoder that the vector and property tests do not reach: the frame
 * boundary flag, frame recycling (order, duplicates), what close releases, a caller's buffer cleared on
 * use, and an encoder that recovers after a message fails with an Error. Found by mutation testing
 * (TESTING.md).
 */
class PlainCodecEdgeTest {
  /** ext 0, type 1, payload {@code a, b}. */
  private static byte[] frame(int a, int b) {
    return new byte[] {0, 0, 1, 2, 0, 0, (byte) a, (byte) b};
  }

  private static List<Sv2Frame> feed(StandardDecoder d, byte[] bytes) {
    List<Sv2Frame> out = new ArrayList<>();
    d.feed(ByteBuffer.wrap(bytes), out::add);
    return out;
  }

  @Test
  void atFrameBoundaryOnlyBetweenFrames() {
    StandardDecoder d = new StandardDecoder(1024, 100);
    assertThat(d.maxPayloadLength()).isEqualTo(100);
    assertThat(d.atFrameBoundary()).isTrue();
    byte[] f = frame(7, 8);
    d.feed(ByteBuffer.wrap(f, 0, 3), x -> {});
    assertThat(d.atFrameBoundary()).as("inside the header").isFalse();
    d.feed(ByteBuffer.wrap(f, 3, 4), x -> {});
    assertThat(d.atFrameBoundary()).as("inside the payload").isFalse();
    List<Sv2Frame> got = new ArrayList<>();
    d.feed(ByteBuffer.wrap(f, 7, 1), got::add);
    assertThat(got).hasSize(1);
    assertThat(d.atFrameBoundary()).isTrue();
    ByteBuffer w = d.writable();
    assertThat(w.remaining()).isEqualTo(6);
    assertThat(d.atFrameBoundary()).as("a writable() region is outstanding").isFalse();
    w.put(w.position(), f, 0, 6);
    assertThat(d.nextFrame()).isNull();
    assertThat(d.atFrameBoundary()).as("header read, payload pending").isFalse();
    ByteBuffer w2 = d.writable();
    assertThat(w2.remaining()).isEqualTo(2);
    w2.put(w2.position(), f, 6, 2);
    assertThat(d.nextFrame().payloadToArray()).containsExactly(7, 8);
    assertThat(d.atFrameBoundary()).isTrue();
    assertThat(d.toString()).startsWith("StandardDecoder[header 0/6, max payload 100, ");
    d.close();
    assertThat(d.toString()).startsWith("StandardDecoder[closed, max payload 100");
  }

  @Test
  void recycledFramesAreReusedLastInFirstOutAndAFrameRecycledTwiceIsStoredOnce() {
    StandardDecoder d = new StandardDecoder();
    List<Sv2Frame> two = feed(d, concat(frame(1, 2), frame(3, 4)));
    Sv2Frame a = two.get(0);
    Sv2Frame b = two.get(1);
    d.recycle(a);
    d.recycle(b);
    List<Sv2Frame> next = feed(d, concat(frame(5, 6), frame(7, 8)));
    assertThat(next.get(0)).isSameAs(b);
    assertThat(next.get(1)).isSameAs(a);
    assertThat(next.get(0).payloadToArray()).containsExactly(5, 6);
    assertThat(next.get(1).payloadToArray()).containsExactly(7, 8);
    Sv2Frame c = next.get(0);
    d.recycle(c);
    d.recycle(c); // twice: must not come back for two live frames at once
    List<Sv2Frame> more = feed(d, concat(frame(9, 10), frame(11, 12)));
    assertThat(more.get(0)).isSameAs(c);
    assertThat(more.get(1)).isNotSameAs(c);
    assertThat(more.get(0).payloadToArray()).containsExactly(9, 10);
    assertThat(more.get(1).payloadToArray()).containsExactly(11, 12);
  }

  @Test
  void aClosedDecoderKeepsNeitherItsSparesNorItsSlices() throws InterruptedException {
    StandardDecoder d = new StandardDecoder();
    List<Sv2Frame> two = feed(d, concat(frame(1, 2), frame(3, 4)));
    WeakReference<Sv2Frame> spare = new WeakReference<>(two.get(0));
    WeakReference<Slice> slice = new WeakReference<>(two.get(1).slice());
    d.recycle(two.get(0));
    two.get(1).close();
    two.clear();
    d.close();
    for (int i = 0; i < 100 && (spare.get() != null || slice.get() != null); i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(spare.get()).as("recycled frame dropped by the closed decoder").isNull();
    assertThat(slice.get()).as("slice dropped by the closed decoder's pool").isNull();
    assertThatThrownBy(() -> d.nextFrame()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(d::reset).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(d::writable).isInstanceOf(IllegalStateException.class);
    d.close(); // idempotent
  }

  @Test
  void aCallersBufferIsClearedWhenTheDecoderStartsAndWhenItCloses() {
    BufferFromSystemMemory buf = new BufferFromSystemMemory();
    buf.write(new byte[] {9, 9, 9}, 0, 3); // left over from an earlier user
    StandardDecoder d = new StandardDecoder(buf);
    List<Sv2Frame> got = feed(d, frame(1, 2));
    assertThat(got).hasSize(1);
    assertThat(got.get(0).payloadToArray()).containsExactly(1, 2);
    d.feed(ByteBuffer.wrap(frame(3, 4), 0, 5), f -> {});
    assertThat(buf.length()).isEqualTo(5);
    d.close();
    assertThat(buf.length()).isZero();
  }

  @Test
  void anEncoderRecoversAfterAMessageFailsWithAnErrorAndRefusesWorkOnceClosed() {
    Encoder e = new Encoder();
    Sv2Message failing =
        new Sv2Message() {
          @Override
          public int encodedLength() {
            return 4;
          }

          @Override
          public void encodeTo(ByteBuffer dst) {
            dst.put((byte) 1);
            throw new AssertionError("boom");
          }
        };
    assertThatThrownBy(() -> e.encode(Sv2Frame.fromMessage(0, 1, false, failing)))
        .isInstanceOf(AssertionError.class);
    try (Slice s = e.encode(Sv2Frame.fromPayload(0, 1, false, new byte[] {1, 2}))) {
      assertThat(s.toByteArray()).containsExactly(frame(1, 2));
    }
    assertThat(e.toString()).startsWith("Encoder[BufferPool[capacity=512");
    e.close();
    assertThatThrownBy(() -> e.encode(Sv2Frame.fromPayload(0, 1, false, new byte[] {1, 2})))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
