package org.sv2j.noise.crypto;

import java.util.Arrays;

/**
 * secp256k1 key helpers with BIP-340 conventions (32-byte big-endian secret keys, 32-byte x-only
 * public keys). Internal to noise-sv2; pure Java on the radix-2^52 field code of this package.
 *
 * <p>Secret-key operations avoid secret-dependent branches and table indices as far as Java allows
 * (see {@link Ecmult}). Exceptions never include key material.
 */
public final class Secp256k1 {
  /** Size of secret keys and x-only public keys in bytes. */
  public static final int KEY_SIZE = 32;

  private Secp256k1() {}

  /** Per-thread temporaries of the curve-equation checks and of {@link #publicPoint(int[])}. */
  private static final class Scratch {
    final long[] c = new long[5];
    final long[] r = new long[5];
    final long[] t = new long[5];
    final Gej pj = new Gej();
    final Group grp = new Group();
    /** A secret scalar while a key is checked; zero otherwise. */
    final int[] k = new int[8];
    /** An x coordinate being checked (public). */
    final long[] x = new long[5];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** true iff the 32-byte big-endian value k satisfies 0 < k < n. */
  public static boolean isValidSecretKey(byte[] secretKey) {
    if (secretKey == null || secretKey.length != KEY_SIZE) {
      return false;
    }
    int[] k = SCRATCH.get().k;
    boolean overflow = Scalar.setBytes(k, secretKey, 0);
    boolean zero = Scalar.isZero(k);
    Scalar.clear(k);
    return !overflow & !zero;
  }

  /** 32-byte x-only public key (x of k·G). IllegalArgumentException if the key is invalid. */
  public static byte[] xOnlyPublicKey(byte[] secretKey) {
    Ge p = publicPoint(secretKey);
    byte[] out = new byte[KEY_SIZE];
    Fe.toBytes(out, 0, p.x);
    return out;
  }

  /** true iff k·G has an even Y coordinate. IllegalArgumentException if the key is invalid. */
  public static boolean hasEvenY(byte[] secretKey) {
    return !Fe.isOdd(publicPoint(secretKey).y);
  }

  /** New array n − k (the secret of the negated point). IllegalArgumentException if invalid. */
  public static byte[] negateSecretKey(byte[] secretKey) {
    int[] k = parseSecretKey(secretKey);
    Scalar.negate(k, k);
    byte[] out = new byte[KEY_SIZE];
    Scalar.toBytes(out, 0, k);
    Scalar.clear(k);
    return out;
  }

  /**
   * The secret key of the even-Y point among ±k·G: a new array holding k if k·G has even Y, else n
   * − k (the reference's key normalization). IllegalArgumentException if the key is invalid.
   */
  public static byte[] evenYSecretKey(byte[] secretKey) {
    int[] k = parseSecretKey(secretKey);
    Ge p = publicPoint(k);
    long odd = p.y[0] & 1;
    Scalar.condNegate(k, k, odd);
    byte[] out = new byte[KEY_SIZE];
    Scalar.toBytes(out, 0, k);
    Scalar.clear(k);
    return out;
  }

  /** true iff x < p and x is the x coordinate of a curve point (BIP-340 lift_x succeeds). */
  public static boolean isValidXOnlyPublicKey(byte[] xOnly) {
    if (xOnly == null || xOnly.length != KEY_SIZE) {
      return false;
    }
    long[] x = SCRATCH.get().x;
    if (!Fe.setBytesLimit(x, xOnly, 0)) {
      return false;
    }
    return isValidX(x);
  }

  /**
   * Builds the precomputed multiples of the generator now (about 3,300 points, some 270 KB: the
   * signing and the verification tables) instead of on first use; call at start-up to keep that
   * work off the first handshake.
   */
  public static void precompute() {
    Ecmult.precompute();
    FixedBaseTable.generator();
  }

  // ---------------------------------------------------------------------------------------------
  // Package-private helpers.

  /** Parses a secret key into a new scalar; IllegalArgumentException if not 0 < k < n. */
  static int[] parseSecretKey(byte[] secretKey) {
    if (secretKey == null || secretKey.length != KEY_SIZE) {
      throw new IllegalArgumentException("secret key must be 32 bytes");
    }
    int[] k = new int[8];
    boolean overflow = Scalar.setBytes(k, secretKey, 0);
    if (overflow | Scalar.isZero(k)) {
      Scalar.clear(k);
      throw new IllegalArgumentException("invalid secret key");
    }
    return k;
  }

  /** k·G in affine coordinates (canonical) for a valid secret key. */
  static Ge publicPoint(byte[] secretKey) {
    int[] k = parseSecretKey(secretKey);
    try {
      return publicPoint(k);
    } finally {
      Scalar.clear(k);
    }
  }

  /** k·G in affine coordinates (canonical) for a scalar 0 < k < n. */
  static Ge publicPoint(int[] k) {
    Ge p = new Ge();
    publicPoint(p, k);
    return p;
  }

  /** p = k·G in affine coordinates (canonical) for a scalar 0 < k < n. */
  static void publicPoint(Ge p, int[] k) {
    Scratch sc = SCRATCH.get();
    Gej pj = sc.pj;
    Ecmult.gen(pj, k, sc.grp);
    sc.grp.toAffine(p, pj);
    pj.clear();
    sc.grp.wipe();
  }

  /** true iff x³ + 7 is a square (x any magnitude ≤ 8). */
  static boolean isValidX(long[] x) {
    long[] c = SCRATCH.get().c;
    Fe.sqr(c, x);
    Fe.mul(c, c, x);
    Fe.addInt(c, 7);
    return Fe.isSquareVar(c);
  }

  /** true iff xn/xd is a valid x coordinate (xd ≠ 0): iff xd·(xn³ + 7·xd³) is a square. */
  static boolean isValidXFraction(long[] xn, long[] xd) {
    Scratch sc = SCRATCH.get();
    long[] r = sc.r;
    long[] t = sc.t;
    Fe.sqr(t, xd);
    Fe.mul(t, t, xd);
    Fe.mulInt(t, t, 7); // 7·xd³
    Fe.sqr(r, xn);
    Fe.mul(r, r, xn);
    Fe.add(r, r, t);
    Fe.mul(r, r, xd);
    return Fe.isSquareVar(r);
  }

  /**
   * BIP-340 lift_x for a 32-byte x: the point with that x and even y, or null if x ≥ p or x is not
   * on the curve.
   */
  static Ge liftX(byte[] xOnly, int off) {
    Ge p = new Ge();
    if (!Fe.setBytesLimit(p.x, xOnly, off)) {
      return null;
    }
    long[] c = SCRATCH.get().c;
    Fe.sqr(c, p.x);
    Fe.mul(c, c, p.x);
    Fe.addInt(c, 7);
    if (!Fe.sqrt(p.y, c)) {
      return null;
    }
    Fe.normalize(p.y);
    if (Fe.isOdd(p.y)) {
      Fe.negate(p.y, p.y, 1);
      Fe.normalize(p.y);
    }
    return p;
  }

  static void wipe(byte[] b) {
    if (b != null) {
      Arrays.fill(b, (byte) 0);
    }
  }
}
