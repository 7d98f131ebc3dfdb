package org.sv2j.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * While {@code sv2 serve} runs, the libraries' {@link System.Logger} output (java.util.logging underneath)
 * goes into the server's non-blocking {@link AsyncLog} instead of a console handler that writes to stderr
 * under a lock on the thread that logs (an event loop or the acceptor). Levels INFO and above; the message
 * is escaped like every other line. {@link #close()} puts the previous handlers back.
 */
final class LogRouting implements AutoCloseable {
  private final Logger root = Logger.getLogger("");
  private final Handler[] previous;
  private final Handler handler;

  private LogRouting(AsyncLog log) {
    previous = root.getHandlers();
    handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r == null || r.getLevel().intValue() < Level.INFO.intValue()) {
          return;
        }
        String msg = r.getMessage();
        if (r.getParameters() != null && msg != null) {
          try {
            msg = java.text.MessageFormat.format(msg, r.getParameters());
          } catch (IllegalArgumentException ignored) {
            // keep the pattern as it is
          }
        }
        Throwable t = r.getThrown();
        log.log(r.getLevel() + " " + r.getLoggerName() + ": " + msg + (t == null ? "" : " (" + t + ")"));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    for (Handler h : previous) {
      root.removeHandler(h);
    }
    root.addHandler(handler);
  }

  static LogRouting to(AsyncLog log) {
    return new LogRouting(log);
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    for (Handler h : previous) {
      root.addHandler(h);
    }
  }
}
