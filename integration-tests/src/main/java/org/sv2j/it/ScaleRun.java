package org.sv2j.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
 * The scale run (not part of the test suite): a {@link SelectorResponder} in this JVM, N encrypted client
 * connections from a second JVM (so that the server's heap holds only the server side), reporting
 * handshakes/s, echoed frames/s and the server's heap per idle connection.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sv2j.it.ScaleRun [connections=10000] [selectorThreads=2]
 * </pre>
 */
public final class ScaleRun {
  private ScaleRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--client")) {
      client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), HexFormat.of().parseHex(args[3]));
      return;
    }
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    run(connections, threads, System.out);
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

  static void run(int connections, int selectorThreads, PrintStream out) throws Exception {
    try (AuthorityKeys keys = AuthorityKeys.generate()) {
      Responder.Builder responders = Responder.builder(keys.publicKey(), keys.secretKey(), Duration.ofHours(1));
      SelectorResponder.Config config =
          SelectorResponder.Config.defaults()
              .withSelectorThreads(selectorThreads)
              .withHandshakeTimeout(Duration.ofMinutes(5));
      try (SelectorResponder server =
          SelectorResponder.encrypted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), responders, config)) {
        long baseline = usedHeapAfterGc();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child =
            new ProcessBuilder(
                    java, "-Xmx3g", "-cp", System.getProperty("java.class.path"), ScaleRun.class.getName(), "--client",
                    Integer.toString(server.address().getPort()), Integer.toString(connections),
                    HexFormat.of().formatHex(keys.publicKey()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintStream toChild = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        String connected = fromChild.readLine(); // CONNECTED <ms>
        long handshakeMs = Long.parseLong(connected.split(" ")[1]);
        long idle = usedHeapAfterGc();
        int live = server.liveConnections();
        toChild.println("GO");
        String traffic = fromChild.readLine(); // TRAFFIC <frames> <bytes> <ms>
        String[] t = traffic.split(" ");
        long frames = Long.parseLong(t[1]);
        long trafficMs = Long.parseLong(t[3]);
        child.waitFor(60, TimeUnit.SECONDS);
        out.printf("connections          %,d (live at the server when idle: %,d)%n", connections, live);
        out.printf("handshakes/s         %,.0f (%,d ms for all, %d client threads, %d selector threads)%n",
            connections * 1000.0 / handshakeMs, handshakeMs, CLIENT_THREADS, selectorThreads);
        out.printf("echoed frames/s      %,.0f (%,d frames of %d B round trip, %,d ms)%n",
            frames * 1000.0 / trafficMs, frames, FRAME_BYTES, trafficMs);
        out.printf("server heap per idle connection  %,d bytes (decoder pool %,d B)%n",
            (idle - baseline) / Math.max(1, live), config.decoderPoolCapacity());
        out.printf("failures %d, leaked slots %d%n", server.totalFailures(), server.leakedSlots());
      }
      responders.destroy();
    }
  }

  private static final int CLIENT_THREADS = 16;
  private static final int FRAME_BYTES = 200;
  private static final int FRAMES_PER_CONNECTION = 10;

  private static void client(int port, int connections, byte[] authority) throws Exception {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    Sv2Connection.Options options =
        Sv2Connection.Options.defaults().withDecoderPoolCapacity(2048).withWriteBufferSize(1024).withHandshakeTimeout(Duration.ofMinutes(5));
    ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    List<Sv2Connection> open = new ArrayList<>();
    long t0 = System.nanoTime();
    List<Future<Sv2Connection>> pending = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      pending.add(pool.submit(() -> Sv2Connection.initiator(SocketChannel.open(address), Initiator.create(authority), options)));
    }
    for (Future<Sv2Connection> f : pending) {
      open.add(f.get());
    }
    System.out.println("CONNECTED " + (System.nanoTime() - t0) / 1_000_000);
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine(); // GO
    long t1 = System.nanoTime();
    List<Future<Integer>> work = new ArrayList<>();
    int per = (connections + CLIENT_THREADS - 1) / CLIENT_THREADS;
    for (int k = 0; k < CLIENT_THREADS; k++) {
      List<Sv2Connection> mine = open.subList(Math.min(open.size(), k * per), Math.min(open.size(), (k + 1) * per));
      work.add(
          pool.submit(
              () -> {
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
    System.out.println("TRAFFIC " + frames + " " + frames * FRAME_BYTES + " " + (System.nanoTime() - t1) / 1_000_000);
    for (Sv2Connection c : open) {
      c.close();
    }
    pool.shutdownNow();
  }
}
