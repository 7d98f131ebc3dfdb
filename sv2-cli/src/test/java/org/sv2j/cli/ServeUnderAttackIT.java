package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sv2 serve} as a real process with a small heap (or few file descriptors), under the attacks of
 * issue 14, while a healthy client keeps probing it. Each run is bounded to well under a minute.
 */
@Timeout(180)
class ServeUnderAttackIT {
  @TempDir Path tmp;

  private Path log;

  /** Starts serve in {@code bash -c 'ulimit -n FDS; exec java -XmxHEAP -jar sv2.jar serve ...'}. */
  private Process serve(String heap, int fds, Path portFile, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    if (fds > 0) {
      line.append("ulimit -n ").append(fds).append(" && ");
    }
    line.append("exec '").append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' -Xmx").append(heap)
        .append(" -XX:+UseSerialGC -jar '").append(Sv2ProcessIT.jar()).append("' serve --listen 127.0.0.1:0 --port-file '")
        .append(portFile).append("' --metrics-interval 1s");
    for (String a : args) {
      line.append(" '").append(a).append('\'');
    }
    cmd.add("bash");
    cmd.add("-c");
    cmd.add(line.toString());
    log = tmp.resolve("serve-" + System.nanoTime() + ".log");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static int awaitPort(Path portFile, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("serve is running").isTrue();
      if (Files.exists(portFile)) {
        String s = Files.readString(portFile).strip();
        if (!s.isEmpty()) {
          return Integer.parseInt(s);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("serve did not start");
  }

  private static void probeOk(String where, String... extra) {
    String[] args = new String[extra.length + 4];
    args[0] = "probe";
    args[1] = where;
    args[2] = "--timeout";
    args[3] = "10s";
    System.arraycopy(extra, 0, args, 4, extra.length);
    Run r = Run.of(args);
    assertThat(r.status()).as(r.out() + r.err()).isZero();
  }

  private static void stop(Process p) throws Exception {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  @Test
  void sixHundredPeersThatSendSixtyFourBytesAndSitIdleDoNotKillA64MegabyteServer() throws Exception {
    Path keys = tmp.resolve("k.toml");
    String pub = Run.of("keys", "generate", "--out", keys.toString()).value("authority_public_key");
    Path portFile = tmp.resolve("port");
    Process p = serve("64m", 0, portFile, "--authority-secret-file", keys.toString());
    List<SocketChannel> idle = new ArrayList<>();
    try {
      int port = awaitPort(portFile, p);
      InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
      SplittableRandom r = new SplittableRandom(64);
      for (int i = 0; i < 600; i++) {
        SocketChannel ch = SocketChannel.open(a);
        byte[] junk = new byte[64];
        r.nextBytes(junk);
        ch.write(ByteBuffer.wrap(junk)); // no cryptography on this side; then silence, never reading
        idle.add(ch);
        if (i % 100 == 99) {
          probeOk("127.0.0.1:" + port, "--authority-public", pub);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!log().contains("open=600") && !log().contains("open=601") && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(p.isAlive()).as("serve survives 600 idle peers\n" + log()).isTrue();
      probeOk("127.0.0.1:" + port, "--authority-public", pub);
      assertThat(log()).doesNotContain("OutOfMemoryError");
      String last = log().lines().filter(l -> l.contains("metrics:")).reduce((x, y) -> y).orElseThrow();
      System.out.println("600 idle encrypted peers, -Xmx64m: " + last);
    } finally {
      for (SocketChannel ch : idle) {
        ch.close();
      }
      stop(p);
    }
  }

  @Test
  void peersSendingSixteenMegabyteFramesAndNeverReadingAreClosedWhileHealthyClientsAreServed() throws Exception {
    Path portFile = tmp.resolve("port");
    Process p = serve("64m", 0, portFile, "--plain", "--send-timeout", "2s");
    try {
      int port = awaitPort(portFile, p);
      InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
      AtomicInteger closedOnUs = new AtomicInteger();
      List<Thread> attackers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Thread t = new Thread(() -> {
          // 16 MB frames (the u24 maximum), written as fast as the server takes them, never reading.
          byte[] chunk = new byte[1 << 16];
          try (SocketChannel ch = SocketChannel.open(a)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0x40, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
            for (int k = 0; k < 256; k++) {
              ByteBuffer b = ByteBuffer.wrap(chunk);
              while (b.hasRemaining()) {
                ch.write(b);
              }
            }
          } catch (IOException e) {
            closedOnUs.incrementAndGet();
          }
        });
        t.setDaemon(true);
        t.start();
        attackers.add(t);
      }
      for (int i = 0; i < 5; i++) {
        probeOk("127.0.0.1:" + port, "--plain");
      }
      for (Thread t : attackers) {
        t.join(30_000);
      }
      assertThat(closedOnUs.get()).as("every 16 MB sender was closed").isEqualTo(8);
      assertThat(p.isAlive()).isTrue();
      probeOk("127.0.0.1:" + port, "--plain");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!log().contains("codec_error=8") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(log()).contains("codec_error=8").doesNotContain("OutOfMemoryError");
    } finally {
      stop(p);
    }
  }

  @Test
  void runningOutOfFileDescriptorsRefusesNewConnectionsAndKeepsServing() throws Exception {
    Path portFile = tmp.resolve("port");
    Process p = serve("64m", 256, portFile, "--plain");
    List<SocketChannel> flood = new ArrayList<>();
    try {
      int port = awaitPort(portFile, p);
      InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
      for (int i = 0; i < 400; i++) {
        // The kernel completes the connection (backlog); the server cannot accept past its file limit.
        flood.add(SocketChannel.open(a));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!log().contains("accept failed") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(log()).contains("accept failed", "Too many open files");
      assertThat(p.isAlive()).isTrue();
      for (SocketChannel ch : flood) {
        ch.close();
      }
      flood.clear();
      // Once descriptors are free again the accept loop carries on.
      probeOk("127.0.0.1:" + port, "--plain");
      assertThat(p.isAlive()).isTrue();
    } finally {
      for (SocketChannel ch : flood) {
        ch.close();
      }
      stop(p);
    }
  }
}
