package org.sv2j.noise.crypto;

/**
 * A curve point in Jacobian coordinates: (X, Y, Z) stands for the affine point (X/Z², Y/Z³).
 * Mutable holder; {@link #infinity} marks the neutral element.
 */
final class Gej {
  final long[] x = new long[5];
  final long[] y = new long[5];
  final long[] z = new long[5];
  boolean infinity;

  void set(Gej a) {
    Fe.copy(x, a.x);
    Fe.copy(y, a.y);
    Fe.copy(z, a.z);
    infinity = a.infinity;
  }

  void setGe(Ge a) {
    Fe.copy(x, a.x);
    Fe.copy(y, a.y);
    Fe.setInt(z, 1);
    infinity = a.infinity;
  }

  void setInfinity() {
    Fe.clear(x);
    Fe.clear(y);
    Fe.clear(z);
    infinity = true;
  }

  void clear() {
    Fe.clear(x);
    Fe.clear(y);
    Fe.clear(z);
    infinity = false;
  }
}
