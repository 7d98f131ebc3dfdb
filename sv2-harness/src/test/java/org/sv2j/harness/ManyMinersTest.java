package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.harness.TestMiner.ChannelKind;
import org.sv2j.messages.mining.SubmitSharesSuccess;

/**
 * 200 miners on one pool, one in ten through a sniffer, half of them extended. Bounded for a small machine:
 * each miner has one hashing thread and stops after three shares at a target of 2^-6.
 */
@Timeout(120)
final class ManyMinersTest {
  static final int MINERS = 200;
  static final int SHARES = 3;

  @Test
  void twoHundredMinersAndThePoolAgreeOnTheCounts() throws Exception {
    List<TestMiner> miners = new ArrayList<>();
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(6)).successBatch(2, Duration.ofMillis(20)).build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start()) {
      try {
        for (int i = 0; i < MINERS; i++) {
          TestMiner m = TestMiner.builder(i % 10 == 0 ? sniffer.address() : pool.address())
              .channel(i % 2 == 0 ? ChannelKind.STANDARD : ChannelKind.EXTENDED)
              .userIdentity("miner-" + i)
              .maxShares(SHARES)
              .build();
          miners.add(m);
          m.start();
        }
        for (TestMiner m : miners) {
          assertThat(m.awaitAccepted(SHARES, Duration.ofSeconds(60))).as("%s", m).isTrue();
        }
        long minersAccepted = miners.stream().mapToLong(TestMiner::accepted).sum();
        assertThat(minersAccepted).isEqualTo((long) MINERS * SHARES);
        assertThat(pool.accepted()).isEqualTo(minersAccepted);
        assertThat(pool.rejected()).isZero();
        assertThat(pool.channels()).hasSize(MINERS).allMatch(c -> c.accepted() == SHARES);
        assertThat(pool.connectionsOpen()).isEqualTo(MINERS);
        // the sniffer carried 20 of them and saw every acknowledgement they counted
        long sniffed = sniffer.records(Direction.TO_DOWNSTREAM).stream()
            .filter(r -> r.message() instanceof SubmitSharesSuccess)
            .mapToLong(r -> ((SubmitSharesSuccess) r.message()).newSubmitsAcceptedCount()).sum();
        assertThat(sniffed).isEqualTo((long) MINERS / 10 * SHARES);
        assertThat(sniffer.connectionsOpen()).isEqualTo(MINERS / 10);
      } finally {
        miners.forEach(TestMiner::close);
      }
    }
  }
}
