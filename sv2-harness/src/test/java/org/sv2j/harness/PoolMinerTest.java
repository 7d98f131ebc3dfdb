package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.harness.TestMiner.ChannelKind;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.common.*;
import org.sv2j.messages.mining.*;
import org.sv2j.noise.AuthorityKeys;

/** Miner to pool, directly and through the sniffer; plaintext and encrypted; standard and extended channels. */
@Timeout(60)
final class PoolMinerTest {
  static AuthorityKeys poolKeys;
  static AuthorityKeys snifferKeys;

  @BeforeAll
  static void keys() {
    poolKeys = AuthorityKeys.generate();
    snifferKeys = AuthorityKeys.generate();
  }

  @AfterAll
  static void wipe() {
    poolKeys.destroy();
    snifferKeys.destroy();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(false, ChannelKind.STANDARD),
        Arguments.of(false, ChannelKind.EXTENDED),
        Arguments.of(true, ChannelKind.STANDARD),
        Arguments.of(true, ChannelKind.EXTENDED));
  }

  static TestPool pool(boolean encrypted) throws Exception {
    return TestPool.builder()
        .server(encrypted ? Endpoints.Server.noise(poolKeys, Duration.ofHours(1)) : Endpoints.Server.plain())
        .shareTarget(Targets.ofLeadingZeroBits(10))
        .successBatch(3, Duration.ofMillis(20))
        .build()
        .start();
  }

  @ParameterizedTest(name = "encrypted={0} {1}")
  @MethodSource("cases")
  void minerGetsSharesAccepted(boolean encrypted, ChannelKind kind) throws Exception {
    try (TestPool pool = pool(encrypted);
        TestMiner miner = TestMiner.builder(pool.address())
            .client(encrypted ? Endpoints.Client.noise(poolKeys.publicKey()) : Endpoints.Client.plain())
            .channel(kind).threads(2).build()) {
      miner.start();
      assertThat(miner.awaitAccepted(10, Duration.ofSeconds(30))).as("%s", miner).isTrue();
      pool.newJob();
      pool.newBlock();
      long before = miner.accepted();
      assertThat(miner.awaitAccepted(before + 5, Duration.ofSeconds(30))).isTrue();
      // Successes already on the wire before the new job can be counted after `before` was read: the
      // job and the block may reach the miner only after those, so wait for them (bounded) before closing.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (miner.jobs() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      miner.close();
      List<ChannelStats> channels = pool.channels();
      assertThat(channels).hasSize(1);
      assertThat(channels.get(0).extended()).isEqualTo(kind == ChannelKind.EXTENDED);
      assertThat(channels.get(0).accepted()).isGreaterThanOrEqualTo(miner.accepted());
      // a few shares may be in flight when a block changes; everything else is accepted
      assertThat(channels.get(0).rejected().keySet()).isSubsetOf(ShareError.STALE_SHARE);
      assertThat(miner.hashRate()).isPositive();
      assertThat(miner.jobs()).isGreaterThanOrEqualTo(3);
    }
  }

  @ParameterizedTest(name = "encrypted={0} {1}")
  @MethodSource("cases")
  void throughTheSnifferEveryMessageIsRecordedInOrder(boolean encrypted, ChannelKind kind) throws Exception {
    try (TestPool pool = pool(encrypted);
        Sniffer sniffer = Sniffer.builder(pool.address())
            .downstream(encrypted ? Endpoints.Server.noise(snifferKeys, Duration.ofHours(1)) : Endpoints.Server.plain())
            .upstream(encrypted ? Endpoints.Client.noise(poolKeys.publicKey()) : Endpoints.Client.plain())
            .build().start();
        TestMiner miner = TestMiner.builder(sniffer.address())
            .client(encrypted ? Endpoints.Client.noise(snifferKeys.publicKey()) : Endpoints.Client.plain())
            .channel(kind).maxShares(8).build()) {
      miner.start();
      assertThat(miner.awaitAccepted(8, Duration.ofSeconds(30))).isTrue();
      Duration t = Duration.ofSeconds(10);
      sniffer.expect(Direction.TO_UPSTREAM, SetupConnection.class, t);
      sniffer.expect(Direction.TO_DOWNSTREAM, SetupConnectionSuccess.class, t);
      if (kind == ChannelKind.STANDARD) {
        sniffer.expect(Direction.TO_UPSTREAM, OpenStandardMiningChannel.class, t);
        sniffer.expect(Direction.TO_DOWNSTREAM, OpenStandardMiningChannelSuccess.class, t);
        sniffer.expect(Direction.TO_DOWNSTREAM, NewMiningJob.class, t);
        sniffer.expect(Direction.TO_DOWNSTREAM, SetNewPrevHash.class, t);
        sniffer.expect(Direction.TO_UPSTREAM, SubmitSharesStandard.class, t);
      } else {
        sniffer.expect(Direction.TO_UPSTREAM, OpenExtendedMiningChannel.class, t);
        sniffer.expect(Direction.TO_DOWNSTREAM, OpenExtendedMiningChannelSuccess.class, t);
        sniffer.expect(Direction.TO_DOWNSTREAM, NewExtendedMiningJob.class, t);
        sniffer.expect(Direction.TO_DOWNSTREAM, SetNewPrevHash.class, t);
        SubmitSharesExtended s = sniffer.expect(Direction.TO_UPSTREAM, SubmitSharesExtended.class, t);
        assertThat(s.version() & ~Targets.BIP320_VERSION_MASK).isEqualTo(0x2000_0000L);
      }
      sniffer.expect(Direction.TO_DOWNSTREAM, SubmitSharesSuccess.class, t);

      // Every frame the miner sent reached the pool and vice versa, in order: the sniffer's record per
      // direction equals, message by message, what each side counted.
      List<Sniffer.Record> up = sniffer.records(Direction.TO_UPSTREAM);
      List<Sniffer.Record> down = sniffer.records(Direction.TO_DOWNSTREAM);
      assertThat(up).allMatch(r -> r.message() != null && r.action() == Sniffer.Action.FORWARDED);
      assertThat(down).allMatch(r -> r.message() != null);
      assertThat(up.get(0).message()).isInstanceOf(SetupConnection.class);
      long shares = up.stream().filter(r -> r.message() instanceof SubmitSharesStandard || r.message() instanceof SubmitSharesExtended).count();
      assertThat(shares).isEqualTo(miner.submitted());
      long acked = down.stream().filter(r -> r.message() instanceof SubmitSharesSuccess)
          .mapToLong(r -> ((SubmitSharesSuccess) r.message()).newSubmitsAcceptedCount()).sum();
      assertThat(acked).isEqualTo(miner.accepted());
      // indices are the global order and times never go backwards
      List<Sniffer.Record> all = sniffer.records();
      for (int i = 1; i < all.size(); i++) {
        assertThat(all.get(i).index()).isEqualTo(i);
        assertThat(all.get(i).time()).isAfterOrEqualTo(all.get(i - 1).time());
      }
    }
  }
}
