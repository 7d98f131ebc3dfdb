package org.sv2j.it;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;

/**
 * Loopback socket throughput (not part of the test suite): frames/s and MB/s of payload, plaintext and
 * encrypted, for one blocking connection streaming one way, and for one and many connections doing echo
 * round trips against the {@link NettyEchoServer} (an {@code Sv2Server}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sv2j.it.ThroughputRun [seconds=3] [connections=64]
 * </pre>
 */
public final class ThroughputRun {
  private ThroughputRun() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    PrintStream out = System.out;
    out.printf("%-10s %-9s %-8s %9s %14s %10s%n", "mode", "conns", "payload", "frames", "frames/s", "MB/s");
    try (AuthorityKeys keys = AuthorityKeys.generate()) {
      for (boolean encrypted : new boolean[] {false, true}) {
        for (int size : new int[] {64, 1024, 16_384, 61_440}) {
          oneConnection(keys, encrypted, size, seconds, out);
        }
        for (int size : new int[] {64, 1024, 16_384, 61_440}) {
          manyConnections(keys, encrypted, size, seconds, 1, out);
          manyConnections(keys, encrypted, size, seconds, connections, out);
        }
      }
    }
  }

  private static void report(PrintStream out, boolean encrypted, String conns, int size, long frames, long nanos) {
    double s = nanos / 1e9;
    out.printf("%-10s %-9s %-8d %9d %,14.0f %10.1f%n", encrypted ? "encrypted" : "plain", conns, size, frames,
        frames / s, frames * (double) size / s / 1e6);
  }

  private static void oneConnection(AuthorityKeys keys, boolean encrypted, int size, int seconds, PrintStream out)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Future<Long> receiver =
          pool.submit(
              () -> {
                try (SocketChannel ch = listener.accept();
                    Sv2Connection c =
                        encrypted
                            ? Sv2Connection.responder(ch, Responder.create(keys.publicKey(), keys.secretKey(), Duration.ofHours(1)))
                            : Sv2Connection.plain(ch)) {
                  long n = 0;
                  while (true) {
                    try (Sv2Frame f = c.receive()) {
                      if (f.msgType() == 0xff) {
                        return n;
                      }
                      n++;
                    }
                  }
                }
              });
      SocketChannel ch = SocketChannel.open(listener.getLocalAddress());
      try (Sv2Connection c = encrypted ? Sv2Connection.initiator(ch, Initiator.create(keys.publicKey())) : Sv2Connection.plain(ch)) {
        Sv2Frame frame = Sv2Frame.fromPayload(0, 1, false, new byte[size]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long t0 = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() < end) {
          for (int i = 0; i < 64; i++) {
            c.send(frame);
          }
          sent += 64;
        }
        c.send(Sv2Frame.fromPayload(0, 0xff, false, new byte[0]));
        long got = receiver.get(60, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - t0;
        if (got != sent) {
          throw new IllegalStateException("sent " + sent + ", received " + got);
        }
        report(out, encrypted, "1 (1-way)", size, got, nanos);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void manyConnections(
      AuthorityKeys keys, boolean encrypted, int size, int seconds, int connections, PrintStream out) throws Exception {
    NettyEchoServer.Config config = NettyEchoServer.Config.defaults();
    Responder.Builder responders = Responder.builder(keys.publicKey(), keys.secretKey(), Duration.ofHours(1));
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    int threads = Math.min(connections, 8);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (NettyEchoServer server =
        encrypted ? NettyEchoServer.encrypted(any, responders, config) : NettyEchoServer.plain(any, config)) {
      List<Sv2Connection> open = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = SocketChannel.open(server.address());
        open.add(encrypted ? Sv2Connection.initiator(ch, Initiator.create(keys.publicKey())) : Sv2Connection.plain(ch));
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<Long>> work = new ArrayList<>();
      int per = (connections + threads - 1) / threads;
      long t0 = System.nanoTime();
      for (int k = 0; k < threads; k++) {
        List<Sv2Connection> mine = open.subList(Math.min(connections, k * per), Math.min(connections, (k + 1) * per));
        work.add(
            pool.submit(
                () -> {
                  Sv2Frame frame = Sv2Frame.fromPayload(0, 1, false, new byte[size]);
                  long n = 0;
                  while (!stop.get()) {
                    for (Sv2Connection c : mine) {
                      c.send(frame);
                    }
                    for (Sv2Connection c : mine) {
                      c.receive().close();
                      n++;
                    }
                  }
                  return n;
                }));
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      stop.set(true);
      long frames = 0;
      for (Future<Long> f : work) {
        frames += f.get(60, TimeUnit.SECONDS);
      }
      report(out, encrypted, connections + " (echo)", size, frames, System.nanoTime() - t0);
      for (Sv2Connection c : open) {
        c.close();
      }
    } finally {
      pool.shutdownNow();
      responders.destroy();
    }
  }
}
