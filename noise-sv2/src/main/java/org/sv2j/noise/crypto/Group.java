package org.sv2j.noise.crypto;

/**
 * Point formulas for short Weierstrass curves y² = x³ + b with a = 0 (secp256k1 and the curves
 * isomorphic to it over GF(p)). None of the formulas uses b, so they work unchanged on any such
 * curve, which the x-only and "global Z" tricks in {@link Ecmult} rely on.
 *
 * <p>An instance owns the field temporaries, so the formulas allocate nothing; it is not
 * thread-safe. Outputs have coordinates of magnitude ≤ 2 (see {@link Fe}), and so must inputs.
 */
final class Group {
  private final long[] t1 = new long[5];
  private final long[] t2 = new long[5];
  private final long[] t3 = new long[5];
  private final long[] t4 = new long[5];
  private final long[] t5 = new long[5];
  private final long[] t6 = new long[5];
  private final long[] t7 = new long[5];
  private final long[] t8 = new long[5];
  private final long[] t9 = new long[5];
  /** Scratch of {@link #addGeComplete}: the incomplete sum and the doubling it selects from. */
  private final Gej sum = new Gej();

  private final Gej twice = new Gej();

  /**
   * r = 2a (r may alias a). Never fails for a ≠ ∞: secp256k1 and its isomorphic curves have no
   * point with y = 0.
   */
  void dbl(Gej r, Gej a) {
    if (a.infinity) {
      r.setInfinity();
      return;
    }
    dblUnchecked(r, a);
  }

  /** dbl without the infinity check (a must not be ∞). */
  void dblUnchecked(Gej r, Gej a) {
    // X3 = 9X⁴ − 8XY², Y3 = 3X²·(4XY² − X3) − 8Y⁴, Z3 = 2YZ; 2XY² as (X + Y²)² − X² − Y⁴, a
    // squaring instead of a multiplication (2M + 5S in all).
    long[] A = t1, B = t2, C = t3, D = t4, E = t5, F = t6, T = t7;
    Fe.sqr(A, a.x); // X²
    Fe.sqr(B, a.y); // Y²
    Fe.sqr(C, B); // Y⁴
    Fe.add(D, a.x, B); // X + Y² (m3)
    Fe.sqr(D, D);
    Fe.sub2Weak(D, D, A, C, 1, 2); // 2XY² (m1)
    Fe.mulInt(E, A, 3); // 3X² (m3)
    Fe.sqr(F, E); // 9X⁴
    Fe.mul(r.z, a.y, a.z);
    Fe.mulInt(r.z, r.z, 2); // Z3 = 2YZ (m2)
    Fe.subWeak(r.x, F, D, 4, 8); // X3 = F − 4·2XY²
    Fe.mulIntSub(T, D, 2, r.x, 1); // 4XY² − X3 (m4)
    Fe.mul(T, E, T);
    Fe.subWeak(r.y, T, C, 8, 8); // Y3 = E·(4XY² − X3) − 8Y⁴
    r.infinity = false;
  }

  /**
   * r = a + b with b affine, no branches on the coordinates. Returns 1 if the case was exceptional
   * (a = ±b, a = ∞ or b = ∞ — the result is then meaningless), else 0. r may alias a.
   */
  long addGe(Gej r, Gej a, Ge b) {
    long[] z1z1 = t1, u2 = t2, s2 = t3, h = t4, rr = t5, hh = t6, hhh = t7, v = t8, t = t9;
    Fe.sqr(z1z1, a.z);
    Fe.mul(u2, b.x, z1z1);
    Fe.mul(s2, b.y, a.z);
    Fe.mul(s2, s2, z1z1);
    Fe.sub(h, u2, a.x, 2); // H = U2 − X1 (m4)
    Fe.sub(rr, s2, a.y, 2); // R = S2 − Y1 (m4)
    long exceptional = isZeroFlag(h);
    Fe.sqr(hh, h);
    Fe.mul(hhh, h, hh);
    Fe.mul(v, a.x, hh); // V = X1·H²
    Fe.mul(r.z, a.z, h); // Z3 = Z1·H
    Fe.sqr(t, rr);
    Fe.sub2Weak(r.x, t, hhh, v, 2, 3); // X3 = R² − H³ − 2V
    Fe.sub(t, v, r.x, 1);
    Fe.mul(t, rr, t);
    Fe.mul(u2, a.y, hhh);
    Fe.subWeak(r.y, t, u2, 1, 1); // Y3 = R·(V − X3) − Y1·H³
    boolean inf = a.infinity | b.infinity;
    r.infinity = false;
    return exceptional | (inf ? 1 : 0);
  }

  /**
   * r = a + b with b affine for operands known not to be exceptional (r ≠ a required), storing the
   * Z ratio r.z / a.z = H in zr.
   */
  void addGeZr(Gej r, Gej a, Ge b, long[] zr) {
    addGe(r, a, b);
    Fe.copy(zr, t4);
  }

  private static long isZeroFlag(long[] a) {
    return Fe.zeroMask(a);
  }

  /**
   * r = a + b with b affine and not ∞, correct for every a (∞, b, −b included) and without
   * branches on the coordinates or on {@code a.infinity}: computes the incomplete sum and the
   * doubling of a and selects the right one (or ∞, or b) with masks. About twice the cost of
   * {@link #addGe}; used only where an exceptional case was detected, so that no secret-scalar
   * multiplication ever leaves this constant-time code. r may alias a.
   */
  void addGeComplete(Gej r, Gej a, Ge b) {
    long aInf = a.infinity ? 1L : 0L;
    addGe(sum, a, b);
    long hZero = Fe.zeroMask(t4); // H = U2 − X1 of the addition just done
    long rZero = Fe.zeroMask(t5); // R = S2 − Y1
    dblUnchecked(twice, a);
    long notInf = aInf ^ 1;
    long useDbl = hZero & rZero & notInf; // a = b
    long toInf = hZero & (rZero ^ 1) & notInf; // a = −b
    Fe.copy(r.x, sum.x);
    Fe.copy(r.y, sum.y);
    Fe.copy(r.z, sum.z);
    Fe.cmov(r.x, twice.x, useDbl);
    Fe.cmov(r.y, twice.y, useDbl);
    Fe.cmov(r.z, twice.z, useDbl);
    Fe.cmov(r.x, b.x, aInf);
    Fe.cmov(r.y, b.y, aInf);
    Fe.setInt(t1, 1);
    Fe.cmov(r.z, t1, aInf);
    r.infinity = toInf != 0;
  }

  /** Overwrites every field temporary with zeros (they held values derived from secrets). */
  void wipe() {
    Fe.clear(t1);
    Fe.clear(t2);
    Fe.clear(t3);
    Fe.clear(t4);
    Fe.clear(t5);
    Fe.clear(t6);
    Fe.clear(t7);
    Fe.clear(t8);
    Fe.clear(t9);
    sum.clear();
    twice.clear();
  }

  /** True iff every temporary is zero; for tests. */
  boolean isWiped() {
    long acc = 0;
    for (long[] t : new long[][] {t1, t2, t3, t4, t5, t6, t7, t8, t9, sum.x, sum.y, sum.z, twice.x, twice.y, twice.z}) {
      for (long v : t) {
        acc |= v;
      }
    }
    return acc == 0;
  }

  /** r = a + b with b affine; handles every case (variable time). r may alias a. */
  void addGeVar(Gej r, Gej a, Ge b) {
    if (b.infinity) {
      if (r != a) {
        r.set(a);
      }
      return;
    }
    if (a.infinity) {
      r.setGe(b);
      return;
    }
    long[] z1z1 = t1, u2 = t2, s2 = t3, h = t4, rr = t5, hh = t6, hhh = t7, v = t8, t = t9;
    Fe.sqr(z1z1, a.z);
    Fe.mul(u2, b.x, z1z1);
    Fe.mul(s2, b.y, a.z);
    Fe.mul(s2, s2, z1z1);
    Fe.sub(h, u2, a.x, 2);
    Fe.sub(rr, s2, a.y, 2);
    if (Fe.isZero(h)) {
      if (Fe.isZero(rr)) {
        dblUnchecked(r, a);
      } else {
        r.setInfinity();
      }
      return;
    }
    Fe.sqr(hh, h);
    Fe.mul(hhh, h, hh);
    Fe.mul(v, a.x, hh);
    Fe.mul(r.z, a.z, h);
    Fe.sqr(t, rr);
    Fe.sub2Weak(r.x, t, hhh, v, 2, 3);
    Fe.sub(t, v, r.x, 1);
    Fe.mul(t, rr, t);
    Fe.mul(u2, a.y, hhh);
    Fe.subWeak(r.y, t, u2, 1, 1);
    r.infinity = false;
  }

  /** r = a + b, both Jacobian; handles every case (variable time). r may alias a or b. */
  void addVar(Gej r, Gej a, Gej b) {
    if (a.infinity) {
      r.set(b);
      return;
    }
    if (b.infinity) {
      r.set(a);
      return;
    }
    long[] z1z1 = t1, z2z2 = t2, u1 = t3, u2 = t4, s1 = t5, s2 = t6, h = t7, rr = t8, t = t9;
    Fe.sqr(z1z1, a.z);
    Fe.sqr(z2z2, b.z);
    Fe.mul(u1, a.x, z2z2);
    Fe.mul(u2, b.x, z1z1);
    Fe.mul(s1, a.y, b.z);
    Fe.mul(s1, s1, z2z2);
    Fe.mul(s2, b.y, a.z);
    Fe.mul(s2, s2, z1z1);
    Fe.sub(h, u2, u1, 1);
    Fe.sub(rr, s2, s1, 1);
    if (Fe.isZero(h)) {
      if (Fe.isZero(rr)) {
        dblUnchecked(r, a);
      } else {
        r.setInfinity();
      }
      return;
    }
    // z1z1 and z2z2 are free from here on.
    long[] hh = z1z1, hhh = z2z2;
    Fe.sqr(hh, h);
    Fe.mul(hhh, h, hh);
    Fe.mul(u1, u1, hh); // V = U1·H²
    Fe.mul(t, a.z, b.z);
    Fe.mul(r.z, t, h); // Z3 = Z1·Z2·H
    Fe.sqr(t, rr);
    Fe.sub2Weak(r.x, t, hhh, u1, 2, 3);
    Fe.sub(t, u1, r.x, 1);
    Fe.mul(t, rr, t);
    Fe.mul(u2, s1, hhh);
    Fe.subWeak(r.y, t, u2, 1, 1);
    r.infinity = false;
  }

  /** r = a in affine coordinates, using the constant-time inversion. */
  void toAffine(Ge r, Gej a) {
    if (a.infinity) {
      r.clear();
      r.infinity = true;
      return;
    }
    long[] zi = t1, zi2 = t2;
    Fe.inv(zi, a.z);
    Fe.sqr(zi2, zi);
    Fe.mul(r.x, a.x, zi2);
    Fe.mul(zi2, zi2, zi);
    Fe.mul(r.y, a.y, zi2);
    Fe.normalize(r.x);
    Fe.normalize(r.y);
    r.infinity = false;
  }

  /** As {@link #toAffine} with the variable-time inversion (public points only). */
  void toAffineVar(Ge r, Gej a) {
    if (a.infinity) {
      r.clear();
      r.infinity = true;
      return;
    }
    long[] zi = t1, zi2 = t2;
    Fe.invVar(zi, a.z);
    Fe.sqr(zi2, zi);
    Fe.mul(r.x, a.x, zi2);
    Fe.mul(zi2, zi2, zi);
    Fe.mul(r.y, a.y, zi2);
    Fe.normalize(r.x);
    Fe.normalize(r.y);
    r.infinity = false;
  }

  /**
   * Converts many Jacobian points (none at infinity) to affine with one variable-time inversion
   * (Montgomery's trick). Public points only.
   */
  static void toAffineBatchVar(Ge[] r, Gej[] a, int count) {
    long[][] prefix = new long[count][5];
    Fe.copy(prefix[0], a[0].z);
    for (int i = 1; i < count; i++) {
      Fe.mul(prefix[i], prefix[i - 1], a[i].z);
    }
    long[] inv = new long[5];
    Fe.invVar(inv, prefix[count - 1]);
    long[] zi = new long[5];
    long[] zi2 = new long[5];
    for (int i = count - 1; i >= 0; i--) {
      if (i > 0) {
        Fe.mul(zi, inv, prefix[i - 1]); // 1/Z_i
        Fe.mul(inv, inv, a[i].z); // 1/(Z_0···Z_{i−1})
      } else {
        Fe.copy(zi, inv);
      }
      Fe.sqr(zi2, zi);
      Fe.mul(r[i].x, a[i].x, zi2);
      Fe.mul(zi2, zi2, zi);
      Fe.mul(r[i].y, a[i].y, zi2);
      Fe.normalize(r[i].x);
      Fe.normalize(r[i].y);
      r[i].infinity = false;
    }
  }
}
