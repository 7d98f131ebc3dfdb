package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The point holders' copy and clear operations: clearing zeroes every coordinate (also a wipe). */
class PointHolderTest {

  private static void fill(long[] a, long v) {
    for (int i = 0; i < a.length; i++) {
      a[i] = v + i;
    }
  }

  @Test
  void affineSetCopiesAndClearZeroes() {
    Ge a = new Ge();
    fill(a.x, 11);
    fill(a.y, 22);
    a.infinity = true;
    Ge b = new Ge();
    b.set(a);
    assertThat(b.x).isEqualTo(a.x).isNotSameAs(a.x);
    assertThat(b.y).isEqualTo(a.y);
    assertThat(b.infinity).isTrue();
    b.clear();
    assertThat(b.x).containsOnly(0L);
    assertThat(b.y).containsOnly(0L);
    assertThat(b.infinity).isFalse();
    assertThat(a.x[0]).isEqualTo(11);
  }

  @Test
  void jacobianSetInfinityAndClearZeroEveryCoordinate() {
    Gej p = new Gej();
    fill(p.x, 1);
    fill(p.y, 2);
    fill(p.z, 3);
    p.setInfinity();
    assertThat(p.infinity).isTrue();
    assertThat(p.x).containsOnly(0L);
    assertThat(p.y).containsOnly(0L);
    assertThat(p.z).containsOnly(0L);
    fill(p.x, 1);
    fill(p.y, 2);
    fill(p.z, 3);
    p.clear();
    assertThat(p.infinity).isFalse();
    assertThat(p.x).containsOnly(0L);
    assertThat(p.y).containsOnly(0L);
    assertThat(p.z).containsOnly(0L);
  }
}
