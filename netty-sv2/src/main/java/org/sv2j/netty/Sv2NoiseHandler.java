package org.sv2j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.sv2j.codec.CodecException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Certificate;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * The Noise NX handshake as a Netty handler, modelled on {@code SslHandler}: put it first in the pipeline
 * (after transport-level handlers), and once the handshake is done it puts an {@link Sv2NoiseFrameCodec}
 * in its own place and removes itself.
 *
 * <pre>{@code
 * // server side, in a ChannelInitializer (one Responder.Builder per authority key, shared)
 * ch.pipeline().addLast(Sv2NoiseHandler.responder(responders), new MyHandler());
 * // client side
 * ch.pipeline().addLast(Sv2NoiseHandler.initiator(Initiator.create(authorityPublicKey)), new MyHandler());
 * }</pre>
 *
 * <h2>The handshake</h2>
 *
 * <ul>
 *   <li>The initiator sends its 64-byte message as soon as the channel is active; the responder reads
 *       exactly 64 bytes, answers with 234; the initiator reads exactly 234 bytes and verifies the
 *       responder's certificate. The messages have no length prefix; bytes that follow the last handshake
 *       message in the same read are handed to the encrypted codec, not lost.
 *   <li>{@link #handshakeFuture()} completes with the channel on success and fails with an {@link
 *       Sv2HandshakeException} (whose cause is the {@link org.sv2j.noise.NoiseException} of a bad message
 *       or certificate) on failure; a {@link Sv2HandshakeCompletionEvent} is fired down the pipeline either
 *       way. On failure the channel is closed and nothing more is read.
 *   <li>The handshake timeout (default 10 s, counted from channel activation) closes a peer that does not
 *       finish: a silent peer, or one that sends its message one byte at a time forever.
 *   <li>On the initiator side {@link #certificate()} is the verified certificate after completion.
 * </ul>
 *
 * <h2>Writes before the handshake is done</h2>
 *
 * Application writes that arrive before completion are <b>held back</b> and encoded, in order, by the
 * encrypted codec right after completion (before the completion event reaches later handlers, so their own
 * writes follow). They are bounded: once the held frames' bytes exceed the codec's {@code
 * maxQueuedBytes}, further writes fail with {@link Sv2OutboundLimitException}. On handshake failure every
 * held write fails with the handshake's exception and its frame is closed. Anything but an {@link
 * Sv2Frame} is refused with an {@link IllegalArgumentException}.
 *
 * <h2>Secrets</h2>
 *
 * The handshake's secrets are wiped when it completes, fails, or the handler leaves the pipeline; the
 * transport keys live in the codec and are wiped when it leaves the pipeline.
 */
public final class Sv2NoiseHandler extends ByteToMessageDecoder implements ChannelOutboundHandler {
  /** Default handshake timeout: 10 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** The name {@link Sv2Server} and {@link Sv2Client} give this handler in the pipeline. */
  public static final String NAME = "sv2-noise";
  /** The name of the frame codec in the pipeline (this handler's replacement, or the plaintext codec). */
  public static final String CODEC_NAME = "sv2-codec";

  private final Initiator initiator;
  private final Responder.Builder responders;
  private Responder responder;
  private final long timeoutNanos;
  private final Sv2FrameCodec.Builder codecOptions;
  private final HandshakePromise promise = new HandshakePromise();

  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timeout;
  private boolean started;
  private boolean done;
  private boolean codecInstalled;
  private Certificate certificate;
  private ArrayDeque<Object> held;
  private long heldBytes;

  private Sv2NoiseHandler(Builder b) {
    this.initiator = b.initiator;
    this.responder = b.responder;
    this.responders = b.responders;
    this.timeoutNanos = b.timeout.toNanos();
    this.codecOptions = b.codec;
  }

  /**
   * An initiator-side handler with the defaults (10 s timeout, codec defaults of {@link
   * Sv2FrameCodec#create()}).
   *
   * @param initiator a fresh initiator; the handler takes it over
   * @return a new handler (one per channel)
   */
  public static Sv2NoiseHandler initiator(Initiator initiator) {
    return initiatorBuilder(initiator).build();
  }

  /**
   * A responder-side handler with the defaults.
   *
   * @param responder a fresh responder; the handler takes it over
   * @return a new handler (one per channel)
   */
  public static Sv2NoiseHandler responder(Responder responder) {
    return responderBuilder(responder).build();
  }

  /**
   * A responder-side handler that builds its {@link Responder} from {@code responders} only when the
   * initiator's 64 bytes have arrived, so a connection that never sends them costs no key generation.
   *
   * @param responders the server's shared responder builder
   * @return a new handler (one per channel)
   */
  public static Sv2NoiseHandler responder(Responder.Builder responders) {
    return responderBuilder(responders).build();
  }

  /**
   * A builder for an initiator-side handler.
   *
   * @param initiator a fresh initiator; the handler takes it over
   * @return a new builder
   */
  public static Builder initiatorBuilder(Initiator initiator) {
    Builder b = new Builder();
    b.initiator = Objects.requireNonNull(initiator, "initiator");
    return b;
  }

  /**
   * A builder for a responder-side handler.
   *
   * @param responder a fresh responder; the handler takes it over
   * @return a new builder
   */
  public static Builder responderBuilder(Responder responder) {
    Builder b = new Builder();
    b.responder = Objects.requireNonNull(responder, "responder");
    return b;
  }

  /**
   * A builder for a responder-side handler that builds its responder lazily (see {@link
   * #responder(Responder.Builder)}).
   *
   * @param responders the server's shared responder builder
   * @return a new builder
   */
  public static Builder responderBuilder(Responder.Builder responders) {
    Builder b = new Builder();
    b.responders = Objects.requireNonNull(responders, "responders");
    return b;
  }

  /**
   * Completes with the channel when the handshake is done, fails with an {@link Sv2HandshakeException}
   * otherwise. Listeners run on the channel's event loop.
   *
   * @return the handshake's future
   */
  public Future<Channel> handshakeFuture() {
    return promise;
  }

  /**
   * The session's certificate once the handshake is done: on the initiator side the responder's,
   * verified; on the responder side its own.
   *
   * @return the certificate, or {@code null} before completion
   */
  public Certificate certificate() {
    return certificate;
  }

  /**
   * Whether this handler is the initiator's.
   *
   * @return true for the initiator side
   */
  public boolean isInitiator() {
    return initiator != null;
  }

  // ---------------------------------------------------------------------------------------------------

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    if (timeoutNanos > 0) {
      timeout = ctx.executor().schedule(this::timedOut, timeoutNanos, TimeUnit.NANOSECONDS);
    }
    if (initiator != null) {
      byte[] m = initiator.step0();
      countOut(m.length);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(m)).addListener(f -> {
        if (!f.isSuccess()) {
          fail(new Sv2HandshakeException("could not send the handshake message", CloseCause.HANDSHAKE_FAILED, f.cause()));
        }
      });
    }
  }

  private void timedOut() {
    if (!done) {
      fail(new Sv2HandshakeException(
          "no handshake within " + Duration.ofNanos(timeoutNanos), CloseCause.HANDSHAKE_TIMEOUT, null));
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      in.skipBytes(in.readableBytes()); // failed: read nothing more
      return;
    }
    int need = initiator != null ? Initiator.STEP2_MESSAGE_SIZE : Responder.STEP1_INPUT_SIZE;
    if (in.readableBytes() < need) {
      return;
    }
    byte[] m = new byte[need];
    in.readBytes(m);
    countIn(need);
    NoiseSession session;
    try {
      if (initiator != null) {
        session = initiator.step2(m);
      } else {
        if (responder == null) {
          responder = responders.build();
        }
        Responder.Reply reply = responder.step1(m);
        session = reply.session();
        byte[] answer = reply.message();
        countOut(answer.length);
        ctx.write(Unpooled.wrappedBuffer(answer));
      }
    } catch (RuntimeException e) {
      in.skipBytes(in.readableBytes());
      fail(new Sv2HandshakeException("handshake failed: " + e.getMessage(), CloseCause.HANDSHAKE_FAILED, e));
      return;
    }
    complete(ctx, session);
  }

  private void complete(ChannelHandlerContext ctx, NoiseSession session) {
    done = true;
    cancelTimeout();
    Sv2Metrics m = codecOptions.metrics;
    if (m != null) {
      m.handshakeCompleted(); // before the reply leaves: a peer that sees it complete finds it counted
    }
    certificate = session.certificate();
    wipe();
    Sv2NoiseFrameCodec codec = codecOptions.buildEncrypted(session);
    String name = ctx.pipeline().get(CODEC_NAME) == null ? CODEC_NAME : null;
    ctx.pipeline().addAfter(ctx.name(), name, codec);
    ChannelHandlerContext codecCtx = ctx.pipeline().context(codec);
    codecInstalled = true;
    ArrayDeque<Object> q = held;
    held = null;
    if (q != null) {
      while (!q.isEmpty()) {
        Object msg = q.poll();
        ChannelPromise p = (ChannelPromise) q.poll();
        codec.write(codecCtx, msg, p);
      }
    }
    ctx.flush();
    promise.trySuccess(ctx.channel());
    ctx.fireUserEventTriggered(Sv2HandshakeCompletionEvent.success(certificate));
    ctx.pipeline().remove(this);
  }

  private void fail(Sv2HandshakeException cause) {
    if (done) {
      return;
    }
    done = true;
    cancelTimeout();
    wipe();
    Sv2Metrics m = codecOptions.metrics;
    if (m != null) {
      m.handshakeFailed();
    }
    ArrayDeque<Object> q = held;
    held = null;
    if (q != null) {
      while (!q.isEmpty()) {
        Object msg = q.poll();
        ChannelPromise p = (ChannelPromise) q.poll();
        ReferenceCountUtil.release(msg);
        if (msg instanceof Sv2Frame) {
          ((Sv2Frame) msg).close();
        }
        p.tryFailure(cause);
      }
    }
    Channel ch = ctx.channel();
    ch.config().setAutoRead(false);
    Channels.cause(ch, cause.closeCause());
    promise.tryFailure(cause);
    ctx.fireUserEventTriggered(Sv2HandshakeCompletionEvent.failure(cause));
    ch.close();
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void wipe() {
    if (initiator != null) {
      initiator.close();
    }
    if (responder != null) {
      responder.close();
    }
  }

  private void countIn(int n) {
    if (codecOptions.metrics != null) {
      codecOptions.metrics.bytesIn(n);
    }
  }

  private void countOut(int n) {
    if (codecOptions.metrics != null) {
      codecOptions.metrics.bytesOut(n);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (!done) {
      int held = actualReadableBytes();
      fail(new Sv2HandshakeException("peer closed the connection during the handshake", CloseCause.HANDSHAKE_FAILED,
          held == 0 ? null : new CodecException(CodecException.Kind.TRUNCATED,
              "peer closed the connection in the middle of a handshake message (" + held + " bytes held)")));
    }
    super.channelInactive(ctx);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    cancelTimeout();
    if (!done) {
      done = true;
      wipe();
      Sv2HandshakeException cause =
          new Sv2HandshakeException("handler removed before the handshake completed", CloseCause.HANDSHAKE_FAILED, null);
      ArrayDeque<Object> q = held;
      held = null;
      if (q != null) {
        while (!q.isEmpty()) {
          Object msg = q.poll();
          ChannelPromise p = (ChannelPromise) q.poll();
          if (msg instanceof Sv2Frame) {
            ((Sv2Frame) msg).close();
          }
          p.tryFailure(cause);
        }
      }
      promise.tryFailure(cause);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Outbound: hold application writes until the codec is in place.

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise p) {
    if (codecInstalled) {
      // The encrypted codec's output on its way out while this handler is being removed.
      ctx.write(msg, p);
      return;
    }
    if (!(msg instanceof Sv2Frame)) {
      String type = msg == null ? "null" : msg.getClass().getName();
      ReferenceCountUtil.release(msg);
      p.setFailure(new IllegalArgumentException("an Sv2 pipeline writes Sv2Frame only, got " + type));
      return;
    }
    Sv2Frame frame = (Sv2Frame) msg;
    if (done) {
      // Failed (or being removed): nothing more goes out.
      frame.close();
      p.tryFailure(new Sv2HandshakeException("the handshake failed", CloseCause.HANDSHAKE_FAILED, null));
      return;
    }
    int n;
    try {
      n = frame.encodedLength();
    } catch (RuntimeException e) {
      p.setFailure(e);
      return;
    }
    if (heldBytes + n > codecOptions.maxQueuedBytes && held != null && !held.isEmpty()) {
      frame.close();
      p.setFailure(new Sv2OutboundLimitException(
          heldBytes + " bytes held back during the handshake, limit " + codecOptions.maxQueuedBytes));
      return;
    }
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    held.add(frame);
    held.add(p);
    heldBytes += n;
  }

  @Override
  public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise p) {
    ctx.bind(localAddress, p);
  }

  @Override
  public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise p) {
    ctx.connect(remote, local, p);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise p) {
    ctx.disconnect(p);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise p) {
    ctx.close(p);
  }

  @Override
  public void deregister(ChannelHandlerContext ctx, ChannelPromise p) {
    ctx.deregister(p);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public String toString() {
    return "Sv2NoiseHandler[" + (initiator != null ? "initiator" : "responder")
        + (done ? (promise.isSuccess() ? ", done" : ", failed") : started ? ", handshaking" : ", new") + "]";
  }

  /** A promise bound to the channel's event loop once the handler is added (as SslHandler's). */
  private final class HandshakePromise extends DefaultPromise<Channel> {
    @Override
    protected EventExecutor executor() {
      ChannelHandlerContext c = ctx;
      return c == null ? GlobalEventExecutor.INSTANCE : c.executor();
    }

    @Override
    protected void checkDeadLock() {
      if (ctx != null) {
        super.checkDeadLock();
      }
    }
  }

  /** Options of a {@link Sv2NoiseHandler}: the handshake timeout and the encrypted codec's options. */
  public static final class Builder {
    private Initiator initiator;
    private Responder responder;
    private Responder.Builder responders;
    private Duration timeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private final Sv2FrameCodec.Builder codec = Sv2FrameCodec.builder();

    private Builder() {}

    /**
     * How long the handshake may take from channel activation (default 10 s); {@link Duration#ZERO} for
     * no limit.
     *
     * @param timeout the timeout, not negative
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("negative handshake timeout");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The largest payload the encrypted codec accepts (see {@link Sv2FrameCodec.Builder#maxPayloadLength}).
     *
     * @param max the limit in bytes
     * @return this builder
     */
    public Builder maxPayloadLength(int max) {
      codec.maxPayloadLength(max);
      return this;
    }

    /**
     * The bound on queued outbound bytes, for held-back writes and for the codec (see {@link
     * Sv2FrameCodec.Builder#maxQueuedBytes}).
     *
     * @param max the bound in bytes
     * @return this builder
     */
    public Builder maxQueuedBytes(long max) {
      codec.maxQueuedBytes(max);
      return this;
    }

    /**
     * Whether the codec recycles written frames (see {@link Sv2FrameCodec.Builder#recycleWrittenFrames}).
     *
     * @param recycle true to recycle
     * @return this builder
     */
    public Builder recycleWrittenFrames(boolean recycle) {
      codec.recycleWrittenFrames(recycle);
      return this;
    }

    /**
     * Counters to update: handshakes, and through the codec frames and bytes; {@code null} for none.
     *
     * @param metrics the counters, or null
     * @return this builder
     */
    public Builder metrics(Sv2Metrics metrics) {
      codec.metrics(metrics);
      return this;
    }

    /**
     * A handler with these options.
     *
     * @return a new handler (one per channel; a builder holding an initiator or responder builds one)
     */
    public Sv2NoiseHandler build() {
      return new Sv2NoiseHandler(this);
    }
  }
}
