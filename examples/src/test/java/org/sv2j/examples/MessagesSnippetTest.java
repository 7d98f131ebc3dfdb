package org.sv2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.mining.SubmitSharesStandard;
import org.sv2j.messages.mining.SubmitSharesStandardView;
import org.sv2j.messages.mining.SubmitSharesSuccess;

/** README.md's "Messages" snippet, run over a real loopback {@link Sv2Connection}. */
class MessagesSnippetTest {

  @Test
  void buildSendReceiveAndDecodeAMiningMessage() throws Exception {
    long channelId = 7;
    long jobId = 42;
    long nonce = 0xdeadbeefL;
    long ntime = 1_700_000_000L;
    long version = 0x2000_0000L;
    try (ServerSocketChannel listener =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      CompletableFuture<SubmitSharesStandard> server =
          CompletableFuture.supplyAsync(
              () -> {
                try (Sv2Connection pool = Sv2Connection.plain(listener.accept())) {
                  // --- as in the README ---
                  try (Sv2Frame frame = pool.receive()) {
                    AnyMessage m = Sv2Messages.decode(frame);
                    if (m instanceof SubmitSharesStandard s) {
                      assertThat(new SubmitSharesStandardView().wrap(frame.payload()).nonce()).isEqualTo(s.nonce());
                      pool.send(new SubmitSharesSuccess(s.channelId(), s.sequenceNumber(), 1, 1).toFrame());
                      return s;
                    }
                  }
                  return null;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (Sv2Connection miner = Sv2Connection.plain(SocketChannel.open(listener.getLocalAddress()))) {
        SubmitSharesStandard share = new SubmitSharesStandard(channelId, 1, jobId, nonce, ntime, version);
        miner.send(share.toFrame());
        try (Sv2Frame reply = miner.receive()) {
          assertThat(reply.channelMsg()).isTrue();
          assertThat(reply.channelId()).isEqualTo(channelId);
          assertThat(Sv2Messages.decode(reply)).isEqualTo(new SubmitSharesSuccess(channelId, 1, 1, 1));
        }
        assertThat(server.get(10, TimeUnit.SECONDS)).isEqualTo(share);
      }
    }
  }
}
