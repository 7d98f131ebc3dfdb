package org.sv2j.noise.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Integers modulo the group order n of secp256k1, as {@code int[8]} little-endian 32-bit words
 * (always fully reduced, 0 ≤ a < n). The arithmetic has no secret-dependent branches or memory
 * accesses (loops have fixed bounds); it allocates small temporaries.
 *
 * <p>Reduction of 512-bit products folds with 2^256 ≡ c = 2^256 − n (a 129-bit constant) three
 * times and finishes with one conditional subtraction.
 */
final class Scalar {
  private static final long M32 = 0xFFFFFFFFL;

  /** n, little-endian words. */
  static final int[] N = {
    0xD0364141, 0xBFD25E8C, 0xAF48A03B, 0xBAAEDCE6, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF
  };

  /** ⌊n / 2⌋, little-endian words. */
  private static final int[] N_HALF = {
    0x681B20A0, 0xDFE92F46, 0x57A4501D, 0x5D576E73, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x7FFFFFFF
  };

  /** 2^256 − n. */
  private static final int[] C = {0x2FC9BEBF, 0x402DA173, 0x50B75FC4, 0x45512319, 0x1};

  static final BigInteger N_BIG = toBig(N);

  // GLV decomposition constants. λ is the cube root of unity mod n whose endomorphism is
  // (x, y) ↦ (β·x, y); (a1, b1) and (a2, b2) are the short lattice basis with a + b·λ ≡ 0 (mod n).
  static final int[] LAMBDA =
      fromBig(
          new BigInteger("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", 16));
  private static final BigInteger A1 = new BigInteger("3086d221a7d46bcde86c90e49284eb15", 16);
  private static final BigInteger B1 = new BigInteger("-e4437ed6010e88286f547fa90abfe4c3", 16);
  private static final BigInteger A2 = new BigInteger("114ca50f7a8e2f3f657c1108d9d44cfd8", 16);
  private static final BigInteger B2 = A1;

  /** −b1 and −b2 mod n. */
  private static final int[] MINUS_B1 = fromBig(B1.negate().mod(N_BIG));

  private static final int[] MINUS_B2 = fromBig(B2.negate().mod(N_BIG));

  /** −λ mod n. */
  private static final int[] MINUS_LAMBDA = fromBig(N_BIG.subtract(toBig(LAMBDA)));

  /** round(2^384·b2 / n) and round(2^384·(−b1) / n): c1 = round(k·b2/n) ≈ (k·G1) >> 384, etc. */
  private static final int[] G1 = fromBig(roundDiv(B2.shiftLeft(384), N_BIG));

  private static final int[] G2 = fromBig(roundDiv(B1.negate().shiftLeft(384), N_BIG));

  private Scalar() {}

  /**
   * Per-thread temporaries, so that the arithmetic allocates nothing. Each method has its own
   * fields (splitLambda's c1/c2 are not touched by the mul and mulShift384 it calls), and each
   * wipes what it used before returning: the values may be secret.
   */
  private static final class Scratch {
    final int[] w = new int[16 + 14 + 11];
    final int[] zz = new int[16];
    final int[] c1 = new int[8];
    final int[] c2 = new int[8];
    final int[] neg = new int[8];
    final int[] half = new int[9];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static BigInteger roundDiv(BigInteger a, BigInteger b) {
    return a.add(b.shiftRight(1)).divide(b);
  }

  static BigInteger toBig(int[] a) {
    byte[] b = new byte[32];
    toBytes(b, 0, a);
    return new BigInteger(1, b);
  }

  /** a must be in [0, 2^256). */
  static int[] fromBig(BigInteger a) {
    int[] r = new int[8];
    for (int i = 0; i < 8; i++) {
      r[i] = a.shiftRight(32 * i).intValue();
    }
    return r;
  }

  static void clear(int[] a) {
    Arrays.fill(a, 0);
  }

  static void copy(int[] r, int[] a) {
    System.arraycopy(a, 0, r, 0, 8);
  }

  /**
   * Sets r = value mod n from 32 big-endian bytes; returns true iff the value was ≥ n (overflow).
   */
  static boolean setBytes(int[] r, byte[] in, int off) {
    for (int i = 0; i < 8; i++) {
      int o = off + 28 - 4 * i;
      r[i] =
          ((in[o] & 0xFF) << 24)
              | ((in[o + 1] & 0xFF) << 16)
              | ((in[o + 2] & 0xFF) << 8)
              | (in[o + 3] & 0xFF);
    }
    long ge = geN(r);
    condAddC(r, ge);
    return ge != 0;
  }

  static void toBytes(byte[] out, int off, int[] a) {
    for (int i = 0; i < 8; i++) {
      int o = off + 28 - 4 * i;
      int w = a[i];
      out[o] = (byte) (w >>> 24);
      out[o + 1] = (byte) (w >>> 16);
      out[o + 2] = (byte) (w >>> 8);
      out[o + 3] = (byte) w;
    }
  }

  /** 1 if a ≥ n, else 0 (a is any 256-bit value). */
  private static long geN(int[] a) {
    // a − n borrows iff a < n.
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long d = (a[i] & M32) - (N[i] & M32) - borrow;
      borrow = (d >>> 63);
    }
    return borrow ^ 1;
  }

  /** If flag (0/1): a = a + c mod 2^256 (i.e. a − n for n ≤ a < 2^256). */
  private static void condAddC(int[] a, long flag) {
    long mask = -flag;
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      long ci = i < 5 ? (C[i] & M32) & mask : 0;
      long s = (a[i] & M32) + ci + carry;
      a[i] = (int) s;
      carry = s >>> 32;
    }
  }

  static boolean isZero(int[] a) {
    int z = 0;
    for (int i = 0; i < 8; i++) {
      z |= a[i];
    }
    return z == 0;
  }

  /** True iff a > n/2. */
  static boolean isHigh(int[] a) {
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long d = (N_HALF[i] & M32) - (a[i] & M32) - borrow;
      borrow = d >>> 63;
    }
    return borrow != 0;
  }

  /** r = a + b mod n. */
  static void add(int[] r, int[] a, int[] b) {
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      long s = (a[i] & M32) + (b[i] & M32) + carry;
      r[i] = (int) s;
      carry = s >>> 32;
    }
    long ge = carry | geN(r);
    condAddC(r, ge);
  }

  /** r = −a mod n. */
  static void negate(int[] r, int[] a) {
    int nz = 0;
    for (int i = 0; i < 8; i++) {
      nz |= a[i];
    }
    long mask = -(((nz | -nz) >>> 31) & 1L); // all ones iff a ≠ 0
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long d = (N[i] & M32) - (a[i] & M32) - borrow;
      r[i] = (int) (d & mask);
      borrow = d >>> 63;
    }
  }

  /** r = −a mod n if flag (0/1) is 1, else r = a. */
  static void condNegate(int[] r, int[] a, long flag) {
    int[] t = SCRATCH.get().neg;
    negate(t, a);
    int mask = (int) -flag;
    for (int i = 0; i < 8; i++) {
      r[i] = a[i] ^ ((a[i] ^ t[i]) & mask);
    }
    clear(t);
  }

  /** r = a / 2 mod n. */
  static void half(int[] r, int[] a) {
    long odd = a[0] & 1;
    long mask = -odd;
    long carry = 0;
    int[] t = SCRATCH.get().half;
    for (int i = 0; i < 8; i++) {
      long s = (a[i] & M32) + ((N[i] & M32) & mask) + carry;
      t[i] = (int) s;
      carry = s >>> 32;
    }
    t[8] = (int) carry;
    for (int i = 0; i < 8; i++) {
      r[i] = (t[i] >>> 1) | (t[i + 1] << 31);
    }
    Arrays.fill(t, 0);
  }

  /** r = a·b mod n. r may alias a or b. */
  static void mul(int[] r, int[] a, int[] b) {
    int[] w = SCRATCH.get().w;
    mulWords(w, 0, a, b, 8);
    reduce512(r, w);
    Arrays.fill(w, 0);
  }

  /** z[zo..zo+16) = x·y for 8-word x, y (yLen words of y used; the rest of z is zeroed). */
  private static void mulWords(int[] z, int zo, int[] x, int[] y, int yLen) {
    for (int i = 0; i < 16; i++) {
      z[zo + i] = 0;
    }
    for (int i = 0; i < 8; i++) {
      long xi = x[i] & M32;
      long carry = 0;
      for (int j = 0; j < yLen; j++) {
        long t = xi * (y[j] & M32) + (z[zo + i + j] & M32) + carry;
        z[zo + i + j] = (int) t;
        carry = t >>> 32;
      }
      z[zo + i + yLen] = (int) carry;
    }
  }

  /**
   * dst[do..do+outLen) = src[so..so+8) + src[so+8..so+len)·c with outLen = max(8, len − 3) + 1
   * (every word written); returns outLen.
   */
  private static int fold(int[] dst, int dOff, int[] src, int sOff, int len) {
    int hiLen = len - 8;
    int outLen = Math.max(8, hiLen + 5) + 1;
    for (int i = 0; i < outLen; i++) {
      dst[dOff + i] = i < 8 ? src[sOff + i] : 0;
    }
    for (int i = 0; i < hiLen; i++) {
      long hi = src[sOff + 8 + i] & M32;
      long carry = 0;
      int j = 0;
      for (; j < 5; j++) {
        long t = hi * (C[j] & M32) + (dst[dOff + i + j] & M32) + carry;
        dst[dOff + i + j] = (int) t;
        carry = t >>> 32;
      }
      for (int k = i + j; k < outLen; k++) {
        long t = (dst[dOff + k] & M32) + carry;
        dst[dOff + k] = (int) t;
        carry = t >>> 32;
      }
    }
    return outLen;
  }

  /** r = w[0..16) mod n; w must have 41 words (the rest is scratch). */
  private static void reduce512(int[] r, int[] w) {
    fold(w, 16, w, 0, 16); // < 2^386: 14 words at w[16..30)
    fold(w, 30, w, 16, 13); // < 2^260: 11 words at w[30..41), the top one zero
    fold(w, 0, w, 30, 9); // < 2^256 + 2^133: 9 words at w[0..9), word 8 is 0 or 1
    long over = w[8] & 1L;
    // v = w[0..8) + over·2^256 < 2n; subtract n iff v ≥ n, i.e. iff over or w[0..8) ≥ n.
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long d = (w[i] & M32) - (N[i] & M32) - borrow;
      borrow = d >>> 63;
    }
    long flag = over | (borrow ^ 1);
    long mask = -flag;
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      long ci = i < 5 ? (C[i] & M32) & mask : 0;
      long t = (w[i] & M32) + ci + carry;
      r[i] = (int) t;
      carry = t >>> 32;
    }
  }

  /** round(a·g / 2^384) for a < 2^256, g < 2^256 (result < 2^129, so it is also reduced mod n). */
  private static void mulShift384(int[] r, int[] a, int[] g) {
    int[] zz = SCRATCH.get().zz;
    mulWords(zz, 0, a, g, 8);
    long round = (zz[11] >>> 31) & 1L;
    long carry = round;
    for (int i = 0; i < 8; i++) {
      long s = (i < 4 ? zz[12 + i] & M32 : 0) + carry;
      r[i] = (int) s;
      carry = s >>> 32;
    }
    Arrays.fill(zz, 0);
  }

  /**
   * GLV split: k ≡ k1 + k2·λ (mod n) with k1, k2 each either a small value or n minus a small value
   * (|k1|, |k2| < 2^128 as signed integers).
   */
  static void splitLambda(int[] k1, int[] k2, int[] k) {
    Scratch sc = SCRATCH.get();
    int[] c1 = sc.c1;
    int[] c2 = sc.c2;
    mulShift384(c1, k, G1);
    mulShift384(c2, k, G2);
    mul(c1, c1, MINUS_B1);
    mul(c2, c2, MINUS_B2);
    add(k2, c1, c2);
    mul(c1, k2, MINUS_LAMBDA);
    add(k1, k, c1);
    clear(c1);
    clear(c2);
  }

  /**
   * count (≤ 31) bits of a starting at bit offset (offset + count ≤ 256 + 31 reads zeros above).
   */
  static int bits(int[] a, int offset, int count) {
    int w = offset >>> 5;
    int s = offset & 31;
    long lo = w < 8 ? a[w] & M32 : 0;
    long hi = w + 1 < 8 ? a[w + 1] & M32 : 0;
    long v = (lo | (hi << 32)) >>> s;
    return (int) (v & ((1L << count) - 1));
  }
}
