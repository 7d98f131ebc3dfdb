package org.sv2j.noise.crypto;

/**
 * Arithmetic in GF(p), p = 2^256 − 2^32 − 977, on {@code long[5]} elements in radix 2^52.
 *
 * <p>An element {@code a} stands for {@code a[0] + a[1]·2^52 + a[2]·2^104 + a[3]·2^156 +
 * a[4]·2^208} (mod p). Limbs are never negative. Results of {@link #mul} and {@link #sqr} have
 * limbs 0–3 below 2^52 + 2^28 and limb 4 below 2^48 ("magnitude 1"); {@link #setBytes} gives limbs
 * below 2^52 / 2^48 (possibly a value ≥ p). Adding elements adds their magnitudes; {@link #negate}
 * of an element of magnitude m has magnitude m + 1. {@link #mul} and {@link #sqr} accept inputs of
 * magnitude ≤ 8. Only {@link #normalize} produces the canonical representative (value < p, limbs <
 * 2^52 / 2^48), which {@link #isZero}, {@link #isOdd}, {@link #equal} and {@link #toBytes} rely on
 * (they normalize a copy or assume canonical input as documented).
 *
 * <p>Multiplication forms each product column as a wrapping 64-bit sum of the low product words
 * plus the sum of ⌊x·y / 2^52⌋, which {@link Math#multiplyHigh} gives exactly when both operands
 * are pre-scaled by 2^6 (limbs stay below 2^57, so the signed high word is the unsigned one); the
 * column's carry out of bit 52 is then recovered from the top 12 bits of the wrapping sum. No
 * 128-bit accumulator is needed. The top half of the product is folded with 2^260 ≡ 0x1000003D10
 * (mod p) and the final carry above 2^256 with 2^256 ≡ 0x1000003D1. Everything except {@link
 * #isSquareVar}, {@link #invVar} and the methods named {@code *Var} is free of secret-dependent
 * branches.
 */
final class Fe {
  static final long M52 = 0xFFFFFFFFFFFFFL;
  static final long M48 = 0xFFFFFFFFFFFFL;

  /** 2^256 mod p. */
  static final long C256 = 0x1000003D1L;

  /** 2^260 mod p. */
  static final long C260 = 0x1000003D10L;

  static final long P0 = 0xFFFFEFFFFFC2FL;
  static final long P1 = M52;
  static final long P2 = M52;
  static final long P3 = M52;
  static final long P4 = M48;

  private Fe() {}

  /**
   * Per-thread temporaries of the out-of-line helpers (square root, inversions, Jacobi symbol), so
   * that they allocate nothing. Each helper has its own fields, and none of them calls another one
   * that uses the same fields, so nesting (isSquareVar → sqrt → equalVar) is safe. Fields that held
   * secret-dependent values are wiped before the helper returns.
   */
  private static final class Scratch {
    final long[] x2 = new long[5];
    final long[] x3 = new long[5];
    final long[] x6 = new long[5];
    final long[] x11 = new long[5];
    final long[] x22 = new long[5];
    final long[] x44 = new long[5];
    final long[] st = new long[5];
    final long[] eq = new long[5];
    final long[] qt = new long[5];
    final long[] qroot = new long[5];
    final long[] jf = new long[9];
    final long[] jg = new long[9];
    final long[] it = new long[5];
    final long[] i30 = new long[9];
    final int[] j30 = new int[9];
    final SafeGcd gcd = new SafeGcd(P30_INTS);
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** A canonical element from a 64-hex-digit big-endian constant (no checks beyond length). */
  static long[] fromHex(String hex) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    long[] r = new long[5];
    setBytes(r, b, 0);
    normalize(r);
    return r;
  }

  static void copy(long[] r, long[] a) {
    r[0] = a[0];
    r[1] = a[1];
    r[2] = a[2];
    r[3] = a[3];
    r[4] = a[4];
  }

  static void setInt(long[] r, int v) {
    r[0] = v;
    r[1] = 0;
    r[2] = 0;
    r[3] = 0;
    r[4] = 0;
  }

  static void clear(long[] r) {
    setInt(r, 0);
  }

  /** Low 52 bits of x·y (x, y non-negative). */
  private static long lo(long x, long y) {
    return (x * y) & M52;
  }

  /** ⌊x·y / 2^52⌋ for x, y < 2^57: the high word of (x·2^6)·(y·2^6), exact and sign-safe. */
  private static long hi(long x, long y) {
    return Math.multiplyHigh(x << 6, y << 6);
  }

  /**
   * ⌊S / 2^52⌋ for a column sum S = Σ x_i·y_i of at most 5 products below 2^112, given w = S mod
   * 2^64 (the wrapping sum of the products) and h = Σ ⌊x_i·y_i / 2^52⌋: the lost carry ⌊Σ (x_i·y_i
   * mod 2^52) / 2^52⌋ is below 2^12, and w's top 12 bits are h plus that carry.
   */
  private static long top(long w, long h) {
    return h + (((w >>> 52) - h) & 0xFFF);
  }

  /** r = a·b. r may alias a or b. */
  static void mul(long[] r, long[] a, long[] b) {
    final long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    final long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
    // Operands scaled by 2^6 so that multiplyHigh yields ⌊x·y / 2^52⌋ directly.
    final long s0 = a0 << 6, s1 = a1 << 6, s2 = a2 << 6, s3 = a3 << 6, s4 = a4 << 6;
    final long u0 = b0 << 6, u1 = b1 << 6, u2 = b2 << 6, u3 = b3 << 6, u4 = b4 << 6;

    // Column k: w = Σ a_i·b_j mod 2^64 (i + j = k) and h = Σ ⌊a_i·b_j / 2^52⌋.
    long w0 = a0 * b0;
    long h0 = Math.multiplyHigh(s0, u0);
    long w1 = a0 * b1 + a1 * b0;
    long h1 = Math.multiplyHigh(s0, u1) + Math.multiplyHigh(s1, u0);
    long w2 = a0 * b2 + a1 * b1 + a2 * b0;
    long h2 = Math.multiplyHigh(s0, u2) + Math.multiplyHigh(s1, u1) + Math.multiplyHigh(s2, u0);
    long w3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
    long h3 =
        Math.multiplyHigh(s0, u3)
            + Math.multiplyHigh(s1, u2)
            + Math.multiplyHigh(s2, u1)
            + Math.multiplyHigh(s3, u0);
    long w4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
    long h4 =
        Math.multiplyHigh(s0, u4)
            + Math.multiplyHigh(s1, u3)
            + Math.multiplyHigh(s2, u2)
            + Math.multiplyHigh(s3, u1)
            + Math.multiplyHigh(s4, u0);
    long w5 = a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1;
    long h5 =
        Math.multiplyHigh(s1, u4)
            + Math.multiplyHigh(s2, u3)
            + Math.multiplyHigh(s3, u2)
            + Math.multiplyHigh(s4, u1);
    long w6 = a2 * b4 + a3 * b3 + a4 * b2;
    long h6 = Math.multiplyHigh(s2, u4) + Math.multiplyHigh(s3, u3) + Math.multiplyHigh(s4, u2);
    long w7 = a3 * b4 + a4 * b3;
    long h7 = Math.multiplyHigh(s3, u4) + Math.multiplyHigh(s4, u3);
    long w8 = a4 * b4;
    long h8 = Math.multiplyHigh(s4, u4);
    columns(r, w0, h0, w1, h1, w2, h2, w3, h3, w4, h4, w5, h5, w6, h6, w7, h7, w8, h8);
  }

  /** r = a². r may alias a. */
  static void sqr(long[] r, long[] a) {
    final long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    final long d0 = a0 << 1, d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1;
    final long s0 = a0 << 6, s1 = a1 << 6, s2 = a2 << 6, s3 = a3 << 6, s4 = a4 << 6;
    final long e0 = a0 << 7, e1 = a1 << 7, e2 = a2 << 7, e3 = a3 << 7;

    long w0 = a0 * a0;
    long h0 = Math.multiplyHigh(s0, s0);
    long w1 = d0 * a1;
    long h1 = Math.multiplyHigh(e0, s1);
    long w2 = d0 * a2 + a1 * a1;
    long h2 = Math.multiplyHigh(e0, s2) + Math.multiplyHigh(s1, s1);
    long w3 = d0 * a3 + d1 * a2;
    long h3 = Math.multiplyHigh(e0, s3) + Math.multiplyHigh(e1, s2);
    long w4 = d0 * a4 + d1 * a3 + a2 * a2;
    long h4 = Math.multiplyHigh(e0, s4) + Math.multiplyHigh(e1, s3) + Math.multiplyHigh(s2, s2);
    long w5 = d1 * a4 + d2 * a3;
    long h5 = Math.multiplyHigh(e1, s4) + Math.multiplyHigh(e2, s3);
    long w6 = d2 * a4 + a3 * a3;
    long h6 = Math.multiplyHigh(e2, s4) + Math.multiplyHigh(s3, s3);
    long w7 = d3 * a4;
    long h7 = Math.multiplyHigh(e3, s4);
    long w8 = a4 * a4;
    long h8 = Math.multiplyHigh(s4, s4);
    columns(r, w0, h0, w1, h1, w2, h2, w3, h3, w4, h4, w5, h5, w6, h6, w7, h7, w8, h8);
  }

  /** Splits each column into its low 52 bits and the rest, and reduces. */
  private static void columns(
      long[] r,
      long w0,
      long h0,
      long w1,
      long h1,
      long w2,
      long h2,
      long w3,
      long h3,
      long w4,
      long h4,
      long w5,
      long h5,
      long w6,
      long h6,
      long w7,
      long h7,
      long w8,
      long h8) {
    long c0 = w0 & M52;
    long c1 = (w1 & M52) + top(w0, h0);
    long c2 = (w2 & M52) + top(w1, h1);
    long c3 = (w3 & M52) + top(w2, h2);
    long c4 = (w4 & M52) + top(w3, h3);
    long c5 = (w5 & M52) + top(w4, h4);
    long c6 = (w6 & M52) + top(w5, h5);
    long c7 = (w7 & M52) + top(w6, h6);
    long c8 = (w8 & M52) + top(w7, h7);
    long c9 = top(w8, h8);
    reduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
  }

  /**
   * Reduces Σ c_k·2^(52k), k = 0..9 (each c_k < 2^61), to magnitude 1. Positions 5..9 are first
   * carried into 52-bit pieces, then folded down with 2^260 ≡ C260; whatever lands above 2^256 is
   * folded with 2^256 ≡ C256.
   */
  private static void reduce(
      long[] r,
      long c0,
      long c1,
      long c2,
      long c3,
      long c4,
      long c5,
      long c6,
      long c7,
      long c8,
      long c9) {
    long d5 = c5 & M52;
    long d6 = (c6 & M52) + (c5 >>> 52);
    long d7 = (c7 & M52) + (c6 >>> 52);
    long d8 = (c8 & M52) + (c7 >>> 52);
    long d9 = c9 + (c8 >>> 52);

    c0 += lo(d5, C260);
    c1 += hi(d5, C260) + lo(d6, C260);
    c2 += hi(d6, C260) + lo(d7, C260);
    c3 += hi(d7, C260) + lo(d8, C260);
    c4 += hi(d8, C260) + lo(d9, C260);
    long z = hi(d9, C260); // weight 2^260

    c1 += c0 >>> 52;
    c0 &= M52;
    c2 += c1 >>> 52;
    c1 &= M52;
    c3 += c2 >>> 52;
    c2 &= M52;
    c4 += c3 >>> 52;
    c3 &= M52;

    long top = (c4 >>> 48) + (z << 4); // weight 2^256
    c4 &= M48;
    c0 += top * 0x3D1L + ((top << 32) & M52);
    c1 += top >>> 20;
    c1 += c0 >>> 52;
    c0 &= M52;

    r[0] = c0;
    r[1] = c1;
    r[2] = c2;
    r[3] = c3;
    r[4] = c4;
  }

  /** r = a + b (magnitudes add). */
  static void add(long[] r, long[] a, long[] b) {
    r[0] = a[0] + b[0];
    r[1] = a[1] + b[1];
    r[2] = a[2] + b[2];
    r[3] = a[3] + b[3];
    r[4] = a[4] + b[4];
  }

  /** r += a small non-negative integer (magnitude grows by one at most). */
  static void addInt(long[] r, int v) {
    r[0] += v;
  }

  /** r = a·k for a small non-negative k (magnitude times k). */
  static void mulInt(long[] r, long[] a, int k) {
    r[0] = a[0] * k;
    r[1] = a[1] * k;
    r[2] = a[2] * k;
    r[3] = a[3] * k;
    r[4] = a[4] * k;
  }

  /** r = −a, where a has magnitude at most m; r has magnitude m + 1. */
  static void negate(long[] r, long[] a, int m) {
    long k = m + 1L;
    // Limbwise (m+1)·p − a: every limb of p times (m+1) exceeds the matching limb of a (magnitude
    // m),
    // even with the up-to-2^28 excess that mul leaves in limbs 1..3.
    r[0] = k * P0 - a[0];
    r[1] = k * P1 - a[1];
    r[2] = k * P2 - a[2];
    r[3] = k * P3 - a[3];
    r[4] = k * P4 - a[4];
  }

  /** r = a − b, where b has magnitude at most m (r's magnitude is a's plus m + 1). */
  static void sub(long[] r, long[] a, long[] b, int m) {
    long k = m + 1L;
    r[0] = a[0] + k * P0 - b[0];
    r[1] = a[1] + k * P1 - b[1];
    r[2] = a[2] + k * P2 - b[2];
    r[3] = a[3] + k * P3 - b[3];
    r[4] = a[4] + k * P4 - b[4];
  }

  /** r = weak(a − k·b), where k·(magnitude of b) ≤ m: one pass instead of mulInt, sub and weak. */
  static void subWeak(long[] r, long[] a, long[] b, int k, int m) {
    long o = m + 1L;
    weak(
        r,
        a[0] + o * P0 - k * b[0],
        a[1] + o * P1 - k * b[1],
        a[2] + o * P2 - k * b[2],
        a[3] + o * P3 - k * b[3],
        a[4] + o * P4 - k * b[4]);
  }

  /** r = weak(a − b − k·c), where (magnitude of b) + k·(magnitude of c) ≤ m. */
  static void sub2Weak(long[] r, long[] a, long[] b, long[] c, int k, int m) {
    long o = m + 1L;
    weak(
        r,
        a[0] + o * P0 - b[0] - k * c[0],
        a[1] + o * P1 - b[1] - k * c[1],
        a[2] + o * P2 - b[2] - k * c[2],
        a[3] + o * P3 - b[3] - k * c[3],
        a[4] + o * P4 - b[4] - k * c[4]);
  }

  /** r = k·a − b, where b has magnitude ≤ m (r's magnitude is k·mag(a) + m + 1). */
  static void mulIntSub(long[] r, long[] a, int k, long[] b, int m) {
    long o = m + 1L;
    r[0] = k * a[0] + o * P0 - b[0];
    r[1] = k * a[1] + o * P1 - b[1];
    r[2] = k * a[2] + o * P2 - b[2];
    r[3] = k * a[3] + o * P3 - b[3];
    r[4] = k * a[4] + o * P4 - b[4];
  }

  private static void weak(long[] r, long t0, long t1, long t2, long t3, long t4) {
    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * C256;
    t1 += t0 >>> 52;
    t0 &= M52;
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
    r[4] = t4;
  }

  /** Reduces r in place to magnitude 1 (not necessarily below p). Branch-free. */
  static void weak(long[] r) {
    long t0 = r[0], t1 = r[1], t2 = r[2], t3 = r[3], t4 = r[4];
    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * C256;
    t1 += t0 >>> 52;
    t0 &= M52;
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
    r[4] = t4;
  }

  /** Reduces r in place to the canonical representative in [0, p). Branch-free. */
  static void normalize(long[] r) {
    long t0 = r[0], t1 = r[1], t2 = r[2], t3 = r[3], t4 = r[4];

    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * C256;

    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    // Now value = t + (t4 >>> 48)·2^256 with t < 2^256; subtract p once if value ≥ p.
    long over = t4 >>> 48;
    t4 &= M48;
    long allOnes = (t4 ^ M48) | ((t1 & t2 & t3) ^ M52);
    // ge = 1 iff t4..t1 are all ones and t0 ≥ P0
    long ge = ((allOnes | -allOnes) >>> 63) ^ 1L; // 1 iff allOnes == 0
    ge &= ((t0 - P0) >>> 63) ^ 1L; // t0 ≥ P0 (both < 2^53, so no wrap-around issue)
    long fix = over | ge;
    t0 += fix * C256;
    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    t4 &= M48;

    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
    r[4] = t4;
  }

  /** True iff a ≡ 0 (mod p), for any magnitude up to 32; a is not modified. */
  static boolean isZero(long[] a) {
    return zeroMask(a) != 0;
  }

  /**
   * 1 iff a ≡ 0 (mod p), else 0, branch-free and allocation-free: after one fold the value is below
   * 2^256 + 2^50 < 2p, so it is ≡ 0 exactly when it equals 0 or p.
   */
  static long zeroMask(long[] a) {
    long t0 = a[0], t1 = a[1], t2 = a[2], t3 = a[3], t4 = a[4];
    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * C256;
    t1 += t0 >>> 52;
    t0 &= M52;
    t2 += t1 >>> 52;
    t1 &= M52;
    t3 += t2 >>> 52;
    t2 &= M52;
    t4 += t3 >>> 52;
    t3 &= M52;
    long z0 = t0 | t1 | t2 | t3 | t4;
    long z1 = (t0 ^ P0) | (t1 ^ P1) | (t2 ^ P2) | (t3 ^ P3) | (t4 ^ P4);
    return ((((z0 | -z0) & (z1 | -z1)) >>> 63) ^ 1L);
  }

  /** True iff canonical a is odd. */
  static boolean isOdd(long[] a) {
    return (a[0] & 1) != 0;
  }

  /** True iff canonical a and b are equal. */
  static boolean equal(long[] a, long[] b) {
    return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) | (a[4] ^ b[4])) == 0;
  }

  /** True iff a ≡ b (mod p), for any magnitudes (up to 16 each). */
  static boolean equalVar(long[] a, long[] b) {
    long[] t = SCRATCH.get().eq;
    sub(t, a, b, 16);
    return isZero(t);
  }

  /** r = if flag == 1 then a else r (flag must be 0 or 1). */
  static void cmov(long[] r, long[] a, long flag) {
    long mask = -flag;
    r[0] ^= (r[0] ^ a[0]) & mask;
    r[1] ^= (r[1] ^ a[1]) & mask;
    r[2] ^= (r[2] ^ a[2]) & mask;
    r[3] ^= (r[3] ^ a[3]) & mask;
    r[4] ^= (r[4] ^ a[4]) & mask;
  }

  /**
   * Sets r from 32 big-endian bytes, without reducing mod p (limbs are exact; value may be ≥ p).
   */
  static void setBytes(long[] r, byte[] in, int off) {
    long w3 = be64(in, off);
    long w2 = be64(in, off + 8);
    long w1 = be64(in, off + 16);
    long w0 = be64(in, off + 24);
    r[0] = w0 & M52;
    r[1] = ((w0 >>> 52) | (w1 << 12)) & M52;
    r[2] = ((w1 >>> 40) | (w2 << 24)) & M52;
    r[3] = ((w2 >>> 28) | (w3 << 36)) & M52;
    r[4] = w3 >>> 16;
  }

  /**
   * Sets r from 32 big-endian bytes; returns false (r still set, unreduced) if the value is ≥ p.
   */
  static boolean setBytesLimit(long[] r, byte[] in, int off) {
    setBytes(r, in, off);
    long t4 = r[4], t3 = r[3], t2 = r[2], t1 = r[1], t0 = r[0];
    boolean ge = t4 == M48 && (t3 & t2 & t1) == M52 && t0 >= P0;
    return !ge;
  }

  /** Writes canonical a as 32 big-endian bytes. */
  static void toBytes(byte[] out, int off, long[] a) {
    long t0 = a[0], t1 = a[1], t2 = a[2], t3 = a[3], t4 = a[4];
    long w0 = t0 | (t1 << 52);
    long w1 = (t1 >>> 12) | (t2 << 40);
    long w2 = (t2 >>> 24) | (t3 << 28);
    long w3 = (t3 >>> 36) | (t4 << 16);
    putBe64(out, off, w3);
    putBe64(out, off + 8, w2);
    putBe64(out, off + 16, w1);
    putBe64(out, off + 24, w0);
  }

  static long be64(byte[] b, int off) {
    return ((b[off] & 0xFFL) << 56)
        | ((b[off + 1] & 0xFFL) << 48)
        | ((b[off + 2] & 0xFFL) << 40)
        | ((b[off + 3] & 0xFFL) << 32)
        | ((b[off + 4] & 0xFFL) << 24)
        | ((b[off + 5] & 0xFFL) << 16)
        | ((b[off + 6] & 0xFFL) << 8)
        | (b[off + 7] & 0xFFL);
  }

  static void putBe64(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  /**
   * r = a^−1 (0 maps to 0) in constant time ({@link SafeGcd}: 600 branch-free divsteps, no
   * allocation). Output is canonical.
   */
  static void inv(long[] r, long[] a) {
    Scratch sc = SCRATCH.get();
    long[] t = sc.it;
    long[] l = sc.i30;
    int[] x = sc.j30;
    copy(t, a);
    normalize(t);
    to30(l, t);
    for (int i = 0; i < 9; i++) {
      x[i] = (int) l[i];
    }
    sc.gcd.inverse(x);
    from30(r, x);
    java.util.Arrays.fill(x, 0);
    java.util.Arrays.fill(l, 0);
    clear(t);
  }

  /** Nine 30-bit limbs (value below 2^270, here below p) to 5×52 limbs. */
  private static void from30(long[] r, int[] x) {
    long w0 = (x[0] & 0xFFFFFFFFL) | ((long) x[1] << 30) | ((long) x[2] << 60);
    long w1 = ((long) x[2] >>> 4) | ((long) x[3] << 26) | ((long) x[4] << 56);
    long w2 = ((long) x[4] >>> 8) | ((long) x[5] << 22) | ((long) x[6] << 52);
    long w3 = ((long) x[6] >>> 12) | ((long) x[7] << 18) | ((long) x[8] << 48);
    r[0] = w0 & M52;
    r[1] = ((w0 >>> 52) | (w1 << 12)) & M52;
    r[2] = ((w1 >>> 40) | (w2 << 24)) & M52;
    r[3] = ((w2 >>> 28) | (w3 << 36)) & M52;
    r[4] = w3 >>> 16;
  }

  /**
   * r = a^−1 (0 maps to 0) for public values. The same constant-time {@link SafeGcd} as {@link
   * #inv}: a variable-time divstep loop would save about 0.5 µs a call, Bouncy Castle's allocates
   * about 300 bytes a call. Output is canonical.
   */
  static void invVar(long[] r, long[] a) {
    inv(r, a);
  }

  /**
   * r = a^(2^n) (n ≥ 1); r may alias a. The same arithmetic as {@link #sqr}, with the limbs kept in
   * local variables across the n squarings (this chain dominates square roots).
   */
  static void sqrN(long[] r, long[] a, int n) {
    long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    for (int i = 0; i < n; i++) {
      final long d0 = a0 << 1, d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1;
      final long s0 = a0 << 6, s1 = a1 << 6, s2 = a2 << 6, s3 = a3 << 6, s4 = a4 << 6;
      final long e0 = a0 << 7, e1 = a1 << 7, e2 = a2 << 7, e3 = a3 << 7;
      long w0 = a0 * a0;
      long h0 = Math.multiplyHigh(s0, s0);
      long w1 = d0 * a1;
      long h1 = Math.multiplyHigh(e0, s1);
      long w2 = d0 * a2 + a1 * a1;
      long h2 = Math.multiplyHigh(e0, s2) + Math.multiplyHigh(s1, s1);
      long w3 = d0 * a3 + d1 * a2;
      long h3 = Math.multiplyHigh(e0, s3) + Math.multiplyHigh(e1, s2);
      long w4 = d0 * a4 + d1 * a3 + a2 * a2;
      long h4 = Math.multiplyHigh(e0, s4) + Math.multiplyHigh(e1, s3) + Math.multiplyHigh(s2, s2);
      long w5 = d1 * a4 + d2 * a3;
      long h5 = Math.multiplyHigh(e1, s4) + Math.multiplyHigh(e2, s3);
      long w6 = d2 * a4 + a3 * a3;
      long h6 = Math.multiplyHigh(e2, s4) + Math.multiplyHigh(s3, s3);
      long w7 = d3 * a4;
      long h7 = Math.multiplyHigh(e3, s4);
      long w8 = a4 * a4;
      long h8 = Math.multiplyHigh(s4, s4);

      long c0 = w0 & M52;
      long c1 = (w1 & M52) + top(w0, h0);
      long c2 = (w2 & M52) + top(w1, h1);
      long c3 = (w3 & M52) + top(w2, h2);
      long c4 = (w4 & M52) + top(w3, h3);
      long c5 = (w5 & M52) + top(w4, h4);
      long c6 = (w6 & M52) + top(w5, h5);
      long c7 = (w7 & M52) + top(w6, h6);
      long c8 = (w8 & M52) + top(w7, h7);
      long c9 = top(w8, h8);

      long t5 = c5 & M52;
      long t6 = (c6 & M52) + (c5 >>> 52);
      long t7 = (c7 & M52) + (c6 >>> 52);
      long t8 = (c8 & M52) + (c7 >>> 52);
      long t9 = c9 + (c8 >>> 52);
      c0 += lo(t5, C260);
      c1 += hi(t5, C260) + lo(t6, C260);
      c2 += hi(t6, C260) + lo(t7, C260);
      c3 += hi(t7, C260) + lo(t8, C260);
      c4 += hi(t8, C260) + lo(t9, C260);
      long z = hi(t9, C260);
      c1 += c0 >>> 52;
      c0 &= M52;
      c2 += c1 >>> 52;
      c1 &= M52;
      c3 += c2 >>> 52;
      c2 &= M52;
      c4 += c3 >>> 52;
      c3 &= M52;
      long tp = (c4 >>> 48) + (z << 4);
      c4 &= M48;
      c0 += tp * 0x3D1L + ((tp << 32) & M52);
      c1 += tp >>> 20;
      c1 += c0 >>> 52;
      c0 &= M52;
      a0 = c0;
      a1 = c1;
      a2 = c2;
      a3 = c3;
      a4 = c4;
    }
    r[0] = a0;
    r[1] = a1;
    r[2] = a2;
    r[3] = a3;
    r[4] = a4;
  }

  /**
   * r = a^((p+1)/4), the candidate square root; returns true iff r² ≡ a (i.e. a is a square). The
   * root is exactly that power (not re-signed), as in libsecp256k1. r must not alias a.
   */
  static boolean sqrt(long[] r, long[] a) {
    Scratch sc = SCRATCH.get();
    long[] t = sc.st;
    chain(t, a, sc);
    sqrN(t, t, 6);
    mul(t, t, sc.x2);
    sqrN(r, t, 2);

    sqr(t, r);
    return equalVar(t, a);
  }

  /**
   * z = a^((p−3)/4) and w = a·z = a^((p+1)/4), the root {@link #sqrt} gives, from one
   * exponentiation. For a nonzero square a, z = 1/w and z² = 1/a, so a caller that needs both a
   * root and an inverse saves the inversion. Returns whether w² = a; z and w may not alias a.
   */
  static boolean isqrt(long[] z, long[] w, long[] a) {
    // (p+1)/4 = 4E with E = T·2^6 + 3 (the tail of sqrt), so (p−3)/4 = 4·(T·2^6 + 2) + 3.
    Scratch sc = SCRATCH.get();
    long[] t = sc.st;
    chain(t, a, sc);
    sqrN(t, t, 6);
    sqr(w, a);
    mul(t, t, w);
    sqrN(t, t, 2);
    mul(z, t, sc.x2);
    mul(w, z, a);

    sqr(t, w);
    return equalVar(t, a);
  }

  /**
   * The shared head of the (p+1)/4 and (p−3)/4 chains: blocks of ones x_k = a^(2^k − 1), then t =
   * a^T with (p+1)/4 = 4·(T·2^6 + 3); leaves x2 = a³ in sc.x2.
   */
  private static void chain(long[] t, long[] a, Scratch sc) {
    long[] x2 = sc.x2;
    long[] x3 = sc.x3;
    long[] x6 = sc.x6;
    long[] x11 = sc.x11;
    long[] x22 = sc.x22;
    long[] x44 = sc.x44;

    sqr(x2, a);
    mul(x2, x2, a);
    sqr(x3, x2);
    mul(x3, x3, a);
    sqrN(x6, x3, 3);
    mul(x6, x6, x3);
    sqrN(t, x6, 3); // x9
    mul(t, t, x3);
    sqrN(x11, t, 2);
    mul(x11, x11, x2);
    sqrN(x22, x11, 11);
    mul(x22, x22, x11);
    sqrN(x44, x22, 22);
    mul(x44, x44, x22);
    sqrN(t, x44, 44); // x88
    mul(t, t, x44);
    long[] x88 = x6; // x6 no longer needed after x9; reuse storage
    copy(x88, t);
    sqrN(t, x88, 88); // x176
    mul(t, t, x88);
    sqrN(t, t, 44); // x220
    mul(t, t, x44);
    sqrN(t, t, 3); // x223
    mul(t, t, x3);
    sqrN(t, t, 23);
    mul(t, t, x22);
  }

  // ---------------------------------------------------------------------------------------------
  // Quadratic character (Jacobi symbol mod p), variable time.

  private static final long M30 = 0x3FFFFFFFL;

  /** p as nine 30-bit limbs. */
  private static final long[] P30 = new long[9];

  /** The same limbs as ints, for {@link SafeGcd}. */
  private static final int[] P30_INTS = new int[9];

  static {
    to30(P30, new long[] {P0, P1, P2, P3, P4});
    for (int i = 0; i < 9; i++) {
      P30_INTS[i] = (int) P30[i];
    }
  }
  private static final int JACOBI_BATCHES = 52;

  /**
   * True iff a is a square mod p (0 counts as a square). Variable time: uses a binary Jacobi-symbol
   * algorithm ("posdivsteps", the positive-only variant of Bernstein–Yang divsteps that keeps track
   * of quadratic reciprocity), with the exponentiation as a fallback in the astronomically rare
   * case it has not converged after 52 batches of 30 steps.
   */
  static boolean isSquareVar(long[] a) {
    Scratch sc = SCRATCH.get();
    long[] t = sc.qt;
    copy(t, a);
    normalize(t);
    if ((t[0] | t[1] | t[2] | t[3] | t[4]) == 0) {
      return true;
    }
    int j = jacobiVar(t);
    if (j != 0) {
      return j > 0;
    }
    return sqrt(sc.qroot, t);
  }

  /** Jacobi symbol (a | p) for canonical nonzero a: 1 or −1, or 0 if undecided. */
  static int jacobiVar(long[] a) {
    // f = p, g = a, both as nine non-negative 30-bit limbs.
    Scratch sc = SCRATCH.get();
    long[] f = sc.jf;
    long[] g = sc.jg;
    System.arraycopy(P30, 0, f, 0, 9);
    to30(g, a);
    long eta = -1; // −delta
    int jac = 0; // bit 0 flips each time the symbol changes sign
    int len = 9; // limbs in use
    for (int batch = 0; batch < JACOBI_BATCHES; batch++) {
      long fl = f[0] | (f[1] << 30) | (f[2] << 60);
      long gl = g[0] | (g[1] << 30) | (g[2] << 60);
      // Transition matrix [u v; q r]: after the batch, 2^30·f' = u·f + v·g and 2^30·g' = q·f + r·g.
      long u = 1, v = 0, q = 0, r = 1;
      int left = 30;
      while (true) {
        // Halve g as often as possible (at most `left` times); each halving is one step.
        int zeros = Long.numberOfTrailingZeros(gl | (-1L << left));
        gl >>>= zeros;
        u <<= zeros;
        v <<= zeros;
        eta -= zeros;
        left -= zeros;
        // (2 | f) = −1 iff f ≡ 3, 5 (mod 8): flip once per odd number of halvings.
        jac ^= (int) (zeros & ((fl >>> 1) ^ (fl >>> 2)));
        if (left == 0) {
          break;
        }
        long mask;
        long w;
        if (eta < 0) {
          // Swap f and g (both odd): reciprocity flips the sign iff both are 3 mod 4.
          eta = -eta;
          long tmp = fl;
          fl = gl;
          gl = tmp;
          tmp = u;
          u = q;
          q = tmp;
          tmp = v;
          v = r;
          r = tmp;
          jac ^= (int) ((fl & gl) >>> 1);
          int limit = (int) Math.min(eta + 1, left);
          mask = (-1L >>> (64 - limit)) & 63;
          // −1/f mod 64 is f·(f² − 2); pick w ≡ −g/f so that g + w·f has `limit` (≤ 6) zero bits.
          w = (fl * gl * (fl * fl - 2)) & mask;
        } else {
          int limit = (int) Math.min(eta + 1, left);
          mask = (-1L >>> (64 - limit)) & 15;
          // f + (((f + 1) & 4) << 1) is 1/f mod 16.
          w = fl + (((fl + 1) & 4) << 1);
          w = (-w * gl) & mask;
        }
        // Adding a non-negative multiple of f to g leaves (g | f) unchanged and keeps g positive.
        gl += fl * w;
        q += u * w;
        r += v * w;
      }
      // Apply the matrix to the full numbers; the low 30 bits of both results are zero.
      long cf = u * f[0] + v * g[0];
      long cg = q * f[0] + r * g[0];
      cf >>>= 30;
      cg >>>= 30;
      for (int i = 1; i < len; i++) {
        cf += u * f[i] + v * g[i];
        cg += q * f[i] + r * g[i];
        f[i - 1] = cf & M30;
        g[i - 1] = cg & M30;
        cf >>>= 30;
        cg >>>= 30;
      }
      f[len - 1] = cf;
      g[len - 1] = cg;
      if (f[0] == 1) {
        long rest = 0;
        for (int i = 1; i < len; i++) {
          rest |= f[i];
        }
        if (rest == 0) {
          return (jac & 1) == 0 ? 1 : -1;
        }
      }
      // f and g only shrink: drop a top limb once both are zero there.
      if (len > 1 && (f[len - 1] | g[len - 1]) == 0) {
        len--;
      }
    }
    return 0;
  }

  /** Canonical 5×52 limbs to nine 30-bit limbs. */
  private static void to30(long[] out, long[] a) {
    long w0 = a[0] | (a[1] << 52);
    long w1 = (a[1] >>> 12) | (a[2] << 40);
    long w2 = (a[2] >>> 24) | (a[3] << 28);
    long w3 = (a[3] >>> 36) | (a[4] << 16);
    out[0] = w0 & M30;
    out[1] = (w0 >>> 30) & M30;
    out[2] = ((w0 >>> 60) | (w1 << 4)) & M30;
    out[3] = (w1 >>> 26) & M30;
    out[4] = ((w1 >>> 56) | (w2 << 8)) & M30;
    out[5] = (w2 >>> 22) & M30;
    out[6] = ((w2 >>> 52) | (w3 << 12)) & M30;
    out[7] = (w3 >>> 18) & M30;
    out[8] = w3 >>> 48;
  }
}
