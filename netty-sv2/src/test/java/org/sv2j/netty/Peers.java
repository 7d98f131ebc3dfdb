package org.sv2j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;

/** Keys, a recording handler and byte shuttling between two embedded channels. */
final class Peers {
  static final AuthorityKeys KEYS = AuthorityKeys.generate();

  private Peers() {}

  static Responder.Builder responders() {
    return Responder.builder(KEYS.publicKey(), KEYS.secretKey(), Duration.ofHours(1));
  }

  static Initiator initiator() {
    return Initiator.create(KEYS.publicKey());
  }

  /** A received frame, copied (the original is closed at once). */
  record Got(int extensionType, int msgType, byte[] payload) {}

  /** Records frames (closing them), user events and exceptions. */
  static final class Recorder extends ChannelInboundHandlerAdapter {
    final List<Got> frames = new CopyOnWriteArrayList<>();
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Sv2Frame f = (Sv2Frame) msg;
      try (f) {
        frames.add(new Got(f.extensionType(), f.msgType(), f.payloadToArray()));
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
    }
  }

  /** All bytes {@code ch} has written so far, in one array (buffers released). */
  static byte[] drain(EmbeddedChannel ch) {
    List<byte[]> parts = new ArrayList<>();
    int total = 0;
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      byte[] a = new byte[b.readableBytes()];
      b.readBytes(a);
      b.release();
      parts.add(a);
      total += a.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] a : parts) {
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    return out;
  }

  /** Feeds {@code bytes} into {@code ch} in pieces of {@code chunk} bytes. */
  static void feed(EmbeddedChannel ch, byte[] bytes, int chunk) {
    for (int i = 0; i < bytes.length && ch.isOpen(); i += chunk) {
      ch.writeInbound(Unpooled.copiedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
    }
  }

  /** Feeds {@code bytes} into {@code ch} in random pieces of 1 to {@code max} bytes. */
  static void feedRandomly(EmbeddedChannel ch, byte[] bytes, SplittableRandom r, int max) {
    int i = 0;
    while (i < bytes.length && ch.isOpen()) {
      int n = Math.min(bytes.length - i, r.nextInt(1, max + 1));
      ch.writeInbound(Unpooled.copiedBuffer(bytes, i, n));
      i += n;
    }
  }

  /** Moves everything each side wrote to the other, {@code chunk} bytes at a time, until both are quiet. */
  static void shuttle(EmbeddedChannel a, EmbeddedChannel b, int chunk) {
    while (true) {
      byte[] ab = drain(a);
      byte[] ba = drain(b);
      if (ab.length == 0 && ba.length == 0) {
        return;
      }
      feed(b, ab, chunk);
      feed(a, ba, chunk);
    }
  }

  static void releaseInbound(EmbeddedChannel ch) {
    Object o;
    while ((o = ch.readInbound()) != null) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
  }
}
