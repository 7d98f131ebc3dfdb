package org.sv2j.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.sv2j.framing.Header;
import org.sv2j.noise.Initiator;

/**
 * An Sv2 client on Netty: connects, runs the Noise handshake as initiator (or speaks plaintext), and gives
 * each connection its own handler. One client (one event-loop group) serves any number of connections.
 *
 * <pre>{@code
 * try (Sv2Client client = Sv2Client.builder()
 *     .authorityPublicKey(poolAuthorityKey)       // the responder's certificate is verified against it
 *     .handler(MyClientHandler::new)
 *     .build()) {
 *   Channel ch = client.connect(poolAddress).sync().getNow(); // completes after the handshake
 *   ch.writeAndFlush(Sv2Frame.fromMessage(0, 0x00, false, setupConnection));
 * }
 * }</pre>
 *
 * <p>The pipeline, limits and timeouts are those of {@link Sv2Server} (without the accept-side caps); the
 * verified certificate is {@code ch.pipeline().get(Sv2NoiseHandler.class).certificate()} during the
 * handshake and in the {@link Sv2HandshakeCompletionEvent} the handler receives.
 */
public final class Sv2Client implements AutoCloseable {
  private final java.util.Queue<Thread> threads = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Builder config;
  private final boolean epoll;
  private final EventLoopGroup group;
  private final boolean ownGroup;
  private final Sv2Metrics metrics;
  private final Bootstrap bootstrap;

  private Sv2Client(Builder b) {
    this.config = b;
    this.metrics = b.metrics != null ? b.metrics : new Sv2Metrics();
    if (b.group != null) {
      this.group = b.group;
      this.ownGroup = false;
      this.epoll = b.preferNative && Transports.epoll();
    } else {
      this.epoll = b.preferNative && Transports.epoll();
      this.group = Transports.group(epoll, b.ioThreads, "sv2j-netty-client", threads);
      this.ownGroup = true;
    }
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(Transports.channel(epoll))
        .option(ChannelOption.ALLOCATOR, b.allocator)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, b.connectTimeout.toMillis()))
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(b.lowWaterMark, b.highWaterMark));
  }

  /**
   * A builder; choose {@link Builder#authorityPublicKey}, {@link Builder#initiators}, {@link
   * Builder#unauthenticated} or {@link Builder#plaintext}, and a {@link Builder#handler}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects to {@code address}. The future completes with the channel once the handshake is done
   * (plaintext: once connected), and fails with the connect error or an {@link Sv2HandshakeException}.
   *
   * @param address the server
   * @return the connection's future
   */
  public Future<Channel> connect(SocketAddress address) {
    return connect(address, null);
  }

  /**
   * Connects to {@code address} from {@code localAddress} (for instance one of several 127.x.y.z source
   * addresses).
   *
   * @param address the server
   * @param localAddress the local address to bind, or {@code null}
   * @return the connection's future (see {@link #connect(SocketAddress)})
   */
  public Future<Channel> connect(SocketAddress address, SocketAddress localAddress) {
    Objects.requireNonNull(address, "address");
    Promise<Channel> ready = group.next().newPromise();
    Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        metrics.accepted();
        ChannelPipeline p = ch.pipeline();
        p.addLast("sv2-guard", new ConnectionGuard(metrics, config.idleTimeout.toNanos(), config.sendTimeout.toNanos()));
        if (config.initiators != null) {
          Sv2NoiseHandler noise = Sv2NoiseHandler.initiatorBuilder(
                  Objects.requireNonNull(config.initiators.get(), "initiator supplier returned null"))
              .handshakeTimeout(config.handshakeTimeout)
              .maxPayloadLength(config.maxPayloadLength)
              .maxQueuedBytes(config.maxQueuedBytes)
              .recycleWrittenFrames(config.recycleWritten)
              .metrics(metrics)
              .build();
          noise.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
              ready.trySuccess(ch);
            } else {
              ready.tryFailure(f.cause());
            }
          });
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
    });
    ChannelFuture cf = localAddress == null ? b.connect(address) : b.connect(address, localAddress);
    cf.addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        ready.tryFailure(f.cause());
      } else if (config.initiators == null) {
        ready.trySuccess(f.channel());
      }
    });
    return ready;
  }

  /**
   * The client's counters.
   *
   * @return the metrics (live)
   */
  public Sv2Metrics metrics() {
    return metrics;
  }

  /**
   * Whether the native epoll transport is in use.
   *
   * @return true for epoll
   */
  public boolean isNativeTransport() {
    return epoll;
  }

  /**
   * Closes every connection and stops the client's threads (a group passed in stays the caller's); do not
   * call it from one of the client's event loops.
   */
  @Override
  public void close() {
    if (ownGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
      Transports.join(threads, 5_000);
    }
  }

  /** Options of an {@link Sv2Client}. */
  public static final class Builder extends AbstractSv2Builder<Builder> {
    private Supplier<Initiator> initiators;
    private boolean plaintext;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private EventLoopGroup group;

    private Builder() {
      super(Duration.ZERO, Header.MAX_PAYLOAD_LENGTH, 1);
    }

    /**
     * Encrypted, accepting only certificates signed by this authority key.
     *
     * @param authorityPublicKey the 32-byte x-only key
     * @return this builder
     * @throws org.sv2j.noise.NoiseException if the key is not a valid x-only key
     */
    public Builder authorityPublicKey(byte[] authorityPublicKey) {
      Initiator.create(authorityPublicKey).close(); // checks the key now
      byte[] key = authorityPublicKey.clone();
      this.initiators = () -> Initiator.create(key);
      this.plaintext = false;
      return this;
    }

    /**
     * Encrypted, with an initiator per connection from {@code initiators}.
     *
     * @param initiators called once per connection for a fresh initiator
     * @return this builder
     */
    public Builder initiators(Supplier<Initiator> initiators) {
      this.initiators = Objects.requireNonNull(initiators, "initiators");
      this.plaintext = false;
      return this;
    }

    /**
     * Encrypted but accepting any certificate (not authenticated): for tests.
     *
     * @return this builder
     */
    public Builder unauthenticated() {
      this.initiators = Initiator::createUnauthenticated;
      this.plaintext = false;
      return this;
    }

    /**
     * Plaintext Sv2 (no Noise).
     *
     * @return this builder
     */
    public Builder plaintext() {
      this.initiators = null;
      this.plaintext = true;
      return this;
    }

    /**
     * The TCP connect timeout (default 10 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * Run on {@code group} (which stays the caller's) instead of an own group. Its transport must match
     * {@link #preferNativeTransport}: pass {@code false} there for an NIO group.
     *
     * @param group an event-loop group
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * The client.
     *
     * @return a new client
     * @throws IllegalStateException if neither encryption nor plaintext, or no handler, was chosen
     */
    public Sv2Client build() {
      if (initiators == null && !plaintext) {
        throw new IllegalStateException("choose authorityPublicKey(...), initiators(...), unauthenticated() or plaintext()");
      }
      if (handler == null) {
        throw new IllegalStateException("no handler(...) given");
      }
      return new Sv2Client(this);
    }
  }
}
