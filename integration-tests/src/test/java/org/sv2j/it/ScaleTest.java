package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * 1,000 concurrent encrypted connections, each with a handshake and frames in both directions, served by
 * the {@link NettyEchoServer} (one acceptor and two selector threads) on the push API.
 */
class ScaleTest {
  static final int CONNECTIONS = Integer.getInteger("sv2j.it.connections", 1_000);

  @Test
  @Timeout(240)
  void thousandEncryptedConnections() throws Exception {
    // Small client-side buffers: the clients live in this JVM too.
    Sv2Connection.Options clientOptions =
        Sv2Connection.Options.defaults().withDecoderPoolCapacity(4096).withWriteBufferSize(4096);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Sv2Connection> open = new ArrayList<>();
    try (NettyEchoServer server =
        NettyEchoServer.encrypted(
            Fixtures.LOOPBACK_ANY_PORT,
            Fixtures.responders(),
            NettyEchoServer.Config.defaults().withHandshakeTimeout(Duration.ofSeconds(60)))) {
      long heapBefore = ScaleRun.usedHeapAfterGc();
      long t0 = System.nanoTime();
      List<Future<Sv2Connection>> pending = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        pending.add(
            clients.submit(
                () -> Sv2Connection.initiator(SocketChannel.open(server.address()), Fixtures.initiator(), clientOptions)));
      }
      for (Future<Sv2Connection> f : pending) {
        open.add(f.get(120, TimeUnit.SECONDS));
      }
      double handshakeSeconds = (System.nanoTime() - t0) / 1e9;
      assertThat(server.handshakes()).isEqualTo(CONNECTIONS);
      assertThat(server.liveConnections()).isEqualTo(CONNECTIONS);

      // Idle: every connection established, nothing in flight.
      long heapIdle = ScaleRun.usedHeapAfterGc();
      long perConnectionPair = (heapIdle - heapBefore) / CONNECTIONS;

      // Traffic: each connection sends frames and checks the echoes; all connections stay open throughout.
      long t1 = System.nanoTime();
      List<Future<Integer>> exchanges = new ArrayList<>();
      for (int i = 0; i < open.size(); i++) {
        Sv2Connection c = open.get(i);
        long seed = i;
        exchanges.add(
            clients.submit(
                () -> {
                  SplittableRandom r = new SplittableRandom(seed);
                  int checked = 0;
                  for (int size : new int[] {0, 64, 1_000, 20_000}) {
                    byte[] p = Fixtures.payload(r, size);
                    c.send(Sv2Frame.fromPayload(0, 0x20, true, concatChannelId(seed, p)));
                    try (Sv2Frame echo = c.receive()) {
                      assertThat(echo.channelId()).isEqualTo(seed);
                      assertThat(Fixtures.sha256(echo)).isEqualTo(Fixtures.sha256(concatChannelId(seed, p), 0, p.length + 4));
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      int frames = 0;
      for (Future<Integer> f : exchanges) {
        frames += f.get(120, TimeUnit.SECONDS);
      }
      double trafficSeconds = (System.nanoTime() - t1) / 1e9;
      assertThat(frames).isEqualTo(4 * CONNECTIONS);
      assertThat(server.framesEchoed()).isEqualTo(4L * CONNECTIONS);
      assertThat(server.totalFailures()).isZero();

      System.out.printf(
          "scale: %d connections, %.0f handshakes/s, %.0f echoed frames/s, %d bytes of heap per idle connection pair"
              + " (client + server, both in this JVM)%n",
          CONNECTIONS, CONNECTIONS / handshakeSeconds, frames / trafficSeconds, perConnectionPair);
      // The target is 64 KiB per idle connection; both ends are counted here, so allow twice that.
      assertThat(perConnectionPair).isLessThan(2 * 64 * 1024);
    } finally {
      for (Sv2Connection c : open) {
        c.close();
      }
      clients.shutdownNow();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  static byte[] concatChannelId(long id, byte[] p) {
    byte[] out = new byte[p.length + 4];
    out[0] = (byte) id;
    out[1] = (byte) (id >>> 8);
    out[2] = (byte) (id >>> 16);
    out[3] = (byte) (id >>> 24);
    System.arraycopy(p, 0, out, 4, p.length);
    return out;
  }
}
