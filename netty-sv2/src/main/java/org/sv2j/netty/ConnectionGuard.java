package org.sv2j.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First handler of every connection of {@link Sv2Server} and {@link Sv2Client}: counts the connection and
 * its close cause, closes a peer that sends nothing for the idle timeout, and one whose channel stays
 * unwritable (it does not read) for the send timeout; stops reading from a peer while its channel is
 * unwritable. One timer at a time, re-armed lazily: reads only
 * record a time stamp.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
  private final Sv2Metrics metrics;
  private final long idleNanos;
  private final long sendNanos;
  private long lastRead;
  private ScheduledFuture<?> idleTimer;
  private ScheduledFuture<?> stallTimer;
  private boolean counted;

  ConnectionGuard(Sv2Metrics metrics, long idleNanos, long sendNanos) {
    this.metrics = metrics;
    this.idleNanos = idleNanos;
    this.sendNanos = sendNanos;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counted = true;
    metrics.opened();
    lastRead = System.nanoTime();
    if (idleNanos > 0) {
      idleTimer = ctx.executor().schedule(() -> checkIdle(ctx), idleNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelActive();
  }

  private void checkIdle(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long left = idleNanos - (System.nanoTime() - lastRead);
    if (left <= 0) {
      Channels.close(ctx.channel(), CloseCause.IDLE_TIMEOUT);
    } else {
      idleTimer = ctx.executor().schedule(() -> checkIdle(ctx), left, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (idleNanos > 0) {
      lastRead = System.nanoTime();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Back-pressure: while the peer does not take what we send, read nothing more from it (its requests
    // would only add answers to the queue); resume once the queue has drained below the low water mark.
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    if (sendNanos > 0) {
      if (!ctx.channel().isWritable()) {
        if (stallTimer == null) {
          stallTimer = ctx.executor().schedule(() -> {
            stallTimer = null;
            if (!ctx.channel().isWritable()) {
              Channels.close(ctx.channel(), CloseCause.SEND_STALLED);
            }
          }, sendNanos, TimeUnit.NANOSECONDS);
        }
      } else if (stallTimer != null) {
        stallTimer.cancel(false);
        stallTimer = null;
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    Channels.cause(ctx.channel(), CloseCause.LOCAL);
    ctx.close(promise);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Channels.cause(ctx.channel(), CloseCause.ERROR);
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive(); // first: later handlers may still name the cause (a cut handshake)
    if (counted) {
      counted = false;
      metrics.closed(Channels.causeOf(ctx.channel()));
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void cancel() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
    if (stallTimer != null) {
      stallTimer.cancel(false);
      stallTimer = null;
    }
  }
}
