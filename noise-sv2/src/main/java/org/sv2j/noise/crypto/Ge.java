package org.sv2j.noise.crypto;

/** A curve point in affine coordinates (x, y), or the point at infinity. Mutable holder. */
final class Ge {
  final long[] x = new long[5];
  final long[] y = new long[5];
  boolean infinity;

  void set(Ge a) {
    Fe.copy(x, a.x);
    Fe.copy(y, a.y);
    infinity = a.infinity;
  }

  void clear() {
    Fe.clear(x);
    Fe.clear(y);
    infinity = false;
  }
}
