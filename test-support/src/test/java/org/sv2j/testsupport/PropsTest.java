package org.sv2j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropsTest {
  @Test
  void runsEveryTryWithReproducibleSeeds() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    Props.forAll(20, r -> first.add(r.nextLong()));
    Props.forAll(20, r -> second.add(r.nextLong()));
    assertThat(first).hasSize(20).doesNotHaveDuplicates().isEqualTo(second);
  }

  @Test
  void failureNamesTheSeedToReplay() {
    assertThatThrownBy(() -> Props.forAll(50, r -> assertThat(r.nextInt(10)).isLessThan(9)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("-Dsv2j.props.replay=");
  }
}
