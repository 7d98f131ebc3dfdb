package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sv2j.codec.CodecException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.PlainFrameCases;

/** The plaintext codec on an embedded channel, against the reference's plain-frame vectors. */
class Sv2FrameCodecTest {
  private final Peers.Recorder rec = new Peers.Recorder();
  private EmbeddedChannel ch;

  @AfterEach
  void close() {
    if (ch != null) {
      Peers.drain(ch);
      Peers.releaseInbound(ch);
      ch.finishAndReleaseAll();
    }
    assertThat(FramePool.current().liveSlices()).isZero();
  }

  static java.util.List<PlainFrameCases.Case> cases() {
    return PlainFrameCases.cases();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void encodesAsTheReferenceAndDecodesThroughEverySplit(PlainFrameCases.Case c) {
    ch = new EmbeddedChannel(Sv2FrameCodec.create(), rec);
    ch.writeOutbound(Sv2Frame.fromPayload(c.extensionType(), c.msgType(), c.channelMsg(), c.payload()));
    byte[] wire = Peers.drain(ch);
    assertThat(wire).hasSize(c.encodedLength());
    if (c.hasEncodedBytes()) {
      assertThat(Hex.encode(wire)).isEqualTo(c.encodedHex());
    }
    assertThat(PlainFrameCases.sha256Hex(wire)).isEqualTo(c.encodedSha256());
    for (int split : new int[] {1, 2, 7, 4096}) {
      if ((long) wire.length / split > 200_000) {
        continue; // the big cases through the small splits would take minutes on embedded channels
      }
      rec.frames.clear();
      Peers.feed(ch, wire, split);
      assertThat(rec.frames).as("split %d", split).singleElement().satisfies(g -> {
        assertThat(g.msgType()).isEqualTo(c.msgType());
        assertThat(PlainFrameCases.sha256Hex(g.payload())).isEqualTo(c.payloadSha256());
      });
    }
  }

  @Test
  void manyFramesSplitRandomly() {
    ch = new EmbeddedChannel(Sv2FrameCodec.create(), rec);
    SplittableRandom r = new SplittableRandom(3);
    int[] sizes = {0, 1, 5, 65_535, 65_536, 200_000, 0, 3};
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    byte[][] p = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      p[i] = new byte[sizes[i]];
      r.nextBytes(p[i]);
      ch.writeOutbound(Sv2Frame.fromPayload(i, i, false, p[i]));
      all.writeBytes(Peers.drain(ch));
    }
    Peers.feedRandomly(ch, all.toByteArray(), r, 30_000);
    assertThat(rec.frames).hasSize(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      assertThat(rec.frames.get(i).extensionType()).isEqualTo(i);
      assertThat(rec.frames.get(i).payload()).isEqualTo(p[i]);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 6})
  void oversizedHeaderFailsForGoodBeforeThePayload(int split) {
    ch = new EmbeddedChannel(Sv2FrameCodec.builder().maxPayloadLength(100).build(), rec);
    byte[] header = {0, 0, 1, 101, 0, 0};
    Peers.feed(ch, header, split);
    assertThat(rec.errors).singleElement().isInstanceOfSatisfying(CodecException.class,
        e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE));
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.attr(Channels.CLOSE_CAUSE).get()).isEqualTo(CloseCause.CODEC_ERROR);
  }

  @Test
  void aFrameAtTheLimitPasses() {
    ch = new EmbeddedChannel(Sv2FrameCodec.builder().maxPayloadLength(100).build(), rec);
    ch.writeOutbound(Sv2Frame.fromPayload(0, 1, false, new byte[100]));
    Peers.feed(ch, Peers.drain(ch), 9);
    assertThat(rec.frames).hasSize(1);
  }

  @Test
  void recycledFramesAreReArmed() {
    Sv2FrameCodec codec = Sv2FrameCodec.builder().recycleWrittenFrames(true).build();
    java.util.List<Sv2Frame> seen = new java.util.ArrayList<>();
    ch = new EmbeddedChannel(codec, new io.netty.channel.ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
        seen.add((Sv2Frame) msg);
        ctx.writeAndFlush(msg); // echo: the codec encodes, closes and keeps the frame for reuse
      }
    });
    byte[] one = {0, 0, 7, 2, 0, 0, 42, 43};
    Peers.feed(ch, one, one.length);
    Peers.feed(ch, one, one.length);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isSameAs(seen.get(0));
    assertThat(Peers.drain(ch)).hasSize(16);
  }

  @Test
  void nonFrameWritesAreRefusedAndReleased() {
    ch = new EmbeddedChannel(Sv2FrameCodec.create(), rec);
    io.netty.buffer.ByteBuf b = Unpooled.buffer(2).writeShort(1);
    ChannelFuture f = ch.writeAndFlush(b);
    assertThat(f.cause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.refCnt()).isZero();
  }

  @Test
  void partialFrameAtEndOfStreamIsDropped() {
    ch = new EmbeddedChannel(Sv2FrameCodec.create(), rec);
    Peers.feed(ch, new byte[] {0, 0, 1, 10, 0, 0, 1, 2}, 8);
    ch.close();
    assertThat(rec.frames).isEmpty();
  }
}
