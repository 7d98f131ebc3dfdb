package org.sv2j.noise.crypto;

/**
 * Modular inversion modulo an odd 256-bit modulus by Bernstein and Yang's "safegcd" divsteps, in
 * nine signed 30-bit limbs so that every product fits a Java {@code long} (the layout of
 * libsecp256k1's 32-bit {@code modinv32}). {@link #inverse} runs a fixed 20 × 30 = 600 divsteps
 * without secret-dependent branches or indices; 590 suffice for any 256-bit input.
 *
 * <p>An instance holds the modulus and the temporaries, so an inversion allocates nothing; it is
 * not thread-safe (callers keep one per thread) and wipes its temporaries after each call.
 *
 * <p>Numbers are {@code int[9]} little-endian limbs v[0..8] of 30 bits each, worth Σ v[i]·2^(30i);
 * limbs 0–7 are in [0, 2^30) on input and output, limb 8 may be negative in intermediate values.
 */
final class SafeGcd {
  private static final int M30 = 0x3FFFFFFF;
  private static final int ROUNDS = 20;

  private final int[] modulus;
  /** modulus^−1 mod 2^30. */
  private final int modulusInv30;

  private final int[] d = new int[9];
  private final int[] e = new int[9];
  private final int[] f = new int[9];
  private final int[] g = new int[9];
  /** The transition matrix of the last batch: u, v, q, r. */
  private final int[] t = new int[4];

  /** For an odd modulus given as nine 30-bit limbs (copied). */
  SafeGcd(int[] modulus30) {
    if (modulus30.length != 9 || (modulus30[0] & 1) == 0) {
      throw new IllegalArgumentException("need an odd modulus in nine 30-bit limbs");
    }
    this.modulus = modulus30.clone();
    // Newton's iteration for the inverse mod 2^32: each step doubles the correct low bits.
    int m = modulus30[0];
    int inv = m; // correct to 3 bits for odd m
    for (int i = 0; i < 4; i++) {
      inv *= 2 - m * inv;
    }
    this.modulusInv30 = inv & M30;
  }

  /**
   * x = x^−1 mod modulus, in place, in constant time; 0 maps to 0. x must be in [0, modulus), as
   * nine 30-bit limbs.
   */
  void inverse(int[] x) {
    int[] dd = d;
    int[] ee = e;
    int[] ff = f;
    int[] gg = g;
    ee[0] = 1; // d = 0 and e = 0 here: new, or wiped by the previous call
    System.arraycopy(modulus, 0, ff, 0, 9);
    System.arraycopy(x, 0, gg, 0, 9);
    int zeta = -1; // zeta = −(delta + 1/2); delta starts at 1/2
    for (int i = 0; i < ROUNDS; i++) {
      zeta = divsteps30(zeta, ff[0], gg[0], t);
      updateDe(dd, ee, t);
      updateFg(ff, gg, t);
    }
    // Now g = 0 and f = ±gcd = ±1 (or f = ±modulus for x = 0, where d is 0 anyway).
    normalize(dd, ff[8]);
    System.arraycopy(dd, 0, x, 0, 9);
    wipe();
  }

  private void wipe() {
    java.util.Arrays.fill(d, 0);
    java.util.Arrays.fill(e, 0);
    java.util.Arrays.fill(f, 0);
    java.util.Arrays.fill(g, 0);
    java.util.Arrays.fill(t, 0);
  }

  /**
   * 30 branch-free divsteps on the low bits f0 (odd) and g0; writes the transition matrix scaled by
   * 2^30 (so that 2^30·[f', g'] = t·[f, g]) and returns the new zeta.
   */
  private static int divsteps30(int zeta, int f0, int g0, int[] t) {
    int u = 1;
    int v = 0;
    int q = 0;
    int r = 1;
    int fl = f0;
    int gl = g0;
    for (int i = 0; i < 30; i++) {
      int c1 = zeta >> 31; // all ones iff zeta < 0
      int c2 = -(gl & 1); // all ones iff g is odd
      int x = (fl ^ c1) - c1; // f or −f
      int y = (u ^ c1) - c1;
      int z = (v ^ c1) - c1;
      gl += x & c2;
      q += y & c2;
      r += z & c2;
      c1 &= c2; // swap step: zeta < 0 and g odd
      zeta = (zeta ^ c1) - 1; // −zeta − 2 on a swap step, else zeta − 1
      fl += gl & c1;
      u += q & c1;
      v += r & c1;
      gl >>= 1;
      u <<= 1;
      v <<= 1;
    }
    t[0] = u;
    t[1] = v;
    t[2] = q;
    t[3] = r;
    return zeta;
  }

  /**
   * [d, e] = (t·[d, e] + modulus·[md, me]) / 2^30 with md, me chosen to make the division exact
   * and keep d, e in (−2·modulus, modulus).
   */
  private void updateDe(int[] d, int[] e, int[] t) {
    final long u = t[0];
    final long v = t[1];
    final long q = t[2];
    final long r = t[3];
    int sd = d[8] >> 31;
    int se = e[8] >> 31;
    int md = (t[0] & sd) + (t[1] & se);
    int me = (t[2] & sd) + (t[3] & se);
    long di = d[0];
    long ei = e[0];
    long cd = u * di + v * ei;
    long ce = q * di + r * ei;
    md -= (modulusInv30 * (int) cd + md) & M30;
    me -= (modulusInv30 * (int) ce + me) & M30;
    cd += (long) modulus[0] * md;
    ce += (long) modulus[0] * me;
    cd >>= 30;
    ce >>= 30;
    for (int i = 1; i < 9; i++) {
      di = d[i];
      ei = e[i];
      cd += u * di + v * ei + (long) modulus[i] * md;
      ce += q * di + r * ei + (long) modulus[i] * me;
      d[i - 1] = (int) cd & M30;
      e[i - 1] = (int) ce & M30;
      cd >>= 30;
      ce >>= 30;
    }
    d[8] = (int) cd;
    e[8] = (int) ce;
  }

  /** [f, g] = t·[f, g] / 2^30 (exact by construction of t). */
  private static void updateFg(int[] f, int[] g, int[] t) {
    final long u = t[0];
    final long v = t[1];
    final long q = t[2];
    final long r = t[3];
    long fi = f[0];
    long gi = g[0];
    long cf = u * fi + v * gi;
    long cg = q * fi + r * gi;
    cf >>= 30;
    cg >>= 30;
    for (int i = 1; i < 9; i++) {
      fi = f[i];
      gi = g[i];
      cf += u * fi + v * gi;
      cg += q * fi + r * gi;
      f[i - 1] = (int) cf & M30;
      g[i - 1] = (int) cg & M30;
      cf >>= 30;
      cg >>= 30;
    }
    f[8] = (int) cf;
    g[8] = (int) cg;
  }

  /**
   * Brings d from (−2·modulus, modulus) to [0, modulus), negated if sign (f's top limb) is
   * negative; branch-free.
   */
  private void normalize(int[] d, int sign) {
    int add = d[8] >> 31;
    int neg = sign >> 31;
    for (int i = 0; i < 9; i++) {
      d[i] += modulus[i] & add;
      d[i] = (d[i] ^ neg) - neg;
    }
    for (int i = 0; i < 8; i++) {
      d[i + 1] += d[i] >> 30;
      d[i] &= M30;
    }
    add = d[8] >> 31;
    for (int i = 0; i < 9; i++) {
      d[i] += modulus[i] & add;
    }
    for (int i = 0; i < 8; i++) {
      d[i + 1] += d[i] >> 30;
      d[i] &= M30;
    }
  }
}
