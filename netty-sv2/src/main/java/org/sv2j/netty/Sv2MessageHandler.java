package org.sv2j.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.sv2j.binary.MessageException;
import org.sv2j.framing.FramingException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;

/**
 * Typed messages both ways, between a frame codec and the application: put it after {@link
 * Sv2NoiseHandler} (or {@link Sv2FrameCodec}).
 *
 * <ul>
 *   <li>Inbound, a frame of a message {@link Sv2Messages} knows is decoded into its {@link AnyMessage}
 *       record (which copies what it holds) and the frame is closed; a frame of an unknown extension or
 *       type is passed on <b>as the {@link Sv2Frame}</b>, untouched, for the next handler to forward or
 *       close (the pass-through a proxy needs).
 *   <li>Outbound, an {@link AnyMessage} (an {@link org.sv2j.messages.UnknownMessage} too) is written as
 *       {@link AnyMessage#toFrame()}, its own extension type, message type and channel bit, serialized
 *       straight into the outbound buffer; {@code Sv2Frame}s pass through.
 *   <li>A known message that does not decode (a {@link MessageException}) is a protocol violation: the
 *       exception is fired down the pipeline and the channel is closed ({@link CloseCause#CODEC_ERROR}).
 * </ul>
 *
 * <p>The handler keeps no per-connection state: one instance may be shared ({@link #INSTANCE}, lenient
 * decoding; {@link #STRICT} refuses trailing bytes, as {@link Sv2Messages#decodeStrict}).
 */
@ChannelHandler.Sharable
public final class Sv2MessageHandler extends ChannelDuplexHandler {
  /** Lenient decoding ({@link Sv2Messages#decode(Sv2Frame)}: trailing bytes are ignored). */
  public static final Sv2MessageHandler INSTANCE = new Sv2MessageHandler(false);
  /** Strict decoding ({@link Sv2Messages#decodeStrict(Sv2Frame)}). */
  public static final Sv2MessageHandler STRICT = new Sv2MessageHandler(true);

  private final boolean strict;

  private Sv2MessageHandler(boolean strict) {
    this.strict = strict;
  }

  /**
   * The shared lenient handler.
   *
   * @return {@link #INSTANCE}
   */
  public static Sv2MessageHandler create() {
    return INSTANCE;
  }

  /**
   * Whether trailing bytes after a message are refused.
   *
   * @return true for {@link #STRICT}
   */
  public boolean isStrict() {
    return strict;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Sv2Frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Sv2Frame frame = (Sv2Frame) msg;
    if (!frame.isOpen() || !Sv2Messages.isKnown(frame.extensionTypeWithoutChannelBit(), frame.msgType())) {
      ctx.fireChannelRead(frame); // unknown extension or type: pass the frame through
      return;
    }
    AnyMessage m;
    try {
      m = strict ? Sv2Messages.decodeStrict(frame) : Sv2Messages.decode(frame);
    } catch (MessageException | FramingException e) {
      frame.close();
      Channels.cause(ctx.channel(), CloseCause.CODEC_ERROR);
      ctx.fireExceptionCaught(e);
      ctx.close();
      return;
    } finally {
      frame.close();
    }
    ctx.fireChannelRead(m);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof AnyMessage) {
      Sv2Frame f;
      try {
        f = ((AnyMessage) msg).toFrame();
      } catch (RuntimeException e) {
        promise.setFailure(e);
        return;
      }
      ctx.write(f, promise);
      return;
    }
    ctx.write(msg, promise);
  }

  @Override
  public String toString() {
    return strict ? "Sv2MessageHandler[strict]" : "Sv2MessageHandler";
  }
}
