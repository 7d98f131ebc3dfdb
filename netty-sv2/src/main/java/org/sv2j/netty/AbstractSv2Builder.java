package org.sv2j.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.sv2j.framing.Header;

/**
 * The options {@link Sv2Server.Builder} and {@link Sv2Client.Builder} share: the per-connection handler,
 * the timeouts, the bounds on what a peer may send and have queued, the event-loop threads and transport,
 * and how frames are handed to the handler. Each setter returns the concrete builder, so calls chain
 * whatever the order (as with Netty's {@code AbstractBootstrap}). Defaults that differ between the server
 * and the client are given on each setter; the server's are the ones a public listener wants.
 *
 * <p>Only this package extends the class.
 *
 * @param <B> the concrete builder
 */
public abstract class AbstractSv2Builder<B extends AbstractSv2Builder<B>> {
  Supplier<? extends ChannelHandler> handler;
  Duration handshakeTimeout = Sv2NoiseHandler.DEFAULT_HANDSHAKE_TIMEOUT;
  Duration idleTimeout;
  Duration sendTimeout = Sv2Server.DEFAULT_SEND_TIMEOUT;
  int maxPayloadLength;
  long maxQueuedBytes = AbstractSv2FrameCodec.DEFAULT_MAX_QUEUED_BYTES;
  int ioThreads;
  int lowWaterMark = 32 * 1024;
  int highWaterMark = 64 * 1024;
  boolean preferNative = true;
  boolean recycleWritten;
  boolean typedMessages;
  ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
  Sv2Metrics metrics;

  AbstractSv2Builder(Duration idleTimeout, int maxPayloadLength, int ioThreads) {
    this.idleTimeout = idleTimeout;
    this.maxPayloadLength = maxPayloadLength;
    this.ioThreads = ioThreads;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * The per-connection handler: the supplier is called once per connection (return a new handler, or a
   * {@code @Sharable} one). It sits after the Sv2 stages, so it receives frames (or typed messages, see
   * {@link #typedMessages}) once the handshake is done.
   *
   * @param handler the supplier
   * @return this builder
   */
  public final B handler(Supplier<? extends ChannelHandler> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    return self();
  }

  /**
   * The handshake timeout (default 10 s).
   *
   * @param timeout positive
   * @return this builder
   */
  public final B handshakeTimeout(Duration timeout) {
    this.handshakeTimeout = positive(timeout, "handshake timeout");
    return self();
  }

  /**
   * Close a connection that receives nothing for this long; {@link Duration#ZERO} disables it. Default:
   * 10 minutes on a server ({@link Sv2Server#DEFAULT_IDLE_TIMEOUT}), off on a client.
   *
   * @param timeout zero or positive
   * @return this builder
   */
  public final B idleTimeout(Duration timeout) {
    this.idleTimeout = notNegative(timeout, "idle timeout");
    return self();
  }

  /**
   * Close a connection whose channel stays unwritable (the peer does not read) for this long (default 60
   * s); {@link Duration#ZERO} disables it.
   *
   * @param timeout zero or positive
   * @return this builder
   */
  public final B sendTimeout(Duration timeout) {
    this.sendTimeout = notNegative(timeout, "send timeout");
    return self();
  }

  /**
   * The largest payload accepted from the peer, checked from the header before anything is reserved.
   * Default: 1 MiB on a server ({@link Sv2Server#DEFAULT_MAX_PAYLOAD_LENGTH}), 2^24 − 1 on a client.
   *
   * @param max bytes, in [0, 2^24 − 1]
   * @return this builder
   */
  public final B maxPayloadLength(int max) {
    if (max < 0 || max > Header.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("maxPayloadLength outside [0, 2^24 - 1]: " + max);
    }
    this.maxPayloadLength = max;
    return self();
  }

  /**
   * The bound on bytes queued for one peer; a write beyond it closes the connection (default 2 MiB).
   *
   * @param max bytes, positive
   * @return this builder
   */
  public final B maxQueuedBytes(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive");
    }
    this.maxQueuedBytes = max;
    return self();
  }

  /**
   * Netty's write-buffer water marks: the channel turns unwritable above {@code high} queued bytes and
   * writable again below {@code low} (default 32 KiB and 64 KiB). Handlers that produce a lot should
   * watch {@code Channel.isWritable()}.
   *
   * @param low low water mark in bytes
   * @param high high water mark in bytes, at least {@code low}
   * @return this builder
   */
  public final B writeBufferWaterMark(int low, int high) {
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= low <= high");
    }
    this.lowWaterMark = low;
    this.highWaterMark = high;
    return self();
  }

  /**
   * Event-loop threads of the builder's own group. Default: the number of processors on a server, 1 on
   * a client.
   *
   * @param threads positive
   * @return this builder
   */
  public final B ioThreads(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("ioThreads must be positive");
    }
    this.ioThreads = threads;
    return self();
  }

  /**
   * Whether to use the native epoll transport when it loads (default true); NIO otherwise.
   *
   * @param preferNative false to force NIO
   * @return this builder
   */
  public final B preferNativeTransport(boolean preferNative) {
    this.preferNative = preferNative;
    return self();
  }

  /**
   * Whether written frames are recycled for later inbound frames (see {@link
   * Sv2FrameCodec.Builder#recycleWrittenFrames}; default false).
   *
   * @param recycle true to recycle
   * @return this builder
   */
  public final B recycleWrittenFrames(boolean recycle) {
    this.recycleWritten = recycle;
    return self();
  }

  /**
   * Whether an {@link Sv2MessageHandler} sits before the handler, so that it receives and writes typed
   * messages ({@code AnyMessage}; unknown extensions still arrive as frames); default false (frames).
   *
   * @param typed true for typed messages
   * @return this builder
   */
  public final B typedMessages(boolean typed) {
    this.typedMessages = typed;
    return self();
  }

  /**
   * The allocator of the wire bytes (reads, cumulation of partial frames, encoded frames); default
   * Netty's {@code PooledByteBufAllocator.DEFAULT}, whose buffers (and their NIO views) are recycled, so
   * that echoing recycled frames allocates nothing per frame on the event loop.
   *
   * @param allocator the allocator
   * @return this builder
   */
  public final B allocator(ByteBufAllocator allocator) {
    this.allocator = Objects.requireNonNull(allocator, "allocator");
    return self();
  }

  /**
   * Counters to use instead of the builder's own (to share one set between servers and clients).
   *
   * @param metrics the counters
   * @return this builder
   */
  public final B metrics(Sv2Metrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return self();
  }

  static Duration positive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return d;
  }

  static Duration notNegative(Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative");
    }
    return d;
  }
}
