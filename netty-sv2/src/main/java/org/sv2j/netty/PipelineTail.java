package org.sv2j.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.sv2j.framing.Sv2Frame;

/**
 * Last handler of every connection of {@link Sv2Server} and {@link Sv2Client}: closes the frames nobody
 * handled (Netty's own tail cannot: frames are not reference counted), and closes the channel on an
 * exception nobody handled, logging it at DEBUG with peer text escaped.
 */
@ChannelHandler.Sharable
final class PipelineTail extends ChannelInboundHandlerAdapter {
  static final PipelineTail INSTANCE = new PipelineTail();
  private static final System.Logger LOG = System.getLogger("org.sv2j.netty");

  private PipelineTail() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Sv2Frame) {
      ((Sv2Frame) msg).close();
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + Channels.escape(ctx.channel().remoteAddress()) + ": "
          + Channels.escape(cause));
    }
    Channels.close(ctx.channel(), CloseCause.ERROR);
  }
}
