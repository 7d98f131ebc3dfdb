package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Frame;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;
import org.sv2j.testsupport.Props;

/** Behaviour of the encrypted codec beyond the reference transcript: state, errors, limits, pools. */
class NoiseCodecTest {

  private static byte[] encode(NoiseEncoder enc, Frame f) {
    try (Slice s = enc.encode(f)) {
      return s.toByteArray();
    }
  }

  private static Sv2Frame frame(int type, int len) {
    byte[] p = new byte[len];
    for (int i = 0; i < len; i++) {
      p[i] = (byte) (i * 7 + type);
    }
    return Sv2Frame.fromPayload(0, type, false, p);
  }

  @Test
  void aWholeConnectionInMemoryThroughThePushApi() {
    // Initiator side and responder side, each with its own encoder and decoder; the handshake frames go
    // through the codec too, and the sink installs the session as soon as the handshake frame arrives.
    try (Initiator initiator = Hs1.initiator();
        Responder responder = Hs1.responder();
        NoiseEncoder iEnc = new NoiseEncoder();
        NoiseEncoder rEnc = new NoiseEncoder();
        StandardNoiseDecoder iDec = StandardNoiseDecoder.forInitiator();
        StandardNoiseDecoder rDec = StandardNoiseDecoder.forResponder()) {
      byte[] toResponder = encode(iEnc, HandshakeFrame.fromBytes(initiator.step0()));
      List<Frame> atResponder = new ArrayList<>();
      NoiseSession[] rSession = new NoiseSession[1];
      rDec.feed(
          ByteBuffer.wrap(toResponder),
          f -> {
            Responder.Reply reply = responder.step1(f.asHandshakeFrame().payload());
            f.close();
            rSession[0] = reply.session();
            rDec.startTransport(reply.session());
            atResponder.add(HandshakeFrame.fromBytes(reply.message()));
          });
      // The responder answers with its handshake message and, right behind it, two transport frames.
      byte[] hs = encode(rEnc, atResponder.get(0));
      rEnc.startTransport(rSession[0]);
      byte[] t1 = encode(rEnc, frame(1, 10));
      byte[] t2 = encode(rEnc, frame(2, 0));
      ByteBuffer toInitiator = Hs1.concat(List.of(hs, t1, t2));
      List<Frame> atInitiator = new ArrayList<>();
      iDec.feed(
          toInitiator,
          f -> {
            if (f instanceof HandshakeFrame h) {
              NoiseSession s = initiator.step2(h.payload());
              h.close();
              iDec.startTransport(s);
              iEnc.startTransport(s);
            } else {
              atInitiator.add(f);
            }
          });
      assertThat(toInitiator.hasRemaining()).isFalse();
      assertThat(atInitiator).extracting(f -> f.asSv2Frame().msgType()).containsExactly(1, 2);
      assertThat(atInitiator.get(0).asSv2Frame().payloadToArray()).isEqualTo(frame(1, 10).payloadToArray());
      atInitiator.forEach(Frame::close);
      // And back.
      List<Frame> back = NoiseDrive.push(rDec, ByteBuffer.wrap(encode(iEnc, frame(3, 70_000))), 4_000);
      assertThat(back).hasSize(1);
      assertThat(back.get(0).asSv2Frame().payloadToArray()).isEqualTo(frame(3, 70_000).payloadToArray());
      back.get(0).close();
    }
  }

  @Test
  void withoutTheSessionPushStopsAfterTheHandshakeFrame() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.responder());
        StandardNoiseDecoder d = StandardNoiseDecoder.forInitiator()) {
      byte[] t = encode(enc, frame(5, 3));
      ByteBuffer in = Hs1.concat(List.of(s.msg1(), t));
      List<Frame> got = new ArrayList<>();
      d.feed(in, got::add);
      assertThat(got).hasSize(1).allMatch(f -> f instanceof HandshakeFrame);
      assertThat(in.position()).isEqualTo(234);
      assertThatThrownBy(d::writable).isInstanceOf(IllegalStateException.class);
      d.startTransport(s.initiator());
      assertThatThrownBy(() -> d.startTransport(s.initiator())).isInstanceOf(IllegalStateException.class);
      d.feed(in, got::add);
      assertThat(got).hasSize(2);
      assertThat(got.get(1).asSv2Frame().msgType()).isEqualTo(5);
      got.forEach(Frame::close);
    }
  }

  @Test
  void wrongFrameKindsAreRefusedWithoutSpendingANonce() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder hs = new NoiseEncoder();
        NoiseEncoder tr = NoiseEncoder.transport(s.initiator())) {
      assertThatThrownBy(() -> hs.encode(frame(1, 1)))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.WRONG_STATE));
      assertThatThrownBy(() -> tr.encode(HandshakeFrame.fromBytes(new byte[64])))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.WRONG_STATE));
      assertThatThrownBy(() -> tr.startTransport(s.initiator())).isInstanceOf(IllegalStateException.class);
      assertThat(s.initiator().sendNonce()).isZero();
    }
  }

  @Test
  void aFailedEncodeLeavesTheNextFrameCorrect() {
    // brief §4.4: the reference leaves the failed frame's bytes in its buffer and the peer then reads a
    // bogus length. Here nothing is left and no nonce is spent.
    Hs1.Sessions s = Hs1.handshake();
    Sv2Message liar =
        new Sv2Message() {
          @Override
          public int encodedLength() {
            return 100;
          }

          @Override
          public void encodeTo(ByteBuffer dst) {
            dst.put(new byte[40]);
          }
        };
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
      assertThatThrownBy(() -> enc.encode(Sv2Frame.fromMessage(0, 1, false, liar)))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.FRAMING));
      ByteBuffer dst = ByteBuffer.allocate(500).position(9);
      assertThatThrownBy(() -> enc.encodeTo(Sv2Frame.fromMessage(0, 1, false, liar), dst))
          .isInstanceOf(CodecException.class);
      assertThat(dst.position()).isEqualTo(9);
      assertThat(dst.limit()).isEqualTo(500);
      ByteBuffer tiny = ByteBuffer.allocate(30);
      assertThatThrownBy(() -> enc.encodeTo(frame(1, 20), tiny)).isInstanceOf(CodecException.class);
      assertThat(s.initiator().sendNonce()).isZero();
      List<Frame> got = NoiseDrive.push(d, ByteBuffer.wrap(encode(enc, frame(7, 33))), 5);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).asSv2Frame().msgType()).isEqualTo(7);
      assertThat(got.get(0).asSv2Frame().payloadToArray()).isEqualTo(frame(7, 33).payloadToArray());
      got.get(0).close();
    }
  }

  @Test
  void anyFlippedBitFailsTheDecoderForGoodAndDeliversNothingOfThatFrame() {
    Props.forAll(
        60,
        r -> {
          Hs1.Sessions s = Hs1.handshake();
          int len = r.nextInt(4) == 0 ? r.nextInt(65_500, 140_000) : r.nextInt(0, 300);
          try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
              BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
              StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(pool).forTransport(s.responder())) {
            byte[] good = encode(enc, frame(1, 5));
            byte[] victim = encode(enc, frame(2, len));
            int bit = r.nextInt(victim.length * 8);
            victim[bit / 8] ^= (byte) (1 << (bit % 8));
            List<Frame> got = new ArrayList<>();
            ByteBuffer in = Hs1.concat(List.of(good, victim));
            int piece = r.nextInt(1, 70_000);
            boolean pull = r.nextBoolean();
            Throwable thrown = null;
            try {
              got.addAll(pull ? NoiseDrive.pull(d, in, piece) : NoiseDrive.push(d, in, piece));
            } catch (CodecException e) {
              thrown = e;
            }
            String where = bit / 8 < Header.ENCRYPTED_SIZE ? "header" : "payload chunk";
            assertThat(thrown)
                .as("bit %d of %d (%s)", bit, victim.length * 8, where)
                .isInstanceOfSatisfying(
                    CodecException.class,
                    e -> {
                      // Header and chunks are authenticated: every flip is a failed tag in frame #1.
                      assertThat(e.kind()).isEqualTo(CodecException.Kind.DECRYPTION_FAILED);
                      assertThat(e.getMessage()).contains("frame #1", where);
                    });
            // Only the good frame was completed.
            assertThat(d.framesDecoded()).isEqualTo(1);
            assertThat(d.isFailed()).isTrue();
            assertThatThrownBy(() -> d.feed(ByteBuffer.allocate(1), f -> {}))
                .isInstanceOfSatisfying(
                    CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECODER_FAILED));
            assertThatThrownBy(d::writable).isInstanceOf(CodecException.class);
            got.forEach(Frame::close);
            // The good frame (if the pull helper returned it) is released; the failed one holds nothing.
            assertThat(pool.length()).isZero();
          }
        });
  }

  @Test
  void replayedOrReorderedCiphertextFails() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator())) {
      byte[] a = encode(enc, frame(1, 10));
      byte[] b = encode(enc, frame(2, 10));
      try (StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s.responder())) {
        List<Frame> got = new ArrayList<>();
        d.feed(ByteBuffer.wrap(a), got::add);
        assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(a), got::add))
            .isInstanceOfSatisfying(
                CodecException.class, e -> assertThat(e.getMessage()).contains("frame #1", "header"));
        assertThat(got).hasSize(1);
        got.forEach(Frame::close);
      }
    }
    Hs1.Sessions s2 = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s2.initiator());
        StandardNoiseDecoder d = StandardNoiseDecoder.forTransport(s2.responder())) {
      byte[] a = encode(enc, frame(1, 10));
      byte[] b = encode(enc, frame(2, 10));
      assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(b), f -> {}))
          .isInstanceOfSatisfying(
              CodecException.class, e -> assertThat(e.getMessage()).contains("frame #0"));
      assertThat(a).isNotEmpty();
    }
  }

  @Test
  void theMaximumPayloadIsCheckedOnTheHeaderBeforeAnyPayloadIsReserved() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        BufferPool pool = new BufferPool(4096);
        StandardNoiseDecoder d =
            StandardNoiseDecoder.builder().buffer(pool).maxPayloadLength(1000).forTransport(s.responder())) {
      byte[] ok = encode(enc, frame(1, 1000));
      byte[] big = encode(enc, frame(2, 1001));
      List<Frame> got = NoiseDrive.push(d, ByteBuffer.wrap(ok), 100);
      assertThat(got).hasSize(1);
      got.get(0).close();
      ByteBuffer in = ByteBuffer.wrap(big);
      assertThatThrownBy(() -> d.feed(in, f -> {}))
          .isInstanceOfSatisfying(
              CodecException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE);
                assertThat(e.getMessage()).contains("frame #1", "1001", "limit 1000");
              });
      assertThat(in.position()).isEqualTo(Header.ENCRYPTED_SIZE);
      assertThat(pool.length()).isZero();
      assertThat(pool.liveSlices()).isZero();
      assertThat(s.responder().receiveNonce()).isEqualTo(3); // 2 for the good frame, 1 for the header
    }
  }

  @Test
  void framesLiveInPoolSlicesAndRecycledFramesAreReArmed() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = NoiseEncoder.transport(s.initiator());
        BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY);
        StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(pool).forTransport(s.responder())) {
      ByteBuffer wire = ByteBuffer.allocate(10_000);
      Sv2Frame reuse = null;
      for (int i = 0; i < 100; i++) {
        wire.clear();
        enc.encodeTo(frame(i & 0xff, i * 11), wire);
        wire.flip();
        Frame f = null;
        while (f == null) {
          ByteBuffer w = d.writable();
          int n = w.remaining();
          w.put(w.position(), wire, wire.position(), n);
          wire.position(wire.position() + n);
          f = d.nextFrame(reuse);
        }
        Sv2Frame sv2 = f.asSv2Frame();
        if (reuse != null) {
          assertThat(sv2).isSameAs(reuse);
        }
        assertThat(sv2.slice().isPooled()).isTrue();
        assertThat(sv2.payloadToArray()).isEqualTo(frame(i & 0xff, i * 11).payloadToArray());
        sv2.close();
        reuse = sv2;
      }
      assertThat(pool.liveSlices()).isZero();
    }
  }

  @Test
  void encodedLengthAndStateReporting() {
    Hs1.Sessions s = Hs1.handshake();
    try (NoiseEncoder enc = new NoiseEncoder(1024)) {
      assertThat(enc.inTransport()).isFalse();
      assertThat(enc.encodedLength(HandshakeFrame.fromBytes(new byte[64]))).isEqualTo(64);
      enc.startTransport(s.initiator());
      assertThat(enc.encodedLength(frame(1, 0))).isEqualTo(22);
      assertThat(enc.encodedLength(frame(1, 65_520))).isEqualTo(22 + 65_552);
      assertThat(enc.toString()).contains("transport").doesNotContain("key");
    }
  }
}
