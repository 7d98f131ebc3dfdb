package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.binary.Str0255;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.messages.mining.CloseChannel;
import org.sv2j.messages.mining.NewMiningJob;
import org.sv2j.messages.mining.SetNewPrevHash;
import org.sv2j.messages.mining.SubmitSharesStandard;
import org.sv2j.messages.mining.SubmitSharesSuccess;
import org.sv2j.noise.AuthorityKeys;

/** Drop, delay, replace and corrupt through the sniffer, and what each does to the peers. */
@Timeout(60)
final class FaultInjectionTest {

  static TestPool.Builder easyPool() {
    return TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).successBatch(1, Duration.ofMillis(10));
  }

  @Test
  void aDroppedSetNewPrevHashLeavesTheMinerIdleUntilTheNextBlock() throws Exception {
    try (TestPool pool = easyPool().build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start()) {
      Sniffer.Fault drop = sniffer.drop(Sniffer.is(Direction.TO_DOWNSTREAM, SetNewPrevHash.class));
      try (TestMiner miner = TestMiner.builder(sniffer.address()).build()) {
        miner.start();
        Sniffer.Record dropped = drop.await(Duration.ofSeconds(10));
        assertThat(dropped).isNotNull();
        assertThat(dropped.action()).isEqualTo(Sniffer.Action.DROPPED);
        // the job came, its prev hash did not: a future job is never mined
        assertThat(sniffer.await(Sniffer.is(Direction.TO_DOWNSTREAM, NewMiningJob.class), Duration.ofSeconds(5))).isNotNull();
        Thread.sleep(500);
        assertThat(miner.submitted()).isZero();
        assertThat(sniffer.records(Direction.TO_UPSTREAM)).noneMatch(r -> r.message() instanceof SubmitSharesStandard);
        // the next block's prev hash gets through, and mining starts
        pool.newBlock();
        assertThat(miner.awaitAccepted(3, Duration.ofSeconds(20))).isTrue();
      }
    }
  }

  @Test
  void aDelayedJobArrivesLateAndItsDirectionWaitsWithIt() throws Exception {
    try (TestPool pool = easyPool().build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start()) {
      sniffer.delay(Sniffer.is(Direction.TO_DOWNSTREAM, NewMiningJob.class), Duration.ofMillis(800));
      try (TestMiner miner = TestMiner.builder(sniffer.address()).build()) {
        Instant started = Instant.now();
        miner.start();
        Sniffer.Record job = sniffer.await(Sniffer.is(Direction.TO_DOWNSTREAM, NewMiningJob.class), Duration.ofSeconds(5));
        assertThat(job.action()).isEqualTo(Sniffer.Action.DELAYED);
        Thread.sleep(400);
        assertThat(miner.jobs()).isZero();  // still held back
        // the SetNewPrevHash queued behind it
        assertThat(sniffer.records(Direction.TO_DOWNSTREAM)).noneMatch(r -> r.message() instanceof SetNewPrevHash);
        assertThat(miner.awaitAccepted(2, Duration.ofSeconds(20))).isTrue();
        assertThat(Duration.between(started, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(miner.jobs()).isEqualTo(1);
      }
    }
  }

  @Test
  void aReplacedMessageIsWhatThePeerGets() throws Exception {
    try (TestPool pool = easyPool().build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start()) {
      // the pool's first success becomes a CloseChannel: the miner stops
      sniffer.replace(Sniffer.is(Direction.TO_DOWNSTREAM, SubmitSharesSuccess.class),
          r -> new CloseChannel(((SubmitSharesSuccess) r.message()).channelId(), Str0255.of("replaced")).toFrame());
      try (TestMiner miner = TestMiner.builder(sniffer.address()).build()) {
        miner.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (miner.endReason() == null && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(miner.endReason()).contains("channel closed by the pool").contains("replaced");
      }
    }
  }

  @Test
  void aCorruptedFrameMakesTheEncryptedSideClose() throws Exception {
    AuthorityKeys poolKeys = AuthorityKeys.generate();
    AuthorityKeys snifferKeys = AuthorityKeys.generate();
    try (TestPool pool = easyPool().server(Endpoints.Server.noise(poolKeys, Duration.ofHours(1))).build().start();
        Sniffer sniffer = Sniffer.builder(pool.address())
            .downstream(Endpoints.Server.noise(snifferKeys, Duration.ofHours(1)))
            .upstream(Endpoints.Client.noise(poolKeys.publicKey()))
            .build().start();
        TestMiner miner = TestMiner.builder(sniffer.address()).client(Endpoints.Client.noise(snifferKeys.publicKey())).build()) {
      Sniffer.Fault corrupt = sniffer.corrupt(Sniffer.is(Direction.TO_UPSTREAM, SubmitSharesStandard.class));
      miner.start();
      assertThat(corrupt.await(Duration.ofSeconds(20))).isNotNull();
      // the pool cannot authenticate the frame: it closes; the sniffer closes the miner's side; the miner ends
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((pool.connectionsOpen() > 0 || miner.endReason() == null) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(pool.connectionsOpen()).isZero();
      assertThat(miner.endReason()).isNotNull();
      assertThat(pool.accepted()).isZero();
      assertThat(sniffer.connectionsOpen()).isZero();
    } finally {
      poolKeys.destroy();
      snifferKeys.destroy();
    }
  }

  @Test
  void aCorruptedPlaintextFrameReachesThePeerWithInvertedPayload() throws Exception {
    try (TestPool pool = easyPool().build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start();
        TestMiner miner = TestMiner.builder(sniffer.address()).build()) {
      sniffer.corrupt(Sniffer.is(Direction.TO_DOWNSTREAM, SetNewPrevHash.class)).getClass();
      miner.start();
      // SetNewPrevHash with every payload bit inverted names a channel the miner does not have: nothing to mine
      Thread.sleep(800);
      assertThat(miner.submitted()).isZero();
      pool.newBlock();
      assertThat(miner.awaitAccepted(1, Duration.ofSeconds(20))).isTrue();
    }
  }
}
