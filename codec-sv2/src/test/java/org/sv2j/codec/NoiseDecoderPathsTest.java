package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.framing.Frame;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;

/**
 * Paths of the encrypted decoder and encoder that the transcript tests do not take: a caller's buffer in
 * direct memory, pull regions capped at the read-ahead limit, an empty payload whose header was pulled
 * and which is then fed, the handshake skipped, the state seen through {@code atFrameBoundary}, the causes
 * of failures. Found by mutation testing (TESTING.md).
 */
class NoiseDecoderPathsTest {
  private static final List<Hs1.TransportFrame> FROM_INITIATOR =
      Hs1.transportFrames().stream().filter(Hs1.TransportFrame::fromInitiator).toList();

  private static byte[] wire(NoiseEncoder enc, Sv2Frame f) {
    ByteBuffer b = ByteBuffer.allocate(enc.encodedLength(f));
    enc.encodeTo(f, b);
    return b.array();
  }

  private static Sv2Frame frame(int len) {
    return Sv2Frame.fromPayload(0, 9, false, Loopback.pattern(len, len));
  }

  @Test
  void theTranscriptDecodesInACallersDirectMemoryThroughBothApis() {
    assertThat(FROM_INITIATOR).extracting(t -> t.payload().length).contains(65_519, 140_000);
    // piece sizes: whole pull regions; 7-byte pushes (chunks arrive in pieces, a partial chunk is packed
    // behind the plaintext); 70,000-byte pushes (a whole chunk plus part of the next).
    for (int piece : new int[] {1 << 20, 7, 70_000}) {
      for (boolean pull : new boolean[] {true, false}) {
        Hs1.Sessions s = Hs1.handshake();
        DirectMemoryBuffer direct = new DirectMemoryBuffer();
        try (StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(direct).forTransport(s.responder())) {
          for (Hs1.TransportFrame t : FROM_INITIATOR) {
            ByteBuffer in = ByteBuffer.wrap(t.ciphertext());
            List<Frame> got = pull ? NoiseDrive.pull(d, in, piece) : NoiseDrive.push(d, in, piece);
            assertThat(got).as("frame %d, piece %d, pull %s", t.index(), piece, pull).hasSize(1);
            try (Sv2Frame f = got.get(0).asSv2Frame()) {
              assertThat(f.msgType()).isEqualTo(t.msgType());
              assertThat(f.payloadToArray()).as("frame %d, piece %d, pull %s", t.index(), piece, pull).isEqualTo(t.payload());
            }
          }
          assertThat(direct.length()).isZero();
        }
        s.initiator().close();
        s.responder().close();
      }
    }
  }

  @Test
  void aPayloadBeyondTheReadAheadLimitIsPulledInBoundedRegions() {
    Hs1.Sessions s = Hs1.handshake();
    int len = 300_000; // 5 chunks: 300,080 ciphertext bytes
    int ct = len + 5 * 16;
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      byte[] w = wire(enc, frame(len));
      assertThat(w).hasSize(22 + ct);
      List<Frame> got = NoiseDrive.pull(d, ByteBuffer.wrap(w), w.length);
      assertThat(NoiseDrive.REGIONS.get())
          .containsExactly(22, StandardNoiseDecoder.READ_AHEAD_LIMIT, ct - StandardNoiseDecoder.READ_AHEAD_LIMIT);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).asSv2Frame().payloadToArray()).isEqualTo(frame(len).payloadToArray());
      got.get(0).close();
    }
  }

  @Test
  void atFrameBoundaryFollowsTheTransportSteps() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      byte[] w = wire(enc, frame(5));
      assertThat(d.atFrameBoundary()).isTrue();
      ByteBuffer r = d.writable();
      assertThat(d.atFrameBoundary()).as("header region outstanding").isFalse();
      r.put(r.position(), w, 0, 22);
      assertThat(d.nextFrame()).isNull();
      assertThat(d.atFrameBoundary()).as("header in, payload not yet").isFalse();
      r = d.writable();
      r.put(r.position(), w, 22, w.length - 22);
      Frame f = d.nextFrame();
      assertThat(f).isNotNull();
      f.close();
      assertThat(d.atFrameBoundary()).isTrue();
      d.feed(ByteBuffer.wrap(w, 0, 3), x -> {});
      assertThat(d.atFrameBoundary()).as("3 header bytes in").isFalse();
    }
  }

  @Test
  void anEmptyPayloadWhoseHeaderWasPulledIsDeliveredByFeed() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      byte[] w = wire(enc, frame(0));
      assertThat(w).hasSize(22);
      ByteBuffer r = d.writable();
      r.put(r.position(), w, 0, 22);
      assertThat(d.nextFrame()).isNull(); // the header step
      assertThat(d.missingBytes()).isZero();
      List<Frame> got = new ArrayList<>();
      d.feed(ByteBuffer.allocate(0), got::add); // no input needed for an empty payload
      assertThat(got).hasSize(1);
      assertThat(got.get(0).asSv2Frame().msgLength()).isZero();
      assertThat(got.get(0).asSv2Frame().msgType()).isEqualTo(9);
      assertThat(d.framesDecoded()).isEqualTo(1);
      assertThat(d.atFrameBoundary()).isTrue();
    }
  }

  @Test
  void startTransportSkipsAnUntouchedHandshakeOnly() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forResponder()) {
      d.startTransport(s.responder());
      assertThat(d.inTransport()).isTrue();
      List<Frame> got = NoiseDrive.push(d, ByteBuffer.wrap(wire(enc, frame(12))), 5);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).asSv2Frame().payloadToArray()).isEqualTo(frame(12).payloadToArray());
    }
    try (StandardNoiseDecoder d = StandardNoiseDecoder.forResponder()) {
      d.feed(ByteBuffer.wrap(new byte[10]), f -> {});
      assertThatThrownBy(() -> d.startTransport(s.responder())).isInstanceOf(IllegalStateException.class);
      assertThat(d.inTransport()).isFalse();
    }
    try (StandardNoiseDecoder d = StandardNoiseDecoder.forResponder()) {
      d.writable();
      assertThatThrownBy(() -> d.startTransport(s.responder())).isInstanceOf(IllegalStateException.class);
      assertThat(d.inTransport()).isFalse();
    }
  }

  @Test
  void aBadTagKeepsTheNoiseCauseAndAnOversizedHeaderHasNone() {
    Hs1.Sessions s = Hs1.handshake();
    byte[] w;
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator())) {
      w = wire(enc, frame(40));
    }
    w[3] ^= 1; // inside the encrypted header
    try (StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      byte[] bad = w;
      assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(bad), f -> {}))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECRYPTION_FAILED))
          .hasCauseInstanceOf(NoiseException.class);
    }
    Hs1.Sessions t = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(t.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.builder().maxPayloadLength(39).forTransport(t.responder())) {
      byte[] big = wire(enc, frame(40));
      assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(big), f -> {}))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE))
          .hasNoCause();
    }
  }

  @Test
  void aBadChunkIsNamedByItsIndex() {
    Hs1.Sessions s = Hs1.handshake();
    byte[] w;
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator())) {
      w = wire(enc, frame(140_000)); // chunks of 65,535, 65,535 and 8,978 ciphertext bytes
    }
    w[22 + 2 * 65_535 + 5] ^= 1; // inside the third chunk
    try (StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      byte[] bad = w;
      assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(bad), f -> {}))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECRYPTION_FAILED))
          .hasMessageContaining("transport frame #0: payload chunk 2 failed");
    }
  }

  @Test
  void anEncoderThatFailedRefusesEncodeAndNamesTheFirstFailure() {
    Hs1.Sessions s = Hs1.handshake();
    NoiseSession session = s.initiator();
    try (NoiseEncoder enc = NoiseEncoder.transport(session)) {
      session.close(); // every later encryption fails
      CodecException first = null;
      try {
        enc.encode(frame(3)).close();
      } catch (CodecException e) {
        first = e;
      }
      assertThat(first).isNotNull();
      assertThat(first.kind()).isEqualTo(CodecException.Kind.ENCRYPTION_FAILED);
      assertThat(enc).hasToString("NoiseEncoder[failed]");
      CodecException firstFailure = first;
      assertThatThrownBy(() -> enc.encode(frame(3)))
          .isInstanceOfSatisfying(CodecException.class, e -> {
            assertThat(e.kind()).isEqualTo(CodecException.Kind.ENCRYPTION_FAILED);
            assertThat(e.getCause()).isSameAs(firstFailure);
          })
          .hasMessageContaining("failed earlier");
    }
  }
}
