package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/** The server's caps, timeouts and back-pressure, each observed from real peers and the metrics. */
@Timeout(60)
class Sv2ServerLimitsTest {

  static void waitFor(BooleanSupplier c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Whether the server closed {@code ch} (end of stream or reset within 10 s; bytes before are skipped). */
  static boolean closedByServer(SocketChannel ch) throws IOException {
    ch.socket().setSoTimeout(10_000);
    try {
      java.io.InputStream in = ch.socket().getInputStream();
      byte[] skip = new byte[4096];
      while (true) {
        if (in.read(skip) == -1) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnce() throws Exception {
    try (Sv2Server s = LoopbackTest.server(false).maxConnections(2).bind(LoopbackTest.ANY)) {
      List<SocketChannel> open = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          open.add(SocketChannel.open(s.localAddress()));
        }
        waitFor(() -> s.metrics().openConnections() == 2, "two open");
        try (SocketChannel third = SocketChannel.open(s.localAddress())) {
          assertThat(closedByServer(third)).isTrue();
        }
        assertThat(s.metrics().closes(CloseCause.MAX_CONNECTIONS)).isEqualTo(1);
        // The two held connections still work.
        try (Sv2Connection c = Sv2Connection.plain(open.get(0))) {
          c.send(Sv2Frame.fromPayload(0, 1, false, new byte[] {7}));
          try (Sv2Frame f = c.receive()) {
            assertThat(f.payloadToArray()).containsExactly(7);
          }
        }
      } finally {
        for (SocketChannel c : open) {
          c.close();
        }
      }
      waitFor(() -> s.metrics().openConnections() == 0, "all closed");
    }
  }

  @Test
  void handshakesPastTheCapAreShedAndSilentPeersTimeOut() throws Exception {
    try (Sv2Server s = LoopbackTest.server(true).maxConcurrentHandshakes(2)
        .handshakeTimeout(Duration.ofMillis(700)).bind(LoopbackTest.ANY)) {
      try (SocketChannel a = SocketChannel.open(s.localAddress());
          SocketChannel b = SocketChannel.open(s.localAddress())) {
        waitFor(() -> s.handshakesInProgress() == 2, "two handshakes in progress");
        try (SocketChannel c = SocketChannel.open(s.localAddress())) {
          assertThat(closedByServer(c)).isTrue();
        }
        assertThat(s.metrics().closes(CloseCause.SHED_HANDSHAKES)).isEqualTo(1);
        assertThat(closedByServer(a)).isTrue();
        assertThat(closedByServer(b)).isTrue();
      }
      waitFor(() -> s.metrics().closes(CloseCause.HANDSHAKE_TIMEOUT) == 2, "two handshake timeouts");
      assertThat(s.handshakesInProgress()).isZero();
      assertThat(s.metrics().handshakesFailed()).isEqualTo(2);
      // A healthy client is served once the slots are free.
      try (Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(s.localAddress()), Peers.initiator())) {
        c.send(Sv2Frame.fromPayload(0, 1, false, new byte[] {1}));
        c.receive().close();
      }
    }
  }

  @Test
  void peersSilentAfterTheHandshakeAreClosedAsIdle() throws Exception {
    try (Sv2Server s = LoopbackTest.server(true).idleTimeout(Duration.ofMillis(400)).bind(LoopbackTest.ANY);
        Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(s.localAddress()), Peers.initiator())) {
      for (int i = 0; i < 4; i++) { // active peers are kept past the timeout
        Thread.sleep(150);
        c.send(Sv2Frame.fromPayload(0, 1, false, new byte[] {1}));
        c.receive().close();
      }
      waitFor(() -> s.metrics().closes(CloseCause.IDLE_TIMEOUT) == 1, "idle close");
      assertThat(c.receive(Duration.ofSeconds(5))).isNull();
    } catch (IOException | org.sv2j.codec.CodecException expected) {
      // the receive after the close may see the end of stream
    }
  }

  /** Floods the peer with 60 KiB frames when the session is ready, ignoring writability. */
  static final class Flood extends ChannelInboundHandlerAdapter {
    private final boolean respectWritability;

    Flood(boolean respectWritability) {
      this.respectWritability = respectWritability;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof Sv2HandshakeCompletionEvent && ((Sv2HandshakeCompletionEvent) evt).isSuccess()) {
        pump(ctx);
      }
      ctx.fireUserEventTriggered(evt);
    }

    private void pump(ChannelHandlerContext ctx) {
      for (int i = 0; i < 200 && ctx.channel().isActive(); i++) {
        if (respectWritability && !ctx.channel().isWritable()) {
          return;
        }
        ctx.write(Sv2Frame.fromPayload(0, 1, false, new byte[60_000]));
      }
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        pump(ctx);
      }
      ctx.fireChannelWritabilityChanged();
    }
  }

  @Test
  void aPeerThatNeverReadsIsClosedAtTheOutboundBound() throws Exception {
    try (Sv2Server s = Sv2Server.builder().responders(Peers.responders()).handler(() -> new Flood(false))
        .maxQueuedBytes(1 << 20).bind(LoopbackTest.ANY);
        Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(s.localAddress()), Peers.initiator())) {
      waitFor(() -> s.metrics().closes(CloseCause.OUTBOUND_LIMIT) == 1, "closed at the outbound bound");
      assertThat(s.metrics().openConnections()).isZero();
    }
  }

  @Test
  void aPeerThatNeverReadsIsClosedAfterTheSendTimeout() throws Exception {
    try (Sv2Server s = Sv2Server.builder().responders(Peers.responders()).handler(() -> new Flood(true))
        .sendTimeout(Duration.ofMillis(500)).bind(LoopbackTest.ANY)) {
      SocketChannel raw = SocketChannel.open(s.localAddress());
      raw.socket().setReceiveBufferSize(4096);
      try (Sv2Connection c = Sv2Connection.initiator(raw, Peers.initiator())) {
        waitFor(() -> s.metrics().closes(CloseCause.SEND_STALLED) == 1, "closed as stalled");
        assertThat(s.metrics().closes(CloseCause.OUTBOUND_LIMIT)).isZero();
      }
    }
  }

  @Test
  void garbageAndTruncatedHandshakesCountAsFailures() throws Exception {
    try (Sv2Server s = LoopbackTest.server(true).bind(LoopbackTest.ANY)) {
      try (SocketChannel g = SocketChannel.open(s.localAddress())) {
        byte[] junk = new byte[64 + 22];
        new java.util.SplittableRandom(5).nextBytes(junk);
        g.write(ByteBuffer.wrap(junk));
        assertThat(closedByServer(g)).isTrue();
      }
      waitFor(() -> s.metrics().closes(CloseCause.CODEC_ERROR) == 1, "garbage frame closes");
      try (SocketChannel t = SocketChannel.open(s.localAddress())) {
        t.write(ByteBuffer.wrap(new byte[30]));
      }
      waitFor(() -> s.metrics().handshakesFailed() == 1, "truncated handshake counted");
      waitFor(() -> s.metrics().closes(CloseCause.HANDSHAKE_FAILED) == 1, "closed as a failed handshake");
      waitFor(() -> s.metrics().openConnections() == 0, "all closed");
    }
  }
}
