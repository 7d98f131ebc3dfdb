package org.sv2j.noise.crypto;

import java.util.Arrays;

/**
 * BIP-340 Schnorr signatures over secp256k1 (messages of any length, as in BIP-340's
 * variable-length extension; Sv2 signs 32-byte digests). Internal to noise-sv2.
 *
 * <p>Signing uses the constant-time fixed-base multiplication and fixed-size scalar arithmetic;
 * verification is variable time (public data only): s·G − e·P in one Strauss–Shamir pass for a key
 * seen once, and without any doubling, from precomputed tables of the generator and of the key, for
 * a {@link VerificationKey} (which repeated keys become automatically).
 */
public final class Schnorr {
  public static final int SIGNATURE_SIZE = 64;

  private Schnorr() {}

  /**
   * A secret key prepared for repeated signing: the secret adjusted to the even-Y point and the
   * x-only public key, so each signature needs one fixed-base multiplication instead of two. {@link
   * #toString} shows no secret; {@link #destroy} wipes it.
   */
  public static final class SigningKey {
    private final int[] d;
    private final byte[] xOnly;

    private SigningKey(int[] d, byte[] xOnly) {
      this.d = d;
      this.xOnly = xOnly;
    }

    /** The 32-byte x-only public key (a copy). */
    public byte[] xOnlyPublicKey() {
      return xOnly.clone();
    }

    /** Overwrites the secret scalar with zeros; the key must not be used afterwards. */
    public void destroy() {
      Scalar.clear(d);
    }

    @Override
    public String toString() {
      return "SigningKey[xOnly=" + org.bouncycastle.util.encoders.Hex.toHexString(xOnly) + "]";
    }
  }

  /** Prepares a secret key for signing. IllegalArgumentException if the key is invalid. */
  public static SigningKey signingKey(byte[] secretKey) {
    int[] d = Secp256k1.parseSecretKey(secretKey);
    Ge p = Secp256k1.publicPoint(d);
    Scalar.condNegate(d, d, p.y[0] & 1); // d = n − d if P has odd y
    byte[] px = new byte[32];
    Fe.toBytes(px, 0, p.x);
    return new SigningKey(d, px);
  }

  /**
   * BIP-340 signature (64 bytes) of message with explicit aux randomness (32 bytes; the default
   * signing algorithm of BIP-340 §"Default Signing"). IllegalArgumentException if the secret key is
   * invalid or auxRand32 is not 32 bytes.
   */
  public static byte[] sign(byte[] secretKey, byte[] message, byte[] auxRand32) {
    checkSignArguments(message, auxRand32);
    SigningKey key = signingKey(secretKey);
    try {
      return sign(key, message, auxRand32);
    } finally {
      key.destroy();
    }
  }

  /** As {@link #sign(byte[], byte[], byte[])} with a prepared key. */
  public static byte[] sign(SigningKey key, byte[] message, byte[] auxRand32) {
    checkSignArguments(message, auxRand32);
    if (Scalar.isZero(key.d)) {
      throw new IllegalStateException("signing key was destroyed");
    }
    SignScratch sc = SIGN_POOL.take();
    int[] k = sc.k;
    int[] e = sc.e;
    byte[] t = sc.t;
    byte[] rand = sc.rand;
    try {
      // t = bytes(d) XOR TaggedHash("BIP0340/aux", a)
      Sha256 h = TaggedHash.BIP340_AUX.start(sc.h);
      h.update(auxRand32, 0, 32);
      h.doFinal(rand, 0);
      Scalar.toBytes(t, 0, key.d);
      for (int i = 0; i < 32; i++) {
        t[i] ^= rand[i];
      }
      // k' = int(TaggedHash("BIP0340/nonce", t ‖ bytes(P) ‖ m)) mod n
      h = TaggedHash.BIP340_NONCE.start(sc.h);
      h.update(t, 0, 32);
      h.update(key.xOnly, 0, 32);
      h.update(message, 0, message.length);
      h.doFinal(rand, 0);
      Scalar.setBytes(k, rand, 0);
      if (Scalar.isZero(k)) {
        throw new IllegalStateException("BIP-340 nonce is zero");
      }
      Ge r = sc.r;
      Secp256k1.publicPoint(r, k);
      Scalar.condNegate(k, k, r.y[0] & 1);

      byte[] sig = new byte[SIGNATURE_SIZE];
      Fe.toBytes(sig, 0, r.x);
      // e = int(TaggedHash("BIP0340/challenge", R.x ‖ P ‖ m)) mod n
      h = TaggedHash.BIP340_CHALLENGE.start(sc.h);
      h.update(sig, 0, 32);
      h.update(key.xOnly, 0, 32);
      h.update(message, 0, message.length);
      h.doFinal(rand, 0);
      Scalar.setBytes(e, rand, 0);
      // s = k + e·d mod n
      Scalar.mul(e, e, key.d);
      Scalar.add(e, e, k);
      Scalar.toBytes(sig, 32, e);
      // BIP-340's recommended final check: a fault (a flipped bit, a miscompiled or glitched
      // multiplication) could otherwise emit a signature that leaks the key. Never sent.
      java.util.function.Consumer<byte[]> hook = faultHook;
      if (hook != null) {
        hook.accept(sig);
      }
      if (!verify(key.xOnly, message, sig)) {
        java.util.Arrays.fill(sig, (byte) 0);
        throw new SigningFault();
      }
      return sig;
    } finally {
      sc.wipe();
      SIGN_POOL.give(sc);
    }
  }

  /**
   * The temporaries of one signature, pooled so that signing allocates only the signature. They
   * hold the nonce and values derived from the secret key: {@link #wipe} zeroes them before the
   * object goes back.
   */
  static final class SignScratch {
    final int[] k = new int[8];
    final int[] e = new int[8];
    final byte[] t = new byte[32];
    final byte[] rand = new byte[32];
    final Ge r = new Ge();
    final Sha256 h = new Sha256();

    void wipe() {
      Scalar.clear(k);
      Scalar.clear(e);
      Secp256k1.wipe(t);
      Secp256k1.wipe(rand);
      Fe.clear(r.x);
      Fe.clear(r.y);
      h.reset(); // drops the buffered input (t, on an exception between update and doFinal)
    }

    /** True if nothing of the last signature is left; for tests. */
    boolean isWiped() {
      int acc = 0;
      for (int i = 0; i < 8; i++) {
        acc |= k[i] | e[i];
      }
      for (int i = 0; i < 32; i++) {
        acc |= t[i] | rand[i];
      }
      for (int i = 0; i < 5; i++) {
        acc |= (int) (r.x[i] | r.y[i] | (r.x[i] >>> 32) | (r.y[i] >>> 32));
      }
      return acc == 0;
    }
  }

  static final ScratchPool<SignScratch> SIGN_POOL = new ScratchPool<>(SignScratch::new);

  /** Whether a pooled signing scratch holds nothing; takes one, checks it and gives it back. */
  static boolean pooledSignScratchIsWiped() {
    SignScratch sc = SIGN_POOL.take();
    boolean w = sc.isWiped();
    SIGN_POOL.give(sc);
    return w;
  }

  /**
   * Thrown by {@code sign} when the signature it computed does not verify: an internal error
   * (hardware fault, miscompilation, a bug), never a signature on the wire. Carries no data.
   */
  public static final class SigningFault extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SigningFault() {
      super("internal error: a computed BIP-340 signature failed its verification; not released");
    }
  }

  private static volatile java.util.function.Consumer<byte[]> faultHook;

  /**
   * Fault injection for tests (this package is not exported): {@code hook} sees, and may corrupt,
   * every signature in place before the final verification; null removes it. A hook can only make
   * signing fail, never let a bad signature out.
   *
   * @param hook the corruption to apply, or null
   */
  public static void injectFaultForTests(java.util.function.Consumer<byte[]> hook) {
    faultHook = hook;
  }

  private static void checkSignArguments(byte[] message, byte[] auxRand32) {
    if (auxRand32 == null || auxRand32.length != 32) {
      throw new IllegalArgumentException("aux randomness must be 32 bytes");
    }
    if (message == null) {
      throw new IllegalArgumentException("message must not be null");
    }
  }

  /**
   * BIP-340 verification; false (never an exception) for invalid keys/signatures.
   *
   * <p>A public key seen twice in a row is prepared once (a {@link VerificationKey}, kept in a
   * small cache of the last 4 such keys), because an Sv2 initiator verifies every certificate
   * against the same authority key. The cache holds public data only.
   *
   * @param xOnlyPublicKey the 32-byte x-only public key
   * @param message the signed message (any length)
   * @param signature the 64-byte signature R.x ‖ s
   * @return true iff the signature is valid for the key and message
   */
  public static boolean verify(byte[] xOnlyPublicKey, byte[] message, byte[] signature) {
    if (xOnlyPublicKey == null || xOnlyPublicKey.length != 32) {
      return false;
    }
    VerificationKey prepared = cached(xOnlyPublicKey);
    if (prepared != null) {
      return prepared.verify(message, signature);
    }
    if (message == null || signature == null || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    Ge p = Secp256k1.liftX(xOnlyPublicKey, 0);
    if (p == null) {
      return false;
    }
    byte[] last = lastKey;
    if (last != null && Arrays.equals(last, xOnlyPublicKey)) {
      VerificationKey key = new VerificationKey(xOnlyPublicKey.clone(), p);
      remember(key);
      return key.verify(message, signature);
    }
    lastKey = xOnlyPublicKey.clone();
    VerifyScratch v = VERIFY_POOL.take();
    try {
      if (!parseSignature(v.rx, v.s, signature)) {
        return false;
      }
      challenge(v, signature, xOnlyPublicKey, message);
      Scalar.negate(v.e, v.e);
      Ecmult.verifyMul(v.rj, v.s, new Ecmult.OddTable(p, Ecmult.VERIFY_WINDOW_P), v.e);
      return checkR(v);
    } finally {
      VERIFY_POOL.give(v);
    }
  }

  /** Per-thread temporaries of verification (public data only). */
  private static final class VerifyScratch {
    final long[] rx = new long[5];
    final int[] s = new int[8];
    final int[] e = new int[8];
    final Gej rj = new Gej();
    final Ge r = new Ge();
    final Group grp = new Group();
    final Sha256 h = new Sha256();
    final byte[] digest = new byte[32];
  }

  private static final ScratchPool<VerifyScratch> VERIFY_POOL =
      new ScratchPool<>(VerifyScratch::new);

  /** v.e = int(TaggedHash("BIP0340/challenge", r ‖ P ‖ m)) mod n, without allocating. */
  private static void challenge(VerifyScratch v, byte[] sig, byte[] px, byte[] message) {
    Sha256 h = TaggedHash.BIP340_CHALLENGE.start(v.h);
    h.update(sig, 0, 32);
    h.update(px, 0, 32);
    h.update(message, 0, message.length);
    h.doFinal(v.digest, 0);
    Scalar.setBytes(v.e, v.digest, 0);
  }

  /** rx = R.x (false if ≥ p), s = the scalar (false if ≥ n). */
  private static boolean parseSignature(long[] rx, int[] s, byte[] signature) {
    if (!Fe.setBytesLimit(rx, signature, 0)) {
      return false;
    }
    return !Scalar.setBytes(s, signature, 32);
  }

  /** True iff R = v.rj is not ∞, has even y and x(R) = v.rx. */
  private static boolean checkR(VerifyScratch v) {
    if (v.rj.infinity) {
      return false;
    }
    v.grp.toAffineVar(v.r, v.rj);
    return !Fe.isOdd(v.r.y) && Fe.equal(v.r.x, v.rx);
  }

  /**
   * A BIP-340 public key prepared for repeated verification: the lifted point and a precomputed
   * table of its multiples (about 174 KB, about a millisecond to build). Immutable and
   * thread-safe; holds public data only. Keep one per trusted key (an initiator's authority key,
   * for instance) instead of passing the raw bytes to every {@link #verify(byte[], byte[], byte[])}.
   */
  public static final class VerificationKey {
    private final byte[] xOnly;
    private final Ge point;
    private final FixedBaseTable table;

    private VerificationKey(byte[] xOnly, Ge point) {
      this.xOnly = xOnly;
      this.point = point;
      this.table = new FixedBaseTable(point);
    }

    /**
     * The key's bytes.
     *
     * @return the 32-byte x-only public key (a copy)
     */
    public byte[] xOnlyPublicKey() {
      return xOnly.clone();
    }

    /**
     * BIP-340 verification of {@code signature} over {@code message} (any length) against this
     * key; false (never an exception) for an invalid signature or null arguments. Thread-safe.
     *
     * @param message the signed message
     * @param signature the 64-byte signature R.x ‖ s
     * @return true iff the signature is valid
     */
    public boolean verify(byte[] message, byte[] signature) {
      if (message == null || signature == null || signature.length != SIGNATURE_SIZE) {
        return false;
      }
      VerifyScratch v = VERIFY_POOL.take();
      try {
        if (!parseSignature(v.rx, v.s, signature)) {
          return false;
        }
        challenge(v, signature, xOnly, message);
        Scalar.negate(v.e, v.e);
        // R = s·G − e·P
        if (!FixedBaseTable.verifyMul(v.rj, v.s, table, v.e)) {
          Ecmult.verifyMul(v.rj, v.s, new Ecmult.OddTable(point, Ecmult.VERIFY_WINDOW_P), v.e);
        }
        return checkR(v);
      } finally {
        VERIFY_POOL.give(v);
      }
    }

    @Override
    public String toString() {
      return "VerificationKey[xOnly=" + org.bouncycastle.util.encoders.Hex.toHexString(xOnly) + "]";
    }
  }

  /**
   * Prepares a 32-byte x-only public key for repeated verification.
   *
   * @param xOnlyPublicKey the key (copied)
   * @return the prepared key
   * @throws IllegalArgumentException if the key is not 32 bytes or not a valid x-only key (BIP-340
   *     lift_x fails)
   */
  public static VerificationKey verificationKey(byte[] xOnlyPublicKey) {
    if (xOnlyPublicKey == null || xOnlyPublicKey.length != 32) {
      throw new IllegalArgumentException("x-only public key must be 32 bytes");
    }
    Ge p = Secp256k1.liftX(xOnlyPublicKey, 0);
    if (p == null) {
      throw new IllegalArgumentException("invalid x-only public key");
    }
    return new VerificationKey(xOnlyPublicKey.clone(), p);
  }

  /** How many prepared keys {@link #verify(byte[], byte[], byte[])} keeps. */
  static final int CACHED_KEYS = 4;

  /** The last prepared keys, newest first (copy-on-write; public data). */
  private static volatile VerificationKey[] cache = new VerificationKey[0];

  private static volatile byte[] lastKey;

  private static VerificationKey cached(byte[] key) {
    for (VerificationKey k : cache) {
      if (Arrays.equals(k.xOnly, key)) {
        return k;
      }
    }
    return null;
  }

  private static synchronized void remember(VerificationKey key) {
    VerificationKey[] old = cache;
    VerificationKey[] next = new VerificationKey[Math.min(CACHED_KEYS, old.length + 1)];
    next[0] = key;
    System.arraycopy(old, 0, next, 1, next.length - 1);
    cache = next;
  }
}
