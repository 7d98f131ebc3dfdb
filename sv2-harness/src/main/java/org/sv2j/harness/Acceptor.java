package org.sv2j.harness;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The accept loop of the harness' servers ({@link TestPool}, {@link Sniffer}): one thread per accepted
 * connection, at most {@code maxConnections} of them at once, and a loop that outlives every failure it
 * can meet.
 *
 * <ul>
 *   <li>Past the cap an accepted socket is closed at once (the peer reads end-of-stream) and counted in
 *       {@link #refused()}; connections already open are not touched.
 *   <li>An {@code IOException} from {@code accept} other than the listener's own closing (for example
 *       "Too many open files") is logged, at most once a second, and retried after a pause that grows
 *       from 10 ms to 500 ms while failures follow each other, so that a full file table neither ends
 *       the loop nor spins a core.
 *   <li>A thread that cannot be started ({@code OutOfMemoryError: unable to create native thread}) costs
 *       that one connection, which is closed, not the loop.
 * </ul>
 *
 * <p>The handler runs on the connection's own thread and owns the channel: it must close it. The slot
 * under the cap is given back when the handler returns, whichever way.
 */
final class Acceptor implements Runnable {
  /** Where connections come from; {@link java.nio.channels.ServerSocketChannel#accept()} in production. */
  @FunctionalInterface
  interface Source {
    /**
     * Waits for the next connection.
     *
     * @return the accepted channel (blocking mode, never null)
     * @throws IOException if accepting failed; {@link ClosedChannelException} ends the loop
     */
    SocketChannel accept() throws IOException;
  }

  /** What runs a connection, on its own thread. */
  @FunctionalInterface
  interface Handler {
    /**
     * Runs one connection to its end.
     *
     * @param id the connection's number, from 1
     * @param channel the accepted channel, now owned by the handler
     */
    void handle(int id, SocketChannel channel);
  }

  private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
  private static final long FIRST_PAUSE_MS = 10;
  private static final long MAX_PAUSE_MS = 500;
  private static final long LOG_EVERY_NANOS = 1_000_000_000L;

  private final String name;
  private final Source source;
  private final int maxConnections;
  private final Handler handler;
  private final BooleanSupplier closed;
  private final ThreadFactory threads;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger nextId = new AtomicInteger(1);
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong acceptFailures = new AtomicLong();
  private long lastLogNanos;
  private boolean loggedOnce;

  /**
   * An accept loop; {@link #run()} it on its own thread.
   *
   * @param name the server's name, for thread names and logs (not peer text)
   * @param source where connections come from
   * @param maxConnections the most connections handled at once (at least 1)
   * @param handler what runs each connection
   * @param closed true once the server is closing: failures are then expected and the loop ends
   * @param threads makes each connection's thread (it is started by the loop)
   */
  Acceptor(String name, Source source, int maxConnections, Handler handler, BooleanSupplier closed, ThreadFactory threads) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
    this.name = name;
    this.source = source;
    this.maxConnections = maxConnections;
    this.handler = handler;
    this.closed = closed;
    this.threads = threads;
  }

  /** A thread factory for daemon threads named {@code prefix-<n>}. */
  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger(1);
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void run() {
    long pause = FIRST_PAUSE_MS;
    while (!closed.getAsBoolean()) {
      SocketChannel ch;
      try {
        ch = source.accept();
      } catch (ClosedChannelException e) {
        return; // the listener was closed: the server is going away
      } catch (IOException | RuntimeException e) {
        if (closed.getAsBoolean()) {
          return;
        }
        acceptFailures.incrementAndGet();
        warn("accept failed ({0} so far): {1}; retrying in {2} ms", acceptFailures.get(), e.toString(), pause);
        if (!sleep(pause)) {
          return;
        }
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
        continue;
      }
      pause = FIRST_PAUSE_MS;
      if (open.incrementAndGet() > maxConnections) {
        open.decrementAndGet();
        refused.incrementAndGet();
        closeQuietly(ch);
        warn("refused a connection: {0} open, the cap ({1} refused so far)", maxConnections, refused.get());
        continue;
      }
      int id = nextId.getAndIncrement();
      try {
        Thread t = threads.newThread(() -> {
          try {
            handler.handle(id, ch);
          } finally {
            open.decrementAndGet();
          }
        });
        t.start();
      } catch (RuntimeException | Error e) { // typically OutOfMemoryError: unable to create native thread
        open.decrementAndGet();
        closeQuietly(ch);
        warn("could not start a thread for connection {0}: {1}", id, e.toString());
        if (!sleep(pause)) {
          return;
        }
      }
    }
  }

  /**
   * Connections being handled now.
   *
   * @return connections whose handler has not returned yet
   */
  int open() {
    return open.get();
  }

  /**
   * Connections closed on arrival because {@code maxConnections} were open.
   *
   * @return connections refused since start
   */
  long refused() {
    return refused.get();
  }

  /**
   * Failed {@code accept} calls that did not end the loop.
   *
   * @return accept failures since start
   */
  long acceptFailures() {
    return acceptFailures.get();
  }

  private synchronized void warn(String pattern, Object... args) {
    long now = System.nanoTime();
    if (loggedOnce && now - lastLogNanos < LOG_EVERY_NANOS) {
      return;
    }
    loggedOnce = true;
    lastLogNanos = now;
    LOG.log(System.Logger.Level.WARNING, name + ": " + pattern, args);
  }

  private boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Closes a socket that is being refused or has failed; a failure to close changes nothing then. */
  static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing more to do for it
    }
  }
}
