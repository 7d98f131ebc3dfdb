package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.UnknownMessage;
import org.sv2j.messages.common.SetupConnectionSuccess;

/** Typed messages over the plaintext codec on an embedded channel. */
class Sv2MessageHandlerTest {
  private final List<Object> got = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private EmbeddedChannel ch;

  private void start(Sv2MessageHandler h) {
    ch = new EmbeddedChannel(Sv2FrameCodec.create(), h, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        got.add(msg);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(cause);
      }
    });
  }

  @AfterEach
  void close() {
    for (Object o : got) {
      if (o instanceof Sv2Frame) {
        ((Sv2Frame) o).close();
      }
    }
    Peers.drain(ch);
    ch.finishAndReleaseAll();
    assertThat(FramePool.current().liveSlices()).isZero();
  }

  @Test
  void knownMessagesBothWaysAndUnknownFramesPassThrough() {
    start(Sv2MessageHandler.INSTANCE);
    ch.writeOutbound(new SetupConnectionSuccess(2, 5));
    byte[] wire = Peers.drain(ch);
    // header 00 00 01 06 00 00, then u16 2 and u32 5, little-endian
    assertThat(wire).containsExactly(0, 0, 1, 6, 0, 0, 2, 0, 5, 0, 0, 0);
    Peers.feed(ch, wire, 1);
    assertThat(got).containsExactly(new SetupConnectionSuccess(2, 5));

    // An unknown extension comes through as the frame itself, and goes out unchanged as an UnknownMessage.
    byte[] unknown = {0x34, 0x12 | (byte) 0x80, 0x77, 2, 0, 0, 9, 8};
    Peers.feed(ch, unknown, 3);
    assertThat(got.get(1)).isInstanceOfSatisfying(Sv2Frame.class, f -> {
      assertThat(f.extensionType()).isEqualTo(0x9234);
      assertThat(f.payloadToArray()).containsExactly(9, 8);
    });
    ch.writeOutbound(new UnknownMessage(0x1234, 0x77, true, Bytes.of(new byte[] {9, 8})));
    assertThat(Peers.drain(ch)).isEqualTo(unknown);
  }

  @Test
  void aMalformedKnownMessageClosesTheChannel() {
    start(Sv2MessageHandler.INSTANCE);
    Peers.feed(ch, new byte[] {0, 0, 1, 2, 0, 0, 2, 0}, 8); // SetupConnectionSuccess cut after used_version
    assertThat(got).isEmpty();
    assertThat(errors).singleElement().isInstanceOf(MessageException.class);
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.attr(Channels.CLOSE_CAUSE).get()).isEqualTo(CloseCause.CODEC_ERROR);
  }

  @Test
  void strictRefusesTrailingBytes() {
    start(Sv2MessageHandler.STRICT);
    Peers.feed(ch, new byte[] {0, 0, 1, 7, 0, 0, 2, 0, 5, 0, 0, 0, 1}, 13);
    assertThat(errors).singleElement().isInstanceOf(MessageException.class);
  }
}
