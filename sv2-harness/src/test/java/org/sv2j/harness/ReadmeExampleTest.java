package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.messages.mining.SubmitSharesStandard;
import org.sv2j.messages.mining.SubmitSharesSuccess;

/** The README's "Test harness" snippet, as written there (keep the two in step). */
@Timeout(60)
final class ReadmeExampleTest {
  @Test
  void readmeSnippet() throws Exception {
    // README snippet begins
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(12)).build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start();
        TestMiner miner = TestMiner.builder(sniffer.address()).threads(2).build().start()) {
      assertThat(miner.awaitAccepted(5, Duration.ofSeconds(30))).isTrue();
      sniffer.expect(Direction.TO_UPSTREAM, SubmitSharesStandard.class, Duration.ofSeconds(5));
      sniffer.expect(Direction.TO_DOWNSTREAM, SubmitSharesSuccess.class, Duration.ofSeconds(5));
      assertThat(pool.accepted()).isGreaterThanOrEqualTo(5);
    }
    // README snippet ends
  }
}
