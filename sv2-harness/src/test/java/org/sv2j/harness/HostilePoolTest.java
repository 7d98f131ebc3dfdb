package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.messages.mining.NewExtendedMiningJob;
import org.sv2j.messages.mining.OpenStandardMiningChannel;
import org.sv2j.messages.mining.OpenStandardMiningChannelSuccess;
import org.sv2j.messages.mining.SetNewPrevHash;
import org.sv2j.messages.mining.SubmitSharesError;
import org.sv2j.messages.common.SetupConnection;

/** What a misbehaving pool gets from the test miner: a typed end with a reason, never a dead thread or unbounded state. */
@Timeout(60)
final class HostilePoolTest {
  /** Accepts one miner, answers setup and a standard channel, then runs {@code script} on it. */
  interface Script {
    void run(RawClient miner) throws Exception;
  }

  static CompletableFuture<Void> fakePool(ServerSocketChannel server, Script script) {
    return CompletableFuture.runAsync(() -> {
      try (SocketChannel ch = server.accept(); RawClient c = new RawClient(Endpoints.Client.plain().open(ch, Harness.OPTIONS))) {
        c.next(SetupConnection.class);
        c.send(new SetupConnectionSuccess(2, 0));
        OpenStandardMiningChannel o = c.next(OpenStandardMiningChannel.class);
        c.send(new OpenStandardMiningChannelSuccess(o.requestId(), 1, U256.MAX, Bytes.of(new byte[16]), 2));
        script.run(c);
        Thread.sleep(2_000);
      } catch (Exception e) {
        // the miner closed: expected in some scripts
      }
    });
  }

  @Test
  void anExtendedJobOnAStandardChannelEndsTheMinerWithAReason() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      fakePool(server, c -> {
        c.send(new NewExtendedMiningJob(1, 5, OptionalLong.empty(), 0x2000_0000L, true, List.of(), Bytes.of(new byte[8]), Bytes.of(new byte[8])));
        c.send(new SetNewPrevHash(1, 5, U256.MAX, System.currentTimeMillis() / 1000, 0x1d00ffffL));
      });
      try (TestMiner miner = TestMiner.builder((InetSocketAddress) server.getLocalAddress()).build().start()) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (miner.endReason() == null && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(miner.endReason()).contains("protocol error", "NewExtendedMiningJob on a standard channel");
        assertThat(miner.jobs()).isZero();
      }
    }
  }

  @Test
  void errorCodesFromThePoolAreCountedInBoundedSpace() throws Exception {
    int codes = 500;
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      fakePool(server, c -> {
        for (int i = 0; i < codes; i++) {
          c.send(new SubmitSharesError(1, i, Str0255.of("code-" + i)));
        }
      });
      try (TestMiner miner = TestMiner.builder((InetSocketAddress) server.getLocalAddress()).build().start()) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (miner.rejected() < codes && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(miner.rejected()).isEqualTo(codes);
        assertThat(miner.rejectedByCode()).hasSize(TestMiner.MAX_ERROR_CODES + 1)
            .containsEntry(TestMiner.OTHER_ERROR_CODES, (long) (codes - TestMiner.MAX_ERROR_CODES));
        assertThat(miner.rejectedByCode().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(codes);
      }
    }
  }
}
