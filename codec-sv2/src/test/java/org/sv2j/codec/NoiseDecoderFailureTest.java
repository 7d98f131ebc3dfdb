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
import org.sv2j.framing.Frame;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * The encrypted decoder after a failure and around its buffer: a bad tag fails it for good (every later
 * call, {@code startTransport} included, names the first failure), a caller's buffer is cleared before
 * use, and close releases the pool's slices. Found by mutation testing (TESTING.md).
 */
class NoiseDecoderFailureTest {
  private static NoiseSession[] sessions() {
    Initiator initiator = Hs1.initiator();
    Responder responder = Hs1.responder();
    Responder.Reply reply = responder.step1(initiator.step0());
    NoiseSession i = initiator.step2(reply.message());
    return new NoiseSession[] {i, reply.session()};
  }

  @Test
  void aBadTagFailsTheDecoderForGood() {
    NoiseSession[] s = sessions();
    NoiseEncoder enc = NoiseEncoder.transport(s[0]);
    byte[] wire;
    try (Slice e = enc.encode(Sv2Frame.fromPayload(0, 1, false, new byte[] {1, 2, 3}))) {
      wire = e.toByteArray();
    }
    wire[wire.length - 1] ^= 1; // the payload's tag
    StandardNoiseDecoder dec = StandardNoiseDecoder.forTransport(s[1]);
    List<Frame> got = new ArrayList<>();
    assertThatThrownBy(() -> dec.feed(ByteBuffer.wrap(wire), got::add)).isInstanceOf(CodecException.class);
    assertThat(got).isEmpty();
    assertThat(dec.isFailed()).isTrue();
    assertThat(dec.atFrameBoundary()).isFalse();
    assertThat(dec.missingBytes()).isZero();
    assertThat(dec.toString()).isEqualTo("StandardNoiseDecoder[FAILED, frames 0]");
    assertThatThrownBy(dec::nextFrame)
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECODER_FAILED));
    assertThatThrownBy(dec::writable)
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECODER_FAILED));
    assertThatThrownBy(() -> dec.startTransport(s[1]))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECODER_FAILED));
  }

  @Test
  void aCallersBufferIsClearedBeforeTheDecoderUsesIt() {
    BufferFromSystemMemory mine = new BufferFromSystemMemory();
    mine.write(new byte[] {9, 9, 9}, 0, 3);
    StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(mine).forResponder();
    byte[] hs = new byte[Initiator.STEP0_MESSAGE_SIZE];
    for (int i = 0; i < hs.length; i++) {
      hs[i] = (byte) (i + 1);
    }
    List<Frame> got = new ArrayList<>();
    d.feed(ByteBuffer.wrap(hs), got::add);
    assertThat(got).hasSize(1);
    assertThat(got.get(0).asHandshakeFrame().payload()).isEqualTo(hs);
  }

  @Test
  void closeReleasesThePoolsSlices() throws InterruptedException {
    StandardNoiseDecoder d = StandardNoiseDecoder.forResponder();
    List<Frame> got = new ArrayList<>();
    d.feed(ByteBuffer.wrap(new byte[Initiator.STEP0_MESSAGE_SIZE]), got::add);
    WeakReference<Slice> ref = new WeakReference<>(got.get(0).asHandshakeFrame().slice());
    got.get(0).close();
    got.clear();
    d.close();
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(ref.get()).as("slice dropped by the closed decoder's pool").isNull();
  }

  @Test
  void resetOfAClosedDecoderOverACallersBufferIsRefused() {
    BufferFromSystemMemory mine = new BufferFromSystemMemory();
    StandardDecoder d = new StandardDecoder(mine);
    d.close();
    assertThatThrownBy(d::reset).isInstanceOf(IllegalStateException.class);
  }
}
