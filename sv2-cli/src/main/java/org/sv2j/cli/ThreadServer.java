package org.sv2j.cli;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Responder;

/**
 * {@code sv2 serve} on blocking sockets, one thread per connection, with the limits of {@link
 * ServeCommand.Limits}: a connection cap and a handshake cap (excess connections are closed at once), the
 * maximum payload (checked from the header by the decoder), handshake and idle timeouts (socket read
 * timeouts) and a send timeout (a watchdog closes a connection whose write has been blocked too long).
 * The accept loop survives every {@link IOException} (EMFILE included: it backs off and retries) and every
 * {@link Error} it can.
 */
final class ThreadServer {
  private final ServeCommand.Limits limits;
  private final Responder.Builder responders;
  private final AsyncLog log;
  private final ServeMetrics metrics;
  private final Semaphore handshakes;
  private final Map<Conn, Boolean> open = new ConcurrentHashMap<>();
  private final AtomicLong ended = new AtomicLong();
  private final Object endedLock = new Object();
  private volatile boolean stopping;
  private ServerSocketChannel server;
  private Thread watchdog;
  /** When the last refusal line was logged (refusals are logged at most once a second). */
  private final AtomicLong lastRefusalLog = new AtomicLong();
  private final AtomicLong refusalsNotLogged = new AtomicLong();

  ThreadServer(ServeCommand.Limits limits, Responder.Builder responders, AsyncLog log, ServeMetrics metrics) {
    this.limits = limits;
    this.responders = responders;
    this.log = log;
    this.metrics = metrics;
    this.handshakes = new Semaphore(limits.maxHandshakes());
  }

  /** One served connection: its thread's state, for the send watchdog. */
  private static final class Conn {
    final String who;
    volatile Sv2Connection c;
    volatile SocketChannel ch;
    /** {@link System#nanoTime()} when the current send started, 0 when not sending. */
    volatile long sendSince;
    volatile boolean sendTimedOut;

    Conn(String who, SocketChannel ch) {
      this.who = who;
      this.ch = ch;
    }

    void close() {
      Sv2Connection x = c;
      if (x != null) {
        x.close();
      }
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  InetSocketAddress bind(InetSocketAddress address) throws IOException {
    server = ServerSocketChannel.open();
    try {
      server.bind(address, 1024);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    watchdog = new Thread(this::watch, "sv2-serve-send-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return (InetSocketAddress) server.getLocalAddress();
  }

  /** Accepts until stopped, or until {@code exitAfter} connections were accepted and have ended. */
  long run(long exitAfter) throws Fail {
    long started = 0;
    long backoff = 10;
    while (!stopping && started < exitAfter) {
      SocketChannel ch;
      try {
        ch = server.accept();
        backoff = 10;
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        // EMFILE/ENFILE ("Too many open files") and the like: the listener is fine, the moment is not.
        metrics.acceptErrors.increment();
        refusal("accept failed (" + e.getMessage() + "); retrying in " + backoff + " ms");
        pause(backoff);
        backoff = Math.min(1_000, backoff * 2);
        continue;
      } catch (Error e) {
        metrics.acceptErrors.increment();
        refusal("accept failed (" + e + "); retrying in " + backoff + " ms");
        pause(backoff);
        backoff = Math.min(1_000, backoff * 2);
        continue;
      }
      metrics.accepted.increment();
      started++;
      try {
        admit(ch, started);
      } catch (Error | RuntimeException e) {
        // No thread (OutOfMemoryError: unable to create native thread) or the like: refuse this one.
        closeQuietly(ch);
        metrics.open.decrementAndGet();
        metrics.closed(ServeMetrics.Close.OTHER);
        endOne();
        refusal("#" + started + " refused: " + e);
      }
    }
    synchronized (endedLock) {
      while (!stopping && ended.get() < Math.min(started, exitAfter)) {
        try {
          endedLock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return ended.get();
  }

  private void admit(SocketChannel ch, long n) {
    if (metrics.open.incrementAndGet() > limits.maxConnections()) {
      closeQuietly(ch);
      metrics.open.decrementAndGet();
      metrics.closed(ServeMetrics.Close.REFUSED_CONNECTIONS);
      endOne();
      refusal("#" + n + " refused: " + limits.maxConnections() + " connections open (--max-connections)");
      return;
    }
    if (!handshakes.tryAcquire()) {
      closeQuietly(ch);
      metrics.open.decrementAndGet();
      metrics.closed(ServeMetrics.Close.REFUSED_HANDSHAKES);
      endOne();
      refusal("#" + n + " refused: " + limits.maxHandshakes() + " handshakes in progress (--max-handshakes)");
      return;
    }
    Conn conn = new Conn("#" + n, ch);
    Thread t;
    try {
      // A small stack: the handler's call depth is shallow, and thousands of threads are expected.
      t = new Thread(null, () -> handle(conn), "sv2-serve-" + n, 256 * 1024);
      t.setDaemon(true);
      open.put(conn, Boolean.TRUE);
      t.start();
    } catch (Error | RuntimeException e) {
      open.remove(conn);
      handshakes.release();
      throw e;
    }
  }

  private void handle(Conn conn) {
    ServeMetrics.Close cause = ServeMetrics.Close.OTHER;
    boolean handshaking = true;
    try {
      SocketChannel ch = conn.ch;
      String from = String.valueOf(ch.getRemoteAddress());
      if (limits.keepAlive()) {
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      }
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Sv2Connection.Options options =
          Sv2Connection.Options.defaults().withHandshakeTimeout(limits.handshakeTimeout()).withMaxPayloadLength(limits.maxPayload());
      long t0 = System.nanoTime();
      Sv2Connection c;
      try {
        c = responders == null ? Sv2Connection.plain(ch, options) : Sv2Connection.responder(ch, responders.build(), options);
      } catch (CodecException e) {
        metrics.handshakesFailed.increment();
        cause = e.kind() == CodecException.Kind.TIMEOUT ? ServeMetrics.Close.HANDSHAKE_TIMEOUT : ServeMetrics.Close.HANDSHAKE_FAILED;
        log.log(conn.who + " from " + from + ": handshake failed: " + e.getMessage());
        return;
      }
      conn.c = c;
      handshaking = false;
      handshakes.release();
      if (c.isEncrypted()) {
        metrics.handshakesDone.increment();
        log.log(conn.who + " from " + from + ": handshake done in " + (System.nanoTime() - t0) / 1000 + " us, certificate valid until "
            + Instant.ofEpochSecond(c.certificate().orElseThrow().notValidAfter()));
      } else {
        log.log(conn.who + " from " + from + ": plaintext connection");
      }
      if (stopping) {
        cause = ServeMetrics.Close.SHUTDOWN;
        return;
      }
      cause = serve(conn, c);
    } catch (IOException e) {
      cause = conn.sendTimedOut ? ServeMetrics.Close.SEND_TIMEOUT : stopping ? ServeMetrics.Close.SHUTDOWN : ServeMetrics.Close.IO_ERROR;
      log.log(conn.who + " closed: " + (conn.sendTimedOut ? "peer did not read for " + limits.sendTimeout().toMillis() + " ms (--send-timeout)"
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
    } catch (Error | RuntimeException e) {
      // OutOfMemoryError and bugs end this connection, never the server.
      cause = ServeMetrics.Close.OTHER;
      log.log(conn.who + " failed: " + e);
    } finally {
      if (handshaking) {
        handshakes.release();
      }
      conn.close();
      open.remove(conn);
      metrics.open.decrementAndGet();
      metrics.closed(cause);
      endOne();
    }
  }

  private ServeMetrics.Close serve(Conn conn, Sv2Connection c) throws IOException {
    Duration idle = limits.idleOrNull();
    long handled = 0;
    try {
      while (true) {
        Sv2Frame received = idle == null ? c.receive() : c.receive(idle);
        if (received == null) {
          log.log(conn.who + " idle for " + idle.toMillis() + " ms after " + handled + " frame(s): closed");
          return ServeMetrics.Close.IDLE_TIMEOUT;
        }
        try (Sv2Frame f = received) {
          handled++;
          metrics.framesIn.increment();
          metrics.bytesIn.add(f.encodedLength());
          if (limits.logFrames()) {
            log.frame(conn.who + " <- " + Responding.Describe.frame(f));
          }
          Sv2Frame reply = Responding.answer(f);
          conn.sendSince = Math.max(1, System.nanoTime());
          try {
            c.send(reply);
          } finally {
            conn.sendSince = 0;
          }
          metrics.framesOut.increment();
          metrics.bytesOut.add(reply.encodedLength());
          if (limits.logFrames()) {
            log.frame(conn.who + " -> " + Responding.Describe.frame(reply));
          }
        }
      }
    } catch (EOFException e) {
      log.log(conn.who + " closed by peer after " + handled + " frame(s)");
      return ServeMetrics.Close.PEER_CLOSED;
    } catch (CodecException e) {
      log.log(conn.who + " failed: " + e.getMessage());
      return e.kind() == CodecException.Kind.PAYLOAD_TOO_LARGE ? ServeMetrics.Close.PAYLOAD_TOO_LARGE : ServeMetrics.Close.PROTOCOL_ERROR;
    }
  }

  /** Closes connections whose current send has been blocked for longer than the send timeout. */
  private void watch() {
    long limit = limits.sendTimeout().toNanos();
    long period = Math.max(10, Math.min(1_000, limits.sendTimeout().toMillis() / 4));
    while (!stopping) {
      pause(period);
      long now = System.nanoTime();
      for (Conn conn : open.keySet()) {
        long since = conn.sendSince;
        if (since != 0 && now - since > limit) {
          conn.sendTimedOut = true;
          conn.close();
        }
      }
    }
  }

  private void endOne() {
    ended.incrementAndGet();
    synchronized (endedLock) {
      endedLock.notifyAll();
    }
  }

  /** Logs a refusal, at most one line a second (a flood of refusals must not flood the log). */
  private void refusal(String line) {
    long now = System.nanoTime();
    long last = lastRefusalLog.get();
    if (now - last >= 1_000_000_000L && lastRefusalLog.compareAndSet(last, now)) {
      long more = refusalsNotLogged.getAndSet(0);
      log.log(line + (more > 0 ? " (and " + more + " more refusal(s) not logged)" : ""));
    } else {
      refusalsNotLogged.incrementAndGet();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Closes the listener and every connection; idempotent. */
  void stop() {
    stopping = true;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Conn conn : open.keySet()) {
      conn.close();
    }
    synchronized (endedLock) {
      endedLock.notifyAll();
    }
  }
}
