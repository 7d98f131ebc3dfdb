package org.sv2j.noise.crypto;

/**
 * A doubling-free multiplication table for one <b>public</b> point Q, for variable-time BIP-340
 * verification against a key that is used again and again (the generator, and an initiator's
 * authority key).
 *
 * <p>Window i (i = 0..16) holds j·2^(8i)·Q for j = 1..128 in affine coordinates (canonical), so a
 * GLV half h (|h| < 2^129) recoded into 17 signed 8-bit digits d_i ∈ [−127, 128] gives h·Q = Σ
 * d_i·2^(8i)·Q with at most 17 mixed additions and no doubling; the λ half reuses the same table
 * with x multiplied by β. s·G + e·P then costs at most 68 additions instead of the ~130 doublings
 * and ~50 additions of a Strauss–Shamir pass. The table is about 174 KB and takes about a
 * millisecond to build; it is immutable once built and may be shared between threads.
 *
 * <p>Variable time: only for public points and public scalars.
 */
final class FixedBaseTable {
  static final int WINDOW = 8;
  static final int WINDOWS = 17; // 136 bits ≥ any GLV half (< 2^129) plus the recoding carry
  static final int ENTRIES = 1 << (WINDOW - 1); // multiples 1..128
  private static final int STRIDE = 10; // x (5 limbs), y (5 limbs)

  /** Window i, entry j−1 = j·2^(8i)·Q: x at [off, off+5), y at [off+5, off+10). */
  private final long[] points;

  /** Builds the table of q (public, not ∞). */
  FixedBaseTable(Ge q) {
    Group grp = new Group();
    Gej[] all = new Gej[WINDOWS * ENTRIES];
    Gej base = new Gej();
    base.setGe(q);
    for (int i = 0; i < WINDOWS; i++) {
      Gej cur = new Gej();
      cur.set(base);
      for (int j = 0; j < ENTRIES; j++) {
        Gej e = new Gej();
        e.set(cur);
        all[i * ENTRIES + j] = e;
        if (j + 1 < ENTRIES) {
          grp.addVar(cur, cur, base);
        }
      }
      // next base = 2^8·base = 2·(128·base)
      grp.dbl(base, all[i * ENTRIES + ENTRIES - 1]);
    }
    Ge[] affine = Ecmult.newGes(all.length);
    Group.toAffineBatchVar(affine, all, all.length);
    points = new long[all.length * STRIDE];
    for (int k = 0; k < all.length; k++) {
      System.arraycopy(affine[k].x, 0, points, k * STRIDE, 5);
      System.arraycopy(affine[k].y, 0, points, k * STRIDE + 5, 5);
    }
  }

  /** The generator's table, built on first use. */
  static FixedBaseTable generator() {
    return G.TABLE;
  }

  private static final class G {
    static final FixedBaseTable TABLE;

    static {
      Ge g = new Ge();
      Fe.copy(g.x, Ecmult.GX);
      Fe.copy(g.y, Ecmult.GY);
      TABLE = new FixedBaseTable(g);
    }
  }

  /** Per-call temporaries of {@link #verifyMul}; not thread-safe (one per thread). */
  static final class Scratch {
    final Group grp = new Group();
    final Ge point = new Ge();
    final int[] s1 = new int[8];
    final int[] s2 = new int[8];
    final int[] e1 = new int[8];
    final int[] e2 = new int[8];
    final int[] neg = new int[8];
    final int[] digits = new int[WINDOWS];
  }

  private static final ScratchPool<Scratch> POOL = new ScratchPool<>(Scratch::new);

  /**
   * r = s·G + e·P for public scalars, with P given by its table (variable time). r may be ∞. The
   * scalars are not modified. Returns false (r meaningless) only if a GLV half were too long for
   * the table, which {@link Scalar#splitLambda}'s bound rules out; the caller then uses the
   * generic path.
   */
  static boolean verifyMul(Gej r, int[] s, FixedBaseTable p, int[] e) {
    Scratch t = POOL.take();
    try {
      FixedBaseTable g = generator();
      Scalar.splitLambda(t.s1, t.s2, s);
      Scalar.splitLambda(t.e1, t.e2, e);
      r.setInfinity();
      return g.addHalf(r, t.s1, false, t)
          && g.addHalf(r, t.s2, true, t)
          && p.addHalf(r, t.e1, false, t)
          && p.addHalf(r, t.e2, true, t);
    } finally {
      POOL.give(t);
    }
  }

  /**
   * r += h·Q (lambda: h·λQ) for a GLV half h given mod n (small, or n minus small); false if |h|
   * does not fit the 17 windows.
   */
  private boolean addHalf(Gej r, int[] h, boolean lambda, Scratch t) {
    boolean negative = Scalar.isHigh(h);
    int[] m = h;
    if (negative) {
      Scalar.negate(t.neg, h);
      m = t.neg;
    }
    for (int i = 5; i < 8; i++) {
      if (m[i] != 0) {
        return false;
      }
    }
    // |h| < 2^160 as three 64-bit words; the windows never straddle two words.
    long w0 = (m[0] & 0xFFFFFFFFL) | ((long) m[1] << 32);
    long w1 = (m[2] & 0xFFFFFFFFL) | ((long) m[3] << 32);
    long w2 = m[4] & 0xFFFFFFFFL;
    int[] d = t.digits;
    int carry = 0;
    for (int i = 0; i < WINDOWS; i++) {
      int bit = WINDOW * i;
      long word = bit < 64 ? w0 : bit < 128 ? w1 : w2;
      int b = (int) ((word >>> (bit & 63)) & 0xFF) + carry;
      if (b > ENTRIES) {
        b -= 1 << WINDOW;
        carry = 1;
      } else {
        carry = 0;
      }
      d[i] = negative ? -b : b;
    }
    if (carry != 0 || (w2 >>> (WINDOW * WINDOWS - 128)) != 0) {
      return false;
    }
    Ge q = t.point;
    for (int i = 0; i < WINDOWS; i++) {
      int digit = d[i];
      if (digit == 0) {
        continue;
      }
      int off = (i * ENTRIES + Math.abs(digit) - 1) * STRIDE;
      long[] x = q.x;
      long[] y = q.y;
      for (int k = 0; k < 5; k++) {
        x[k] = points[off + k];
        y[k] = points[off + 5 + k];
      }
      if (lambda) {
        Fe.mul(x, x, Ecmult.BETA);
      }
      if (digit < 0) {
        Fe.negate(y, y, 1);
      }
      q.infinity = false;
      t.grp.addGeVar(r, r, q);
    }
    return true;
  }
}
