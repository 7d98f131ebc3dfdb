package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;

/**
 * Misbehaving peers. Each test runs one fault against a shared {@link NettyEchoServer} while healthy
 * clients keep exchanging frames with it, and asserts: the typed failure on the faulty connection only,
 * every healthy frame intact, no pool slot leaked, no thread left behind. Client-side faults (a bad or
 * silent server) are checked on {@link Sv2Connection} directly.
 */
@Timeout(60)
class FaultTest {
  private static final int MAX_PAYLOAD = 1 << 20;
  private static final int HEALTHY = 8;
  /** Long enough for the slow peer's handshake and frame on a busy machine; the healthy peers never pause. */
  private static final Duration IDLE = Duration.ofSeconds(3);

  private NettyEchoServer server;
  private ExecutorService healthyPool;
  /** Runs the fake servers of client-side faults (the healthy pool's threads are all busy). */
  private ExecutorService fakes;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong healthyFrames = new AtomicLong();
  private final List<Future<?>> healthy = new ArrayList<>();
  private int threadsBefore;

  @BeforeEach
  void startServerAndHealthyTraffic() throws Exception {
    threadsBefore = Fixtures.sv2jThreads().size();
    server =
        NettyEchoServer.encrypted(
            Fixtures.LOOPBACK_ANY_PORT,
            Fixtures.responders(),
            NettyEchoServer.Config.defaults()
                .withMaxPayloadLength(MAX_PAYLOAD)
                .withHandshakeTimeout(Duration.ofMillis(800))
                .withIdleTimeout(IDLE));
    healthyPool = Executors.newFixedThreadPool(HEALTHY);
    fakes = Executors.newFixedThreadPool(2);
    for (int i = 0; i < HEALTHY; i++) {
      long seed = i;
      healthy.add(
          healthyPool.submit(
              () -> {
                SplittableRandom r = new SplittableRandom(seed);
                try (Sv2Connection c =
                    Sv2Connection.initiator(SocketChannel.open(server.address()), Fixtures.initiator())) {
                  while (!stop.get()) {
                    byte[] p = Fixtures.payload(r, r.nextInt(0, 70_000));
                    c.send(Sv2Frame.fromPayload(0, 7, false, p));
                    try (Sv2Frame echo = c.receive()) {
                      assertThat(echo.msgType()).isEqualTo(7);
                      assertThat(Fixtures.sha256(echo)).isEqualTo(Fixtures.sha256(p, 0, p.length));
                    }
                    healthyFrames.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    waitFor(() -> healthyFrames.get() >= HEALTHY, "healthy traffic started");
  }

  @AfterEach
  void everyoneElseWasUnaffected() throws Exception {
    long before = healthyFrames.get();
    waitFor(() -> healthyFrames.get() >= before + HEALTHY, "healthy traffic continues after the fault");
    stop.set(true);
    for (Future<?> f : healthy) {
      f.get(20, TimeUnit.SECONDS); // rethrows any healthy-side failure
    }
    healthyPool.shutdownNow();
    fakes.shutdownNow();
    assertThat(healthyPool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(fakes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    waitFor(() -> server.liveConnections() == 0, "all connections closed");
    assertThat(server.leakedSlots()).isZero();
    server.close();
    assertThat(Fixtures.sv2jThreads()).hasSize(threadsBefore);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(5);
    }
  }

  private void expectServerFailure(CodecException.Kind kind) throws InterruptedException {
    waitFor(() -> server.failures(kind) == 1, "server counts one " + kind);
    assertThat(server.totalFailures()).as("only the faulty connection failed").isEqualTo(1);
  }

  private Fixtures.RawClient raw() throws IOException {
    return new Fixtures.RawClient(server.address());
  }

  // --- faults seen by the server -------------------------------------------------------------------

  @Test
  void garbageInsteadOfTheHandshake() throws Exception {
    try (Fixtures.RawClient c = raw()) {
      SplittableRandom r = new SplittableRandom(1);
      c.write(Fixtures.payload(r, 64)); // any 64 bytes decode as an ElligatorSwift key...
      c.readExactly(234);
      c.write(Fixtures.payload(r, 40)); // ...but the garbage cannot authenticate afterwards
      assertThat(c.closedByPeer(Duration.ofSeconds(5))).isTrue();
    }
    expectServerFailure(CodecException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void truncatedHandshake() throws Exception {
    try (Fixtures.RawClient c = raw()) {
      c.write(new byte[30]);
    }
    expectServerFailure(CodecException.Kind.TRUNCATED);
  }

  @Test
  void peerClosesMidFrame() throws Exception {
    try (Fixtures.RawClient c = raw().handshake(false)) {
      byte[] frame = c.encode(Sv2Frame.fromPayload(0, 1, false, new byte[1000]));
      c.write(java.util.Arrays.copyOf(frame, 500));
    }
    expectServerFailure(CodecException.Kind.TRUNCATED);
  }

  private void flipAndSend(int byteIndexFromStart, boolean fromEnd) throws Exception {
    try (Fixtures.RawClient c = raw().handshake(false)) {
      byte[] ok = c.encode(Sv2Frame.fromPayload(0, 1, false, new byte[100]));
      c.write(ok);
      try (Sv2Frame echo = c.readFrame()) {
        assertThat(echo.msgLength()).isEqualTo(100);
      }
      byte[] bad = c.encode(Sv2Frame.fromPayload(0, 2, false, new byte[70_000]));
      int i = fromEnd ? bad.length - 1 - byteIndexFromStart : byteIndexFromStart;
      bad[i] ^= 0x01;
      c.write(bad);
      assertThat(c.closedByPeer(Duration.ofSeconds(5))).isTrue();
    }
    expectServerFailure(CodecException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void flippedBitInTheHeader() throws Exception {
    flipAndSend(3, false);
  }

  @Test
  void flippedBitInAPayloadChunk() throws Exception {
    flipAndSend(Header.ENCRYPTED_SIZE + Header.NOISE_MAX_CHUNK + 10, false); // second chunk
  }

  @Test
  void flippedBitInATag() throws Exception {
    flipAndSend(0, true); // last byte of the last chunk's tag
  }

  @Test
  void replayedCiphertext() throws Exception {
    try (Fixtures.RawClient c = raw().handshake(false)) {
      byte[] a = c.encode(Sv2Frame.fromPayload(0, 1, false, new byte[10]));
      c.write(a);
      c.readFrame().close();
      c.write(a);
      assertThat(c.closedByPeer(Duration.ofSeconds(5))).isTrue();
    }
    expectServerFailure(CodecException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void reorderedCiphertext() throws Exception {
    try (Fixtures.RawClient c = raw().handshake(false)) {
      byte[] a = c.encode(Sv2Frame.fromPayload(0, 1, false, new byte[10]));
      byte[] b = c.encode(Sv2Frame.fromPayload(0, 2, false, new byte[10]));
      c.write(b);
      c.write(a);
      assertThat(c.closedByPeer(Duration.ofSeconds(5))).isTrue();
    }
    expectServerFailure(CodecException.Kind.DECRYPTION_FAILED);
  }

  @Test
  void headerAnnouncingMoreThanTheMaximum() throws Exception {
    try (Fixtures.RawClient c = raw().handshake(false)) {
      byte[] big = c.encode(Sv2Frame.fromPayload(0, 1, false, new byte[MAX_PAYLOAD + 1]));
      try {
        c.write(big); // the server closes after the 22-byte header; the write may fail midway
      } catch (IOException expected) {
        // connection reset by the server
      }
      assertThat(c.closedByPeer(Duration.ofSeconds(5))).isTrue();
    }
    expectServerFailure(CodecException.Kind.PAYLOAD_TOO_LARGE);
  }

  @Test
  void slowPeerOneByteAtATimeIsServed() throws Exception {
    try (Fixtures.RawClient c = raw().handshake(true)) {
      byte[] p = Fixtures.payload(new SplittableRandom(5), 150);
      c.write(c.encode(Sv2Frame.fromPayload(3, 9, true, p)), true);
      try (Sv2Frame echo = c.readFrame()) {
        assertThat(echo.payloadToArray()).isEqualTo(p);
        assertThat(echo.channelMsg()).isTrue();
      }
    }
    waitFor(() -> server.closedCleanly() >= 1, "slow peer closed cleanly");
    assertThat(server.totalFailures()).isZero();
  }

  @Test
  void peerThatNeverSendsTimesOut() throws Exception {
    try (Fixtures.RawClient c = raw()) {
      assertThat(c.closedByPeer(Duration.ofSeconds(5))).isTrue();
    }
    expectServerFailure(CodecException.Kind.TIMEOUT);
  }

  /**
   * Two peers fall silent after the handshake, one between frames and one in the middle of a frame (a
   * slow-loris): both are closed as idle, nothing else is.
   */
  @Test
  void peersSilentAfterTheHandshakeAreClosedAsIdle() throws Exception {
    try (Fixtures.RawClient betweenFrames = raw().handshake(false);
        Fixtures.RawClient midFrame = raw().handshake(false)) {
      byte[] p = Fixtures.payload(new SplittableRandom(6), 100);
      betweenFrames.write(betweenFrames.encode(Sv2Frame.fromPayload(0, 4, false, p)));
      try (Sv2Frame echo = betweenFrames.readFrame()) {
        assertThat(echo.payloadToArray()).isEqualTo(p);
      }
      byte[] half = midFrame.encode(Sv2Frame.fromPayload(0, 4, false, p));
      midFrame.write(java.util.Arrays.copyOf(half, 40));
      long t0 = System.nanoTime();
      assertThat(betweenFrames.closedByPeer(IDLE.multipliedBy(4))).isTrue();
      assertThat(midFrame.closedByPeer(IDLE.multipliedBy(4))).isTrue();
      // Not before the timeout (measured from after the last frame, so this bound is conservative).
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(IDLE.minusMillis(500));
    }
    waitFor(() -> server.failures(CodecException.Kind.TIMEOUT) == 2, "server counts two idle timeouts");
    assertThat(server.totalFailures()).as("only the silent connections failed").isEqualTo(2);
  }

  // --- faults seen by the client -------------------------------------------------------------------

  @Test
  void wrongAuthorityKeyIsRefusedByTheInitiator() throws Exception {
    byte[] other;
    try (AuthorityKeys k = AuthorityKeys.generate()) {
      other = k.publicKey();
    }
    assertThatThrownBy(() -> Sv2Connection.initiator(SocketChannel.open(server.address()), Initiator.create(other)))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(CodecException.Kind.HANDSHAKE_FAILED);
              assertThat(((NoiseException) e.getCause()).kind()).isEqualTo(NoiseException.Kind.INVALID_CERTIFICATE);
            });
  }

  @Test
  void expiredCertificateIsRefusedByTheInitiator() throws Exception {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(Fixtures.LOOPBACK_ANY_PORT)) {
      Future<?> serverSide =
          fakes.submit(
              () -> {
                try (SocketChannel ch = listener.accept()) {
                  Sv2Connection.responder(ch, Fixtures.responders(Duration.ofHours(1), twoHoursAgo).build());
                } catch (Exception ignored) {
                  // the client walks away
                }
                return null;
              });
      assertThatThrownBy(
              () -> Sv2Connection.initiator(SocketChannel.open(listener.getLocalAddress()), Fixtures.initiator()))
          .isInstanceOfSatisfying(
              CodecException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(CodecException.Kind.HANDSHAKE_FAILED);
                NoiseException n = (NoiseException) e.getCause();
                assertThat(n.kind()).isEqualTo(NoiseException.Kind.INVALID_CERTIFICATE);
                assertThat(n.reason()).isEqualTo(NoiseException.Reason.EXPIRED);
              });
      serverSide.get(10, TimeUnit.SECONDS);
    }
  }

  /** A fake server that answers the initiator with {@code answer} and then closes (or stays silent). */
  private CodecException againstFakeServer(byte[] answer, boolean stayOpen, Duration timeout) throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(Fixtures.LOOPBACK_ANY_PORT)) {
      Future<?> fake =
          fakes.submit(
              () -> {
                try (SocketChannel ch = listener.accept()) {
                  ByteBuffer hello = ByteBuffer.allocate(64);
                  while (hello.hasRemaining() && ch.read(hello) >= 0) {}
                  ch.write(ByteBuffer.wrap(answer));
                  if (stayOpen) {
                    ch.read(ByteBuffer.allocate(1)); // until the client gives up
                  }
                }
                return null;
              });
      InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
      CodecException e =
          (CodecException)
              org.assertj.core.api.Assertions.catchThrowable(
                  () ->
                      Sv2Connection.initiator(
                          SocketChannel.open(address),
                          Fixtures.initiator(),
                          Sv2Connection.Options.defaults().withHandshakeTimeout(timeout)));
      fake.get(10, TimeUnit.SECONDS);
      return e;
    }
  }

  @Test
  void garbageHandshakeAnswerIsRefusedByTheInitiator() throws Exception {
    CodecException e = againstFakeServer(Fixtures.payload(new SplittableRandom(9), 234), false, Duration.ofSeconds(5));
    assertThat(e.kind()).isEqualTo(CodecException.Kind.HANDSHAKE_FAILED);
    assertThat(((NoiseException) e.getCause()).kind()).isEqualTo(NoiseException.Kind.BAD_TAG);
  }

  @Test
  void truncatedHandshakeAnswer() throws Exception {
    CodecException e = againstFakeServer(new byte[100], false, Duration.ofSeconds(5));
    assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED);
  }

  @Test
  void silentServerTimesOut() throws Exception {
    long t0 = System.nanoTime();
    CodecException e = againstFakeServer(new byte[0], true, Duration.ofMillis(300));
    assertThat(e.kind()).isEqualTo(CodecException.Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }
}
