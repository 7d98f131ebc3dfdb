package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sv2j.binary.Str0255;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.noise.Responder;

/** README.md's "Netty" snippets, run over loopback; the README must show the same lines. */
class ReadmeSnippetTest {

  @Test
  void serverAndClientSnippets() throws Exception {
    byte[] authorityPublic = Peers.KEYS.publicKey();
    byte[] authoritySecret = Peers.KEYS.secretKey();
    InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    SetupConnection setupConnection = new SetupConnection(0, 2, 2, 0, Str0255.of("pool.example"), 3333,
        Str0255.of("sv2j"), Str0255.EMPTY, Str0255.EMPTY, Str0255.EMPTY);
    CompletableFuture<SetupConnectionSuccess> answered = new CompletableFuture<>();

    // --- server, as in the README ---
    Sv2Server server = Sv2Server.builder()
        .responders(Responder.builder(authorityPublic, authoritySecret, Duration.ofDays(30)))
        .typedMessages(true)                          // AnyMessage records in and out, not Sv2Frames
        .handler(() -> new SimpleChannelInboundHandler<SetupConnection>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, SetupConnection m) {
            ctx.writeAndFlush(new SetupConnectionSuccess(m.maxVersion(), 0));
          }
        })
        .bind(listen);                                // metrics: server.metrics(); stop: server.close()
    // --- client, as in the README ---
    Sv2Client client = Sv2Client.builder()
        .authorityPublicKey(authorityPublic)          // the pool's certificate is verified against it
        .typedMessages(true)
        .handler(() -> new SimpleChannelInboundHandler<SetupConnectionSuccess>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, SetupConnectionSuccess m) {
            answered.complete(m);                     // runs on the connection's event loop: never block
          }
        })
        .build();
    Channel ch = client.connect(server.localAddress()).sync().getNow();  // done once the handshake is
    ch.writeAndFlush(setupConnection);
    // --- end of the README snippets ---

    try {
      assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo(new SetupConnectionSuccess(2, 0));
      assertThat(server.metrics().handshakesCompleted()).isEqualTo(1);
      assertThat(server.metrics().framesIn()).isEqualTo(1);
    } finally {
      client.close();
      server.close();
    }
  }

  @Test
  void theReadmeShowsTheseLines() throws Exception {
    Path readme = Path.of(System.getProperty("sv2j.root", ".."), "README.md");
    String text = Files.readString(readme);
    String src = Files.readString(Path.of("src/test/java/org/sv2j/netty/ReadmeSnippetTest.java"));
    String server = src.substring(src.indexOf("    Sv2Server server = Sv2Server.builder()"), src.indexOf("    // --- client"));
    String client = src.substring(src.indexOf("    Sv2Client client"), src.indexOf("    // --- end"));
    for (String block : new String[] {server, client}) {
      for (String line : block.split("\n")) {
        assertThat(text).as("README line").contains(line.substring(Math.min(line.length(), 4)).trim());
      }
    }
  }
}
