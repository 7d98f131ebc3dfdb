package org.sv2j.noise.crypto;

import java.math.BigInteger;

/**
 * Scalar multiplication on secp256k1.
 *
 * <ul>
 *   <li>{@link #gen}: k·G for a secret k. 52 fixed 5-bit windows with odd signed digits over a
 *       precomputed table of (1, 3, …, 31)·32^i·G: one mixed addition per window, no doublings,
 *       constant-time table scans.
 *   <li>{@link #constMul} / {@link #xOnlyMul}: k·P for a secret k and a public P. GLV split into
 *       two ~129-bit halves, 5-bit signed odd-digit windows over tables of P and λP, constant-time
 *       table scans. The table is built on an isomorphic curve with a shared Z ("global Z"), so it
 *       needs no inversion; the x-only variant also starts on an isomorphic curve and never takes a
 *       square root.
 *   <li>{@link #verifyMul}: s·G + e·P for public values (BIP-340 verification). Variable time:
 *       Strauss–Shamir over four width-w NAFs (GLV halves of both scalars).
 * </ul>
 *
 * The secret-scalar algorithms use incomplete (faster) addition formulas and record, without
 * branching, whether an exceptional case (adding a point to itself or to its negation) occurred.
 * Only a negligible set of scalars leads there (for the unblinded comb e.g. 2^256 − n, whose last
 * addition is a doubling; random or hashed scalars never do in practice); the product is then
 * recomputed in constant time with complete formulas ({@link Group#addGeComplete}), so results are
 * correct for every scalar and no secret ever reaches {@code BigInteger} or Bouncy Castle.
 *
 * <p>{@link #gen} is blinded (k·G = (k + b)·G − b·G with a random b renewed every {@value
 * #BLIND_REFRESH} uses, and a random projective Z for the accumulator), as libsecp256k1's {@code
 * ecmult_gen}; whether the exceptional path is taken then depends on k + b, not on k.
 *
 * <p>Constant time here means: no branches or table indices that depend on secret data in this
 * code, except the exceptional-case recomputation above (taken with negligible probability). The
 * JVM gives no guarantee; SECURITY.md describes how the timing is measured.
 */
final class Ecmult {
  static final long[] GX =
      Fe.fromHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  static final long[] GY =
      Fe.fromHex("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");

  /** β: a cube root of unity mod p with λ·(x, y) = (β·x, y). */
  static final long[] BETA =
      Fe.fromHex("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee");

  private static final int GEN_WINDOW = 5;
  private static final int GEN_WINDOWS = (256 + GEN_WINDOW - 1) / GEN_WINDOW; // 52 × 5 = 260 bits
  private static final int GEN_ENTRIES = 1 << (GEN_WINDOW - 1); // odd multiples 1..31

  private static final int CONST_WINDOW = 5;
  private static final int CONST_GROUPS = 26; // 26 × 5 = 130 bits
  private static final int CONST_ENTRIES = 1 << (CONST_WINDOW - 1); // odd multiples 1..31

  /** Window of the generator tables used in verification (odd multiples up to 2^(w−1) − 1). */
  private static final int VERIFY_WINDOW_G = 10;

  /** Window for a one-off public key, and for a cached (repeatedly used) one. */
  static final int VERIFY_WINDOW_P = 5;

  static final int VERIFY_WINDOW_P_CACHED = 8;
  private static final int WNAF_BITS = 130;

  /** (K·(1+λ))/2 − 2^129·(1+λ) mod n with K = 2^130 − 1; see {@link #constMul}. */
  private static final int[] CONST_OFFSET;

  /** 2^129. */
  private static final int[] TWO_129;

  static {
    BigInteger n = Scalar.N_BIG;
    BigInteger onePlusLambda = Scalar.toBig(Scalar.LAMBDA).add(BigInteger.ONE);
    BigInteger k = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.ONE);
    BigInteger inv2 = BigInteger.TWO.modInverse(n);
    CONST_OFFSET =
        Scalar.fromBig(
            k.multiply(inv2)
                .subtract(BigInteger.ONE.shiftLeft(129))
                .multiply(onePlusLambda)
                .mod(n));
    TWO_129 = Scalar.fromBig(BigInteger.ONE.shiftLeft(129));
  }

  private Ecmult() {}

  /** Lazily built generator tables. */
  private static final class Tables {
    /**
     * GEN[i] holds (2j+1)·32^i·G for j = 0..15, affine, flattened: entry j is x at [10j, 10j+5) and
     * y at [10j+5, 10j+10).
     */
    static final long[][] GEN = new long[GEN_WINDOWS][];

    /** Odd multiples (2j+1)·G and (2j+1)·λG for the verification window. */
    static final Ge[] G_ODD = new Ge[1 << (VERIFY_WINDOW_G - 2)];

    static final Ge[] G_ODD_LAMBDA = new Ge[1 << (VERIFY_WINDOW_G - 2)];

    static {
      Group grp = new Group();
      Gej base = new Gej();
      Fe.copy(base.x, GX);
      Fe.copy(base.y, GY);
      Fe.setInt(base.z, 1);
      Gej[] all = new Gej[GEN_WINDOWS * GEN_ENTRIES];
      Gej twice = new Gej();
      for (int i = 0; i < GEN_WINDOWS; i++) {
        grp.dbl(twice, base);
        Gej cur = new Gej();
        cur.set(base);
        for (int j = 0; j < GEN_ENTRIES; j++) {
          all[i * GEN_ENTRIES + j] = new Gej();
          all[i * GEN_ENTRIES + j].set(cur);
          grp.addVar(cur, cur, twice);
        }
        for (int d = 0; d < GEN_WINDOW; d++) {
          grp.dbl(base, base);
        }
      }
      Ge[] flat = newGes(all.length);
      Group.toAffineBatchVar(flat, all, all.length);
      for (int i = 0; i < GEN_WINDOWS; i++) {
        GEN[i] = flatten(flat, i * GEN_ENTRIES, GEN_ENTRIES);
      }
      Ge g = new Ge();
      Fe.copy(g.x, GX);
      Fe.copy(g.y, GY);
      oddMultiplesVar(G_ODD, g, grp);
      for (int j = 0; j < G_ODD.length; j++) {
        G_ODD_LAMBDA[j] = new Ge();
        Fe.mul(G_ODD_LAMBDA[j].x, G_ODD[j].x, BETA);
        Fe.normalize(G_ODD_LAMBDA[j].x);
        Fe.copy(G_ODD_LAMBDA[j].y, G_ODD[j].y);
      }
    }
  }

  static Ge[] newGes(int count) {
    Ge[] r = new Ge[count];
    for (int i = 0; i < count; i++) {
      r[i] = new Ge();
    }
    return r;
  }

  private static long[] flatten(Ge[] points, int from, int count) {
    long[] t = new long[10 * count];
    for (int j = 0; j < count; j++) {
      System.arraycopy(points[from + j].x, 0, t, 10 * j, 5);
      System.arraycopy(points[from + j].y, 0, t, 10 * j + 5, 5);
    }
    return t;
  }

  /** table[j] = (2j+1)·p in affine coordinates, variable time (p public, not ∞). */
  static void oddMultiplesVar(Ge[] table, Ge p, Group grp) {
    Gej[] jac = new Gej[table.length];
    Gej cur = new Gej();
    cur.setGe(p);
    Gej twice = new Gej();
    grp.dbl(twice, cur);
    for (int j = 0; j < table.length; j++) {
      jac[j] = new Gej();
      jac[j].set(cur);
      if (j + 1 < table.length) {
        grp.addVar(cur, cur, twice);
      }
    }
    for (int j = 0; j < table.length; j++) {
      if (table[j] == null) {
        table[j] = new Ge();
      }
    }
    Group.toAffineBatchVar(table, jac, table.length);
  }

  /** Forces the generator tables to be built (e.g. at start-up, off the latency path). */
  static void precompute() {
    if (Tables.GEN[0] == null || Tables.G_ODD[0] == null) {
      throw new AssertionError();
    }
  }

  /**
   * Constant-time r = entry {@code index} of a flattened table (see {@link Tables#GEN}), negated if
   * neg (0/1). Every entry is read; tmp is scratch.
   */
  private static void lookup(Ge r, long[] table, int count, int index, long neg, long[] tmp) {
    long[] x = r.x;
    long[] y = r.y;
    long x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0, y4 = 0;
    for (int j = 0, o = 0; j < count; j++, o += 10) {
      long m = -(((j ^ index) - 1L) >>> 63); // all ones iff j == index
      x0 |= table[o] & m;
      x1 |= table[o + 1] & m;
      x2 |= table[o + 2] & m;
      x3 |= table[o + 3] & m;
      x4 |= table[o + 4] & m;
      y0 |= table[o + 5] & m;
      y1 |= table[o + 6] & m;
      y2 |= table[o + 7] & m;
      y3 |= table[o + 8] & m;
      y4 |= table[o + 9] & m;
    }
    x[0] = x0;
    x[1] = x1;
    x[2] = x2;
    x[3] = x3;
    x[4] = x4;
    y[0] = y0;
    y[1] = y1;
    y[2] = y2;
    y[3] = y3;
    y[4] = y4;
    Fe.negate(tmp, y, 1);
    Fe.cmov(y, tmp, neg);
    r.infinity = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Generator multiplication, blinded as libsecp256k1's ecmult_gen: k·G = (k + b)·G + (−b·G) for a
  // random b, and the accumulator starts at a random projective Z. The table scans are constant
  // time anyway; the blinding is defence in depth against leaks the JVM may add (a power or EM
  // side channel sees (k + b), never k, and coordinates that differ from run to run).

  /** Multiplications served by one blinding value before a fresh one is drawn. */
  static final int BLIND_REFRESH = 1024;

  /** One blinding value: b, −b·G (affine) and the initial Z. Immutable once published. */
  static final class Blinding {
    final int[] b;
    final Ge minusBG;
    final long[] z;
    final java.util.concurrent.atomic.AtomicInteger uses =
        new java.util.concurrent.atomic.AtomicInteger();

    Blinding(int[] b, long[] z) {
      this.b = b.clone();
      this.z = z.clone();
      Gej bj = new Gej();
      Group grp = new Group();
      genUnblinded(bj, b, grp);
      minusBG = new Ge();
      grp.toAffine(minusBG, bj);
      Fe.negate(minusBG.y, minusBG.y, 1);
      Fe.normalize(minusBG.y);
      bj.clear();
      grp.wipe();
    }
  }

  private static final java.security.SecureRandom BLIND_RANDOM = new java.security.SecureRandom();
  private static volatile Blinding blinding;

  /** Tests only: makes {@link #xOnlyMul} take its complete-formula path every time. */
  static volatile boolean forceCompleteForTests;

  /** How often a secret-scalar multiplication took its complete-formula path (tests). */
  static final java.util.concurrent.atomic.AtomicLong COMPLETE_RUNS =
      new java.util.concurrent.atomic.AtomicLong();

  /** The blinding in force, drawing a fresh one on first use and every {@link #BLIND_REFRESH} uses. */
  private static Blinding blinding() {
    Blinding bl = blinding;
    if (bl == null || bl.uses.incrementAndGet() > BLIND_REFRESH) {
      synchronized (Ecmult.class) {
        bl = blinding;
        if (bl == null || bl.uses.get() > BLIND_REFRESH) {
          bl = drawBlinding();
          blinding = bl;
        }
        bl.uses.incrementAndGet();
      }
    }
    return bl;
  }

  private static Blinding drawBlinding() {
    byte[] raw = new byte[32];
    int[] b = new int[8];
    long[] z = new long[5];
    try {
      do {
        BLIND_RANDOM.nextBytes(raw);
      } while (Scalar.setBytes(b, raw, 0) | Scalar.isZero(b));
      do {
        BLIND_RANDOM.nextBytes(raw);
        Fe.setBytes(z, raw, 0);
        Fe.normalize(z);
      } while (Fe.zeroMask(z) != 0);
      return new Blinding(b, z);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
      Scalar.clear(b);
      Fe.clear(z);
    }
  }

  /** Installs a given blinding (b, z with 0 < b < n, z ≠ 0 normalised); for tests. */
  static void setBlinding(int[] b, long[] z) {
    blinding = new Blinding(b, z);
  }

  /** Forgets the blinding so the next use draws a new one; for tests. */
  static void resetBlinding() {
    blinding = null;
  }

  /** The blinding scalar in force (a copy), or null before first use; for tests. */
  static int[] blindingScalar() {
    Blinding bl = blinding;
    return bl == null ? null : bl.b.clone();
  }

  /**
   * r = k·G for a secret scalar 0 < k < n (k = 0 gives ∞), blinded (see above). The result is in
   * Jacobian coordinates.
   */
  static void gen(Gej r, int[] k) {
    gen(r, k, new Group());
  }

  /** As {@link #gen(Gej, int[])} with the caller's temporaries, which are wiped on return. */
  static void gen(Gej r, int[] k, Group grp) {
    if (Scalar.isZero(k)) {
      r.setInfinity();
      return;
    }
    Blinding bl = blinding();
    GenScratch gs = GEN_POOL.take();
    int[] kb = gs.kb;
    try {
      Scalar.add(kb, k, bl.b);
      if (genCore(r, kb, bl.z, grp, false, gs) != 0) {
        COMPLETE_RUNS.incrementAndGet();
        genCore(r, kb, bl.z, grp, true, gs);
      }
      grp.addGeComplete(r, r, bl.minusBG);
    } finally {
      Scalar.clear(kb);
      grp.wipe();
      GEN_POOL.give(gs);
    }
  }

  /** k·G without blinding, same algorithm otherwise; for building the blinding and for tests. */
  static void genUnblinded(Gej r, int[] k, Group grp) {
    GenScratch gs = GEN_POOL.take();
    try {
      if (genCore(r, k, null, grp, false, gs) != 0) {
        COMPLETE_RUNS.incrementAndGet();
        genCore(r, k, null, grp, true, gs);
      }
    } finally {
      GEN_POOL.give(gs);
    }
  }

  /** Temporaries of {@link #gen}; genCore wipes what it used before returning. */
  private static final class GenScratch {
    final int[] kb = new int[8];
    final int[] kk = new int[8];
    final int[] v = new int[9];
    final Ge t = new Ge();
    final long[] tmp = new long[5];
  }

  private static final ScratchPool<GenScratch> GEN_POOL = new ScratchPool<>(GenScratch::new);

  /**
   * r = k·G over the comb table, any 0 ≤ k < n. The first point gets projective Z = z (if not
   * null). With {@code complete} every addition uses the complete formula and the result is right
   * for every k; otherwise the incomplete one, and the return value is 1 if an exceptional case
   * made r meaningless (else 0).
   */
  private static long genCore(
      Gej r, int[] k, long[] z, Group grp, boolean complete, GenScratch gs) {
    if (Scalar.isZero(k)) {
      // k + b = 0 happens with probability 2^−256 for a random b; the branch reveals nothing else.
      r.setInfinity();
      return 0;
    }
    long[][] table = Tables.GEN;
    // Odd-digit recoding needs an odd scalar: use n − k when k is even and negate at the end.
    long even = (k[0] & 1) ^ 1;
    int[] kk = gs.kk;
    Scalar.condNegate(kk, k, even);
    // With T = GEN_WINDOWS·w, v = (kk + 2^T − 1)/2 = (kk >> 1) + 2^(T−1) < 2^T; digit i is
    // 2·(w bits of v) − (2^w − 1), odd in [−(2^w − 1), 2^w − 1], and Σ digit_i·2^(wi) = kk.
    int[] v = gs.v;
    for (int i = 0; i < 8; i++) {
      v[i] = (kk[i] >>> 1) | (i < 7 ? kk[i + 1] << 31 : 0);
    }
    int top = GEN_WINDOWS * GEN_WINDOW - 1;
    v[top >>> 5] |= 1 << (top & 31);
    Ge t = gs.t;
    long[] tmp = gs.tmp;
    long exceptional = 0;
    for (int i = 0; i < GEN_WINDOWS; i++) {
      int c = bits9(v, GEN_WINDOW * i, GEN_WINDOW);
      long neg = ((c >>> (GEN_WINDOW - 1)) & 1) ^ 1;
      int idx = (c ^ (int) (-neg)) & (GEN_ENTRIES - 1);
      lookup(t, table[i], GEN_ENTRIES, idx, neg, tmp);
      if (i == 0) {
        r.setGe(t);
        if (z != null) {
          Fe.sqr(tmp, z);
          Fe.mul(r.x, r.x, tmp);
          Fe.mul(tmp, tmp, z);
          Fe.mul(r.y, r.y, tmp);
          Fe.copy(r.z, z);
        }
      } else if (complete) {
        grp.addGeComplete(r, r, t);
      } else {
        exceptional |= grp.addGe(r, r, t);
      }
    }
    Fe.negate(tmp, r.y, 2);
    Fe.cmov(r.y, tmp, even);
    Fe.weak(r.y);
    Scalar.clear(kk);
    java.util.Arrays.fill(v, 0);
    Fe.clear(tmp);
    t.clear();
    return exceptional;
  }

  /** count (≤ 31) bits of the 9-word little-endian v from bit offset. */
  private static int bits9(int[] v, int offset, int count) {
    int w = offset >>> 5;
    int s = offset & 31;
    long lo = v[w] & 0xFFFFFFFFL;
    long hi = w + 1 < v.length ? v[w + 1] & 0xFFFFFFFFL : 0;
    return (int) (((lo | (hi << 32)) >>> s) & ((1L << count) - 1));
  }

  /**
   * Per-thread temporaries of {@link #constMul} and {@link #xOnlyMul}, so that a variable-point
   * multiplication allocates nothing. The tables hold multiples of the public point; the recoded
   * scalar and the looked-up entry are wiped after each multiplication.
   */
  private static final class ConstScratch {
    final Group grp = new Group();
    final Gej d = new Gej();
    final Ge dAff = new Ge();
    final long[] dz2 = new long[5];
    final long[] dz3 = new long[5];
    final Gej[] acc = new Gej[CONST_ENTRIES];
    final long[][] zr = new long[CONST_ENTRIES][5];
    final long[] pre = new long[10 * CONST_ENTRIES];
    final long[] preLam = new long[10 * CONST_ENTRIES];
    final long[] px = new long[5];
    final long[] py = new long[5];
    final long[] zGlobal = new long[5];
    final int[] s = new int[8];
    final int[] v1 = new int[8];
    final int[] v2 = new int[8];
    final Ge t = new Ge();
    final long[] tmp = new long[5];
    // xOnlyMul
    final long[] xg = new long[5];
    final long[] xt = new long[5];
    final long[] xv = new long[5];
    final Ge xp = new Ge();
    final Gej xr = new Gej();
    // xOnlyMul2
    final Gej xr2 = new Gej();
    final long[] xd1 = new long[5];
    final long[] xd2 = new long[5];

    ConstScratch() {
      for (int j = 0; j < CONST_ENTRIES; j++) {
        acc[j] = new Gej();
      }
    }
  }

  private static final ScratchPool<ConstScratch> CONST_POOL = new ScratchPool<>(ConstScratch::new);

  /**
   * r = k·p for a secret scalar k and an affine point p (not ∞) on secp256k1 or on any curve y² =
   * x³ + b' isomorphic to it. Returns 1 if an exceptional addition occurred (r is then
   * meaningless), else 0. k = 0 is not allowed.
   */
  static long constMul(Gej r, Ge p, int[] k) {
    ConstScratch cs = CONST_POOL.take();
    try {
      return constMul(r, p, k, cs);
    } finally {
      CONST_POOL.give(cs);
    }
  }

  private static long constMul(Gej r, Ge p, int[] k, ConstScratch cs) {
    buildConstTable(p, cs);
    return constMulTable(r, k, cs);
  }

  /**
   * Step 1 of {@link #constMul}: the odd multiples (2j+1)·p and their λ images into cs.pre /
   * cs.preLam and the table's shared Z into cs.zGlobal. Public data only (p is public).
   */
  private static void buildConstTable(Ge p, ConstScratch cs) {
    Group grp = cs.grp;
    // 1. Odd multiples (2j+1)·p, j = 0..15, all with the same Z. Work on the curve isomorphic via
    //    Z(2p) on which 2p is affine, record each addition's Z ratio, then rescale to the last Z.
    Gej d = cs.d;
    d.setGe(p);
    grp.dblUnchecked(d, d);
    Ge dAff = cs.dAff;
    Fe.copy(dAff.x, d.x);
    Fe.copy(dAff.y, d.y);
    long[] dz2 = cs.dz2;
    long[] dz3 = cs.dz3;
    Fe.sqr(dz2, d.z);
    Fe.mul(dz3, dz2, d.z);
    Gej[] acc = cs.acc;
    long[][] zr = cs.zr;
    Fe.mul(acc[0].x, p.x, dz2);
    Fe.mul(acc[0].y, p.y, dz3);
    Fe.setInt(acc[0].z, 1);
    acc[0].infinity = false;
    for (int j = 1; j < CONST_ENTRIES; j++) {
      grp.addGeZr(acc[j], acc[j - 1], dAff, zr[j]);
    }
    long[] pre = cs.pre;
    long[] preLam = cs.preLam;
    long[] ratio = dz2; // reuse
    long[] ratio2 = dz3;
    long[] px = cs.px;
    long[] py = cs.py;
    Fe.setInt(ratio, 1);
    for (int j = CONST_ENTRIES - 1; j >= 0; j--) {
      Fe.sqr(ratio2, ratio);
      Fe.mul(px, acc[j].x, ratio2);
      Fe.mul(ratio2, ratio2, ratio);
      Fe.mul(py, acc[j].y, ratio2);
      System.arraycopy(px, 0, pre, 10 * j, 5);
      System.arraycopy(py, 0, pre, 10 * j + 5, 5);
      Fe.mul(px, px, BETA);
      System.arraycopy(px, 0, preLam, 10 * j, 5);
      System.arraycopy(py, 0, preLam, 10 * j + 5, 5);
      if (j > 0) {
        Fe.mul(ratio, ratio, zr[j]);
      }
    }
    long[] zGlobal = cs.zGlobal;
    Fe.mul(zGlobal, acc[CONST_ENTRIES - 1].z, d.z);
  }

  /** Steps 2 and 3 of {@link #constMul} over the table {@link #buildConstTable} left in cs. */
  private static long constMulTable(Gej r, int[] k, ConstScratch cs) {
    Group grp = cs.grp;
    long[] pre = cs.pre;
    long[] preLam = cs.preLam;
    long[] zGlobal = cs.zGlobal;
    // 2. Recode: s = k/2 + offset, split s = s1 + s2·λ, v_i = s_i + 2^129 ∈ [0, 2^130). Then
    //    k = Σ (2·c1_i − 31)·32^i + λ·Σ (2·c2_i − 31)·32^i with c_i the 5-bit groups of v1, v2.
    int[] s = cs.s;
    int[] v1 = cs.v1;
    int[] v2 = cs.v2;
    Scalar.half(s, k);
    Scalar.add(s, s, CONST_OFFSET);
    Scalar.splitLambda(v1, v2, s);
    Scalar.add(v1, v1, TWO_129);
    Scalar.add(v2, v2, TWO_129);

    // 3. Double-and-add from the top group down.
    Ge t = cs.t;
    long[] tmp = cs.tmp;
    long exceptional = 0;
    for (int i = CONST_GROUPS - 1; i >= 0; i--) {
      if (i != CONST_GROUPS - 1) {
        for (int j = 0; j < CONST_WINDOW; j++) {
          grp.dblUnchecked(r, r);
        }
      }
      int c1 = Scalar.bits(v1, CONST_WINDOW * i, CONST_WINDOW);
      long neg1 = ((c1 >>> (CONST_WINDOW - 1)) & 1) ^ 1;
      lookup(t, pre, CONST_ENTRIES, (c1 ^ (int) -neg1) & (CONST_ENTRIES - 1), neg1, tmp);
      if (i == CONST_GROUPS - 1) {
        r.setGe(t);
      } else {
        exceptional |= grp.addGe(r, r, t);
      }
      int c2 = Scalar.bits(v2, CONST_WINDOW * i, CONST_WINDOW);
      long neg2 = ((c2 >>> (CONST_WINDOW - 1)) & 1) ^ 1;
      lookup(t, preLam, CONST_ENTRIES, (c2 ^ (int) -neg2) & (CONST_ENTRIES - 1), neg2, tmp);
      exceptional |= grp.addGe(r, r, t);
    }
    Fe.mul(r.z, r.z, zGlobal);
    Scalar.clear(s);
    Scalar.clear(v1);
    Scalar.clear(v2);
    t.clear();
    Fe.clear(tmp);
    grp.wipe();
    return exceptional;
  }

  /**
   * x(k·P) where P is the point with x-coordinate xn/xd (which must be a valid x; the sign of y is
   * irrelevant), for a secret 0 < k < n. Writes the canonical x to out.
   */
  static void xOnlyMul(long[] out, long[] xn, long[] xd, int[] k) {
    xOnlyMul(out, null, xn, xd, k);
  }

  /**
   * As {@link #xOnlyMul(long[], long[], long[], int[])}, and also P's own x = xn/xd (canonical)
   * into {@code pointX} when it is not null: the two divisions share one inversion.
   */
  static void xOnlyMul(long[] out, long[] pointX, long[] xn, long[] xd, int[] k) {
    ConstScratch cs = CONST_POOL.take();
    try {
      xOnlyMul(out, pointX, xn, xd, k, cs);
    } finally {
      cs.xr.clear(); // also after the exceptional branch, which returns early
      Fe.clear(cs.xt);
      CONST_POOL.give(cs);
    }
  }

  private static void xOnlyMul(
      long[] out, long[] pointX, long[] xn, long[] xd, int[] k, ConstScratch cs) {
    // With g = xn³ + 7·xd³ and v = g·xd, the point (xn·g, g²) lies on y² = x³ + 7·v³, which is
    // isomorphic to secp256k1 via x ↦ v·x (v is a square exactly when xn/xd is a valid x).
    // So x(k·P) = x(k·(xn·g, g²)) / v.
    Ge p = isoPoint(xn, xd, cs);
    long[] t = cs.xt;
    long[] v = cs.xv;
    Gej r = cs.xr;
    long exceptional = constMul(r, p, k, cs);
    if (exceptional != 0 || forceCompleteForTests) {
      COMPLETE_RUNS.incrementAndGet();
      constMulComplete(r, p, k);
    }
    Fe.sqr(t, r.z);
    Fe.mul(t, t, v);
    if (pointX == null) {
      Fe.inv(t, t);
    } else {
      // 1/(t·xd) once, then 1/t = xd/(t·xd) and 1/xd = t/(t·xd).
      long[] u = cs.xd1;
      long[] w = cs.xd2;
      Fe.mul(u, t, xd);
      Fe.inv(u, u);
      Fe.mul(w, u, t); // 1/xd
      Fe.mul(pointX, w, xn);
      Fe.normalize(pointX);
      Fe.mul(t, u, xd); // 1/t
      Fe.clear(u);
      Fe.clear(w);
    }
    Fe.mul(out, r.x, t);
    Fe.normalize(out);
    r.clear();
    Fe.clear(t);
  }

  /**
   * x(k1·P) and x(k2·P) for one point P (given as in {@link #xOnlyMul}) and two secret scalars: a
   * responder's two Diffie–Hellman operations with the initiator's ephemeral key. The isomorphism
   * and the table of P are built once, and the two final divisions share one inversion
   * (Montgomery's trick), so this costs about 12 % less than two {@link #xOnlyMul} calls.
   */
  static void xOnlyMul2(long[] out1, long[] out2, long[] xn, long[] xd, int[] k1, int[] k2) {
    ConstScratch cs = CONST_POOL.take();
    Gej r2 = cs.xr2;
    long[] d1 = cs.xd1;
    long[] d2 = cs.xd2;
    try {
      Ge p = isoPoint(xn, xd, cs);
      buildConstTable(p, cs);
      Gej r1 = cs.xr;
      if (constMulTable(r1, k1, cs) != 0 || forceCompleteForTests) {
        COMPLETE_RUNS.incrementAndGet();
        constMulComplete(r1, p, k1);
      }
      if (constMulTable(r2, k2, cs) != 0 || forceCompleteForTests) {
        COMPLETE_RUNS.incrementAndGet();
        constMulComplete(r2, p, k2);
      }
      // out_i = X_i / (Z_i²·v): invert the product of both denominators once.
      long[] v = cs.xv;
      long[] t = cs.xt;
      Fe.sqr(d1, r1.z);
      Fe.mul(d1, d1, v);
      Fe.sqr(d2, r2.z);
      Fe.mul(d2, d2, v);
      Fe.mul(t, d1, d2);
      Fe.inv(t, t);
      Fe.mul(d2, d2, t); // 1/d1
      Fe.mul(d1, d1, t); // 1/d2
      Fe.mul(out1, r1.x, d2);
      Fe.normalize(out1);
      Fe.mul(out2, r2.x, d1);
      Fe.normalize(out2);
    } finally {
      cs.xr.clear();
      r2.clear();
      Fe.clear(d1);
      Fe.clear(d2);
      Fe.clear(cs.xt);
      CONST_POOL.give(cs);
    }
  }

  /**
   * The point (xn·g, g²) on y² = x³ + 7·v³ with g = xn³ + 7·xd³ and v = g·xd (left in cs.xv), which
   * is isomorphic to secp256k1 via x ↦ v·x; see {@link #xOnlyMul}.
   */
  private static Ge isoPoint(long[] xn, long[] xd, ConstScratch cs) {
    long[] g = cs.xg;
    long[] t = cs.xt;
    long[] v = cs.xv;
    Fe.sqr(t, xd);
    Fe.mul(t, t, xd);
    Fe.mulInt(t, t, 7); // 7·xd³
    Fe.sqr(g, xn);
    Fe.mul(g, g, xn);
    Fe.add(g, g, t); // g = xn³ + 7·xd³ (m8)
    Fe.mul(v, g, xd);
    Ge p = cs.xp;
    Fe.mul(p.x, xn, g);
    Fe.sqr(p.y, g);
    p.infinity = false;
    return p;
  }

  /** Affine odd multiples of a public point P and of λP, for {@link #verifyMul}. Immutable. */
  static final class OddTable {
    final int window;
    final Ge[] odd;
    final Ge[] oddLambda;

    OddTable(Ge p, int window) {
      this.window = window;
      odd = new Ge[1 << (window - 2)];
      oddLambda = newGes(odd.length);
      oddMultiplesVar(odd, p, new Group());
      for (int j = 0; j < odd.length; j++) {
        Fe.mul(oddLambda[j].x, odd[j].x, BETA);
        Fe.normalize(oddLambda[j].x);
        Fe.copy(oddLambda[j].y, odd[j].y);
      }
    }
  }

  /**
   * r = s·G + e·P for public scalars and a public point P given by its odd-multiple table (variable
   * time). Returns the result in Jacobian coordinates (possibly ∞).
   */
  static void verifyMul(Gej r, int[] s, OddTable p, int[] e) {
    Ge[] gOdd = Tables.G_ODD;
    Ge[] gOddLam = Tables.G_ODD_LAMBDA;
    Group grp = new Group();
    int[] s1 = new int[8];
    int[] s2 = new int[8];
    int[] e1 = new int[8];
    int[] e2 = new int[8];
    Scalar.splitLambda(s1, s2, s);
    Scalar.splitLambda(e1, e2, e);
    int[] ws1 = new int[WNAF_BITS + 1];
    int[] ws2 = new int[WNAF_BITS + 1];
    int[] we1 = new int[WNAF_BITS + 1];
    int[] we2 = new int[WNAF_BITS + 1];
    int ls1 = wnafSigned(ws1, s1, VERIFY_WINDOW_G);
    int ls2 = wnafSigned(ws2, s2, VERIFY_WINDOW_G);
    int le1 = wnafSigned(we1, e1, p.window);
    int le2 = wnafSigned(we2, e2, p.window);
    int len = Math.max(Math.max(ls1, ls2), Math.max(le1, le2));
    r.setInfinity();
    Ge neg = new Ge();
    for (int i = len - 1; i >= 0; i--) {
      grp.dbl(r, r);
      addWnafDigit(grp, r, ws1[i], gOdd, neg);
      addWnafDigit(grp, r, ws2[i], gOddLam, neg);
      addWnafDigit(grp, r, we1[i], p.odd, neg);
      addWnafDigit(grp, r, we2[i], p.oddLambda, neg);
    }
  }

  private static void addWnafDigit(Group grp, Gej r, int digit, Ge[] table, Ge neg) {
    if (digit > 0) {
      grp.addGeVar(r, r, table[(digit - 1) >> 1]);
    } else if (digit < 0) {
      Ge e = table[(-digit - 1) >> 1];
      Fe.copy(neg.x, e.x);
      Fe.negate(neg.y, e.y, 1);
      neg.infinity = false;
      grp.addGeVar(r, r, neg);
    }
  }

  /**
   * Width-w NAF of a GLV half given mod n (small, or n minus small): digits are 0 or odd with |d| <
   * 2^(w−1), least significant first. Returns the number of digits used. Variable time.
   */
  static int wnafSigned(int[] wnaf, int[] a, int w) {
    java.util.Arrays.fill(wnaf, 0);
    int[] s = new int[8];
    int sign = 1;
    if (Scalar.isHigh(a)) {
      Scalar.negate(s, a);
      sign = -1;
    } else {
      Scalar.copy(s, a);
    }
    // |value| < 2^130: three 64-bit words (and a zero guard word).
    long[] words = {
      (s[0] & 0xFFFFFFFFL) | ((long) s[1] << 32),
      (s[2] & 0xFFFFFFFFL) | ((long) s[3] << 32),
      (s[4] & 0xFFFFFFFFL) | ((long) s[5] << 32),
      0
    };
    int len = 0;
    int carry = 0;
    int bit = 0;
    while (bit < WNAF_BITS) {
      if ((int) ((words[bit >>> 6] >>> (bit & 63)) & 1) == carry) {
        bit++;
        continue;
      }
      int now = Math.min(w, WNAF_BITS - bit);
      int sh = bit & 63;
      long chunk = words[bit >>> 6] >>> sh;
      if (sh + now > 64) {
        chunk |= words[(bit >>> 6) + 1] << (64 - sh);
      }
      int word = (int) (chunk & ((1L << now) - 1)) + carry;
      carry = (word >>> (w - 1)) & 1;
      word -= carry << w;
      wnaf[bit] = sign * word;
      bit += now;
      len = bit;
    }
    if (carry != 0) {
      wnaf[WNAF_BITS] = sign;
      len = WNAF_BITS + 1;
    }
    return len;
  }

  // ---------------------------------------------------------------------------------------------
  // The exceptional-case path of the variable-point multiplication, in constant-time complete
  // formulas (it replaced a Bouncy Castle/BigInteger fallback: no secret reaches BigInteger).

  /**
   * r = k·p for a secret 0 < k < n and an affine point p (not ∞, public) on secp256k1 or a curve
   * isomorphic to it, correct for every k: fixed 4-bit windows over a table of 1·p .. 16·p with
   * constant-time scans and {@link Group#addGeComplete}. About three times slower than {@link
   * #constMul}; only taken when that reports an exceptional case (never for random scalars).
   */
  static void constMulComplete(Gej r, Ge p, int[] k) {
    Group grp = new Group();
    // Table of j·p, j = 1..16 (public, variable time is fine here).
    Gej[] jac = new Gej[16];
    jac[0] = new Gej();
    jac[0].setGe(p);
    for (int j = 1; j < 16; j++) {
      jac[j] = new Gej();
      grp.addVar(jac[j], jac[j - 1], jac[0]);
    }
    Ge[] aff = newGes(16);
    Group.toAffineBatchVar(aff, jac, 16);
    long[] table = flatten(aff, 0, 16);
    Gej sum = new Gej();
    Ge t = new Ge();
    long[] tmp = new long[5];
    r.setInfinity();
    for (int i = 63; i >= 0; i--) {
      boolean inf = r.infinity;
      for (int d = 0; d < 4; d++) {
        grp.dblUnchecked(r, r);
      }
      r.infinity = inf;
      int digit = Scalar.bits(k, 4 * i, 4);
      long nonZero = ((digit | -digit) >>> 31) & 1;
      lookup(t, table, 16, (digit - 1) & 15, 0, tmp);
      grp.addGeComplete(sum, r, t);
      Fe.cmov(r.x, sum.x, nonZero);
      Fe.cmov(r.y, sum.y, nonZero);
      Fe.cmov(r.z, sum.z, nonZero);
      long inf2 = (nonZero & (sum.infinity ? 1L : 0L)) | ((nonZero ^ 1) & (inf ? 1L : 0L));
      r.infinity = inf2 != 0;
    }
    sum.clear();
    t.clear();
    Fe.clear(tmp);
    grp.wipe();
  }
}
