package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.framing.Frame;
import org.sv2j.framing.Header;
import org.sv2j.noise.Initiator;

/**
 * The encrypted decoder's state before the session exists: the builder's checks, the handshake stage's
 * progress as seen through {@code atFrameBoundary}, {@code missingBytes} and {@code toString}, the
 * calls refused while it waits for {@code startTransport}, and what close releases. Found by mutation
 * testing (TESTING.md).
 */
class NoiseDecoderEdgeTest {
  private static final int STEP0 = Initiator.STEP0_MESSAGE_SIZE;

  @Test
  void theBuilderChecksItsLimitsAtTheirExactEdges() {
    assertThat(StandardNoiseDecoder.builder().maxPayloadLength(0).forResponder().maxPayloadLength()).isZero();
    assertThat(StandardNoiseDecoder.builder().maxPayloadLength(Header.MAX_PAYLOAD_LENGTH).forResponder().maxPayloadLength())
        .isEqualTo(Header.MAX_PAYLOAD_LENGTH);
    assertThat(StandardNoiseDecoder.forResponder().maxPayloadLength()).isEqualTo(Header.MAX_PAYLOAD_LENGTH);
    assertThatThrownBy(() -> StandardNoiseDecoder.builder().maxPayloadLength(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StandardNoiseDecoder.builder().maxPayloadLength(Header.MAX_PAYLOAD_LENGTH + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StandardNoiseDecoder.builder().poolCapacity(-1))
        .isInstanceOf(IllegalArgumentException.class);
    // poolCapacity after buffer: the decoder makes its own pool and leaves the caller's buffer alone.
    BufferFromSystemMemory mine = new BufferFromSystemMemory();
    StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(mine).poolCapacity(0).forResponder();
    d.feed(ByteBuffer.wrap(new byte[10]), f -> {});
    assertThat(mine.length()).isZero();
    StandardNoiseDecoder onMine = StandardNoiseDecoder.builder().buffer(mine).forResponder();
    onMine.feed(ByteBuffer.wrap(new byte[10]), f -> {});
    assertThat(mine.length()).isEqualTo(10);
  }

  @Test
  void theHandshakeStageReportsItsProgress() {
    StandardNoiseDecoder d = StandardNoiseDecoder.forResponder();
    assertThat(d.atFrameBoundary()).isTrue();
    assertThat(d.inTransport()).isFalse();
    assertThat(d.missingBytes()).isEqualTo(STEP0);
    assertThat(d.toString()).isEqualTo("StandardNoiseDecoder[HANDSHAKE 0/" + STEP0 + ", frames 0]");
    d.feed(ByteBuffer.wrap(new byte[10]), f -> {});
    assertThat(d.atFrameBoundary()).isFalse();
    assertThat(d.missingBytes()).isEqualTo(STEP0 - 10);
    assertThat(d.toString()).isEqualTo("StandardNoiseDecoder[HANDSHAKE 10/" + STEP0 + ", frames 0]");
    List<Frame> got = new ArrayList<>();
    d.feed(ByteBuffer.wrap(new byte[STEP0 - 10 + 5]), got::add); // the handshake frame and 5 bytes more
    assertThat(got).hasSize(1);
    assertThat(got.get(0).asHandshakeFrame().length()).isEqualTo(STEP0);
    assertThat(d.atFrameBoundary()).as("waiting for the session").isTrue();
    assertThat(d.missingBytes()).isZero();
    assertThat(d.toString()).startsWith("StandardNoiseDecoder[AWAIT_SESSION, frames ");
    assertThat(d.nextFrame()).isNull();
    assertThatThrownBy(d::writable).isInstanceOf(IllegalStateException.class);
    assertThat(d.isFailed()).isFalse();
  }

  @Test
  void thePullApiHandsOutExactlyTheHandshakeBytes() {
    StandardNoiseDecoder d = StandardNoiseDecoder.forResponder();
    ByteBuffer w = d.writable();
    assertThat(w.remaining()).isEqualTo(STEP0);
    assertThat(d.atFrameBoundary()).as("a writable() region is outstanding").isFalse();
    ByteBuffer again = d.writable();
    assertThat(again.remaining()).as("the same region again").isEqualTo(STEP0);
    assertThatThrownBy(() -> d.feed(ByteBuffer.allocate(1), f -> {})).isInstanceOf(IllegalStateException.class);
    for (int i = 0; i < STEP0; i++) {
      again.put(again.position() + i, (byte) i);
    }
    Frame f = d.nextFrame();
    byte[] hs = f.asHandshakeFrame().payload();
    assertThat(hs).hasSize(STEP0);
    assertThat(hs[STEP0 - 1]).isEqualTo((byte) (STEP0 - 1));
  }

  @Test
  void aClosedDecoderRefusesEverythingAndClearsACallersBuffer() {
    BufferFromSystemMemory mine = new BufferFromSystemMemory();
    StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(mine).forResponder();
    d.feed(ByteBuffer.wrap(new byte[7]), f -> {});
    assertThat(mine.length()).isEqualTo(7);
    d.close();
    assertThat(mine.length()).isZero();
    assertThat(d.toString()).isEqualTo("StandardNoiseDecoder[CLOSED, frames 0]");
    assertThat(d.missingBytes()).isZero();
    assertThat(d.atFrameBoundary()).isFalse();
    assertThatThrownBy(d::writable).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(d::nextFrame).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> d.feed(ByteBuffer.allocate(1), f -> {})).isInstanceOf(IllegalStateException.class);
    d.close();
    mine.write(new byte[2], 0, 2);
    d.close(); // idempotent: does not touch the buffer again
    assertThat(mine.length()).isEqualTo(2);
  }
}
