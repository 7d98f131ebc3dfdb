package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.netty.CloseCause;

/**
 * The fault suite at scale: 1,000 healthy encrypted clients keep exchanging frames with one {@code
 * Sv2Server} while hostile peers (garbage, a truncated handshake, a silent peer, a slow-loris, a peer that
 * never reads, a tampered frame) run against it at the same time. Every healthy frame comes back intact,
 * every hostile peer is closed for its own reason, and nothing else fails.
 */
class FaultsAtScaleTest {
  private static final int HEALTHY = Integer.getInteger("sv2j.it.connections", 1_000);
  private static final int THREADS = 8;

  @Test
  @Timeout(300)
  void thousandHealthyClientsKeepWorkingWhileHostilePeersAttack() throws Exception {
    Sv2Connection.Options small = Sv2Connection.Options.defaults().withDecoderPoolCapacity(4096).withWriteBufferSize(4096)
        .withHandshakeTimeout(Duration.ofSeconds(60));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Sv2Connection> healthy = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong frames = new AtomicLong();
    try (NettyEchoServer server = NettyEchoServer.encrypted(Fixtures.LOOPBACK_ANY_PORT, Fixtures.responders(),
        NettyEchoServer.Config.defaults().withHandshakeTimeout(Duration.ofSeconds(2))
            .withIdleTimeout(Duration.ofSeconds(30)).withSendTimeout(Duration.ofSeconds(2)))) {
      List<Future<Sv2Connection>> opening = new ArrayList<>();
      for (int i = 0; i < HEALTHY; i++) {
        opening.add(pool.submit(() -> Sv2Connection.initiator(SocketChannel.open(server.address()), Fixtures.initiator(), small)));
      }
      for (Future<Sv2Connection> f : opening) {
        healthy.add(f.get(120, TimeUnit.SECONDS));
      }
      List<Future<Long>> traffic = new ArrayList<>();
      int per = HEALTHY / THREADS;
      for (int t = 0; t < THREADS; t++) {
        List<Sv2Connection> mine = healthy.subList(t * per, t == THREADS - 1 ? HEALTHY : (t + 1) * per);
        long seed = t;
        traffic.add(pool.submit(() -> {
          SplittableRandom r = new SplittableRandom(seed);
          long n = 0;
          while (!stop.get()) {
            for (Sv2Connection c : mine) {
              byte[] p = Fixtures.payload(r, r.nextInt(0, 300));
              c.send(Sv2Frame.fromPayload(0, 7, false, p));
              try (Sv2Frame echo = c.receive()) {
                assertThat(Fixtures.sha256(echo)).isEqualTo(Fixtures.sha256(p, 0, p.length));
              }
              n++;
              frames.incrementAndGet();
            }
          }
          return n;
        }));
      }
      long before = frames.get();

      // The attack, all at once while the healthy traffic runs.
      try (Fixtures.RawClient garbage = new Fixtures.RawClient(server.address());
          Fixtures.RawClient truncated = new Fixtures.RawClient(server.address());
          Fixtures.RawClient silent = new Fixtures.RawClient(server.address());
          Fixtures.RawClient loris = new Fixtures.RawClient(server.address());
          Fixtures.RawClient tampered = new Fixtures.RawClient(server.address()).handshake(false);
          Fixtures.RawClient neverReads = new Fixtures.RawClient(server.address()).handshake(false)) {
        SplittableRandom r = new SplittableRandom(99);
        garbage.write(Fixtures.payload(r, 64));
        garbage.readExactly(234);
        garbage.write(Fixtures.payload(r, 100));
        truncated.write(new byte[30]);
        truncated.ch.shutdownOutput();
        byte[] bad = tampered.encode(Sv2Frame.fromPayload(0, 1, false, new byte[500]));
        bad[bad.length - 3] ^= 1;
        tampered.write(bad);
        // A peer that sends frames and never reads the echoes: the server stops reading from it once its
        // queue is full, and closes it after the send timeout.
        byte[] chunk = neverReads.encode(Sv2Frame.fromPayload(0, 1, false, new byte[60_000]));
        neverReads.ch.configureBlocking(false);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        ByteBuffer pending = ByteBuffer.wrap(chunk);
        while (System.nanoTime() < until) {
          try {
            neverReads.ch.write(pending);
          } catch (IOException closedByTheServer) {
            break;
          }
          if (!pending.hasRemaining()) {
            pending = ByteBuffer.wrap(neverReads.encode(Sv2Frame.fromPayload(0, 1, false, new byte[60_000])));
          }
          Thread.sleep(1);
        }
        neverReads.ch.configureBlocking(true);
        // The slow-loris: one byte of its handshake every 300 ms, cut by the handshake timeout.
        byte[] hello = Fixtures.payload(r, 64);
        boolean lorisCut = false;
        for (int i = 0; i < 20 && !lorisCut; i++) {
          try {
            loris.ch.write(ByteBuffer.wrap(hello, i, 1));
          } catch (IOException e) {
            lorisCut = true;
          }
          Thread.sleep(300);
        }
        assertThat(garbage.closedByPeer(Duration.ofSeconds(10))).as("garbage closed").isTrue();
        assertThat(silent.closedByPeer(Duration.ofSeconds(10))).as("silent peer closed").isTrue();
        assertThat(loris.closedByPeer(Duration.ofSeconds(10))).as("slow-loris closed").isTrue();
        assertThat(tampered.closedByPeer(Duration.ofSeconds(10))).as("tampered closed").isTrue();
        waitFor(() -> server.server().metrics().closes(CloseCause.SEND_STALLED)
            + server.server().metrics().closes(CloseCause.OUTBOUND_LIMIT) == 1, "never-reading peer closed");
      }
      waitFor(() -> frames.get() > before + 2L * HEALTHY, "healthy traffic went on through the attack");
      stop.set(true);
      for (Future<Long> f : traffic) {
        f.get(60, TimeUnit.SECONDS); // rethrows a healthy-side failure
      }
      assertThat(server.failures(CodecException.Kind.DECRYPTION_FAILED)).isEqualTo(2); // garbage, tampered
      assertThat(server.failures(CodecException.Kind.TRUNCATED)).isEqualTo(1);
      assertThat(server.failures(CodecException.Kind.TIMEOUT)).isEqualTo(2); // silent, slow-loris
      assertThat(server.liveConnections()).isEqualTo(HEALTHY);
      for (Sv2Connection c : healthy) {
        c.close();
      }
      waitFor(() -> server.liveConnections() == 0, "all closed");
      assertThat(server.totalFailures()).as("only the hostile peers failed").isEqualTo(5);
      assertThat(server.leakedSlots()).isZero();
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(10);
    }
  }
}
