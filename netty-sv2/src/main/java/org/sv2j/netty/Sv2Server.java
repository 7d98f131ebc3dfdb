package org.sv2j.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sv2j.noise.Responder;

/**
 * An Sv2 server on Netty: binds, accepts, runs the Noise handshake as responder (or speaks plaintext), and
 * gives each connection its own handler, which receives {@link org.sv2j.framing.Sv2Frame}s and writes
 * {@code Sv2Frame}s.
 *
 * <pre>{@code
 * Responder.Builder responders = Responder.builder(authorityPublic, authoritySecret, Duration.ofDays(1));
 * try (Sv2Server server = Sv2Server.builder()
 *     .responders(responders)
 *     .handler(MyConnectionHandler::new)          // one handler per connection
 *     .bind(new InetSocketAddress("0.0.0.0", 3333))) {
 *   server.closeFuture().toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <h2>Each connection's pipeline</h2>
 *
 * A guard (metrics, close causes, idle and send timeouts), then {@link Sv2NoiseHandler} (replaced by the
 * encrypted codec once the handshake is done) or {@link Sv2FrameCodec}, then the application's handler,
 * then a tail that closes frames nobody handled and closes the channel on an exception nobody handled.
 * The application's handler sees a {@link Sv2HandshakeCompletionEvent} when the session is ready.
 *
 * <h2>Limits (every one configurable)</h2>
 *
 * <ul>
 *   <li>{@link Builder#maxConnections}: an accepted connection past the cap is closed at once ({@link
 *       CloseCause#MAX_CONNECTIONS}).
 *   <li>{@link Builder#maxConcurrentHandshakes}: a handshake costs the responder about 0.3 ms of CPU; a
 *       connection accepted while that many are in progress is closed at once ({@link
 *       CloseCause#SHED_HANDSHAKES}) instead of being queued, so a flood cannot build an unbounded backlog.
 *   <li>{@link Builder#handshakeTimeout}, {@link Builder#idleTimeout} (nothing received), {@link
 *       Builder#sendTimeout} (the channel stays unwritable: the peer does not read; while it is unwritable
 *       nothing more is read from that peer), {@link
 *       Builder#maxQueuedBytes} (bytes queued for one peer), {@link Builder#maxPayloadLength} (checked from
 *       the header, before anything is reserved).
 * </ul>
 *
 * <h2>Robustness of the accept path</h2>
 *
 * An {@code IOException} from {@code accept} (such as "Too many open files" at the process's file limit)
 * pauses accepting for one second and the server keeps serving the connections it has; connections waiting
 * in the backlog are accepted once descriptors are free again. If an {@code Error} closes the listening
 * socket, the server binds it again after a second (logged at WARNING). Nothing in sv2j limits the number of
 * connections below {@link Builder#maxConnections}; the operating system's file limit applies.
 *
 * <h2>Threads and memory</h2>
 *
 * One acceptor thread and {@link Builder#ioThreads} event-loop threads (native epoll when it loads, NIO
 * otherwise). Frames live in one buffer-sv2 pool per event-loop thread (see {@link Sv2FrameCodec}); an idle
 * connection holds no frame or cumulation memory. Handlers run on the connection's event loop and must not
 * block it. With recycled frames the event loop allocates nothing per frame; on JDK 24 and later that needs
 * the JVM options {@code --sun-misc-unsafe-memory-access=allow --add-opens java.base/sun.nio.ch=ALL-UNNAMED}
 * (without them Netty's NIO transport uses the JDK's selected-key set, 64 B per ready key). Logging goes to
 * the {@link System.Logger} named {@code org.sv2j.netty}, only for accept-path
 * trouble (WARNING, at most once a second) and at DEBUG per connection; peer text in logs is escaped.
 */
public final class Sv2Server implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.sv2j.netty");

  /** Default maximum payload accepted from a peer: 1 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD_LENGTH = 1 << 20;
  /** Default idle timeout: 10 minutes. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  /** Default send timeout: 60 seconds. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);
  /** Default maximum of concurrent handshakes. */
  public static final int DEFAULT_MAX_CONCURRENT_HANDSHAKES = 512;
  /** Default maximum of connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1_000_000;

  private final Builder config;
  private final boolean epoll;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Sv2Metrics metrics;
  private final java.util.Queue<Thread> threads = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger handshaking = new AtomicInteger();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final ServerBootstrap bootstrap;
  private volatile Channel serverChannel;
  private volatile boolean closing;
  private volatile long lastWarning;

  private Sv2Server(Builder b, SocketAddress address) throws IOException {
    this.config = b;
    prepareLogging();
    this.epoll = b.preferNative && Transports.epoll();
    this.metrics = b.metrics != null ? b.metrics : new Sv2Metrics();
    this.boss = Transports.group(epoll, 1, "sv2j-netty-accept", threads);
    this.workers = Transports.group(epoll, b.ioThreads, "sv2j-netty-io", threads);
    this.bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(Transports.serverChannel(epoll))
        .option(ChannelOption.SO_BACKLOG, b.backlog)
        .option(ChannelOption.SO_REUSEADDR, true)
        .handler(new AcceptGuardInstaller())
        .option(ChannelOption.ALLOCATOR, b.allocator)
        .childOption(ChannelOption.ALLOCATOR, b.allocator)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(b.lowWaterMark, b.highWaterMark))
        .childHandler(new Initializer());
    ChannelFuture f = bootstrap.bind(address).awaitUninterruptibly();
    if (!f.isSuccess()) {
      shutdownGroups();
      Throwable c = f.cause();
      throw c instanceof IOException ? (IOException) c : new IOException("bind " + address + " failed", c);
    }
    serverChannel = f.channel();
    watch(serverChannel, address);
  }

  /**
   * A builder; choose {@link Builder#responders}, {@link Builder#authority} or {@link Builder#plaintext},
   * and a {@link Builder#handler}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The address the server listens on (with the actual port when bound to port 0).
   *
   * @return the local address
   */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * The server's counters.
   *
   * @return the metrics (live)
   */
  public Sv2Metrics metrics() {
    return metrics;
  }

  /**
   * Handshakes in progress right now.
   *
   * @return the count
   */
  public int handshakesInProgress() {
    return handshaking.get();
  }

  /**
   * Decoded frames not closed yet, over all event loops (a diagnostic: a count that keeps growing means a
   * handler does not close its frames). Asks each event loop in turn; do not call it from one.
   *
   * @return frames alive
   */
  public long framesHeld() {
    long sum = 0;
    for (io.netty.util.concurrent.EventExecutor e : workers) {
      try {
        sum += e.submit(FramePool::liveSlicesIfAny).get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
          | java.util.concurrent.RejectedExecutionException ex) {
        // a stopped or stuck event loop: nothing to count there
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return sum;
  }

  /**
   * Whether the native epoll transport is in use (NIO otherwise).
   *
   * @return true for epoll
   */
  public boolean isNativeTransport() {
    return epoll;
  }

  /**
   * Completes once the server is closed and its threads have stopped.
   *
   * @return the stage
   */
  public CompletionStage<Void> closeFuture() {
    return closed.minimalCompletionStage();
  }

  /**
   * Stops accepting, closes every connection and stops the threads; waits up to 10 seconds (do not call it
   * from one of the server's event loops). Idempotent. A
   * {@link Responder.Builder} the server created from {@link Builder#authority} is destroyed; one passed to
   * {@link Builder#responders} stays the caller's.
   */
  @Override
  public void close() {
    if (closing) {
      closed.join();
      return;
    }
    closing = true;
    Channel ch = serverChannel;
    if (ch != null) {
      ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    shutdownGroups();
    if (config.ownedResponders && config.responders != null) {
      config.responders.destroy();
    }
    closed.complete(null);
  }

  private void shutdownGroups() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    boss.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    Transports.join(threads, 5_000);
  }

  /** Re-binds the listening socket if something other than close() shut it (an Error on the accept path). */
  private void watch(Channel ch, SocketAddress requested) {
    SocketAddress actual = ch.localAddress();
    ch.closeFuture().addListener(f -> {
      if (closing) {
        return;
      }
      warn("listening socket closed unexpectedly; binding " + actual + " again");
      rebind(actual != null ? actual : requested);
    });
  }

  private void rebind(SocketAddress address) {
    if (closing) {
      return;
    }
    boss.schedule(() -> {
      if (closing) {
        return;
      }
      bootstrap.bind(address).addListener((ChannelFuture f) -> {
        if (f.isSuccess()) {
          serverChannel = f.channel();
          watch(f.channel(), address);
        } else {
          warn("binding " + address + " again failed: " + Channels.escape(f.cause()));
          rebind(address);
        }
      });
    }, 1, TimeUnit.SECONDS);
  }

  private void warn(String message) {
    long now = System.nanoTime();
    if (now - lastWarning >= TimeUnit.SECONDS.toNanos(1) || lastWarning == 0) {
      lastWarning = now;
      try {
        LOG.log(System.Logger.Level.WARNING, message);
      } catch (Throwable t) {
        // A logging backend that fails (at the file limit it may not open what it needs) must not take the
        // accept path down with it.
      }
    }
  }

  /**
   * Initializes what the first log line needs while descriptors are still free: at the file limit, a
   * logging backend that loads its configuration or the time-zone data on first use fails with an Error
   * (seen with java.util.logging: tzdb.dat), and Netty's own warnings would then kill the accept thread.
   */
  private static void prepareLogging() {
    try {
      LOG.isLoggable(System.Logger.Level.WARNING);
      java.time.ZoneId.systemDefault();
      Channels.escape(new java.io.IOException("warm-up")); // classes of the accept-error path, loaded now
    } catch (Throwable t) {
      // best effort
    }
  }

  @Override
  public String toString() {
    Channel ch = serverChannel;
    return "Sv2Server[" + (ch == null ? "unbound" : ch.localAddress()) + (epoll ? ", epoll" : ", nio")
        + (closing ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------------

  private final class Initializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      metrics.accepted();
      if (connections.incrementAndGet() > config.maxConnections) {
        connections.decrementAndGet();
        refuse(ch, CloseCause.MAX_CONNECTIONS);
        return;
      }
      ch.closeFuture().addListener(f -> connections.decrementAndGet());
      ChannelPipeline p = ch.pipeline();
      p.addLast("sv2-guard", new ConnectionGuard(metrics, config.idleTimeout.toNanos(), config.sendTimeout.toNanos()));
      if (config.responders != null) {
        if (handshaking.incrementAndGet() > config.maxConcurrentHandshakes) {
          handshaking.decrementAndGet();
          p.remove("sv2-guard");
          refuse(ch, CloseCause.SHED_HANDSHAKES);
          return;
        }
        Sv2NoiseHandler noise = Sv2NoiseHandler.responderBuilder(config.responders)
            .handshakeTimeout(config.handshakeTimeout)
            .maxPayloadLength(config.maxPayloadLength)
            .maxQueuedBytes(config.maxQueuedBytes)
            .recycleWrittenFrames(config.recycleWritten)
            .metrics(metrics)
            .build();
        noise.handshakeFuture().addListener(f -> handshaking.decrementAndGet());
        p.addLast(Sv2NoiseHandler.NAME, noise);
      } else {
        p.addLast(Sv2NoiseHandler.CODEC_NAME, Sv2FrameCodec.builder()
            .maxPayloadLength(config.maxPayloadLength)
            .maxQueuedBytes(config.maxQueuedBytes)
            .recycleWrittenFrames(config.recycleWritten)
            .metrics(metrics)
            .build());
      }
      if (config.typedMessages) {
        p.addLast("sv2-messages", Sv2MessageHandler.INSTANCE);
      }
      p.addLast("sv2-handler", Objects.requireNonNull(config.handler.get(), "handler supplier returned null"));
      p.addLast("sv2-tail", PipelineTail.INSTANCE);
    }

    private void refuse(Channel ch, CloseCause cause) {
      metrics.refused(cause);
      ch.config().setAutoRead(false);
      ch.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // An Error or exception while setting up one connection: that connection goes, the server stays.
      warn("could not set up a connection: " + Channels.escape(cause));
      Channels.close(ctx.channel(), CloseCause.ERROR);
    }
  }

  /**
   * On the listening channel: logs accept errors (rate-limited) and lets Netty's acceptor pause accepting
   * for a second; a second handler after the acceptor swallows what reaches it, so nothing is logged twice.
   */
  private final class AcceptGuardInstaller extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
          // Bound: Netty's acceptor is in the pipeline by now; put the swallower after it.
          ctx.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
              // logged by the handler before the acceptor
            }

            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
              ReferenceCountUtil.release(msg);
            }
          });
          ctx.fireChannelActive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          try {
            warn("accept failed (pausing accepts for 1 s): " + Channels.escape(cause));
          } catch (Throwable t) {
            // nothing here may keep Netty's acceptor from pausing
          } finally {
            ctx.fireExceptionCaught(cause); // the acceptor pauses accepting for a second
          }
        }
      });
    }
  }

  /** Options of an {@link Sv2Server}. */
  public static final class Builder extends AbstractSv2Builder<Builder> {
    private Responder.Builder responders;
    private boolean ownedResponders;
    private boolean plaintext;
    private int maxConcurrentHandshakes = DEFAULT_MAX_CONCURRENT_HANDSHAKES;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int backlog = 1024;

    private Builder() {
      super(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_PAYLOAD_LENGTH, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Encrypted: each connection's responder is built from {@code responders} (which stays the caller's:
     * destroy it after closing the server).
     *
     * @param responders the authority's responder builder
     * @return this builder
     */
    public Builder responders(Responder.Builder responders) {
      this.responders = Objects.requireNonNull(responders, "responders");
      this.ownedResponders = false;
      this.plaintext = false;
      return this;
    }

    /**
     * Encrypted with a pre-signed server credential ({@code sv2 keys certify}): no authority secret in the
     * server and no signature per handshake. The credential's static key is copied into a responder
     * builder the server owns (wiped when it closes), so the caller may destroy the credential after this
     * call. A connection arriving once the credential is outside its window fails its handshake (and a
     * warning is logged ahead of expiry, see {@link Responder#builder(org.sv2j.noise.ServerCredential)});
     * check {@link org.sv2j.noise.ServerCredential#check} before serving to refuse to start instead.
     *
     * @param credential the server credential, not destroyed
     * @return this builder
     * @throws org.sv2j.noise.NoiseException if the credential's certificate does not verify
     */
    public Builder credential(org.sv2j.noise.ServerCredential credential) {
      this.responders = Responder.builder(credential);
      this.ownedResponders = true;
      this.plaintext = false;
      return this;
    }

    /**
     * Encrypted with the authority key pair (copied; the server's copy is wiped when it closes).
     *
     * @param authorityPublicKey the 32-byte x-only public key
     * @param authoritySecretKey the 32-byte secret key
     * @param certificateValidity how long the certificates the server signs are valid
     * @return this builder
     * @throws org.sv2j.noise.NoiseException if the keys do not form a pair
     */
    public Builder authority(byte[] authorityPublicKey, byte[] authoritySecretKey, Duration certificateValidity) {
      this.responders = Responder.builder(authorityPublicKey, authoritySecretKey, certificateValidity);
      this.ownedResponders = true;
      this.plaintext = false;
      return this;
    }

    /**
     * Plaintext Sv2 (no Noise): for tests and trusted networks only.
     *
     * @return this builder
     */
    public Builder plaintext() {
      this.responders = null;
      this.plaintext = true;
      return this;
    }

    /**
     * How many handshakes may be in progress at once; more connections are closed at accept (default 512).
     *
     * @param max positive
     * @return this builder
     */
    public Builder maxConcurrentHandshakes(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxConcurrentHandshakes must be positive");
      }
      this.maxConcurrentHandshakes = max;
      return this;
    }

    /**
     * How many connections the server holds at most; more are closed at accept (default 1,000,000).
     *
     * @param max positive
     * @return this builder
     */
    public Builder maxConnections(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxConnections must be positive");
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * The listen backlog (default 1024; the OS may cap it).
     *
     * @param backlog positive
     * @return this builder
     */
    public Builder backlog(int backlog) {
      if (backlog <= 0) {
        throw new IllegalArgumentException("backlog must be positive");
      }
      this.backlog = backlog;
      return this;
    }

    /**
     * Binds and starts the server.
     *
     * @param address where to listen (port 0 for an ephemeral port)
     * @return the running server
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if neither encryption nor plaintext, or no handler, was chosen
     */
    public Sv2Server bind(SocketAddress address) throws IOException {
      Objects.requireNonNull(address, "address");
      if (responders == null && !plaintext) {
        throw new IllegalStateException("choose responders(...), authority(...) or plaintext()");
      }
      if (handler == null) {
        throw new IllegalStateException("no handler(...) given");
      }
      return new Sv2Server(this, address);
    }


  }
}
