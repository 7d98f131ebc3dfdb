package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Frame;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * The encrypted encoder's edges: direct (non-array) destinations for single- and multi-chunk frames,
 * the capacity check, and what close refuses and releases. Found by mutation testing (TESTING.md).
 */
class NoiseEncoderEdgeTest {
  /** [initiator's session, responder's session] after the fixed handshake. */
  private static NoiseSession[] sessions() {
    Initiator initiator = Hs1.initiator();
    Responder responder = Hs1.responder();
    Responder.Reply reply = responder.step1(initiator.step0());
    NoiseSession i = initiator.step2(reply.message());
    return new NoiseSession[] {i, reply.session()};
  }

  private static byte[] payload(int len) {
    byte[] p = new byte[len];
    for (int k = 0; k < len; k++) {
      p[k] = (byte) (k * 31 + 7);
    }
    return p;
  }

  @Test
  void directDestinationsCarryOneAndManyChunksByteForByte() {
    NoiseSession[] s = sessions();
    NoiseEncoder enc = NoiseEncoder.transport(s[0]);
    StandardNoiseDecoder dec = StandardNoiseDecoder.forTransport(s[1]);
    int[] sizes = {0, 10, 65_519, 65_520, 150_000};
    for (int len : sizes) {
      Sv2Frame f = Sv2Frame.fromPayload(0, 1, false, payload(len));
      int total = enc.encodedLength(f);
      ByteBuffer direct = ByteBuffer.allocateDirect(total + 3).position(3);
      enc.encodeTo(f, direct);
      assertThat(direct.position()).isEqualTo(total + 3);
      direct.position(3);
      List<Frame> got = new ArrayList<>();
      dec.feed(direct, got::add);
      assertThat(got).as("len %d", len).hasSize(1);
      assertThat(got.get(0).asSv2Frame().payloadToArray()).as("len %d", len).isEqualTo(payload(len));
    }
  }

  @Test
  void capacityZeroIsAllowedAndNegativeIsNot() {
    try (NoiseEncoder e = new NoiseEncoder(0)) {
      try (Slice s = e.encode(HandshakeFrame.fromBytes(new byte[] {1, 2, 3}))) {
        assertThat(s.toByteArray()).containsExactly(1, 2, 3);
      }
    }
    assertThatThrownBy(() -> new NoiseEncoder(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedEncoderRefusesWorkAndDropsItsPool() throws InterruptedException {
    NoiseEncoder e = new NoiseEncoder();
    assertThat(e.toString()).isEqualTo("NoiseEncoder[handshake]");
    Slice s = e.encode(HandshakeFrame.fromBytes(new byte[] {1, 2, 3}));
    WeakReference<Slice> ref = new WeakReference<>(s);
    s.close();
    s = null;
    e.close();
    assertThat(e.toString()).isEqualTo("NoiseEncoder[closed]");
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(ref.get()).as("slice dropped by the closed encoder's pool").isNull();
    HandshakeFrame h = HandshakeFrame.fromBytes(new byte[] {4});
    assertThatThrownBy(() -> e.encode(h)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> e.encodeTo(h, ByteBuffer.allocate(8))).isInstanceOf(IllegalStateException.class);
    NoiseSession[] sessions = sessions();
    assertThatThrownBy(() -> e.startTransport(sessions[0])).isInstanceOf(IllegalStateException.class);
    assertThat(e.inTransport()).isFalse();
    e.close();
    assertThat(e.toString()).isEqualTo("NoiseEncoder[closed]");
  }
}
