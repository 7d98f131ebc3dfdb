package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.messages.mining.OpenMiningChannelError;
import org.sv2j.messages.mining.OpenStandardMiningChannel;
import org.sv2j.messages.mining.OpenStandardMiningChannelSuccess;
import org.sv2j.messages.mining.NewMiningJob;
import org.sv2j.messages.mining.SetNewPrevHash;

/** What a misbehaving peer gets from the pool and the sniffer: a closed connection or a refusal, never harm to others. */
@Timeout(60)
final class HostilePeerTest {
  @Test
  void anUndecodablePayloadClosesThatConnectionOnly() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).build().start();
        TestMiner good = TestMiner.builder(pool.address()).build().start();
        RawClient bad = new RawClient(pool.address(), Endpoints.Client.plain())) {
      bad.openStandard(Targets.max());
      // a SubmitSharesStandard of 3 bytes
      bad.c.send(Sv2Frame.fromPayload(0, 0x1a, true, new byte[] {1, 2, 3}));
      assertThatThrownBy(() -> {
        while (true) {
          bad.next();
        }
      }).isInstanceOf(IOException.class);
      assertThat(good.awaitAccepted(3, Duration.ofSeconds(20))).isTrue();
    }
  }

  @Test
  void aPeerThatNeverReadsIsClosedAndDoesNotStallJobsForTheOthers() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).sendTimeout(Duration.ofMillis(300))
            .build().start();
        TestMiner good = TestMiner.builder(pool.address()).build().start()) {
      assertThat(good.awaitAccepted(1, Duration.ofSeconds(20))).isTrue();
      java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
      ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
      ch.connect(pool.address());
      try (RawClient bad = new RawClient(Endpoints.Client.plain().open(ch, Harness.OPTIONS))) {
        bad.openStandard(Targets.max());
        // From now on the bad peer reads nothing: its window and the pool's send buffer fill up, and a send to
        // it blocks. The jobs must still flow (newJob returns) and the bad peer be closed.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        int jobs = 0;
        while (pool.connectionsOpen() > 1 && System.nanoTime() < deadline) {
          pool.newJob();
          jobs++;
        }
        assertThat(pool.connectionsOpen()).as("connections open after %d jobs", jobs).isEqualTo(1);
        long before = good.accepted();
        assertThat(good.awaitAccepted(before + 2, Duration.ofSeconds(20))).isTrue();
      }
    }
  }

  @Test
  void openingAndClosingChannelsInALoopKeepsBoundedCountsWithExactTotals() throws Exception {
    try (TestPool pool = TestPool.builder().keepClosedChannels(5).build().start()) {
      int rounds = 40;
      try (RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
        c.openStandard(Targets.max());
        c.next(NewMiningJob.class);
        c.next(SetNewPrevHash.class);
        for (int i = 0; i < rounds; i++) {
          c.send(new OpenStandardMiningChannel(100 + i, Str0255.of("loop"), 1f, U256.MAX));
          long ch = c.next(OpenStandardMiningChannelSuccess.class).channelId();
          c.next(NewMiningJob.class);
          c.next(SetNewPrevHash.class);
          // a share for a job that does not exist: one rejection on this channel
          c.send(new org.sv2j.messages.mining.SubmitSharesStandard(ch, 1, 0xdead, 0, 0, 0x2000_0000L));
          c.next(org.sv2j.messages.mining.SubmitSharesError.class);
          c.send(new org.sv2j.messages.mining.CloseChannel(ch, Str0255.of("bye")));
        }
        // the first channel is still open: it and the five latest closed ones are kept
        c.send(new OpenStandardMiningChannel(999, Str0255.of("sync"), 1f, U256.MAX));
        c.next(OpenStandardMiningChannelSuccess.class);
        assertThat(pool.channels()).hasSize(1 + 5 + 1);
        assertThat(pool.rejected()).isEqualTo(rounds);
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (pool.connectionsOpen() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      // the connection's own channels closed with it: still at most five kept, the totals unchanged
      assertThat(pool.channels()).hasSize(5);
      assertThat(pool.rejected()).isEqualTo(rounds);
    }
  }

  @Test
  void unknownFramesAreIgnoredAndChannelFloodsRefused() throws Exception {
    try (TestPool pool = TestPool.builder().maxChannelsPerConnection(3).build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.openStandard(Targets.max());
      c.next(NewMiningJob.class);
      c.next(SetNewPrevHash.class);
      c.c.send(Sv2Frame.fromPayload(0x4321, 0x07, false, new byte[] {9, 9}));  // an extension the pool does not know
      for (int i = 0; i < 2; i++) {
        c.send(new OpenStandardMiningChannel(10 + i, Str0255.of("more"), 1f, U256.MAX));
        c.next(OpenStandardMiningChannelSuccess.class);
        c.next(NewMiningJob.class);
        c.next(SetNewPrevHash.class);
      }
      c.send(new OpenStandardMiningChannel(99, Str0255.of("one too many"), 1f, U256.MAX));
      OpenMiningChannelError e = c.next(OpenMiningChannelError.class);
      assertThat(e.requestId()).isEqualTo(99);
      assertThat(e.errorCode().lenientText()).isEqualTo("max-channels-reached");
      assertThat(pool.channels()).hasSize(3);
    }
  }

  @Test
  void theSnifferRecordsAndForwardsFramesItCannotDecode() throws Exception {
    try (TestPool pool = TestPool.builder().build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start();
        RawClient c = new RawClient(sniffer.address(), Endpoints.Client.plain())) {
      c.openStandard(Targets.max());
      c.c.send(Sv2Frame.fromPayload(0x4321, 0x07, true, new byte[] {1, 0, 0, 0}));
      c.c.send(Sv2Frame.fromPayload(0, 0x1a, true, new byte[] {1, 2, 3}));
      Sniffer.Record unknown = sniffer.await(r -> r.extensionType() == (0x4321 | 0x8000), Duration.ofSeconds(5));
      assertThat(unknown.message()).isNull();
      assertThat(unknown.decodeError()).isNull();
      assertThat(unknown.name()).contains("ext=0x4321", "type=0x07");
      Sniffer.Record broken = sniffer.await(r -> r.direction() == Direction.TO_UPSTREAM && r.msgType() == 0x1a, Duration.ofSeconds(5));
      assertThat(broken.message()).isNull();
      assertThat(broken.decodeError()).isNotBlank();
      // forwarded unchanged: the pool got the broken share and closed; the sniffer closes the miner's side
      assertThatThrownBy(() -> {
        while (true) {
          c.next();
        }
      }).isInstanceOfAny(EOFException.class, IOException.class);
    }
  }
}
