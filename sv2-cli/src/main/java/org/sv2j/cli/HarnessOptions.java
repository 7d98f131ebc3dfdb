package org.sv2j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sv2j.noise.AuthorityKeys;

/** Plumbing shared by {@code sv2 pool}, {@code sv2 sniff} and {@code sv2 mine}: secrets, port files, running time. */
final class HarnessOptions {
  private HarnessOptions() {}

  /** Environment variable read when no key file is given. */
  static final String SECRET_ENV = SecretKeys.ENV;

  /**
   * The authority key pair from {@code file} (as {@code sv2 keys generate --out} writes it), or else from the
   * environment variable {@value #SECRET_ENV}; {@code null} if neither is there.
   */
  static AuthorityKeys authority(Path file) throws Fail {
    // The same reading as sv2 serve: a key file its group or others may access is refused.
    return file != null ? SecretKeys.fromFile(file) : SecretKeys.fromEnvironment(System.getenv());
  }

  /** Writes the bound port for {@code --port-file} (atomically, see {@link PortFile}). */
  static void writePortFile(Path portFile, int port) throws Fail {
    try {
      PortFile.write(portFile, port);
    } catch (IOException e) {
      throw new Fail(Sv2.INTERNAL, "cannot write " + portFile + ": " + e.getMessage());
    }
  }

  /**
   * Blocks for {@code duration} ({@code null}: until Ctrl-C or SIGTERM), then returns a handle the command
   * closes once its summary is printed: on Ctrl-C the JVM's shutdown waits (up to 5 s) for that.
   */
  static Stopped runFor(Duration duration) {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        finished.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sv2-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (duration == null) {
        stop.await();
      } else {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Stopped(hook, finished);
  }

  /** Closed when the command has finished after {@link #runFor}. */
  static final class Stopped implements AutoCloseable {
    private final Thread hook;
    private final CountDownLatch finished;

    Stopped(Thread hook, CountDownLatch finished) {
      this.hook = hook;
      this.finished = finished;
    }

    @Override
    public void close() {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and now returns
      }
    }
  }
}
