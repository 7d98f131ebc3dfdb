package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.messages.common.SetupConnectionError;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/** {@code probe} against lying servers; {@link Escape}; {@link AsyncLog} under a blocked output. */
@Timeout(60)
class ProbeAndEscapeTest {

  /** A plaintext server that answers the first frame with {@code reply} and closes. */
  static Run probeAgainst(Supplier<Sv2Frame> reply, String... probeArgs) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
        try (Sv2Connection c = Sv2Connection.plain(server.accept())) {
          c.receive().close();
          c.send(reply.get());
          Thread.sleep(200);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      String[] args = new String[probeArgs.length + 3];
      args[0] = "probe";
      args[1] = "127.0.0.1:" + port;
      args[2] = "--plain";
      System.arraycopy(probeArgs, 0, args, 3, probeArgs.length);
      Run r = Run.of(args);
      serving.get(20, TimeUnit.SECONDS);
      return r;
    }
  }

  @Test
  void aSuccessWithAVersionOutsideTheRangeAskedForIsAProtocolViolation() throws Exception {
    Run r = probeAgainst(() -> new SetupConnectionSuccess(7, 0).toFrame(), "--min-version", "2", "--max-version", "3");
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(Sv2.PROTOCOL_VIOLATION);
    assertThat(r.err()).contains("used_version 7, outside the range asked for (2..3)");
    assertThat(r.out()).doesNotContain("setup:     accepted");
    Run low = probeAgainst(() -> new SetupConnectionSuccess(1, 0).toFrame(), "--min-version", "2", "--max-version", "3");
    assertThat(low.status()).isEqualTo(Sv2.PROTOCOL_VIOLATION);
    Run inRange = probeAgainst(() -> new SetupConnectionSuccess(3, 0).toFrame(), "--min-version", "2", "--max-version", "3");
    assertThat(inRange.status()).as(inRange.err()).isZero();
    assertThat(inRange.out()).contains("setup:     accepted, version 3");
  }

  @Test
  void aHostileErrorCodeIsPrintedEscaped() throws Exception {
    Run r = probeAgainst(() -> new SetupConnectionError(0, "bad\u001b]0;pwned\u0007\nsv2 probe: fine").toFrame());
    assertThat(r.status()).isEqualTo(Sv2.SETUP);
    assertThat(r.out() + r.err()).doesNotContain("\u001b", "\u0007").contains("bad\\u001b]0;pwned\\u0007\\nsv2 probe: fine");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void escapeKeepsTextReadableAndControlsHarmless() {
    assertThat(Escape.text("plain ASCII, ünïcödé, 日本, emoji \uD83D\uDE00")).isEqualTo("plain ASCII, ünïcödé, 日本, emoji \uD83D\uDE00");
    assertThat(Escape.text("a\nb\rc\td\u001b[2Je\\f")).isEqualTo("a\\nb\\rc\\td\\e[2Je\\\\f");
    assertThat(Escape.text("\u0000\u007f\u0085\u009b")).isEqualTo("\\x00\\x7f\\x85\\x9b");
    assertThat(Escape.text("\u202e\u2066\u2028\u2029\ufeff\u200f")).isEqualTo("\\u{202e}\\u{2066}\\u{2028}\\u{2029}\\u{feff}\\u{200f}");
    assertThat(Escape.text("lone \uD83D and \uDE00")).isEqualTo("lone \\u{d83d} and \\u{de00}");
    assertThat(Escape.text(null)).isEqualTo("null");
    for (int c = 0; c < 0x10000; c++) {
      String e = Escape.text(String.valueOf((char) c));
      assertThat(e.chars().allMatch(x -> x >= 0x20 && x != 0x7f && !(x >= 0x80 && x <= 0x9f))).as("U+%04x", c).isTrue();
    }
  }

  @Test
  void theLogNeverBlocksItsCallersAndCountsWhatItDrops() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Writer blocked = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.io.StringWriter sink = new java.io.StringWriter();
    Writer tee = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws java.io.IOException {
        blocked.write(cbuf, off, len);
        sink.write(cbuf, off, len);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    AsyncLog log = new AsyncLog(new PrintWriter(tee), 100, 10);
    long t0 = System.nanoTime();
    int queued = 0;
    for (int i = 0; i < 10_000; i++) {
      if (log.log("line " + i)) {
        queued++;
      }
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(millis).as("10,000 log calls with a blocked output").isLessThan(5_000);
    assertThat(queued).isLessThanOrEqualTo(100 + 256); // the queue, plus one batch the writer took before blocking
    release.countDown();
    log.close(10_000);
    assertThat(sink.toString()).contains("line 0", "log line(s) dropped: the output did not keep up");
  }
}
