package org.sv2j.noise.crypto;

import java.util.Arrays;

/**
 * ElligatorSwift (BIP-324) encodings of secp256k1 public keys, and BIP-324 x-only ECDH.
 *
 * <p>An encoding is 64 bytes u‖t, two 32-byte big-endian numbers that are reduced mod p when
 * decoded, so every 64-byte string decodes to a valid x coordinate. Encoding searches for a (u, t)
 * pair with a hash-driven sequence of u values and inverse-map branches; {@link #create}, {@link
 * #encode} and {@link #libsecpCreate} reproduce libsecp256k1's {@code secp256k1_ellswift_encode}
 * and {@code secp256k1_ellswift_create} byte for byte, including the choice of the square roots.
 *
 * <p>Internal to noise-sv2. Decoding and the encoding search are variable time (they handle public
 * data: the search depends only on the hash stream and the public key).
 */
public final class ElligatorSwift {
  public static final int ENCODING_SIZE = 64;

  // Constants of the XSwiftEC maps (BIP-324), with c0 = sqrt(−3) = 0xa2d2ba93…1cd5f852:
  /** c1 = (c0 − 1)/2. */
  static final long[] C1 =
      Fe.fromHex("851695d49a83f8ef919bb86153cbcb16630fb68aed0a766a3ec693d68e6afa40");

  /** c2 = (−c0 − 1)/2. */
  static final long[] C2 =
      Fe.fromHex("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee");

  /** c3 = (−c0 + 1)/2 = c2 + 1. */
  static final long[] C3 =
      Fe.fromHex("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ef");

  /** c4 = (c0 + 1)/2 = c1 + 1. */
  static final long[] C4 =
      Fe.fromHex("851695d49a83f8ef919bb86153cbcb16630fb68aed0a766a3ec693d68e6afa41");

  /** 1/2 mod p. */
  private static final long[] HALF =
      Fe.fromHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffff7ffffe18");

  private ElligatorSwift() {}

  /**
   * Per-thread temporaries (public data only: encodings, the public key being encoded), so that
   * decoding and the encoding search allocate nothing per candidate. {@link #decodeFraction} and
   * {@link #inv} use disjoint fields and never call each other.
   */
  private static final class Scratch {
    // decodeFraction
    final long[] du = new long[5];
    final long[] dt = new long[5];
    final long[] ds = new long[5];
    final long[] du2 = new long[5];
    final long[] dg = new long[5];
    final long[] dgs = new long[5];
    final long[] dn = new long[5];
    final long[] dl = new long[5];
    // inv
    final long[] is = new long[5];
    final long[] iv = new long[5];
    final long[] ig = new long[5];
    final long[] im = new long[5];
    final long[] iq = new long[5];
    final long[] ir = new long[5];
    final long[] iw = new long[5];
    final long[] iz = new long[5];
    // encodePoint
    final byte[] branchHash = new byte[32];
    final byte[] u32 = new byte[32];
    final long[] eu = new long[5];
    final long[] et = new long[5];
    /** The search's seed: tag prefix ‖ key block ‖ rnd32 (≤ 160 bytes; see {@link #encodePoint}). */
    final byte[] seed = new byte[SEED_MAX];
    final Sha256 h = new Sha256();
    // decode, xdh
    final long[] xn = new long[5];
    final long[] xd = new long[5];
    final long[] x = new long[5];
    final long[] x2 = new long[5];
    final byte[] xb = new byte[32];
    final Sha256 ecdh = new Sha256();
  }

  private static final int SEED_MAX = 160;
  private static final byte[] ENCODE_PREFIX = Sha256.tagPrefix("secp256k1_ellswift_encode");
  private static final byte[] CREATE_PREFIX = Sha256.tagPrefix("secp256k1_ellswift_create");
  private static final byte[] XDH_PREFIX = Sha256.tagPrefix("bip324_ellswift_xonly_ecdh");

  private static final ScratchPool<Scratch> POOL = new ScratchPool<>(Scratch::new);

  /**
   * The 64-byte ElligatorSwift encoding u‖t of secretKey·G, exactly as libsecp256k1's {@code
   * secp256k1_ellswift_encode(ctx, ell64, pubkey, rnd32)} produces it for pubkey = secretKey·G and
   * rnd32 = {@code rnd32OrNull}, or 32 zero bytes when it is null. Deterministic.
   *
   * <p><b>This is what the Sv2 reference sends.</b> noise_sv2 2.0.0 (rust-secp256k1 0.28.2) encodes
   * every handshake key with {@code ellswift_encode(pubkey, [0; 32])}: {@code create(k, null)}
   * reproduces the three encodings of the reference transcript (sv2_reference_handshake.json,
   * {@code fixed_inputs.*.ellswift_encoding}) byte for byte, while libsecp256k1's {@code
   * secp256k1_ellswift_create} with no aux randomness ({@link #libsecpCreate}) does not.
   *
   * <p>The search draws from SHA256(prefix ‖ cnt), cnt a 4-byte little-endian counter, where prefix
   * is the BIP-340 tag prefix of "secp256k1_ellswift_encode" followed by the 33-byte compressed
   * public key, 31 zero bytes and rnd32. IllegalArgumentException if the key is invalid or rnd32 is
   * not 32 bytes.
   */
  public static byte[] create(byte[] secretKey, byte[] rnd32OrNull) {
    if (rnd32OrNull != null && rnd32OrNull.length != 32) {
      throw new IllegalArgumentException("rnd32 must be 32 bytes");
    }
    Ge p = Secp256k1.publicPoint(secretKey);
    return encodePoint(p, rnd32OrNull == null ? new byte[32] : rnd32OrNull);
  }

  /**
   * An even-Y key pair with its x-only public key and its reference ElligatorSwift encoding, all
   * from a single k·G: what a Noise handshake key needs. {@link #toString} shows no secret.
   */
  public static final class EvenYKeyPair {
    private final byte[] secretKey;
    private final byte[] xOnlyPublicKey;
    private final byte[] encoding;

    private EvenYKeyPair(byte[] secretKey, byte[] xOnlyPublicKey, byte[] encoding) {
      this.secretKey = secretKey;
      this.xOnlyPublicKey = xOnlyPublicKey;
      this.encoding = encoding;
    }

    /** The effective secret key (a copy): the input, or n minus it if its point had odd Y. */
    public byte[] secretKey() {
      return secretKey.clone();
    }

    /** The 32-byte x-only public key (a copy). */
    public byte[] xOnlyPublicKey() {
      return xOnlyPublicKey.clone();
    }

    /** The 64-byte encoding {@code create(secretKey(), null)} (a copy). */
    public byte[] encoding() {
      return encoding.clone();
    }

    /** Overwrites the secret key held by this object with zeros. */
    public void destroy() {
      Secp256k1.wipe(secretKey);
    }

    @Override
    public String toString() {
      return "EvenYKeyPair[xOnly="
          + org.bouncycastle.util.encoders.Hex.toHexString(xOnlyPublicKey)
          + "]";
    }
  }

  /**
   * Normalizes {@code rawSecretKey} to even Y like the Sv2 reference (negating it when k·G has odd
   * Y) and returns the key pair with the encoding {@link #create}{@code (effectiveKey, null)}
   * gives, computing k·G only once. The input array is not modified. IllegalArgumentException if
   * the key is invalid.
   */
  public static EvenYKeyPair evenYKeyPair(byte[] rawSecretKey) {
    int[] k = Secp256k1.parseSecretKey(rawSecretKey);
    try {
      Ge p = Secp256k1.publicPoint(k);
      long odd = p.y[0] & 1;
      Scalar.condNegate(k, k, odd);
      // −P = (x, −y): the point of the negated key.
      long[] negY = new long[5];
      Fe.negate(negY, p.y, 1);
      Fe.normalize(negY);
      Fe.cmov(p.y, negY, odd);
      byte[] sk = new byte[32];
      Scalar.toBytes(sk, 0, k);
      byte[] x = new byte[32];
      Fe.toBytes(x, 0, p.x);
      return new EvenYKeyPair(sk, x, encodePoint(p, new byte[32]));
    } finally {
      Scalar.clear(k);
    }
  }

  /**
   * libsecp256k1's {@code secp256k1_ellswift_encode(ctx, ell64, pubkey, rnd32)} for the point with
   * this x-only key and even Y. {@code encode(xOnly(k), zero32)} equals {@code create(k, null)} for
   * an even-Y key k. IllegalArgumentException if the key is not a valid x-only key or rnd32 is not
   * 32 bytes.
   */
  public static byte[] encode(byte[] xOnlyPublicKey, byte[] rnd32) {
    if (xOnlyPublicKey == null || xOnlyPublicKey.length != 32) {
      throw new IllegalArgumentException("x-only public key must be 32 bytes");
    }
    if (rnd32 == null || rnd32.length != 32) {
      throw new IllegalArgumentException("rnd32 must be 32 bytes");
    }
    Ge p = Secp256k1.liftX(xOnlyPublicKey, 0);
    if (p == null) {
      throw new IllegalArgumentException("invalid x-only public key");
    }
    return encodePoint(p, rnd32);
  }

  private static byte[] encodePoint(Ge p, byte[] rnd32) {
    Scratch sc = POOL.take();
    try {
      byte[] seed = sc.seed;
      System.arraycopy(ENCODE_PREFIX, 0, seed, 0, 64);
      Arrays.fill(seed, 64, 128, (byte) 0);
      seed[64] = (byte) (Fe.isOdd(p.y) ? 3 : 2);
      Fe.toBytes(seed, 65, p.x);
      System.arraycopy(rnd32, 0, seed, 128, 32);
      byte[] out = new byte[ENCODING_SIZE];
      encodePoint(out, p, seed, 160);
      return out;
    } finally {
      POOL.give(sc);
    }
  }

  /**
   * libsecp256k1's {@code secp256k1_ellswift_create(ctx, ell64, seckey32, auxrnd32)}: the same
   * search seeded with the tag prefix of "secp256k1_ellswift_create", then {@code seckey32 ‖ 32
   * zero bytes} and, only when non-null, the 32 aux bytes. Not what the Sv2 reference uses (see
   * {@link #create}); provided for interoperability tests with other BIP-324 software.
   * Deterministic; IllegalArgumentException if the key is invalid or aux is not 32 bytes.
   */
  public static byte[] libsecpCreate(byte[] secretKey, byte[] auxRand32OrNull) {
    if (auxRand32OrNull != null && auxRand32OrNull.length != 32) {
      throw new IllegalArgumentException("aux randomness must be 32 bytes");
    }
    Ge p = Secp256k1.publicPoint(secretKey);
    byte[] seed = new byte[SEED_MAX];
    try {
      System.arraycopy(CREATE_PREFIX, 0, seed, 0, 64);
      System.arraycopy(secretKey, 0, seed, 64, 32);
      int len = 128;
      if (auxRand32OrNull != null) {
        System.arraycopy(auxRand32OrNull, 0, seed, 128, 32);
        len = 160;
      }
      byte[] out = new byte[ENCODING_SIZE];
      encodePoint(out, p, seed, len);
      return out;
    } finally {
      Secp256k1.wipe(seed); // it held the secret key
    }
  }

  /** BIP-324 XSwiftEC decoding: the 32-byte x coordinate for any 64-byte string (never fails). */
  public static byte[] decode(byte[] encoding) {
    checkEncoding(encoding, "encoding");
    Scratch sc = POOL.take();
    try {
      long[] xn = sc.xn;
      long[] xd = sc.xd;
      decodeFraction(xn, xd, encoding, 0);
      long[] x = sc.x;
      Fe.invVar(x, xd);
      Fe.mul(x, x, xn);
      Fe.normalize(x);
      byte[] out = new byte[32];
      Fe.toBytes(out, 0, x);
      return out;
    } finally {
      POOL.give(sc);
    }
  }

  /**
   * BIP-324 XSwiftECInv(x, u, c), c in 0..7: the 32-byte t, or null when that case fails. x must be
   * a valid x coordinate (below p, on the curve) and u nonzero mod p (IllegalArgumentException
   * otherwise).
   */
  public static byte[] xswiftecInv(byte[] x, byte[] u, int c) {
    if (c < 0 || c > 7) {
      throw new IllegalArgumentException("c must be in 0..7");
    }
    if (x == null || x.length != 32 || u == null || u.length != 32) {
      throw new IllegalArgumentException("x and u must be 32 bytes");
    }
    long[] xf = new long[5];
    long[] uf = new long[5];
    if (!Fe.setBytesLimit(xf, x, 0) || !Secp256k1.isValidX(xf)) {
      throw new IllegalArgumentException("x is not a valid x coordinate");
    }
    Fe.setBytes(uf, u, 0);
    if (Fe.isZero(uf)) {
      throw new IllegalArgumentException("u must be nonzero mod p");
    }
    long[] t = new long[5];
    if (!inv(t, xf, uf, c)) {
      return null;
    }
    byte[] out = new byte[32];
    Fe.toBytes(out, 0, t);
    return out;
  }

  /**
   * BIP-324 x-only ECDH: TaggedHash("bip324_ellswift_xonly_ecdh", ellA ‖ ellB ‖ x(secretKey ·
   * decode(theirs))) with theirs = weAreA ? ellB : ellA. 32 bytes. IllegalArgumentException if the
   * key is invalid or an encoding is not 64 bytes.
   */
  public static byte[] xdh(byte[] ellA, byte[] ellB, byte[] secretKey, boolean weAreA) {
    return xdh(ellA, ellB, secretKey, weAreA, null);
  }

  /**
   * As {@link #xdh(byte[], byte[], byte[], boolean)}, and writes the other side's x-only public
   * key ({@link #decode} of its encoding) into {@code theirXOut} when it is not null (32 bytes):
   * the decoding and the multiplication share one inversion, so an initiator that checks the
   * responder's certificate need not decode the static key again.
   */
  public static byte[] xdh(
      byte[] ellA, byte[] ellB, byte[] secretKey, boolean weAreA, byte[] theirXOut) {
    checkEncoding(ellA, "ellA");
    checkEncoding(ellB, "ellB");
    if (theirXOut != null && theirXOut.length != 32) {
      throw new IllegalArgumentException("theirXOut must be 32 bytes");
    }
    byte[] theirs = weAreA ? ellB : ellA;
    int[] k = Secp256k1.parseSecretKey(secretKey);
    Scratch sc = POOL.take();
    try {
      long[] xn = sc.xn;
      long[] xd = sc.xd;
      decodeFraction(xn, xd, theirs, 0);
      long[] x = sc.x;
      long[] px = theirXOut == null ? null : sc.x2;
      Ecmult.xOnlyMul(x, px, xn, xd, k);
      Scalar.clear(k);
      if (px != null) {
        Fe.toBytes(theirXOut, 0, px);
      }
      byte[] out = new byte[32];
      hashShared(sc, ellA, ellB, x, out);
      return out;
    } finally {
      POOL.give(sc);
    }
  }


  /**
   * The responder's two x-only ECDHs with one initiator key: {@code {xdh(ellA, ellB1, secretKey1,
   * false), xdh(ellA, ellB2, secretKey2, false)}}, computed with ellA decoded once, one table of its
   * point for both multiplications and one shared inversion (about 12 % less work than two calls).
   * IllegalArgumentException if a key is invalid or an encoding is not 64 bytes.
   */
  public static byte[][] xdhPair(
      byte[] ellA, byte[] ellB1, byte[] secretKey1, byte[] ellB2, byte[] secretKey2) {
    checkEncoding(ellA, "ellA");
    checkEncoding(ellB1, "ellB1");
    checkEncoding(ellB2, "ellB2");
    int[] k1 = Secp256k1.parseSecretKey(secretKey1);
    int[] k2;
    try {
      k2 = Secp256k1.parseSecretKey(secretKey2);
    } catch (RuntimeException e) {
      Scalar.clear(k1);
      throw e;
    }
    Scratch sc = POOL.take();
    try {
      long[] xn = sc.xn;
      long[] xd = sc.xd;
      decodeFraction(xn, xd, ellA, 0);
      long[] x1 = sc.x;
      long[] x2 = sc.x2;
      Ecmult.xOnlyMul2(x1, x2, xn, xd, k1, k2);
      byte[][] out = {new byte[32], new byte[32]};
      hashShared(sc, ellA, ellB1, x1, out[0]);
      hashShared(sc, ellA, ellB2, x2, out[1]);
      return out;
    } finally {
      Scalar.clear(k1);
      Scalar.clear(k2);
      POOL.give(sc);
    }
  }

  /** out = TaggedHash("bip324_ellswift_xonly_ecdh", ellA ‖ ellB ‖ x); wipes x and its bytes. */
  private static void hashShared(Scratch sc, byte[] ellA, byte[] ellB, long[] x, byte[] out) {
    byte[] xb = sc.xb;
    Fe.toBytes(xb, 0, x);
    Fe.clear(x);
    sc.ecdh
        .update(XDH_PREFIX, 0, 64)
        .update(ellA, 0, 64)
        .update(ellB, 0, 64)
        .update(xb, 0, 32)
        .doFinal(out, 0);
    Secp256k1.wipe(xb);
  }

  /** x(secretKey · decode(encoding)) as 32 bytes (the un-hashed shared x coordinate). */
  public static byte[] sharedX(byte[] encoding, byte[] secretKey) {
    checkEncoding(encoding, "encoding");
    int[] k = Secp256k1.parseSecretKey(secretKey);
    long[] xn = new long[5];
    long[] xd = new long[5];
    decodeFraction(xn, xd, encoding, 0);
    long[] x = new long[5];
    Ecmult.xOnlyMul(x, xn, xd, k);
    Scalar.clear(k);
    byte[] out = new byte[32];
    Fe.toBytes(out, 0, x);
    return out;
  }

  private static void checkEncoding(byte[] e, String name) {
    if (e == null || e.length != ENCODING_SIZE) {
      throw new IllegalArgumentException(name + " must be 64 bytes");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * XSwiftEC as a fraction xn/xd (xd ≠ 0) for the encoding at enc[off..off+64). Following BIP-324
   * with s = t², g = u³ + 7 (u = 0 → 1, t = 0 → s = 1, g + s = 0 → s = 4s): x3 = (3su³ −
   * (g+s)²)/(3su²) if valid, else x2 = u(c1·s + c2·g)/(g+s) if valid, else x1 = −(x2 + u).
   */
  static void decodeFraction(long[] xn, long[] xd, byte[] enc, int off) {
    Scratch sc = POOL.take();
    try {
      long[] u = sc.du;
      long[] t = sc.dt;
      Fe.setBytes(u, enc, off);
      Fe.setBytes(t, enc, off + 32);
      if (Fe.isZero(u)) {
        Fe.setInt(u, 1);
      }
      long[] s = sc.ds;
      if (Fe.isZero(t)) {
        Fe.setInt(s, 1);
      } else {
        Fe.sqr(s, t);
      }
      long[] u2 = sc.du2;
      long[] g = sc.dg;
      long[] gs = sc.dgs;
      Fe.sqr(u2, u);
      Fe.mul(g, u2, u);
      Fe.addInt(g, 7); // g = u³ + 7
      Fe.add(gs, g, s); // g + s (m2)
      if (Fe.isZero(gs)) {
        Fe.mulInt(s, s, 4);
        Fe.add(gs, g, s);
      }
      long[] n = sc.dn;
      long[] l = sc.dl;
      Fe.mul(xd, s, u2);
      Fe.mulInt(xd, xd, 3); // d = 3·s·u² (m3)
      Fe.sqr(l, gs);
      Fe.negate(l, l, 1); // −(g+s)² (m2)
      Fe.mul(n, xd, u);
      Fe.add(n, n, l); // n = 3·s·u³ − (g+s)² (m3)
      if (Secp256k1.isValidXFraction(n, xd)) {
        Fe.copy(xn, n);
        return;
      }
      Fe.copy(xd, gs);
      Fe.mul(l, C1, s);
      Fe.mul(n, C2, g);
      Fe.add(n, n, l);
      Fe.mul(n, n, u); // n = u·(c1·s + c2·g)
      if (Secp256k1.isValidXFraction(n, gs)) {
        Fe.copy(xn, n);
        return;
      }
      Fe.mul(l, gs, u);
      Fe.add(n, n, l);
      Fe.negate(xn, n, 2); // x1 = −(u·(c1·s + c2·g) + u·(g+s)) / (g+s)
    } finally {
      POOL.give(sc);
    }
  }

  /**
   * XSwiftECInv(x, u, c) per BIP-324 (x valid, u ≠ 0): writes canonical t and returns true, or
   * returns false when case c has no solution.
   *
   * <ul>
   *   <li>c & 2 = 0: fail if −x−u is a valid x; s = −(u³+7)/(u² + u·x + x²) must be a square; v =
   *       x.
   *   <li>c & 2 = 2: s = x − u must be a square; r = sqrt(−s·(4(u³+7) + 3u²s)) must exist; fail if
   *       c & 1 and r = 0, or if s = 0; v = (r/s − u)/2.
   *   <li>w = sqrt(s); t = w·(c3·u + v) for c & 5 = 4, −w·(c3·u + v) for 0, w·(c4·u + v) for 1,
   *       −w·(c4·u + v) for 5.
   * </ul>
   */
  static boolean inv(long[] t, long[] x, long[] u, int c) {
    Scratch sc = POOL.take();
    try {
      long[] s = sc.is;
      long[] v = sc.iv;
      long[] g = sc.ig;
      long[] m = sc.im;
      long[] w = sc.iw;
      if ((c & 2) == 0) {
        Fe.add(m, x, u);
        Fe.negate(m, m, 2); // −x−u
        if (Secp256k1.isValidX(m)) {
          return false;
        }
        // s = −(u² + u·x + x²) = u·x − (u + x)²
        Fe.add(s, x, u);
        Fe.sqr(s, s);
        Fe.negate(s, s, 1);
        Fe.mul(m, u, x);
        Fe.add(s, s, m); // (m3), nonzero when −x−u is not a valid x
        Fe.sqr(g, u);
        Fe.mul(g, g, u);
        Fe.addInt(g, 7); // g = u³ + 7
        // g/s is a square iff g·s is (s ≠ 0).
        Fe.mul(m, s, g);
        if (!Fe.isSquareVar(m)) {
          return false;
        }
        Fe.invVar(s, s);
        Fe.mul(s, s, g); // s = −(u³+7)/(u² + u·x + x²)
        Fe.copy(v, x);
        if (!Fe.sqrt(w, s)) {
          throw new AssertionError("s must be a square here");
        }
      } else {
        Fe.negate(m, u, 1); // −u
        Fe.add(s, m, x); // s = x − u (m3)
        if (!Fe.isSquareVar(s)) {
          return false;
        }
        long[] q = sc.iq;
        Fe.sqr(g, u);
        Fe.mul(q, s, g);
        Fe.mulInt(q, q, 3); // 3·s·u²
        Fe.mul(g, g, u);
        Fe.addInt(g, 7);
        Fe.mulInt(g, g, 4); // 4·(u³ + 7)
        Fe.add(q, q, g);
        Fe.mul(q, q, s);
        Fe.negate(q, q, 1); // −s·(4(u³+7) + 3u²s)
        if (!Fe.isSquareVar(q)) {
          return false;
        }
        long[] r = sc.ir;
        Fe.sqrt(r, q);
        if ((c & 1) != 0 && Fe.isZero(r)) {
          return false;
        }
        if (Fe.isZero(s)) {
          return false;
        }
        // One exponentiation gives w = sqrt(s) and z = 1/w, so 1/s = z² needs no inversion.
        long[] z = sc.iz;
        if (!Fe.isqrt(z, w, s)) {
          throw new AssertionError("s must be a square here");
        }
        Fe.sqr(v, z);
        Fe.mul(v, v, r); // r/s
        Fe.add(v, v, m); // r/s − u
        Fe.mul(v, v, HALF); // (r/s − u)/2
      }
      if ((c & 5) == 0 || (c & 5) == 5) {
        Fe.negate(w, w, 1);
      }
      Fe.mul(m, u, (c & 1) != 0 ? C4 : C3);
      Fe.add(m, m, v);
      Fe.mul(t, w, m);
      Fe.normalize(t);
      return true;
    } finally {
      POOL.give(sc);
    }
  }

  /**
   * Finds (u, t) for point p (canonical coordinates) with libsecp256k1's hash-driven search and
   * writes u‖t to out. The search draws SHA256(seed[0..seedLen) ‖ cnt); seed starts with a 64-byte
   * tag prefix. libsecp256k1 resumes a saved SHA-256 state for each draw; hashing the whole seed
   * again costs two extra blocks, which the JDK's hardware SHA-256 does faster than a copied
   * pure-Java state does one.
   */
  private static void encodePoint(byte[] out, Ge p, byte[] seed, int seedLen) {
    Scratch sc = POOL.take();
    try {
      Sha256 h = sc.h;
      byte[] branchHash = sc.branchHash;
      byte[] u32 = sc.u32;
      long[] u = sc.eu;
      long[] t = sc.et;
      int branchesLeft = 0;
      int cnt = 0;
      while (true) {
        if (branchesLeft == 0) {
          prng(h, seed, seedLen, cnt++, branchHash);
          branchesLeft = 64;
        }
        // 64 branch values of 3 bits per hash, taken from the last byte's high nibble downwards.
        --branchesLeft;
        int branch = ((branchHash[branchesLeft >> 1] & 0xFF) >>> ((branchesLeft & 1) << 2)) & 7;
        prng(h, seed, seedLen, cnt++, u32);
        Fe.setBytes(u, u32, 0);
        // u is a hash output: u ≡ 0 (mod p) would need a SHA-256 preimage, so it is not handled.
        if (inv(t, p.x, u, branch)) {
          break;
        }
      }
      // The decoder picks y with the parity of t, so match t's parity to p's y.
      if (Fe.isOdd(t) != Fe.isOdd(p.y)) {
        Fe.negate(t, t, 1);
        Fe.normalize(t);
      }
      System.arraycopy(u32, 0, out, 0, 32);
      Fe.toBytes(out, 32, t);
    } finally {
      POOL.give(sc);
    }
  }

  /** out = SHA256(seed[0..seedLen) ‖ cnt as 4 little-endian bytes). */
  private static void prng(Sha256 h, byte[] seed, int seedLen, int cnt, byte[] out) {
    h.update(seed, 0, seedLen).updateIntLe(cnt).doFinal(out, 0);
  }
}
