package org.sv2j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.codec.CodecException;
import org.sv2j.framing.FramingException;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseException;

/**
 * What the plaintext and the encrypted frame codec share: Netty's cumulation for partial frames, the
 * per-thread frame pool, frame recycling, the outbound bound and fail-for-good on any decoding error.
 *
 * <p>Public only because the two codecs extend it; use {@link Sv2FrameCodec} or {@link
 * Sv2NoiseFrameCodec}.
 */
public abstract class AbstractSv2FrameCodec extends ByteToMessageDecoder implements ChannelOutboundHandler {
  /** Default bound on the bytes queued for one peer (2 MiB). */
  public static final int DEFAULT_MAX_QUEUED_BYTES = 2 << 20;

  private static final int SPARE = 4;

  final int maxPayloadLength;
  final long maxQueuedBytes;
  final boolean recycleWritten;
  final Sv2Metrics metrics;
  private Sv2Frame[] spare;
  private int spareCount;
  private boolean failed;

  AbstractSv2FrameCodec(int maxPayloadLength, long maxQueuedBytes, boolean recycleWritten, Sv2Metrics metrics) {
    if (maxPayloadLength < 0 || maxPayloadLength > Header.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("maxPayloadLength outside [0, 2^24 - 1]: " + maxPayloadLength);
    }
    if (maxQueuedBytes <= 0) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive: " + maxQueuedBytes);
    }
    this.maxPayloadLength = maxPayloadLength;
    this.maxQueuedBytes = maxQueuedBytes;
    this.recycleWritten = recycleWritten;
    this.metrics = metrics;
  }

  /**
   * The largest payload accepted from the peer.
   *
   * @return the limit in bytes
   */
  public final int maxPayloadLength() {
    return maxPayloadLength;
  }

  /**
   * The bound on bytes queued for the peer (Netty's outbound buffer) beyond which a write fails and the
   * connection is closed with {@link CloseCause#OUTBOUND_LIMIT}.
   *
   * @return the bound in bytes
   */
  public final long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  /**
   * Whether a decoding error failed this codec for good (the channel is then closing).
   *
   * @return true after a codec error
   */
  public final boolean isFailed() {
    return failed;
  }

  /**
   * Hands a frame this codec decoded back for reuse: it is closed and a later inbound frame re-arms the
   * object instead of allocating one. Event-loop thread only; nobody may reference the frame afterwards.
   * Frames of other origins are just closed.
   *
   * @param frame a frame the caller owns and no longer references
   */
  public final void recycle(Sv2Frame frame) {
    frame.close();
    Slice s = frame.recycledSlice();
    if (s == null) {
      return;
    }
    if (spare == null) {
      spare = new Sv2Frame[SPARE];
    }
    if (spareCount == SPARE) {
      return;
    }
    for (int i = 0; i < spareCount; i++) {
      if (spare[i] == frame) {
        return;
      }
    }
    spare[spareCount++] = frame;
  }

  /** The pool's finished message as a frame, re-arming a recycled one when there is one. */
  final Sv2Frame takeFrame(BufferPool pool) {
    Sv2Frame reuse = null;
    if (spareCount > 0) {
      reuse = spare[--spareCount];
      spare[spareCount] = null;
    }
    if (reuse == null) {
      return Sv2Frame.fromSlice(pool.getDataOwned());
    }
    Slice old = reuse.recycledSlice();
    return Sv2Frame.fromSlice(old == null ? pool.getDataOwned() : pool.getDataOwned(old), reuse);
  }

  /**
   * Copies {@code len} bytes of {@code in} from {@code index} into {@code dst} at its position (which does
   * not move) without allocating: through the array of a heap buffer, or the internal NIO view of a direct
   * one ({@code ByteBuf.getBytes(int, ByteBuffer)} duplicates that view per call where Netty runs without
   * {@code sun.misc.Unsafe}, as on JDK 25).
   */
  static void copy(ByteBuf in, int index, ByteBuffer dst, int len) {
    int p = dst.position();
    if (dst.hasArray() && in.hasArray()) {
      in.getBytes(index, dst.array(), dst.arrayOffset() + p, len);
    } else if (in.nioBufferCount() == 1) {
      ByteBuffer src = in.internalNioBuffer(index, len);
      dst.put(p, src, src.position(), len);
    } else {
      in.getBytes(index, dst.duplicate().limit(p + len).position(p));
    }
  }

  /** As {@link #copy(ByteBuf, int, ByteBuffer, int)}, into {@code dst[off, off + len)}. */
  static void copy(ByteBuf in, int index, byte[] dst, int off, int len) {
    if (in.hasArray() || in.nioBufferCount() != 1) {
      in.getBytes(index, dst, off, len);
    } else {
      ByteBuffer src = in.internalNioBuffer(index, len);
      src.get(src.position(), dst, off, len);
    }
  }

  /** Checks the announced payload length before anything is reserved for it. */
  final void checkLength(int len, String what) {
    if (len > maxPayloadLength) {
      throw new CodecException(
          CodecException.Kind.PAYLOAD_TOO_LARGE,
          what + " announces " + len + " payload bytes, limit " + maxPayloadLength);
    }
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      decodeOne(ctx, in, out);
    } catch (CodecException | FramingException | NoiseException e) {
      fail(ctx, in, e);
    }
  }

  /**
   * At end of stream: decodes what is complete, then reports a frame cut short ({@link
   * CodecException.Kind#TRUNCATED}, fired down the pipeline) if the peer closed with bytes of an
   * unfinished frame outstanding.
   */
  @Override
  protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.isReadable()) {
      decode(ctx, in, out);
    }
    // Only a close the peer made cuts a frame; when this side closed (a timeout, a limit) that is the cause.
    boolean byPeer = !ctx.channel().hasAttr(Channels.CLOSE_CAUSE) || ctx.channel().attr(Channels.CLOSE_CAUSE).get() == null;
    if (!failed && byPeer && (in.isReadable() || midFrame())) {
      int held = in.readableBytes();
      failed = true;
      in.skipBytes(held);
      ctx.fireExceptionCaught(new CodecException(
          CodecException.Kind.TRUNCATED, "peer closed the connection in the middle of a frame (" + held + " bytes held)"));
    }
  }

  /** Whether part of a frame was consumed already (the encrypted codec's decrypted header). */
  boolean midFrame() {
    return false;
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf in, RuntimeException cause) {
    failed = true;
    FramePool.current().clear();
    in.skipBytes(in.readableBytes());
    ctx.channel().config().setAutoRead(false);
    Channels.cause(ctx.channel(), CloseCause.CODEC_ERROR);
    ctx.fireExceptionCaught(cause);
    ctx.close();
  }

  /** Decodes at most one frame (or one header step) from {@code in}. */
  abstract void decodeOne(ChannelHandlerContext ctx, ByteBuf in, List<Object> out);

  /** The buffer a frame of {@code n} wire bytes is encoded into (the channel's allocator). */
  ByteBuf allocate(ChannelHandlerContext ctx, int n) {
    return ctx.alloc().ioBuffer(n);
  }

  /** Wire bytes of {@code frame}. */
  abstract int encodedLength(Sv2Frame frame);

  /** Encodes {@code frame} at {@code dst}'s position, exactly {@link #encodedLength} bytes. */
  abstract void encode(Sv2Frame frame, ByteBuffer dst);

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof Sv2Frame)) {
      String type = msg == null ? "null" : msg.getClass().getName();
      ReferenceCountUtil.release(msg);
      promise.setFailure(new IllegalArgumentException("an Sv2 frame codec writes Sv2Frame only, got " + type));
      return;
    }
    Sv2Frame frame = (Sv2Frame) msg;
    ByteBuf buf = null;
    try {
      int n = encodedLength(frame);
      ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
      long queued = ob == null ? 0 : ob.totalPendingWriteBytes();
      if (queued > 0 && queued + n > maxQueuedBytes) {
        frame.close();
        promise.setFailure(
            new Sv2OutboundLimitException(
                "peer is not reading: " + queued + " bytes queued, limit " + maxQueuedBytes));
        Channels.close(ctx.channel(), CloseCause.OUTBOUND_LIMIT);
        return;
      }
      buf = allocate(ctx, n);
      ByteBuffer dst = buf.nioBufferCount() == 1 ? buf.internalNioBuffer(0, n) : buf.nioBuffer(0, n);
      encode(frame, dst);
      buf.writerIndex(n);
      if (metrics != null) {
        metrics.frameOut(n);
      }
    } catch (RuntimeException e) {
      if (buf != null) {
        buf.release();
      }
      frame.close();
      promise.setFailure(e);
      return;
    }
    if (recycleWritten) {
      recycle(frame);
    } else {
      frame.close();
    }
    ctx.write(buf, promise);
  }

  @Override
  public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
    ctx.bind(localAddress, promise);
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
    ctx.connect(remoteAddress, localAddress, promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.disconnect(promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.close(promise);
  }

  @Override
  public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.deregister(promise);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!failed) {
      ctx.read();
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (spare != null) {
      java.util.Arrays.fill(spare, null);
      spareCount = 0;
    }
  }
}
