package org.sv2j.it;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;

/**
 * The scale run (not part of the test suite): one {@link org.sv2j.netty.Sv2Server} (through {@link
 * NettyEchoServer}) in this JVM, encrypted client connections from several other JVMs (each from its own
 * 127.0.0.x source address, so ephemeral ports never run short), held idle. At each checkpoint (1,000,
 * 5,000, 10,000, then the target) it prints the server's heap after GC, RSS, CPU time and the connect rate
 * of the last step; at the end an echo round over every connection and the failure and leak counts.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar org.sv2j.it.ScaleRun [connections=10000] [clientJvms=4] [ioThreads=2]
 * </pre>
 */
public final class ScaleRun {
  private static final int CLIENT_THREADS = 8;
  private static final int FRAME_BYTES = 200;
  private static final int FRAMES_PER_CONNECTION = 2;

  private ScaleRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--client")) {
      client(Integer.parseInt(args[1]), args[2], HexFormat.of().parseHex(args[3]));
      return;
    }
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int jvms = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    run(connections, jvms, threads, System.out);
  }

  static long usedHeapAfterGc() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }

  static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static void run(int connections, int jvms, int ioThreads, PrintStream out) throws Exception {
    try (AuthorityKeys keys = AuthorityKeys.generate()) {
      Responder.Builder responders = Responder.builder(keys.publicKey(), keys.secretKey(), Duration.ofHours(1));
      NettyEchoServer.Config config = NettyEchoServer.Config.defaults()
          .withIoThreads(ioThreads)
          .withHandshakeTimeout(Duration.ofMinutes(2))
          .withIdleTimeout(Duration.ofMinutes(10)); // the server default: one timer per connection
      try (NettyEchoServer server =
          NettyEchoServer.encrypted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), responders, config)) {
        long baseline = usedHeapAfterGc();
        long rss0 = rssBytes();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<BufferedReader> from = new ArrayList<>();
        List<PrintStream> to = new ArrayList<>();
        for (int j = 0; j < jvms; j++) {
          Process p = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                  ScaleRun.class.getName(), "--client", Integer.toString(server.address().getPort()),
                  "127.0.0." + (2 + j), HexFormat.of().formatHex(keys.publicKey()))
              .redirectError(ProcessBuilder.Redirect.INHERIT).start();
          children.add(p);
          from.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
          to.add(new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8));
        }
        out.printf("Sv2Server (%s, %d io threads), %d client JVMs x %d threads, heap baseline %,d B, RSS %,d B%n",
            server.server().isNativeTransport() ? "epoll" : "NIO", ioThreads, jvms, CLIENT_THREADS, baseline, rss0);
        out.println("| connections | server heap | heap/conn | RSS | server CPU s (total) | step connects/s |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        int held = 0;
        for (int target : new int[] {1_000, 5_000, 10_000, connections}) {
          if (target > connections || target <= held) {
            continue;
          }
          long t0 = System.nanoTime();
          for (int j = 0; j < jvms; j++) {
            int share = target / jvms + (j < target % jvms ? 1 : 0);
            to.get(j).println("TO " + share);
          }
          for (BufferedReader r : from) {
            String line = r.readLine();
            if (line == null || !line.startsWith("AT")) {
              throw new IllegalStateException("client: " + line);
            }
          }
          long ms = (System.nanoTime() - t0) / 1_000_000;
          int step = target - held;
          held = target;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (server.liveConnections() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          long heap = usedHeapAfterGc();
          int live = server.liveConnections();
          out.printf("| %,d | %,d B | %,d B | %,d B | %.1f | %,.0f |%n", live, heap, (heap - baseline) / Math.max(1, live),
              rssBytes(), cpuNanos() / 1e9, step * 1000.0 / Math.max(1, ms));
        }
        long idleCpu0 = cpuNanos();
        Thread.sleep(5_000);
        out.printf("idle CPU at %,d connections: %.1f%% of one core over 5 s%n", held,
            (cpuNanos() - idleCpu0) / 5e9 * 100);
        long t1 = System.nanoTime();
        for (PrintStream p : to) {
          p.println("TRAFFIC");
        }
        long frames = 0;
        for (BufferedReader r : from) {
          String[] t = r.readLine().split(" ");
          frames += Long.parseLong(t[1]);
        }
        long trafficMs = (System.nanoTime() - t1) / 1_000_000;
        out.printf("echo round over every connection: %,d frames of %d B in %,d ms (%,.0f frames/s)%n",
            frames, FRAME_BYTES, trafficMs, frames * 1000.0 / Math.max(1, trafficMs));
        for (PrintStream p : to) {
          p.println("EXIT");
        }
        for (Process p : children) {
          p.waitFor(60, TimeUnit.SECONDS);
        }
        Thread.sleep(1_000);
        out.printf("handshakes %,d, failures %d, frames held %d, %s%n", server.handshakes(), server.totalFailures(),
            server.leakedSlots(), server.server().metrics());
      }
      responders.destroy();
    }
  }

  private static void client(int port, String source, byte[] authority) throws Exception {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(source), 0);
    Sv2Connection.Options options = Sv2Connection.Options.defaults()
        .withDecoderPoolCapacity(2048).withWriteBufferSize(1024).withHandshakeTimeout(Duration.ofMinutes(2));
    ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    List<Sv2Connection> open = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String cmd;
    while ((cmd = in.readLine()) != null) {
      if (cmd.startsWith("TO ")) {
        int want = Integer.parseInt(cmd.substring(3));
        List<Future<Sv2Connection>> pending = new ArrayList<>();
        for (int i = open.size(); i < want; i++) {
          pending.add(pool.submit(() -> {
            SocketChannel ch = SocketChannel.open();
            ch.bind(local);
            ch.connect(address);
            return Sv2Connection.initiator(ch, Initiator.create(authority), options);
          }));
        }
        for (Future<Sv2Connection> f : pending) {
          open.add(f.get());
        }
        System.out.println("AT " + open.size());
      } else if (cmd.equals("TRAFFIC")) {
        List<Future<Integer>> work = new ArrayList<>();
        int per = (open.size() + CLIENT_THREADS - 1) / CLIENT_THREADS;
        for (int k = 0; k < CLIENT_THREADS; k++) {
          List<Sv2Connection> mine = open.subList(Math.min(open.size(), k * per), Math.min(open.size(), (k + 1) * per));
          work.add(pool.submit(() -> {
            int n = 0;
            byte[] p = new byte[FRAME_BYTES];
            for (int round = 0; round < FRAMES_PER_CONNECTION; round++) {
              for (Sv2Connection c : mine) {
                c.send(Sv2Frame.fromPayload(0, 1, false, p));
                c.receive().close();
                n++;
              }
            }
            return n;
          }));
        }
        long frames = 0;
        for (Future<Integer> f : work) {
          frames += f.get();
        }
        System.out.println("TRAFFIC " + frames);
      } else if (cmd.equals("EXIT")) {
        break;
      }
    }
    for (Sv2Connection c : open) {
      c.close();
    }
    pool.shutdownNow();
  }
}
