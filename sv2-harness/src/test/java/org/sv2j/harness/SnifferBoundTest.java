package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.mining.SetNewPrevHash;

/** The sniffer keeps at most maxRecords records, drops the oldest and counts them; expect stays sane. */
@Timeout(60)
final class SnifferBoundTest {
  @Test
  void keepsTheLatestRecordsAndCountsTheDroppedOnes() throws Exception {
    try (TestPool pool = TestPool.builder().build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).maxRecords(8).build().start();
        RawClient c = new RawClient(sniffer.address(), Endpoints.Client.plain())) {
      c.openStandard(Targets.max());
      assertThat(sniffer.expect(Direction.TO_UPSTREAM, SetupConnection.class, Duration.ofSeconds(5))).isNotNull();
      sniffer.expect(Direction.TO_DOWNSTREAM, SetNewPrevHash.class, Duration.ofSeconds(5));
      int extra = 50;
      for (int i = 0; i < extra; i++) {
        c.c.send(Sv2Frame.fromPayload(0x4321, 0x07, false, new byte[] {(byte) i}));  // unknown: ignored by the pool
      }
      Sniffer.Record last = sniffer.await(r -> r.extensionType() == 0x4321 && r.payload()[0] == extra - 1, Duration.ofSeconds(10));
      assertThat(last).isNotNull();
      List<Sniffer.Record> kept = sniffer.records();
      assertThat(kept).hasSize(8);
      long total = last.index() + 1;
      assertThat(sniffer.droppedRecords()).isEqualTo(total - 8);
      for (int i = 0; i < kept.size(); i++) {
        assertThat(kept.get(i).index()).isEqualTo(sniffer.droppedRecords() + i);
        assertThat(kept.get(i).payload()[0]).isEqualTo((byte) (extra - 8 + i));
      }
      assertThat(sniffer.records(Direction.TO_UPSTREAM)).hasSize(8);
      // A SetupConnection was dropped: a second one cannot be expected, and the failure says records were dropped.
      assertThatThrownBy(() -> sniffer.expect(Direction.TO_UPSTREAM, SetupConnection.class, Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class).hasMessageContaining((total - 8) + " older records dropped");
      sniffer.clear();
      assertThat(sniffer.records()).isEmpty();
      assertThat(sniffer.droppedRecords()).isZero();
      c.c.send(Sv2Frame.fromPayload(0x4321, 0x07, false, new byte[] {99}));
      Sniffer.Record after = sniffer.await(r -> r.payload().length == 1 && r.payload()[0] == 99, Duration.ofSeconds(5));
      assertThat(after.index()).isZero();
    }
  }

  @Test
  void theDefaultIsBoundedAndTheBoundIsChecked() {
    assertThat(Sniffer.DEFAULT_MAX_RECORDS).isPositive();
    assertThatThrownBy(() -> Sniffer.builder(new java.net.InetSocketAddress("127.0.0.1", 1)).maxRecords(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
