package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Frame;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseSession;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.PlainFrameCases;

/**
 * The reference transcript hs1 (sv2_reference_handshake.json and its .bin files) through NoiseEncoder and
 * StandardNoiseDecoder: the same session keys give exactly the reference's ciphertexts, and they decode
 * back through both APIs and through 1-, 7- and 65,536-byte splits.
 */
class NoiseTranscriptTest {
  private static final List<Hs1.TransportFrame> FRAMES = Hs1.transportFrames();

  @Test
  void handshakeFramesTravelRaw() {
    Hs1.Sessions s = Hs1.handshake();
    assertThat(s.msg0()).isEqualTo(Hs1.msg0());
    assertThat(s.msg1()).isEqualTo(Hs1.msg1());
    try (NoiseEncoder enc = new NoiseEncoder();
        StandardNoiseDecoder responderSide = StandardNoiseDecoder.forResponder();
        StandardNoiseDecoder initiatorSide = StandardNoiseDecoder.forInitiator()) {
      byte[] wire0;
      try (Slice out = enc.encode(HandshakeFrame.fromBytes(s.msg0()))) {
        wire0 = out.toByteArray();
      }
      assertThat(wire0).isEqualTo(Hs1.msg0());
      assertThat(responderSide.missingBytes()).isEqualTo(64);
      List<Frame> got = NoiseDrive.push(responderSide, ByteBuffer.wrap(wire0), 7);
      assertThat(got).hasSize(1);
      try (HandshakeFrame h = got.get(0).asHandshakeFrame()) {
        assertThat(h.payload()).isEqualTo(Hs1.msg0());
      }
      got = NoiseDrive.pull(initiatorSide, ByteBuffer.wrap(Hs1.msg1()), 1000);
      assertThat(NoiseDrive.REGIONS.get()).containsExactly(234);
      try (HandshakeFrame h = got.get(0).asHandshakeFrame()) {
        assertThat(h.length()).isEqualTo(234);
        assertThat(h.payload()).isEqualTo(Hs1.msg1());
      }
    }
    s.initiator().close();
    s.responder().close();
  }

  @Test
  void encoderProducesTheReferenceCiphertexts() {
    assertThat(FRAMES).hasSize(9);
    for (boolean viaSlice : new boolean[] {true, false}) {
      Hs1.Sessions s = Hs1.handshake();
      try (NoiseEncoder fromInitiator = NoiseEncoder.transport(s.initiator());
          NoiseEncoder fromResponder = NoiseEncoder.transport(s.responder())) {
        for (Hs1.TransportFrame t : FRAMES) {
          NoiseEncoder enc = t.fromInitiator() ? fromInitiator : fromResponder;
          NoiseSession sender = t.fromInitiator() ? s.initiator() : s.responder();
          long nonceBefore = sender.sendNonce();
          Sv2Frame f = t.frame();
          byte[] wire;
          if (viaSlice) {
            try (Slice out = enc.encode(f)) {
              wire = out.toByteArray();
            }
          } else {
            ByteBuffer dst = ByteBuffer.allocateDirect(enc.encodedLength(f) + 5).position(5);
            enc.encodeTo(f, dst);
            assertThat(dst.hasRemaining()).isFalse();
            wire = new byte[dst.capacity() - 5];
            dst.get(5, wire);
          }
          String what = "frame " + t.index() + (viaSlice ? " encode" : " encodeTo direct");
          assertThat(Hex.encode(wire, 0, Header.ENCRYPTED_SIZE)).as(what).isEqualTo(t.encryptedHeaderHex());
          assertThat(wire.length).as(what).isEqualTo(Header.ENCRYPTED_SIZE + Header.encryptedLength(t.payload().length));
          assertThat(PlainFrameCases.sha256Hex(wire)).as(what).isEqualTo(PlainFrameCases.sha256Hex(t.ciphertext()));
          assertThat(wire).as(what).isEqualTo(t.ciphertext());
          assertThat(sender.sendNonce() - nonceBefore).as(what + " nonces").isEqualTo(1 + t.chunkLengths().size());
        }
      }
    }
  }

  @Test
  void decoderDecodesTheReferenceCiphertextsThroughBothApisAndEverySplit() {
    for (int split : new int[] {1, 7, 65_536, Integer.MAX_VALUE}) {
      for (String api : List.of("pull", "push")) {
        Hs1.Sessions s = Hs1.handshake();
        try (StandardNoiseDecoder atResponder = StandardNoiseDecoder.forTransport(s.responder());
            StandardNoiseDecoder atInitiator = StandardNoiseDecoder.forTransport(s.initiator())) {
          for (boolean fromInitiator : new boolean[] {true, false}) {
            List<Hs1.TransportFrame> sent =
                FRAMES.stream().filter(t -> t.fromInitiator() == fromInitiator).toList();
            List<byte[]> parts = new ArrayList<>();
            sent.forEach(t -> parts.add(t.ciphertext()));
            ByteBuffer wire = Hs1.concat(parts);
            StandardNoiseDecoder d = fromInitiator ? atResponder : atInitiator;
            List<Frame> got = api.equals("pull") ? NoiseDrive.pull(d, wire, split) : NoiseDrive.push(d, wire, split);
            assertThat(got).as("%s split %d", api, split).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
              Hs1.TransportFrame t = sent.get(i);
              try (Sv2Frame f = got.get(i).asSv2Frame()) {
                String what = "frame " + t.index() + " " + api + " split " + split;
                Sv2Frame expected = t.frame();
                assertThat(f.header()).as(what).isEqualTo(expected.header());
                assertThat(f.payloadToArray()).as(what).isEqualTo(t.payload());
                assertThat(f.slice().length()).as(what).isEqualTo(Header.SIZE + t.payload().length);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void readSizesFollowTheReferenceSequence() {
    // brief §4.5, executed table: header 22, then the whole payload ciphertext; empty payload -> 0.
    int[][] table = {{65_519, 65_535}, {65_520, 65_552}, {131_039, 131_087}, {0, 0}, {3, 19}};
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      for (int[] row : table) {
        byte[] wire;
        try (Slice out = enc.encode(Sv2Frame.fromPayload(0, 1, false, new byte[row[0]]))) {
          wire = out.toByteArray();
        }
        List<Frame> got = NoiseDrive.pull(d, ByteBuffer.wrap(wire), Integer.MAX_VALUE);
        assertThat(NoiseDrive.REGIONS.get()).as("payload %d", row[0]).containsExactly(22, row[1]);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).asSv2Frame().msgLength()).isEqualTo(row[0]);
        got.get(0).close();
      }
    }
  }
}
