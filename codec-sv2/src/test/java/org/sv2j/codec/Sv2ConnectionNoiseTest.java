package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * Encrypted {@link Sv2Connection}s over loopback TCP: the reference transcript hs1 on the wire in both
 * roles, handshake failures, time-outs and truncation, transport errors, growth and recycling.
 */
@Timeout(30)
class Sv2ConnectionNoiseTest {
  private static final List<Hs1.TransportFrame> FRAMES = Hs1.transportFrames();
  private static final Sv2Connection.Options DEFAULTS = Sv2Connection.Options.defaults();

  private final ExecutorService peer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sv2connection-noise-peer");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopPeer() throws InterruptedException {
    peer.shutdownNow();
    assertThat(peer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private <T> Future<T> onPeer(Callable<T> task) {
    return peer.submit(task);
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  private static void assertFrame(Sv2Frame got, Hs1.TransportFrame expected) {
    assertThat(got.msgType()).isEqualTo(expected.msgType());
    assertThat(got.extensionTypeWithoutChannelBit()).isEqualTo(expected.extensionType() & 0x7fff);
    assertThat(got.channelMsg()).isEqualTo(expected.channelMsg());
    assertThat(got.payloadToArray()).isEqualTo(expected.payload());
  }

  private static byte[] certificatePlaintext() {
    return Hs1.hex(Hs1.HANDSHAKE, "signature_noise_message_plaintext_hex");
  }

  @Test
  void asResponderItAnswersWithTheReferenceBytesAndCarriesTheTranscript() throws Exception {
    try (Loopback.Pair p = Loopback.pair()) {
      Future<byte[]> answer = onPeer(() -> {
        Loopback.write(p.client(), Hs1.msg0());
        return Loopback.read(p.client(), 234);
      });
      Responder responder = Hs1.responder();
      try (Sv2Connection c = Sv2Connection.responder(p.server(), responder)) {
        assertThat(get(answer)).isEqualTo(Hs1.msg1());
        assertThat(c.isEncrypted()).isTrue();
        assertThat(c).hasToString("Sv2Connection[encrypted]");
        assertThat(c.certificate()).isPresent();
        assertThat(c.certificate().get().toBytes()).isEqualTo(certificatePlaintext());
        assertThatThrownBy(() -> responder.step1(Hs1.msg0())).isInstanceOf(IllegalStateException.class); // used up
        for (Hs1.TransportFrame t : FRAMES) {
          if (t.fromInitiator()) {
            Future<?> w = onPeer(() -> {
              Loopback.write(p.client(), t.ciphertext());
              return null;
            });
            try (Sv2Frame got = c.receive()) {
              assertFrame(got, t);
            }
            get(w);
          } else {
            Future<byte[]> r = onPeer(() -> Loopback.read(p.client(), t.ciphertext().length));
            c.send(t.frame());
            assertThat(get(r)).as("frame %d", t.index()).isEqualTo(t.ciphertext());
          }
        }
      }
      assertThat(Loopback.peerClosed(p.client())).isTrue();
    }
  }

  @Test
  void asInitiatorItSendsTheReferenceBytesAndCarriesTheTranscript() throws Exception {
    try (Loopback.Pair p = Loopback.pair()) {
      Future<byte[]> hello = onPeer(() -> {
        byte[] m0 = Loopback.read(p.server(), 64);
        Loopback.write(p.server(), Hs1.msg1());
        return m0;
      });
      Initiator initiator = Hs1.initiator();
      try (Sv2Connection c = Sv2Connection.initiator(p.client(), initiator)) {
        assertThat(get(hello)).isEqualTo(Hs1.msg0());
        assertThat(c.certificate().orElseThrow().toBytes()).isEqualTo(certificatePlaintext());
        assertThatThrownBy(initiator::step0).isInstanceOf(IllegalStateException.class); // used up
        for (Hs1.TransportFrame t : FRAMES) {
          if (!t.fromInitiator()) {
            Future<?> w = onPeer(() -> {
              Loopback.write(p.server(), t.ciphertext());
              return null;
            });
            try (Sv2Frame got = c.receive(Duration.ofSeconds(20))) {
              assertFrame(got, t);
            }
            get(w);
          } else {
            Future<byte[]> r = onPeer(() -> Loopback.read(p.server(), t.ciphertext().length));
            c.send(t.frame());
            assertThat(get(r)).as("frame %d", t.index()).isEqualTo(t.ciphertext());
          }
        }
        c.close();
        assertThat(c).hasToString("Sv2Connection[encrypted, closed]");
        assertThatThrownBy(() -> c.send(FRAMES.get(0).frame())).isInstanceOf(ClosedChannelException.class);
      }
    }
  }

  @Test
  void twoConnectionsGrowRecycleAndCloseEncrypted() throws Exception {
    try (Loopback.Connections cs = Loopback.noise(DEFAULTS)) {
      Sv2Connection tx = cs.client();
      Sv2Connection rx = cs.server();
      assertThat(tx.certificate().orElseThrow().toBytes()).isEqualTo(rx.certificate().orElseThrow().toBytes());
      assertThat(tx.bufferCapacity()).isZero();
      assertThat(rx.bufferCapacity()).isZero();
      // The send buffer is sized by the encrypted length: 22 + 1,000 + 16 bytes.
      Sv2Frame big = Sv2Frame.fromPayload(1, 2, false, Loopback.pattern(1000, 1));
      tx.send(big);
      assertThat(tx.bufferCapacity()).isEqualTo(1038);
      try (Sv2Frame got = rx.receive()) {
        assertThat(got.payloadToArray()).isEqualTo(big.payloadToArray());
      }
      assertThat(rx.bufferCapacity()).isZero();
      // The next receive moves decoding to a pool of twice that frame (2 x 1,006 bytes: more than the
      // initial 1 KiB) with the same session: the frames keep decrypting.
      Sv2Frame small = Sv2Frame.fromPayload(3, 4, true, Loopback.pattern(10, 2));
      tx.send(small);
      tx.send(Sv2Frame.fromPayload(5, 6, false, Loopback.pattern(20, 3)));
      Sv2Frame first = rx.receive();
      assertThat(first.payloadToArray()).isEqualTo(small.payloadToArray());
      assertThat(first.channelMsg()).isTrue();
      assertThat(rx.bufferCapacity()).isEqualTo(2 * 1006);
      rx.recycle(first);
      assertThat(first.isOpen()).isFalse();
      Sv2Frame again = rx.receive();
      assertThat(again).isSameAs(first);
      assertThat(again.msgType()).isEqualTo(6);
      assertThat(again.payloadToArray()).isEqualTo(Loopback.pattern(20, 3));
      again.close();
      // The other direction, through a chunk edge, while this side sends too.
      Sv2Frame huge = Sv2Frame.fromPayload(0, 7, false, Loopback.pattern(65_520, 4));
      Future<?> sending = onPeer(() -> {
        rx.send(huge);
        return null;
      });
      try (Sv2Frame got = tx.receive()) {
        assertThat(got.payloadToArray()).isEqualTo(huge.payloadToArray());
      }
      get(sending);
      NoiseSession keys = rx.session();
      assertThat(keys.isClosed()).isFalse();
      rx.close();
      assertThat(keys.isClosed()).as("close wipes the session's keys").isTrue();
      assertThat(rx.isClosed()).isTrue();
      assertThat(rx.channel().isOpen()).isFalse();
      assertThatThrownBy(tx::receive).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void aTamperedAnswerFailsTheInitiatorsHandshake() throws Exception {
    byte[] bad = Hs1.msg1();
    bad[100] ^= 1; // inside the encrypted static key
    try (Loopback.Pair p = Loopback.pair()) {
      Future<byte[]> hello = onPeer(() -> {
        byte[] m0 = Loopback.read(p.server(), 64);
        Loopback.write(p.server(), bad);
        return m0;
      });
      assertThatThrownBy(() -> Sv2Connection.initiator(p.client(), Hs1.initiator()))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.HANDSHAKE_FAILED))
          .hasCauseInstanceOf(NoiseException.class)
          .hasMessageContaining("responder's handshake refused");
      assertThat(get(hello)).isEqualTo(Hs1.msg0());
      assertThat(p.client().isOpen()).isFalse();
      assertThat(Loopback.peerClosed(p.server())).isTrue();
    }
  }

  @Test
  void anotherAuthorityFailsTheInitiatorsHandshake() throws Exception {
    byte[] other = AuthorityKeys.generate(b -> Arrays.fill(b, (byte) 7)).publicKey();
    assertThat(other).isNotEqualTo(Hs1.authorityPublic());
    Initiator wrong = Initiator.builder(other).random(Hs1.scripted(Hs1.rng("initiator_ephemeral")))
        .clock(Hs1.at(Hs1.number("initiator_now"))).build();
    try (Loopback.Pair p = Loopback.pair()) {
      Future<Sv2Connection> server = onPeer(() -> Sv2Connection.responder(p.server(), Hs1.responder()));
      assertThatThrownBy(() -> Sv2Connection.initiator(p.client(), wrong))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.HANDSHAKE_FAILED));
      try (Sv2Connection s = get(server)) { // the responder cannot tell; it sees the end of the stream
        assertThatThrownBy(s::receive).isInstanceOf(EOFException.class);
      }
    }
  }

  @Test
  void aHandshakeThatStallsTimesOutAndSaysHowFarItGot() throws Exception {
    Sv2Connection.Options quick = DEFAULTS.withHandshakeTimeout(Duration.ofMillis(150));
    try (Loopback.Pair p = Loopback.pair()) {
      Loopback.write(p.client(), Arrays.copyOf(Hs1.msg0(), 10));
      Responder responder = Hs1.responder();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> Sv2Connection.responder(p.server(), responder, quick))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TIMEOUT))
          .hasMessageContaining("within 150 ms (10 bytes received)");
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(140));
      assertThat(p.server().isOpen()).isFalse();
      assertThatThrownBy(() -> responder.step1(Hs1.msg0())).isInstanceOf(IllegalStateException.class); // closed
    }
    try (Loopback.Pair p = Loopback.pair()) {
      Initiator initiator = Hs1.initiator();
      assertThatThrownBy(() -> Sv2Connection.initiator(p.client(), initiator, quick))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TIMEOUT))
          .hasMessageContaining("(0 bytes received)");
      assertThat(Loopback.read(p.server(), 64)).isEqualTo(Hs1.msg0()); // its message went out
      assertThat(p.client().isOpen()).isFalse();
      assertThat(Loopback.peerClosed(p.server())).isTrue();
    }
  }

  @Test
  void aHandshakeCutByThePeerIsTruncation() throws Exception {
    try (Loopback.Pair p = Loopback.pair()) {
      Loopback.write(p.client(), Arrays.copyOf(Hs1.msg0(), 10));
      p.client().shutdownOutput();
      assertThatThrownBy(() -> Sv2Connection.responder(p.server(), Hs1.responder()))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED))
          .hasMessageContaining("after 10 bytes");
      assertThat(p.server().isOpen()).isFalse();
    }
    try (Loopback.Pair p = Loopback.pair()) {
      Future<?> answer = onPeer(() -> {
        Loopback.read(p.server(), 64);
        Loopback.write(p.server(), Arrays.copyOf(Hs1.msg1(), 100));
        p.server().shutdownOutput();
        return null;
      });
      assertThatThrownBy(() -> Sv2Connection.initiator(p.client(), Hs1.initiator()))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED))
          .hasMessageContaining("after 100 bytes");
      get(answer);
      assertThat(p.client().isOpen()).isFalse();
    }
  }

  @Test
  void aHandshakeMessageThatCannotBeWrittenClosesTheChannel() throws Exception {
    try (Loopback.Pair p = Loopback.pair()) {
      p.client().shutdownOutput();
      Initiator initiator = Hs1.initiator();
      assertThatThrownBy(() -> Sv2Connection.initiator(p.client(), initiator)).isInstanceOf(IOException.class);
      assertThat(p.client().isOpen()).isFalse();
      assertThatThrownBy(initiator::step0).isInstanceOf(IllegalStateException.class);
    }
    try (Loopback.Pair p = Loopback.pair()) {
      Loopback.write(p.client(), Hs1.msg0());
      p.server().shutdownOutput();
      assertThatThrownBy(() -> Sv2Connection.responder(p.server(), Hs1.responder())).isInstanceOf(IOException.class);
      assertThat(p.server().isOpen()).isFalse();
    }
  }

  /** A responder connection whose peer is driven by hand with the transcript's ciphertexts. */
  private Sv2Connection handshakenResponder(Loopback.Pair p, Sv2Connection.Options options) throws Exception {
    Future<byte[]> answer = onPeer(() -> {
      Loopback.write(p.client(), Hs1.msg0());
      return Loopback.read(p.client(), 234);
    });
    Sv2Connection c = Sv2Connection.responder(p.server(), Hs1.responder(), options);
    assertThat(get(answer)).isEqualTo(Hs1.msg1());
    return c;
  }

  @Test
  void aBadTagInTransportClosesTheConnection() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = handshakenResponder(p, DEFAULTS)) {
      byte[] ct = FRAMES.get(0).ciphertext().clone();
      ct[ct.length - 1] ^= (byte) 0x80; // the payload chunk's tag
      Loopback.write(p.client(), ct);
      assertThatThrownBy(c::receive)
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECRYPTION_FAILED));
      assertThat(c.isClosed()).isTrue();
      assertThat(Loopback.peerClosed(p.client())).isTrue();
    }
  }

  @Test
  void theEncryptedPayloadLimitIsCheckedOnTheHeader() throws Exception {
    Hs1.TransportFrame f0 = FRAMES.get(0);
    Hs1.TransportFrame f2 = FRAMES.get(2);
    Hs1.TransportFrame f4 = FRAMES.get(4);
    assertThat(f2.payload()).hasSize(255);
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = handshakenResponder(p, DEFAULTS.withMaxPayloadLength(255))) {
      Loopback.write(p.client(), f0.ciphertext());
      Loopback.write(p.client(), f2.ciphertext());
      try (Sv2Frame a = c.receive();
          Sv2Frame b = c.receive()) {
        assertFrame(a, f0);
        assertFrame(b, f2); // exactly at the limit
      }
      Loopback.write(p.client(), Arrays.copyOf(f4.ciphertext(), 22)); // just the header of 65,519 bytes
      assertThatThrownBy(c::receive)
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE));
      assertThat(c.isClosed()).isTrue();
    }
  }

  @Test
  void anEncryptedFrameCutByThePeerIsTruncation() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = handshakenResponder(p, DEFAULTS)) {
      Loopback.write(p.client(), FRAMES.get(0).ciphertext());
      try (Sv2Frame a = c.receive()) {
        assertFrame(a, FRAMES.get(0));
      }
      Loopback.write(p.client(), Arrays.copyOf(FRAMES.get(2).ciphertext(), 22 + 10));
      assertThat(c.receive(Duration.ofMillis(30))).isNull(); // header in, payload incomplete
      p.client().shutdownOutput();
      assertThatThrownBy(c::receive)
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED))
          .hasMessageContaining("(32 bytes in)");
      assertThat(c.isClosed()).isTrue();
    }
  }

  @Test
  void anEncryptedRecycleAfterCloseOnlyClosesTheFrame() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = handshakenResponder(p, DEFAULTS.withDecoderPoolCapacity(0))) {
      Loopback.write(p.client(), FRAMES.get(0).ciphertext());
      Loopback.write(p.client(), FRAMES.get(2).ciphertext());
      Sv2Frame a = c.receive();
      c.recycle(a);
      Sv2Frame b = c.receive();
      assertThat(b).isSameAs(a);
      assertFrame(b, FRAMES.get(2));
      c.close();
      c.recycle(b);
      assertThat(b.isOpen()).isFalse();
      assertThat(c.bufferCapacity()).isZero();
    }
  }
}
