package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;

/**
 * Real loopback sockets: the Netty server against the blocking {@link Sv2Connection} client, the blocking
 * server against the Netty client, and Netty against Netty; plaintext and encrypted; payloads from 0 B to
 * 1 MiB including the Noise chunk edges.
 */
@Timeout(120)
class LoopbackTest {
  static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static final int[] SIZES = {0, 1, 64, 1000, 65_518, 65_519, 65_520, 65_535, 65_536, 131_038, 131_039, 131_040, 500_000, 1 << 20};
  static final int MAX = 2 << 20;

  /** Writes every frame back (the codec encodes, then closes it). */
  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    static final Echo INSTANCE = new Echo();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }
  }

  /** Queues every frame it gets (the test closes them). */
  static final class Collect extends ChannelInboundHandlerAdapter {
    final BlockingQueue<Sv2Frame> frames = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      frames.add((Sv2Frame) msg);
    }
  }

  static Sv2Server.Builder server(boolean encrypted) {
    Sv2Server.Builder b = Sv2Server.builder().handler(() -> Echo.INSTANCE).maxPayloadLength(MAX).maxQueuedBytes(8 << 20);
    return encrypted ? b.responders(Peers.responders()) : b.plaintext();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void nettyServerAndBlockingClient(boolean encrypted) throws Exception {
    try (Sv2Server s = server(encrypted).bind(ANY);
        Sv2Connection c = encrypted
            ? Sv2Connection.initiator(SocketChannel.open(s.localAddress()), Peers.initiator())
            : Sv2Connection.plain(SocketChannel.open(s.localAddress()))) {
      SplittableRandom r = new SplittableRandom(1);
      for (int size : SIZES) {
        byte[] p = new byte[size];
        r.nextBytes(p);
        c.send(Sv2Frame.fromPayload(0x8000 | 3, 0x1e, true, p));
        try (Sv2Frame echo = c.receive()) {
          assertThat(echo.msgType()).isEqualTo(0x1e);
          assertThat(echo.extensionType()).isEqualTo(0x8003);
          assertThat(echo.payloadToArray()).as("size %d", size).isEqualTo(p);
        }
      }
      if (encrypted) {
        assertThat(c.certificate()).isPresent();
        assertThat(s.metrics().handshakesCompleted()).isEqualTo(1);
      }
      assertThat(s.metrics().framesIn()).isEqualTo(SIZES.length);
      assertThat(s.metrics().framesOut()).isEqualTo(SIZES.length);
      assertThat(s.metrics().openConnections()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void blockingServerAndNettyClient(boolean encrypted) throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(ANY)) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (SocketChannel sc = listener.accept();
            Sv2Connection conn = encrypted ? Sv2Connection.responder(sc, Peers.responders().build()) : Sv2Connection.plain(sc)) {
          for (int i = 0; i < SIZES.length; i++) {
            try (Sv2Frame f = conn.receive()) {
              conn.send(Sv2Frame.fromPayload(f.extensionType(), f.msgType(), false, f.payloadToArray()));
            }
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Collect collect = new Collect();
      Sv2Client.Builder cb = Sv2Client.builder().handler(() -> collect);
      try (Sv2Client client = (encrypted ? cb.authorityPublicKey(Peers.KEYS.publicKey()) : cb.plaintext()).build()) {
        Channel ch = client.connect(listener.getLocalAddress()).get(10, TimeUnit.SECONDS);
        if (encrypted) {
          assertThat(client.metrics().handshakesCompleted()).isEqualTo(1);
        }
        SplittableRandom r = new SplittableRandom(2);
        for (int size : SIZES) {
          byte[] p = new byte[size];
          r.nextBytes(p);
          ch.writeAndFlush(Sv2Frame.fromPayload(5, 9, false, p)).sync();
          Sv2Frame echo = collect.frames.poll(20, TimeUnit.SECONDS);
          assertThat(echo).as("echo of %d bytes", size).isNotNull();
          try (echo) {
            assertThat(echo.extensionType()).isEqualTo(5);
            assertThat(echo.payloadToArray()).isEqualTo(p);
          }
        }
        served.get(20, TimeUnit.SECONDS);
        ch.close().sync();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void nettyServerAndNettyClient(boolean encrypted) throws Exception {
    try (Sv2Server s = server(encrypted).bind(ANY)) {
      Collect collect = new Collect();
      // The whole burst is queued at once: above the default 2 MiB bound, which would close the channel.
      Sv2Client.Builder cb = Sv2Client.builder().handler(() -> collect).maxQueuedBytes(8 << 20);
      try (Sv2Client client = (encrypted ? cb.authorityPublicKey(Peers.KEYS.publicKey()) : cb.plaintext()).build()) {
        Channel ch = client.connect(s.localAddress()).get(10, TimeUnit.SECONDS);
        SplittableRandom r = new SplittableRandom(3);
        byte[][] sent = new byte[SIZES.length][];
        for (int i = 0; i < SIZES.length; i++) {
          sent[i] = new byte[SIZES[i]];
          r.nextBytes(sent[i]);
          ch.write(Sv2Frame.fromPayload(0, i, false, sent[i]));
        }
        ch.flush();
        for (int i = 0; i < SIZES.length; i++) {
          try (Sv2Frame echo = collect.frames.poll(20, TimeUnit.SECONDS)) {
            assertThat(echo.msgType()).isEqualTo(i);
            assertThat(echo.payloadToArray()).isEqualTo(sent[i]);
          }
        }
        long wire = 0;
        for (int size : SIZES) {
          wire += encrypted ? Header.ENCRYPTED_SIZE + Header.encryptedLength(size) : Header.SIZE + size;
        }
        assertThat(s.metrics().bytesIn()).isEqualTo(wire + (encrypted ? 64 : 0));
        assertThat(client.metrics().bytesOut()).isEqualTo(wire + (encrypted ? 64 : 0));
        ch.close().sync();
      }
    }
  }
}
