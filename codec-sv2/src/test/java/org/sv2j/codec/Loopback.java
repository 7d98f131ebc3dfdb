package org.sv2j.codec;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;

/**
 * Connected TCP socket pairs on 127.0.0.1 (ephemeral port) for the {@link Sv2Connection} tests, and a raw
 * peer's reads and writes.
 */
final class Loopback {
  private Loopback() {}

  /** A connected pair of blocking channels: the connecting end and the accepted end. */
  record Pair(SocketChannel client, SocketChannel server) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      client.close();
      server.close();
    }
  }

  /** Two connections over one pair, both already usable. */
  record Connections(Sv2Connection client, Sv2Connection server) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      server.close();
    }
  }

  static Pair pair() throws IOException {
    try (ServerSocketChannel listener =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
      SocketChannel client = SocketChannel.open(listener.getLocalAddress());
      SocketChannel server = listener.accept();
      return new Pair(client, server);
    }
  }

  static Connections plain(Sv2Connection.Options options) throws IOException {
    Pair p = pair();
    return new Connections(Sv2Connection.plain(p.client(), options), Sv2Connection.plain(p.server(), options));
  }

  /** The reference transcript's deterministic initiator and responder, handshaking over a socket pair. */
  static Connections noise(Sv2Connection.Options options) throws Exception {
    return noise(Hs1.initiator(), Hs1.responder(), options);
  }

  static Connections noise(Initiator initiator, Responder responder, Sv2Connection.Options options) throws Exception {
    Pair p = pair();
    ExecutorService side = Executors.newSingleThreadExecutor();
    try {
      Future<Sv2Connection> server = side.submit(() -> Sv2Connection.responder(p.server(), responder, options));
      Sv2Connection client = Sv2Connection.initiator(p.client(), initiator, options);
      return new Connections(client, server.get(20, TimeUnit.SECONDS));
    } finally {
      side.shutdownNow();
    }
  }

  static void write(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  static byte[] read(SocketChannel ch, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new EOFException("closed after " + b.position() + " of " + n + " bytes");
      }
    }
    return b.array();
  }

  /** Whether the peer of {@code ch} closed its end: the next read is the end of stream. */
  static boolean peerClosed(SocketChannel ch) throws IOException {
    ch.socket().setSoTimeout(5_000);
    try {
      return ch.socket().getInputStream().read() < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Whether {@code t} is inside a socket channel's read, below {@link Sv2Connection}'s receive. */
  static boolean insideChannelRead(Thread t) {
    boolean inReceive = false;
    boolean inRead = false;
    for (StackTraceElement e : t.getStackTrace()) {
      inReceive |= e.getClassName().equals(Sv2Connection.class.getName()) && e.getMethodName().equals("receive");
      inRead |= e.getClassName().startsWith("sun.nio.ch.") && e.getMethodName().contains("read");
    }
    return inReceive && inRead;
  }

  /** The plaintext wire bytes of {@code f}. */
  static byte[] plainBytes(Sv2Frame f) {
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    return b.array();
  }

  static byte[] pattern(int len, int seed) {
    byte[] p = new byte[len];
    for (int i = 0; i < len; i++) {
      p[i] = (byte) (i * 31 + seed);
    }
    return p;
  }
}
