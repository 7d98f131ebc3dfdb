package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Hex;

class StandardDecoderTest {

  private static byte[] frame(int type, int payloadLength) {
    byte[] payload = new byte[payloadLength];
    for (int i = 0; i < payloadLength; i++) {
      payload[i] = (byte) (i * 31 + type);
    }
    Sv2Frame f = Sv2Frame.fromPayload(0, type, false, payload);
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    return b.array();
  }

  private static void fill(ByteBuffer region, byte[] src, int off) {
    region.put(src, off, region.remaining());
  }

  @Test
  void firstWritableIsSixZeroBytes() {
    // reference codec-sv2 decoder test: the first writable() is the 6-byte header, zeroed.
    try (StandardDecoder d = new StandardDecoder()) {
      ByteBuffer w = d.writable();
      assertThat(w.remaining()).isEqualTo(6);
      for (int i = w.position(); i < w.limit(); i++) {
        assertThat(w.get(i)).isZero();
      }
      assertThat(d.missingBytes()).isEqualTo(6);
    }
  }

  @Test
  void readSequenceIsHeaderThenPayload() {
    byte[] wire = Hex.decode("0000ff0200003905"); // brief §4.2
    try (StandardDecoder d = new StandardDecoder()) {
      ByteBuffer w = d.writable();
      assertThat(w.remaining()).isEqualTo(6);
      fill(w, wire, 0);
      assertThat(d.nextFrame()).isNull();
      assertThat(d.missingBytes()).isEqualTo(2);
      w = d.writable();
      assertThat(w.remaining()).isEqualTo(2);
      fill(w, wire, 6);
      try (Sv2Frame f = d.nextFrame()) {
        assertThat(f.msgType()).isEqualTo(0xff);
        assertThat(f.payload().getShort(0)).isEqualTo((short) 1337);
      }
      assertThat(d.missingBytes()).isEqualTo(6);
      assertThat(d.framesDecoded()).isEqualTo(1);
    }
  }

  @Test
  void emptyPayloadCompletesRightAfterTheHeader() {
    try (StandardDecoder d = new StandardDecoder()) {
      fill(d.writable(), Hex.decode("000099000000"), 0);
      try (Sv2Frame f = d.nextFrame()) {
        assertThat(f).isNotNull();
        assertThat(f.msgType()).isEqualTo(0x99);
        assertThat(f.msgLength()).isZero();
      }
    }
  }

  @Test
  void nextFrameBeforeAnyWritableAsksForTheHeader() {
    try (StandardDecoder d = new StandardDecoder()) {
      assertThat(d.nextFrame()).isNull();
      assertThat(d.missingBytes()).isEqualTo(6);
    }
  }

  @Test
  void writableTwiceReturnsTheSameRegionInsteadOfGrowing() {
    // The reference grows its buffer to 12 bytes here and then reports a bogus MissingBytes(8).
    byte[] wire = frame(3, 10);
    try (StandardDecoder d = new StandardDecoder()) {
      ByteBuffer w1 = d.writable();
      int start = w1.position();
      w1.put((byte) 0x7f); // partial fill, then the caller asks again
      ByteBuffer w2 = d.writable();
      assertThat(w2.position()).isEqualTo(start);
      assertThat(w2.remaining()).isEqualTo(6);
      fill(w2, wire, 0);
      assertThat(d.nextFrame()).isNull();
      assertThat(d.missingBytes()).isEqualTo(10);
      fill(d.writable(), wire, 6);
      try (Sv2Frame f = d.nextFrame()) {
        assertThat(f.payloadToArray()).isEqualTo(java.util.Arrays.copyOfRange(wire, 6, 16));
      }
    }
  }

  @Test
  void largePayloadsAreReservedInBoundedSteps() {
    int len = 3 * StandardDecoder.RESERVATION_STEP + 5;
    byte[] wire = frame(1, len);
    try (StandardDecoder d = new StandardDecoder()) {
      List<Integer> regions = new ArrayList<>();
      int off = 0;
      Sv2Frame f = null;
      while (f == null) {
        ByteBuffer w = d.writable();
        regions.add(w.remaining());
        fill(w, wire, off);
        off += regions.get(regions.size() - 1);
        f = d.nextFrame();
      }
      int step = StandardDecoder.RESERVATION_STEP;
      assertThat(regions).containsExactly(6, step, step, step, 5);
      assertThat(f.payloadToArray()).isEqualTo(java.util.Arrays.copyOfRange(wire, 6, wire.length));
      f.close();
    }
  }

  @Test
  void aHeaderOverTheLimitIsRefusedBeforeAnythingIsReservedAndTheDecoderResets() {
    byte[] big = frame(1, 101);
    byte[] ok = frame(2, 100);
    try (BufferPool pool = new BufferPool(4096);
        StandardDecoder d = new StandardDecoder(pool, 100)) {
      fill(d.writable(), big, 0);
      assertThatThrownBy(d::nextFrame)
          .isInstanceOfSatisfying(
              CodecException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE);
                assertThat(e.getMessage()).contains("frame #0", "101", "limit 100");
              });
      assertThat(pool.length()).isZero();
      assertThat(pool.liveSlices()).isZero();
      assertThat(d.missingBytes()).isEqualTo(6);
      // Clean for the next stream: a frame at the limit decodes.
      List<Sv2Frame> frames = Drive.pull(d, ByteBuffer.wrap(ok), 7);
      assertThat(frames).hasSize(1);
      assertThat(frames.get(0).msgType()).isEqualTo(2);
      frames.get(0).close();

      // Push: the input stops just after the offending header; the rest stays unread.
      ByteBuffer stream = ByteBuffer.wrap(concat(ok, big, ok));
      List<Sv2Frame> got = new ArrayList<>();
      assertThatThrownBy(() -> d.feed(stream, got::add))
          .isInstanceOfSatisfying(
              CodecException.class, e -> assertThat(e.getMessage()).contains("frame #2"));
      assertThat(got).hasSize(1);
      assertThat(stream.position()).isEqualTo(ok.length + 6);
      got.forEach(Sv2Frame::close);
      assertThat(pool.liveSlices()).isZero();
    }
  }

  @Test
  void pushAcceptsAnySplitAndMixesWithPullBetweenFrames() {
    byte[] a = frame(1, 70_000);
    byte[] b = frame(2, 0);
    byte[] c = frame(3, 9);
    try (StandardDecoder d = new StandardDecoder()) {
      List<Sv2Frame> got = new ArrayList<>();
      d.feed(ByteBuffer.wrap(concat(a, b)).limit(12_345), got::add);
      assertThat(got).isEmpty();
      assertThat(d.missingBytes()).isEqualTo(a.length - 12_345);
      ByteBuffer rest = ByteBuffer.wrap(concat(a, b));
      rest.position(12_345);
      d.feed(rest, got::add);
      assertThat(got).extracting(Sv2Frame::msgType).containsExactly(1, 2);
      got.addAll(Drive.pull(d, ByteBuffer.wrap(c), 1));
      assertThat(got).extracting(Sv2Frame::msgLength).containsExactly(70_000, 0, 9);
      got.forEach(Sv2Frame::close);

      // While a pull region is outstanding, push is refused.
      d.writable();
      assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(c), f -> {})).isInstanceOf(IllegalStateException.class);
      d.reset();
      d.feed(ByteBuffer.wrap(c), f -> f.close());
    }
  }

  @Test
  void directInputBuffersWorkToo() {
    byte[] a = frame(1, 300);
    ByteBuffer direct = ByteBuffer.allocateDirect(a.length).put(a).flip();
    try (StandardDecoder d = new StandardDecoder()) {
      List<Sv2Frame> got = Drive.push(d, direct, 17);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).payloadToArray()).isEqualTo(java.util.Arrays.copyOfRange(a, 6, a.length));
      got.get(0).close();
    }
  }

  @Test
  void aSinkThatThrowsKeepsTheDecoderConsistent() {
    byte[] a = frame(1, 5);
    byte[] b = frame(2, 5);
    try (StandardDecoder d = new StandardDecoder()) {
      ByteBuffer in = ByteBuffer.wrap(concat(a, b));
      List<Sv2Frame> seen = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  d.feed(
                      in,
                      f -> {
                        seen.add(f);
                        throw new IllegalStateException("sink");
                      }))
          .hasMessage("sink");
      assertThat(in.position()).isEqualTo(a.length);
      d.feed(in, seen::add);
      assertThat(seen).extracting(Sv2Frame::msgType).containsExactly(1, 2);
      seen.forEach(Sv2Frame::close);
    }
  }

  @Test
  void recycledFramesAreReArmed() {
    byte[] a = frame(1, 20);
    byte[] b = frame(2, 30);
    try (StandardDecoder d = new StandardDecoder()) {
      Sv2Frame f1 = Drive.pull(d, ByteBuffer.wrap(a), 100).get(0);
      f1.close();
      fill(d.writable(), b, 0);
      assertThat(d.nextFrame(f1)).isNull();
      fill(d.writable(), b, 6);
      Sv2Frame f2 = d.nextFrame(f1);
      assertThat(f2).isSameAs(f1);
      assertThat(f2.msgType()).isEqualTo(2);
      assertThat(f2.msgLength()).isEqualTo(30);
      f2.close();
    }
  }

  @Test
  void heapBackedDecoderAndClose() {
    BufferFromSystemMemory heap = new BufferFromSystemMemory();
    StandardDecoder d = new StandardDecoder(heap);
    List<Sv2Frame> got = Drive.push(d, ByteBuffer.wrap(frame(4, 1000)), 333);
    assertThat(got).hasSize(1);
    assertThat(got.get(0).slice().isPooled()).isFalse();
    d.close();
    assertThatThrownBy(d::writable).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> d.feed(ByteBuffer.allocate(1), f -> {})).isInstanceOf(IllegalStateException.class);
    // A frame handed out before close stays valid.
    assertThat(got.get(0).msgType()).isEqualTo(4);
    got.get(0).close();
    assertThat(d.toString()).contains("closed");
  }

  @Test
  void ownedPoolIsClosedWithTheDecoderButItsFramesStayReadable() {
    StandardDecoder d = new StandardDecoder(1024, Header.MAX_PAYLOAD_LENGTH);
    Sv2Frame f = Drive.pull(d, ByteBuffer.wrap(frame(9, 10)), 10).get(0);
    assertThat(f.slice().isPooled()).isTrue();
    d.close();
    assertThat(f.payloadToArray()).hasSize(10);
    f.close();
  }

  @Test
  void limitsOutsideU24AreRefused() {
    assertThatThrownBy(() -> new StandardDecoder(new BufferFromSystemMemory(), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StandardDecoder(1024, 1 << 24)).isInstanceOf(IllegalArgumentException.class);
    try (StandardDecoder zero = new StandardDecoder(new BufferFromSystemMemory(), 0)) {
      List<Sv2Frame> ok = Drive.push(zero, ByteBuffer.wrap(frame(1, 0)), 6);
      assertThat(ok).hasSize(1);
      assertThatThrownBy(() -> Drive.push(zero, ByteBuffer.wrap(frame(1, 1)), 6)).isInstanceOf(CodecException.class);
    }
  }

  @Test
  void poolModeStaysBackWhenFramesAreClosed() {
    try (BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
        StandardDecoder d = new StandardDecoder(pool)) {
      byte[] wire = frame(1, 100);
      for (int i = 0; i < 50; i++) {
        Drive.push(d, ByteBuffer.wrap(wire), 1000).forEach(Sv2Frame::close);
        assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
      }
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
