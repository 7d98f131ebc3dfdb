package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sv2j.codec.CodecException;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseException;

/** The handshake handler and the encrypted codec on embedded channels. */
class Sv2NoiseHandlerTest {
  private final Peers.Recorder serverSide = new Peers.Recorder();
  private final Peers.Recorder clientSide = new Peers.Recorder();
  private EmbeddedChannel server;
  private EmbeddedChannel client;
  private Sv2NoiseHandler serverHandler;
  private Sv2NoiseHandler clientHandler;

  private void start(int maxPayload, Duration timeout) {
    serverHandler = Sv2NoiseHandler.responderBuilder(Peers.responders())
        .maxPayloadLength(maxPayload).handshakeTimeout(timeout).build();
    clientHandler = Sv2NoiseHandler.initiatorBuilder(Peers.initiator())
        .maxPayloadLength(maxPayload).handshakeTimeout(timeout).build();
    server = new EmbeddedChannel(serverHandler, serverSide);
    client = new EmbeddedChannel(clientHandler, clientSide);
  }

  private void handshake(int chunk) {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    Peers.shuttle(client, server, chunk);
  }

  @AfterEach
  void closeAndCheckPool() {
    for (EmbeddedChannel ch : new EmbeddedChannel[] {server, client}) {
      if (ch != null) {
        Peers.drain(ch);
        Peers.releaseInbound(ch);
        ch.finishAndReleaseAll();
      }
    }
    assertThat(FramePool.current().liveSlices()).as("frame pool slots still held").isZero();
  }

  @Test
  void handshakeOneByteAtATimeInstallsTheCodecAndRemovesItself() throws Exception {
    handshake(1);
    assertThat(serverHandler.handshakeFuture().isSuccess()).isTrue();
    assertThat(clientHandler.handshakeFuture().isSuccess()).isTrue();
    assertThat(clientHandler.handshakeFuture().getNow()).isSameAs(client);
    assertThat(server.pipeline().get(Sv2NoiseHandler.class)).isNull();
    assertThat(client.pipeline().get(Sv2NoiseHandler.class)).isNull();
    assertThat(server.pipeline().get(Sv2NoiseHandler.CODEC_NAME)).isInstanceOf(Sv2NoiseFrameCodec.class);
    assertThat(client.pipeline().get(Sv2NoiseHandler.CODEC_NAME)).isInstanceOf(Sv2NoiseFrameCodec.class);
    // The initiator's certificate is the responder's, verified.
    assertThat(clientHandler.certificate()).isNotNull();
    assertThat(clientHandler.certificate().toBytes()).isEqualTo(serverHandler.certificate().toBytes());
    assertThat(clientSide.events).hasSize(1);
    Sv2HandshakeCompletionEvent e = (Sv2HandshakeCompletionEvent) clientSide.events.get(0);
    assertThat(e.isSuccess()).isTrue();
    assertThat(e.certificate().toBytes()).isEqualTo(clientHandler.certificate().toBytes());
    assertThat(((Sv2HandshakeCompletionEvent) serverSide.events.get(0)).isSuccess()).isTrue();

    // Frames both ways, fed one byte at a time.
    client.writeOutbound(Sv2Frame.fromPayload(0, 0x11, false, new byte[] {1, 2, 3}));
    server.writeOutbound(Sv2Frame.fromPayload(0x8001, 0x22, true, new byte[] {9, 9, 9, 9, 5}));
    Peers.shuttle(client, server, 1);
    assertThat(serverSide.frames).singleElement().satisfies(g -> {
      assertThat(g.msgType()).isEqualTo(0x11);
      assertThat(g.payload()).containsExactly(1, 2, 3);
    });
    assertThat(clientSide.frames).singleElement().satisfies(g -> {
      assertThat(g.extensionType()).isEqualTo(0x8001);
      assertThat(g.payload()).containsExactly(9, 9, 9, 9, 5);
    });
  }

  @Test
  void earlyWritesAreHeldBackAndSentInOrderAfterTheHandshake() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    ChannelFuture f1 = client.writeAndFlush(Sv2Frame.fromPayload(0, 1, false, new byte[] {1}));
    ChannelFuture f2 = client.writeAndFlush(Sv2Frame.fromPayload(0, 2, false, new byte[70_000]));
    // Only the 64-byte handshake message left the client.
    byte[] first = Peers.drain(client);
    assertThat(first).hasSize(64);
    assertThat(f1.isDone()).isFalse();
    Peers.feed(server, first, 7);
    Peers.shuttle(client, server, 7);
    assertThat(f1.isSuccess()).isTrue();
    assertThat(f2.isSuccess()).isTrue();
    assertThat(serverSide.frames).extracting(Peers.Got::msgType).containsExactly(1, 2);
    assertThat(serverSide.frames.get(1).payload()).hasSize(70_000);
  }

  @Test
  void nonFrameWritesAreRefused() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    ChannelFuture f = client.writeAndFlush("hello");
    assertThat(f.cause()).isInstanceOf(IllegalArgumentException.class);
    Peers.shuttle(client, server, 64);
    io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer(4).writeInt(1);
    ChannelFuture g = client.writeAndFlush(b);
    assertThat(g.cause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.refCnt()).isZero();
  }

  @Test
  void handshakeTimeoutClosesASilentPeer() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofMillis(500));
    ChannelFuture held = server.writeAndFlush(Sv2Frame.fromPayload(0, 1, false, new byte[] {1}));
    server.advanceTimeBy(600, TimeUnit.MILLISECONDS);
    server.runScheduledPendingTasks();
    assertThat(server.isOpen()).isFalse();
    assertThat(serverHandler.handshakeFuture().cause()).isInstanceOf(Sv2HandshakeException.class);
    assertThat(((Sv2HandshakeException) serverHandler.handshakeFuture().cause()).closeCause())
        .isEqualTo(CloseCause.HANDSHAKE_TIMEOUT);
    assertThat(held.cause()).isInstanceOf(Sv2HandshakeException.class);
    Sv2HandshakeCompletionEvent e = (Sv2HandshakeCompletionEvent) serverSide.events.get(0);
    assertThat(e.isSuccess()).isFalse();
    assertThat(server.attr(Channels.CLOSE_CAUSE).get()).isEqualTo(CloseCause.HANDSHAKE_TIMEOUT);
  }

  @Test
  void slowLorisIsCutByTheTimeout() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofMillis(500));
    byte[] hello = Peers.drain(client);
    for (int i = 0; i < 10 && server.isOpen(); i++) {
      Peers.feed(server, new byte[] {hello[i]}, 1);
      server.advanceTimeBy(60, TimeUnit.MILLISECONDS);
      server.runScheduledPendingTasks();
    }
    assertThat(server.isOpen()).isFalse();
    assertThat(serverHandler.handshakeFuture().isSuccess()).isFalse();
  }

  @Test
  void garbageHandshakeAnswerFailsTheInitiator() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    Peers.drain(client);
    byte[] garbage = new byte[234 + 30];
    new SplittableRandom(1).nextBytes(garbage);
    Peers.feed(client, garbage, 50);
    assertThat(client.isOpen()).isFalse();
    Throwable c = clientHandler.handshakeFuture().cause();
    assertThat(c).isInstanceOf(Sv2HandshakeException.class).hasCauseInstanceOf(NoiseException.class);
    assertThat(clientSide.frames).isEmpty();
  }

  @Test
  void garbageInsteadOfTheHandshakeFailsAtTheFirstFrame() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    byte[] garbage = new byte[64 + 100];
    new SplittableRandom(2).nextBytes(garbage);
    Peers.feed(server, garbage, 13); // any 64 bytes are a valid ElligatorSwift key: the first frame fails
    assertThat(server.isOpen()).isFalse();
    assertThat(serverSide.errors).singleElement().isInstanceOfSatisfying(CodecException.class,
        e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECRYPTION_FAILED));
    assertThat(server.attr(Channels.CLOSE_CAUSE).get()).isEqualTo(CloseCause.CODEC_ERROR);
  }

  @Test
  void truncatedHandshakeFailsWhenThePeerLeaves() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    byte[] hello = Peers.drain(client);
    Peers.feed(server, java.util.Arrays.copyOf(hello, 40), 40);
    server.close();
    assertThat(serverHandler.handshakeFuture().cause()).isInstanceOf(Sv2HandshakeException.class);
  }

  @Test
  void tagFailureMidStreamDeliversEarlierFramesThenClosesAndReadsNothingMore() {
    handshake(64);
    client.writeOutbound(Sv2Frame.fromPayload(0, 1, false, new byte[100]));
    byte[] good = Peers.drain(client);
    client.writeOutbound(Sv2Frame.fromPayload(0, 2, false, new byte[100]));
    byte[] bad = Peers.drain(client);
    bad[bad.length - 40] ^= 1; // inside the payload chunk
    client.writeOutbound(Sv2Frame.fromPayload(0, 3, false, new byte[1]));
    byte[] after = Peers.drain(client);
    byte[] all = new byte[good.length + bad.length + after.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    System.arraycopy(after, 0, all, good.length + bad.length, after.length);
    Peers.feed(server, all, all.length);
    assertThat(serverSide.frames).extracting(Peers.Got::msgType).containsExactly(1);
    assertThat(serverSide.errors).singleElement().isInstanceOfSatisfying(CodecException.class,
        e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.DECRYPTION_FAILED));
    assertThat(server.isOpen()).isFalse();
    assertThat(server.config().isAutoRead()).isFalse();
  }

  @Test
  void badHeaderTagFailsTheCodec() {
    handshake(64);
    client.writeOutbound(Sv2Frame.fromPayload(0, 1, false, new byte[10]));
    byte[] b = Peers.drain(client);
    b[3] ^= (byte) 0x80;
    Peers.feed(server, b, 5);
    assertThat(serverSide.frames).isEmpty();
    assertThat(serverSide.errors).hasSize(1);
    assertThat(server.isOpen()).isFalse();
  }

  @Test
  void oversizedHeaderIsRefusedBeforeAnyPayloadArrives() {
    start(1000, Duration.ofSeconds(10));
    Peers.shuttle(client, server, 64);
    // The client's codec accepts 1000 too but may send more: its limit is only for what it receives.
    client.writeOutbound(Sv2Frame.fromPayload(0, 1, false, new byte[1001]));
    byte[] b = Peers.drain(client);
    Peers.feed(server, java.util.Arrays.copyOf(b, Header.ENCRYPTED_SIZE), Header.ENCRYPTED_SIZE);
    assertThat(serverSide.errors).singleElement().isInstanceOfSatisfying(CodecException.class,
        e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE));
    assertThat(server.isOpen()).isFalse();
    assertThat(server.attr(Channels.CLOSE_CAUSE).get()).isEqualTo(CloseCause.CODEC_ERROR);
  }

  @Test
  void framesAtTheChunkEdgesSplitAnywhere() {
    handshake(64);
    int[] sizes = {0, 1, 65_518, 65_519, 65_520, 65_535, 131_038, 131_039, 131_040, 300_000, 1 << 20};
    SplittableRandom r = new SplittableRandom(7);
    byte[][] payloads = new byte[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      payloads[i] = new byte[sizes[i]];
      r.nextBytes(payloads[i]);
      client.writeOutbound(Sv2Frame.fromPayload(0, i, false, payloads[i]));
    }
    byte[] wire = Peers.drain(client);
    Peers.feedRandomly(server, wire, r, 70_000);
    assertThat(serverSide.errors).isEmpty();
    assertThat(serverSide.frames).hasSize(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      assertThat(serverSide.frames.get(i).msgType()).isEqualTo(i);
      assertThat(serverSide.frames.get(i).payload()).isEqualTo(payloads[i]);
    }
  }

  @Test
  void bytesRightAfterTheHandshakeAnswerReachTheCodec() {
    start(Header.MAX_PAYLOAD_LENGTH, Duration.ofSeconds(10));
    Peers.feed(server, Peers.drain(client), 64);
    server.writeOutbound(Sv2Frame.fromPayload(0, 5, false, new byte[] {4, 2}));
    byte[] answerAndFrame = Peers.drain(server); // 234 handshake bytes, then the frame
    assertThat(answerAndFrame.length).isGreaterThan(234);
    Peers.feed(client, answerAndFrame, answerAndFrame.length);
    assertThat(clientSide.frames).singleElement().satisfies(g -> assertThat(g.payload()).containsExactly(4, 2));
  }
}
