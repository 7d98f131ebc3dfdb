package org.sv2j.cli;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.sv2j.codec.CodecException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.netty.CloseCause;
import org.sv2j.netty.Sv2HandshakeCompletionEvent;
import org.sv2j.netty.Sv2Metrics;
import org.sv2j.netty.Sv2Server;
import org.sv2j.noise.Responder;

/**
 * {@code sv2 serve} on {@link Sv2Server}: a few event-loop threads hold every connection, and the server's
 * limits are the command's options. This class is only the test server's behaviour ({@link Responding}:
 * SetupConnection answered, everything else echoed) and its log lines; caps, timeouts, the maximum payload,
 * back-pressure and the accept loop's resilience are {@code Sv2Server}'s.
 */
final class NettyServe {
  private final ServeCommand.Limits limits;
  private final Responder.Builder responders;
  private final AsyncLog log;
  private final AtomicLong numbers = new AtomicLong();
  private final Object lock = new Object();
  private volatile boolean stopping;
  private Sv2Server server;

  NettyServe(ServeCommand.Limits limits, Responder.Builder responders, AsyncLog log) {
    this.limits = limits;
    this.responders = responders;
    this.log = log;
  }

  InetSocketAddress bind(InetSocketAddress address) throws IOException {
    Sv2Server.Builder b = Sv2Server.builder()
        .maxConnections(limits.maxConnections())
        .maxConcurrentHandshakes(limits.maxHandshakes())
        .maxPayloadLength(limits.maxPayload())
        .handshakeTimeout(limits.handshakeTimeout())
        .idleTimeout(limits.idleOrNull() == null ? Duration.ZERO : limits.idleTimeout())
        .sendTimeout(limits.sendTimeout())
        .maxQueuedBytes(limits.maxQueued())
        .ioThreads(limits.ioThreads())
        .handler(Connection::new);
    if (responders != null) {
      b.responders(responders);
    } else {
      b.plaintext();
    }
    server = b.bind(address);
    return server.localAddress();
  }

  Sv2Metrics metrics() {
    Sv2Server s = server;
    return s == null ? null : s.metrics();
  }

  /** Serves until stopped, or until {@code exitAfter} connections were accepted and have ended. */
  long run(long exitAfter) {
    Sv2Metrics m = server.metrics();
    synchronized (lock) {
      while (!stopping && ended(m) < exitAfter) {
        try {
          lock.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return ended(m);
  }

  /** Connections accepted and closed (refused ones included). */
  static long ended(Sv2Metrics m) {
    long n = 0;
    for (long v : m.closesByCause().values()) {
      n += v;
    }
    return n;
  }

  /** Closes the listener and every connection and stops the threads; idempotent. */
  void stop() {
    stopping = true;
    Sv2Server s = server;
    if (s != null) {
      s.close();
    }
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /** One metrics line: the server's counters, closes by cause, and the heap. */
  static String metricsLine(Sv2Metrics m) {
    StringBuilder sb = new StringBuilder("metrics: open=").append(m.openConnections())
        .append(" accepted=").append(m.connectionsAccepted())
        .append(" handshakes_done=").append(m.handshakesCompleted())
        .append(" handshakes_failed=").append(m.handshakesFailed())
        .append(" frames_in=").append(m.framesIn())
        .append(" frames_out=").append(m.framesOut())
        .append(" bytes_in=").append(m.bytesIn())
        .append(" bytes_out=").append(m.bytesOut())
        .append(" closes{");
    boolean first = true;
    for (Map.Entry<CloseCause, Long> e : m.closesByCause().entrySet()) {
      if (e.getValue() > 0) {
        sb.append(first ? "" : " ").append(e.getKey().name().toLowerCase(Locale.ROOT)).append('=').append(e.getValue());
        first = false;
      }
    }
    Runtime rt = Runtime.getRuntime();
    return sb.append("} heap_used=").append(rt.totalMemory() - rt.freeMemory()).append(" heap_max=").append(rt.maxMemory()).toString();
  }

  /**
   * One connection's test-server behaviour, on its event loop. Back-pressure is Sv2Server's: it stops
   * reading while the peer does not read our replies (the channel is unwritable), so a peer that never
   * reads holds at most the queue bound until the send timeout closes it.
   */
  private final class Connection extends ChannelInboundHandlerAdapter {
    private final String who = "#" + numbers.incrementAndGet();
    private long t0;
    private long frames;
    private String from = "?";

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      t0 = System.nanoTime();
      from = String.valueOf(ctx.channel().remoteAddress());
      if (responders == null) {
        log.log(who + " from " + from + ": plaintext connection");
      }
      ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof Sv2HandshakeCompletionEvent e) {
        if (e.isSuccess()) {
          log.log(who + " from " + from + ": handshake done in " + (System.nanoTime() - t0) / 1000 + " us, certificate valid until "
              + Instant.ofEpochSecond(e.certificate().notValidAfter()));
        } else {
          log.log(who + " from " + from + ": handshake failed: " + e.cause().getMessage());
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof Sv2Frame f)) {
        ctx.fireChannelRead(msg);
        return;
      }
      frames++;
      if (limits.logFrames() && log.frameAllowed()) {
        log.log(who + " <- " + Responding.Describe.frame(f));
      }
      Sv2Frame reply;
      if (Responding.isSetupConnection(f)) {
        try (f) {
          reply = Responding.answer(f);
        }
      } else {
        reply = f; // the echo is the received frame itself: no copy (the codec encodes it, then closes it)
      }
      if (limits.logFrames() && log.frameAllowed()) {
        log.log(who + " -> " + Responding.Describe.frame(reply));
      }
      ctx.writeAndFlush(reply); // the codec owns and closes it
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof CodecException c) {
        log.log(who + " failed: " + c.getMessage());
      } else {
        log.log(who + " closed: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
      }
      ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      log.log(who + " closed (" + CloseCause.of(ctx.channel()).name().toLowerCase(Locale.ROOT) + ") after " + frames + " frame(s)");
      synchronized (lock) {
        lock.notifyAll();
      }
      ctx.fireChannelInactive();
    }
  }
}
