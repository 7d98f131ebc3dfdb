package org.sv2j.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's log: callers never block. Lines go into a bounded queue that one daemon thread writes to
 * the output; when the queue is full (the output is a pipe nobody reads, a slow terminal) the line is
 * dropped and counted, and the writer reports the count as soon as it can ("N log line(s) dropped"). Each
 * line is escaped ({@link Escape#controls}: the messages' own text is escaped already) and stamped with the time it was logged, not the time it was
 * written.
 *
 * <p>Frame lines ({@link #frame}) are also rate-limited: at most {@code framesPerSecond} a second; the
 * rest are counted as suppressed and reported once a second.
 */
final class AsyncLog implements AutoCloseable {
  static final int DEFAULT_QUEUE = 4096;

  private final PrintWriter out;
  private final ArrayBlockingQueue<String> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();
  private final int framesPerSecond;
  private final Thread writer;
  private volatile boolean closing;

  // Frame-line budget of the current second (approximate under contention, which is fine for a log).
  private final AtomicLong frameSecond = new AtomicLong();
  private final AtomicLong frameCount = new AtomicLong();

  AsyncLog(PrintWriter out, int capacity, int framesPerSecond) {
    this.out = out;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.framesPerSecond = framesPerSecond;
    this.writer = new Thread(this::drain, "sv2-serve-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** Logs {@code line} (escaped) without ever blocking; returns whether it was queued. */
  boolean log(String line) {
    if (!queue.offer(Instant.now() + " " + Escape.controls(line))) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Whether one more frame line fits in this second's budget; if not, it is counted as suppressed. Ask
   * before building the line, so that a flood costs no string building either.
   */
  boolean frameAllowed() {
    long second = System.nanoTime() / 1_000_000_000L;
    if (frameSecond.get() != second) {
      frameSecond.set(second);
      frameCount.set(0);
    }
    if (frameCount.incrementAndGet() > framesPerSecond) {
      suppressed.incrementAndGet();
      return false;
    }
    return true;
  }

  /** A per-frame line: logged only within the rate limit. */
  void frame(String line) {
    if (frameAllowed()) {
      log(line);
    }
  }

  /** Lines dropped because the queue was full, so far. */
  long dropped() {
    return dropped.get();
  }

  private void drain() {
    List<String> batch = new ArrayList<>(256);
    long lastReport = System.nanoTime();
    while (true) {
      try {
        String first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 255);
          for (String l : batch) {
            out.println(l);
          }
          batch.clear();
        }
        long now = System.nanoTime();
        if (now - lastReport >= 1_000_000_000L || first == null) {
          lastReport = now;
          report();
        }
        out.flush();
        if (first == null && closing) {
          return;
        }
      } catch (InterruptedException e) {
        if (closing) {
          return;
        }
      } catch (RuntimeException e) {
        // The output failed (PrintWriter swallows IOExceptions; anything else must not kill logging).
        dropped.incrementAndGet();
      }
    }
  }

  private void report() {
    long d = dropped.getAndSet(0);
    if (d > 0) {
      out.println(Instant.now() + " " + d + " log line(s) dropped: the output did not keep up");
    }
    long s = suppressed.getAndSet(0);
    if (s > 0) {
      out.println(Instant.now() + " " + s + " frame line(s) not logged (over " + framesPerSecond + "/s)");
    }
  }

  /** Writes what is queued (waiting at most {@code millis}) and stops the writer. */
  void close(long millis) {
    closing = true;
    try {
      writer.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }

  @Override
  public void close() {
    close(5_000);
  }
}
