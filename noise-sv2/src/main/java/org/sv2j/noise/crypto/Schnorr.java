package org.sv2j.noise.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * BIP-340 Schnorr signatures over secp256k1 (messages of any length, as in BIP-340's
 * variable-length extension; Sv2 signs 32-byte digests). Internal to noise-sv2.
 *
 * <p>Signing uses the constant-time fixed-base multiplication and fixed-size scalar arithmetic;
 * verification is variable time (public data only) and computes s·G − e·P in one Strauss–Shamir
 * pass.
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
    int[] k = new int[8];
    int[] e = new int[8];
    byte[] t = new byte[32];
    byte[] rand = new byte[32];
    try {
      // t = bytes(d) XOR TaggedHash("BIP0340/aux", a)
      byte[] auxHash = TaggedHash.BIP340_AUX.hash(auxRand32);
      Scalar.toBytes(t, 0, key.d);
      for (int i = 0; i < 32; i++) {
        t[i] ^= auxHash[i];
      }
      // k' = int(TaggedHash("BIP0340/nonce", t ‖ bytes(P) ‖ m)) mod n
      SHA256Digest h = TaggedHash.BIP340_NONCE.start();
      h.update(t, 0, 32);
      h.update(key.xOnly, 0, 32);
      h.update(message, 0, message.length);
      h.doFinal(rand, 0);
      Scalar.setBytes(k, rand, 0);
      if (Scalar.isZero(k)) {
        throw new IllegalStateException("BIP-340 nonce is zero");
      }
      Ge r = Secp256k1.publicPoint(k);
      Scalar.condNegate(k, k, r.y[0] & 1);

      byte[] sig = new byte[SIGNATURE_SIZE];
      Fe.toBytes(sig, 0, r.x);
      challenge(e, sig, 0, key.xOnly, message);
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
      Scalar.clear(k);
      Scalar.clear(e);
      Secp256k1.wipe(t);
      Secp256k1.wipe(rand);
    }
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
   * <p>A public key seen twice in a row is prepared once (its lifted point and a larger table of
   * multiples are kept in a one-entry cache), because an Sv2 initiator verifies every certificate
   * against the same authority key. The cache holds public data only.
   */
  public static boolean verify(byte[] xOnlyPublicKey, byte[] message, byte[] signature) {
    if (xOnlyPublicKey == null
        || xOnlyPublicKey.length != 32
        || message == null
        || signature == null
        || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    long[] rx = new long[5];
    if (!Fe.setBytesLimit(rx, signature, 0)) {
      return false;
    }
    int[] s = new int[8];
    if (Scalar.setBytes(s, signature, 32)) {
      return false; // s ≥ n
    }
    Ecmult.OddTable table = table(xOnlyPublicKey);
    if (table == null) {
      return false;
    }
    int[] e = new int[8];
    challenge(e, signature, 0, xOnlyPublicKey, message);
    Scalar.negate(e, e);
    // R = s·G − e·P
    Gej rj = new Gej();
    Ecmult.verifyMul(rj, s, table, e);
    if (rj.infinity) {
      return false;
    }
    Ge r = new Ge();
    new Group().toAffineVar(r, rj);
    return !Fe.isOdd(r.y) && Fe.equal(r.x, rx);
  }

  /** A prepared verification key (public data). */
  private static final class PreparedKey {
    final byte[] key;
    final Ecmult.OddTable table;

    PreparedKey(byte[] key, Ecmult.OddTable table) {
      this.key = key;
      this.table = table;
    }
  }

  private static volatile PreparedKey cachedKey;
  private static volatile byte[] lastKey;

  /** The odd-multiple table of lift_x(key), or null if the key is invalid. */
  private static Ecmult.OddTable table(byte[] key) {
    PreparedKey c = cachedKey;
    if (c != null && Arrays.equals(c.key, key)) {
      return c.table;
    }
    Ge p = Secp256k1.liftX(key, 0);
    if (p == null) {
      return null;
    }
    byte[] last = lastKey;
    if (last != null && Arrays.equals(last, key)) {
      Ecmult.OddTable t = new Ecmult.OddTable(p, Ecmult.VERIFY_WINDOW_P_CACHED);
      cachedKey = new PreparedKey(key.clone(), t);
      return t;
    }
    lastKey = key.clone();
    return new Ecmult.OddTable(p, Ecmult.VERIFY_WINDOW_P);
  }

  /** e = int(TaggedHash("BIP0340/challenge", r ‖ P ‖ m)) mod n. */
  private static void challenge(int[] e, byte[] r, int rOff, byte[] px, byte[] message) {
    SHA256Digest h = TaggedHash.BIP340_CHALLENGE.start();
    h.update(r, rOff, 32);
    h.update(px, 0, 32);
    h.update(message, 0, message.length);
    byte[] digest = new byte[32];
    h.doFinal(digest, 0);
    Scalar.setBytes(e, digest, 0);
  }
}
