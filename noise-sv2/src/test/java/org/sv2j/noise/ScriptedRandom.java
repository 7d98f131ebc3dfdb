package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A {@link RandomSource} that hands out prepared byte strings, one per draw, in order. */
final class ScriptedRandom implements RandomSource {
  private final Deque<byte[]> draws;
  private int count;

  ScriptedRandom(List<byte[]> draws) {
    this.draws = new ArrayDeque<>(draws);
  }

  static ScriptedRandom of(byte[]... draws) {
    return new ScriptedRandom(List.of(draws));
  }

  @Override
  public void nextBytes(byte[] bytes) {
    byte[] next = draws.poll();
    assertThat(next).as("draw %d was not scripted", count).isNotNull();
    assertThat(bytes.length).as("size of draw %d", count).isEqualTo(next.length);
    System.arraycopy(next, 0, bytes, 0, next.length);
    count++;
  }

  int draws() {
    return count;
  }

  boolean exhausted() {
    return draws.isEmpty();
  }
}
