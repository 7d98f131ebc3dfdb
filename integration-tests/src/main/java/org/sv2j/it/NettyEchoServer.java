package org.sv2j.it;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.sv2j.codec.CodecException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.netty.CloseCause;
import org.sv2j.netty.Sv2HandshakeCompletionEvent;
import org.sv2j.netty.Sv2HandshakeException;
import org.sv2j.netty.Sv2Server;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.Responder;

/**
 * The echo server of the socket tests and the scale and throughput runs: an {@link Sv2Server} (the one
 * server sv2j maintains; it replaced the test-only selector responder) whose handler writes every frame
 * back, recycling it, and which counts how each connection ended in the codec's terms.
 */
public final class NettyEchoServer implements AutoCloseable {

  /**
   * Server settings. {@code idleTimeout}: a connection that receives nothing for this long is closed and
   * counted as a {@link CodecException.Kind#TIMEOUT} ({@link Duration#ZERO}: never).
   */
  public record Config(int ioThreads, int maxPayloadLength, Duration handshakeTimeout, Duration idleTimeout,
      int maxConcurrentHandshakes, Duration sendTimeout) {
    public Config {
      Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(sendTimeout, "sendTimeout");
    }

    public static Config defaults() {
      return new Config(2, 1 << 20, Duration.ofSeconds(10), Duration.ZERO, Sv2Server.DEFAULT_MAX_CONCURRENT_HANDSHAKES,
          Sv2Server.DEFAULT_SEND_TIMEOUT);
    }

    public Config withMaxPayloadLength(int max) {
      return new Config(ioThreads, max, handshakeTimeout, idleTimeout, maxConcurrentHandshakes, sendTimeout);
    }

    public Config withHandshakeTimeout(Duration timeout) {
      return new Config(ioThreads, maxPayloadLength, timeout, idleTimeout, maxConcurrentHandshakes, sendTimeout);
    }

    public Config withIoThreads(int n) {
      return new Config(n, maxPayloadLength, handshakeTimeout, idleTimeout, maxConcurrentHandshakes, sendTimeout);
    }

    public Config withIdleTimeout(Duration timeout) {
      return new Config(ioThreads, maxPayloadLength, handshakeTimeout, timeout, maxConcurrentHandshakes, sendTimeout);
    }

    public Config withMaxConcurrentHandshakes(int max) {
      return new Config(ioThreads, maxPayloadLength, handshakeTimeout, idleTimeout, max, sendTimeout);
    }

    public Config withSendTimeout(Duration timeout) {
      return new Config(ioThreads, maxPayloadLength, handshakeTimeout, idleTimeout, maxConcurrentHandshakes, timeout);
    }
  }

  private final Sv2Server server;
  private final LongAdder framesEchoed = new LongAdder();
  private final LongAdder bytesEchoed = new LongAdder();
  private final AtomicLong closedCleanly = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();
  private final Map<CodecException.Kind, AtomicLong> failures = new EnumMap<>(CodecException.Kind.class);
  private final AtomicLong otherFailures = new AtomicLong();

  private NettyEchoServer(InetSocketAddress bind, Responder.Builder responders, Config config) throws IOException {
    for (CodecException.Kind k : CodecException.Kind.values()) {
      failures.put(k, new AtomicLong());
    }
    Sv2Server.Builder b = Sv2Server.builder()
        .handler(Echo::new)
        .ioThreads(config.ioThreads())
        .maxPayloadLength(config.maxPayloadLength())
        .maxQueuedBytes(Math.max(4L << 20, 4L * config.maxPayloadLength()))
        .handshakeTimeout(config.handshakeTimeout())
        .idleTimeout(config.idleTimeout())
        .sendTimeout(config.sendTimeout())
        .maxConcurrentHandshakes(config.maxConcurrentHandshakes())
        .backlog(4096)
        .recycleWrittenFrames(true);
    server = (responders != null ? b.responders(responders) : b.plaintext()).bind(bind);
  }

  /** An encrypted echo server: a responder per connection from {@code responders}. */
  public static NettyEchoServer encrypted(InetSocketAddress bind, Responder.Builder responders, Config config)
      throws IOException {
    return new NettyEchoServer(bind, Objects.requireNonNull(responders, "responders"), config);
  }

  /** A plaintext echo server. */
  public static NettyEchoServer plain(InetSocketAddress bind, Config config) throws IOException {
    return new NettyEchoServer(bind, null, config);
  }

  public InetSocketAddress address() {
    return server.localAddress();
  }

  public Sv2Server server() {
    return server;
  }

  public long accepted() {
    return server.metrics().connectionsAccepted();
  }

  public long handshakes() {
    return server.metrics().handshakesCompleted();
  }

  public long framesEchoed() {
    return framesEchoed.sum();
  }

  public long bytesEchoed() {
    return bytesEchoed.sum();
  }

  /** Connections open (handshaking or in transport). */
  public int liveConnections() {
    return live.get();
  }

  /** Connections that ended without a failure. */
  public long closedCleanly() {
    return closedCleanly.get();
  }

  /** Frames decoded and not closed, over the server's event loops (0 when every frame was given back). */
  public long leakedSlots() {
    return server.framesHeld();
  }

  public long failures(CodecException.Kind kind) {
    return failures.get(kind).get();
  }

  public long otherFailures() {
    return otherFailures.get();
  }

  public long totalFailures() {
    long n = otherFailures.get();
    for (AtomicLong a : failures.values()) {
      n += a.get();
    }
    return n;
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "NettyEchoServer[" + server + ", " + server.metrics() + "]";
  }

  /** Writes every frame back and records, once per connection, how it failed. */
  private final class Echo extends ChannelInboundHandlerAdapter {
    private CodecException.Kind failure;
    private boolean other;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      live.incrementAndGet();
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Sv2Frame f = (Sv2Frame) msg;
      framesEchoed.increment();
      bytesEchoed.add(f.msgLength());
      ctx.write(f, ctx.voidPromise()); // the codec encodes it and recycles the frame
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof Sv2HandshakeCompletionEvent && !((Sv2HandshakeCompletionEvent) evt).isSuccess()) {
        Throwable c = ((Sv2HandshakeCompletionEvent) evt).cause();
        if (c instanceof Sv2HandshakeException && ((Sv2HandshakeException) c).closeCause() == CloseCause.HANDSHAKE_TIMEOUT) {
          fail(CodecException.Kind.TIMEOUT);
        } else if (c.getCause() instanceof CodecException) {
          fail(((CodecException) c.getCause()).kind());
        } else if (c.getCause() instanceof NoiseException) {
          fail(CodecException.Kind.HANDSHAKE_FAILED);
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof CodecException) {
        fail(((CodecException) cause).kind());
      } else if (failure == null && !(cause instanceof IOException)) {
        other = true;
      }
      ctx.close();
    }

    private void fail(CodecException.Kind kind) {
      if (failure == null) {
        failure = kind;
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      live.decrementAndGet();
      if (failure == null && CloseCause.of(ctx.channel()) == CloseCause.IDLE_TIMEOUT) {
        failure = CodecException.Kind.TIMEOUT;
      }
      if (failure != null) {
        failures.get(failure).incrementAndGet();
      } else if (other) {
        otherFailures.incrementAndGet();
      } else {
        closedCleanly.incrementAndGet();
      }
      ctx.fireChannelInactive();
    }
  }
}
