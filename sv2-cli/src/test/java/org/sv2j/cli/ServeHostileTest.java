package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.netty.CloseCause;

/**
 * The hostile peers of issue 14 against {@code sv2 serve} in-process; after each, a healthy probe must still
 * succeed. Every wait is bounded.
 */
@Timeout(90)
class ServeHostileTest {
  @TempDir Path tmp;

  static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Reads until end of stream or reset; true if the server closed within {@code millis}. */
  static boolean closedByServer(SocketChannel ch, int millis) throws IOException {
    ch.socket().setSoTimeout(millis);
    byte[] b = new byte[65_536];
    try {
      while (true) {
        int n = ch.socket().getInputStream().read(b);
        if (n < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  static void healthyProbe(Serving s) {
    Run ok = Run.of("probe", s.where(), "--plain", "--timeout", "5s");
    assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
  }

  @Test
  void connectionsPastTheCapAreRefusedAtOnceAndTheServerRecovers() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain", "--max-connections", "3")) {
      List<SocketChannel> idle = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        idle.add(SocketChannel.open(s.address()));
      }
      await("3 open", 5_000, () -> s.metrics().openConnections() == 3);
      try (SocketChannel extra = SocketChannel.open(s.address())) {
        assertThat(closedByServer(extra, 5_000)).isTrue();
      }
      assertThat(s.metrics().closes(CloseCause.MAX_CONNECTIONS)).isGreaterThanOrEqualTo(1);
      idle.get(0).close();
      await("a slot free", 5_000, () -> s.metrics().openConnections() == 2);
      healthyProbe(s);
      for (SocketChannel c : idle) {
        c.close();
      }
      Run served = s.stop();
      assertThat(served.status()).isZero();
      assertThat(served.out()).contains("closes{", "max_connections=");
    }
  }

  @Test
  void handshakesPastTheCapAreRefusedAndSilentHandshakesTimeOut() throws Exception {
    Path keys = tmp.resolve("k.toml");
    Run gen = Run.of("keys", "generate", "--out", keys.toString());
    String pub = gen.value("authority_public_key");
    try (Serving s = Serving.start(tmp, Map.of(), "--authority-secret-file", keys.toString(), "--max-handshakes", "2",
        "--handshake-timeout", "1500ms")) {
      // Two peers send 10 bytes of a handshake and stop: they hold both handshake slots.
      SocketChannel a = SocketChannel.open(s.address());
      SocketChannel b = SocketChannel.open(s.address());
      a.write(ByteBuffer.wrap(new byte[10]));
      b.write(ByteBuffer.wrap(new byte[10]));
      await("2 handshaking", 5_000, () -> s.metrics().openConnections() == 2);
      try (SocketChannel third = SocketChannel.open(s.address())) {
        assertThat(closedByServer(third, 5_000)).isTrue();
      }
      assertThat(s.metrics().closes(CloseCause.SHED_HANDSHAKES)).isEqualTo(1);
      // The silent ones are dropped after the handshake timeout; then a real client gets through.
      assertThat(closedByServer(a, 10_000)).isTrue();
      assertThat(closedByServer(b, 10_000)).isTrue();
      await("timeouts counted", 5_000, () -> s.metrics().closes(CloseCause.HANDSHAKE_TIMEOUT) == 2);
      Run ok = Run.of("probe", s.where(), "--authority-public", pub);
      assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
      a.close();
      b.close();
    }
  }

  @Test
  void aHeaderAnnouncingSixteenMegabytesClosesTheConnectionBeforeAnythingIsReserved() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain")) {
      try (SocketChannel ch = SocketChannel.open(s.address())) {
        // ext 0, type 0x16, length 0xffffff, then the start of the payload.
        ByteBuffer header = ByteBuffer.wrap(new byte[] {0, 0, 0x16, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
        ch.write(header);
        assertThat(closedByServer(ch, 5_000)).isTrue();
      }
      await("payload refusal counted", 5_000, () -> s.metrics().closes(CloseCause.CODEC_ERROR) == 1);
      healthyProbe(s);
      assertThat(s.stop().out()).contains("codec_error=1", "payload");
    }
  }

  @Test
  void aPeerThatSendsButNeverReadsIsClosedAfterTheSendTimeout() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain", "--send-timeout", "500ms", "--max-payload", "64KiB")) {
      SocketChannel ch = SocketChannel.open(s.address());
      ch.socket().setReceiveBufferSize(4096);
      Sv2Frame big = Sv2Frame.fromPayload(0, 0x40, false, new byte[60_000]);
      ByteBuffer bytes = ByteBuffer.allocate(big.encodedLength());
      big.encodeTo(bytes);
      // Keep sending echo requests and never read: the server's replies back up until its send blocks.
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 2_000; i++) {
            bytes.clear();
            while (bytes.hasRemaining()) {
              ch.write(bytes);
            }
          }
        } catch (IOException expected) {
          // the server closed us
        }
      });
      writer.setDaemon(true);
      writer.start();
      await("send timeout", 20_000,
          () -> s.metrics().closes(CloseCause.SEND_STALLED) + s.metrics().closes(CloseCause.OUTBOUND_LIMIT) == 1);
      ch.close();
      writer.join(10_000);
      healthyProbe(s);
      assertThat(s.metrics().closes(CloseCause.SEND_STALLED)).as("the echo server stops reading, so the send timeout closes it").isEqualTo(1);
      assertThat(s.stop().out()).contains("send_stalled=1");
    }
  }

  @Test
  void silentPlaintextPeersAreDroppedByTheIdleTimeoutByDefaultToo() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain", "--idle-timeout", "400ms")) {
      try (SocketChannel ch = SocketChannel.open(s.address())) {
        ch.write(ByteBuffer.wrap(new byte[64]));
        assertThat(closedByServer(ch, 10_000)).isTrue();
      }
      await("idle counted", 5_000, () -> s.metrics().closes(CloseCause.IDLE_TIMEOUT) + s.metrics().closes(CloseCause.CODEC_ERROR) >= 1);
      healthyProbe(s);
    }
    // The default is finite.
    Run help = Run.of("serve", "--help");
    assertThat(help.out()).contains("default: 300s");
  }

  @Test
  void peerTextIsEscapedInTheLogAndFramesAreNotLoggedByDefault() throws Exception {
    String evil = "evil\n2026-12-01T00:00:00Z #9 forged line\u001b[31m\u0007\u202e";
    SetupConnection setup = new SetupConnection(0, 2, 2, 0, "h", 1, evil, "hw", "fw", "id");
    for (boolean logFrames : new boolean[] {false, true}) {
      try (Serving s = logFrames ? Serving.start(tmp, Map.of(), "--plain", "--log-frames") : Serving.start(tmp, Map.of(), "--plain")) {
        try (Sv2Connection c = Sv2Connection.plain(SocketChannel.open(s.address()))) {
          c.send(setup.toFrame());
          c.receive().close();
        }
        await("closed", 5_000, () -> s.metrics().closes(CloseCause.PEER_CLOSED) == 1);
        String log = s.stop().out();
        assertThat(log).doesNotContain("\u001b", "\u0007", "\u202e").doesNotContain("\n2026-12-01T00:00:00Z #9");
        if (logFrames) {
          assertThat(log).contains("evil\\n2026-12-01T00:00:00Z #9 forged line\\u001b[31m\\u0007\\u202e", "SetupConnectionSuccess");
        } else {
          assertThat(log).doesNotContain("evil", "SetupConnectionSuccess").contains("closed (peer_closed) after 1 frame(s)");
        }
      }
    }
  }

  @Test
  void healthyClientsKeepWorkingWhileEveryKindOfAttackerIsConnected() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain", "--send-timeout", "1s", "--idle-timeout", "3s", "--max-payload", "64KiB")) {
      List<SocketChannel> attackers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      java.util.SplittableRandom r = new java.util.SplittableRandom(14);
      for (int i = 0; i < 100; i++) {
        attackers.add(SocketChannel.open(s.address())); // silent
      }
      for (int i = 0; i < 10; i++) {
        SocketChannel g = SocketChannel.open(s.address()); // garbage (a random header is most likely oversized)
        byte[] junk = new byte[256];
        r.nextBytes(junk);
        g.write(ByteBuffer.wrap(junk));
        attackers.add(g);
        SocketChannel big = SocketChannel.open(s.address()); // announces 16 MB
        big.write(ByteBuffer.wrap(new byte[] {0, 0, 0x40, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        attackers.add(big);
      }
      for (int i = 0; i < 5; i++) {
        // Non-readers: echo requests as fast as possible, replies never read.
        SocketChannel nr = SocketChannel.open(s.address());
        attackers.add(nr);
        Sv2Frame f = Sv2Frame.fromPayload(0, 0x40, false, new byte[60_000]);
        ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
        f.encodeTo(b);
        Thread t = new Thread(() -> {
          try {
            for (int k = 0; k < 1_000; k++) {
              ByteBuffer d = b.duplicate().clear();
              while (d.hasRemaining()) {
                nr.write(d);
              }
            }
          } catch (IOException closed) {
            // the server gave up on us
          }
        });
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      // 50 healthy clients, 100 verified echoes each, concurrently.
      java.util.concurrent.atomic.AtomicInteger good = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int seed = i;
        futures.add(pool.submit(() -> {
          java.util.SplittableRandom rr = new java.util.SplittableRandom(seed);
          try (Sv2Connection c = Sv2Connection.plain(SocketChannel.open(s.address()))) {
            for (int k = 0; k < 100; k++) {
              byte[] p = new byte[rr.nextInt(2_000)];
              rr.nextBytes(p);
              c.send(Sv2Frame.fromPayload(0, 0x41, false, p));
              try (Sv2Frame e = c.receive(java.time.Duration.ofSeconds(10))) {
                assertThat(e).isNotNull();
                assertThat(e.payloadToArray()).isEqualTo(p);
              }
              good.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(good.get()).isEqualTo(5_000);
      await("non-readers closed", 20_000, () -> s.metrics().closes(CloseCause.SEND_STALLED) + s.metrics().closes(CloseCause.OUTBOUND_LIMIT) == 5);
      await("silent ones dropped", 20_000, () -> s.metrics().closes(CloseCause.IDLE_TIMEOUT) >= 100);
      assertThat(s.metrics().closes(CloseCause.CODEC_ERROR)).isGreaterThanOrEqualTo(10);
      for (SocketChannel a : attackers) {
        a.close();
      }
      healthyProbe(s);
    }
  }

  @Test
  void frameLinesAreRateLimitedAndTheRestCounted() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain", "--log-frames", "--log-frames-per-second", "5")) {
      try (Sv2Connection c = Sv2Connection.plain(SocketChannel.open(s.address()))) {
        for (int i = 0; i < 200; i++) {
          c.send(Sv2Frame.fromPayload(0, 0x40, false, new byte[8]));
          c.receive().close();
        }
      }
      await("closed", 5_000, () -> s.metrics().closes(CloseCause.PEER_CLOSED) == 1);
      Thread.sleep(1_200); // the writer reports suppressed lines once a second
      String log = s.stop().out();
      long frameLines = log.lines().filter(l -> l.contains(" <- ") || l.contains(" -> ")).count();
      assertThat(frameLines).isPositive().isLessThan(40); // 5 a second, over a run of a few seconds at most
      assertThat(log).contains("frame line(s) not logged (over 5/s)", "frames_in=200");
    }
  }

  @Test
  void metricsAreLoggedOnRequest() throws Exception {
    try (Serving s = Serving.start(tmp, Map.of(), "--plain", "--metrics-interval", "200ms")) {
      healthyProbe(s);
      await("a metrics line", 5_000, () -> s.log().contains("metrics: open=") && s.log().contains("frames_in=1"));
      assertThat(s.log()).contains("frames_out=1", "handshakes_done=0", "closes{peer_closed=1} heap_used=");
    }
  }
}
