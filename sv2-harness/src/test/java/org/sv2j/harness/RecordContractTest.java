package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sv2j.harness.Sniffer.Action;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.harness.Sniffer.Record;

/** Sniffer.Record: its payload is its own (copied in and out) and compares by content. */
final class RecordContractTest {
  static Record record(byte[] payload) {
    return new Record(3, 1, Direction.TO_UPSTREAM, Instant.ofEpochSecond(1_700_000_000L), 0x8000, 0x1a, payload, null, null,
        Action.FORWARDED);
  }

  @Test
  void equalContentMeansEqualRecords() {
    Record a = record(new byte[] {1, 2, 3});
    Record b = record(new byte[] {1, 2, 3});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(record(new byte[] {1, 2, 4}));
  }

  @Test
  void thePayloadCannotBeChangedFromOutside() {
    byte[] in = {1, 2, 3};
    Record r = record(in);
    in[0] = 9;
    r.payload()[1] = 9;
    assertThat(r.payload()).containsExactly(1, 2, 3);
    assertThat(r.payloadLength()).isEqualTo(3);
    assertThat(r.toFrame().payloadToArray()).containsExactly(1, 2, 3);
  }
}
