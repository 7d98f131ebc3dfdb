package org.sv2j.noise.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Noise SymmetricState of the Sv2 handshake: chaining key ck, handshake hash h and the
 * handshake cipher key with its nonce.
 *
 * <p>Initialisation as the Sv2 reference: {@code ck = SHA256("Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256")},
 * {@code h = SHA256(ck)} (standard Noise init followed by MixHash of an empty prologue).
 *
 * <ul>
 *   <li>MixHash(d): {@code h = SHA256(h ‖ d)}.
 *   <li>MixKey(ikm): {@code (ck, k) = HKDF(ck, ikm)}; k becomes the cipher key with n = 0.
 *   <li>EncryptAndHash(p): {@code c = ENCRYPT(k, n++, ad = h, p)} (or c = p without a key); then
 *       MixHash(c).
 *   <li>DecryptAndHash(c): {@code p = DECRYPT(k, n++, ad = h, c)}; MixHash(c), of the ciphertext.
 *   <li>Split: {@code (k1, k2) = HKDF(ck, empty)}.
 * </ul>
 *
 * <p>Not thread-safe. {@link #destroy()} wipes ck, h and the key.
 *
 * <h2>Memory</h2>
 *
 * An instance holds only ck, h, the key and its nonce (about 200 bytes), so that a handshake
 * waiting for its peer ties up nothing else. The SHA-256, HKDF and ChaCha20-Poly1305 engines come
 * from a small bounded pool for the duration of each operation and go back with no secret in them
 * (digests reset, the cipher destroyed, temporaries zeroed): a handshake allocates nothing here
 * beyond the instance itself. The handshake cipher is the pure-Java {@link ChaChaPolyJava}
 * (allocation-free; the transport's backend choice does not apply to these two short messages).
 */
public final class SymmetricState {
  /** The Noise protocol name of Sv2, whose SHA-256 is the initial ck. */
  public static final String PROTOCOL_NAME = "Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256";
  private static final byte[] CK0 = sha256(PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
  private static final byte[] H0 = sha256(CK0);
  private static final byte[] EMPTY = new byte[0];
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] ck = CK0.clone();
  private final byte[] h = H0.clone();
  /** The handshake key (valid while {@link #hasKey}). */
  private final byte[] k = new byte[32];
  private boolean hasKey;
  /** The nonce of the next handshake encryption or decryption under k. */
  private long n;

  /** The engines of one operation; hold no secret while pooled. */
  static final class Engine {
    final Sha256 sha = new Sha256();
    final Hkdf hkdf = new Hkdf();
    final ChaChaPolyJava aead = new ChaChaPolyJava(new byte[32], 0);
    final byte[] nonce = new byte[Aead.NONCE_SIZE];
    /** The next h while a DecryptAndHash is in progress. */
    final byte[] next = new byte[32];

    Engine() {
      aead.destroy();
    }

    /** Zeroes whatever the last operation left (digest states are reset by doFinal). */
    void wipe() {
      aead.destroy();
      Arrays.fill(nonce, (byte) 0);
      Arrays.fill(next, (byte) 0);
      sha.reset();
      hkdf.destroy();
    }

    /** True if nothing of a previous operation is left; for tests. */
    boolean isWiped() {
      return aead.isDestroyed() && isZero(nonce) && isZero(next);
    }

    /** True if the HKDF holds nothing; for tests. */
    boolean hkdfIsWiped() {
      return hkdf.isWiped();
    }
  }

  static final ScratchPool<Engine> POOL = new ScratchPool<>(Engine::new);

  /**
   * SHA-256 of the protocol name: the initial ck.
   *
   * @return a new 32-byte array
   */
  public static byte[] protocolNameHash() {
    return CK0.clone();
  }

  /**
   * The initial h = SHA256(ck0).
   *
   * @return a new 32-byte array
   */
  public static byte[] initialHash() {
    return H0.clone();
  }

  /**
   * MixHash: h = SHA256(h ‖ data[off, off+len)).
   *
   * @param data the array holding the data
   * @param off where the data starts
   * @param len the data length (0 for the empty payload)
   */
  public void mixHash(byte[] data, int off, int len) {
    Engine e = POOL.take();
    try {
      mixHash(e.sha, h, data, off, len, h);
    } finally {
      e.wipe();
      POOL.give(e);
    }
  }

  /** out = SHA256(h ‖ data[off, off+len)); out may be h. */
  private static void mixHash(
      Sha256 sha, byte[] h, byte[] data, int off, int len, byte[] out) {
    sha.update(h, 0, 32);
    sha.update(data, off, len);
    sha.doFinal(out, 0);
  }

  /**
   * MixKey: (ck, k) = HKDF(ck, ikm); k becomes the handshake key with n = 0.
   *
   * @param ikm the input key material (the ECDH result), read, not modified
   */
  public void mixKey(byte[] ikm) {
    Engine e = POOL.take();
    try {
      e.hkdf.hkdf2(ck, ikm, 0, ikm.length, ck, k);
      hasKey = true;
      n = 0;
    } finally {
      e.wipe();
      POOL.give(e);
    }
  }

  /**
   * EncryptAndHash of {@code buf[off, off+len)} in place (16 bytes of room after it when a key is
   * set); returns the ciphertext length.
   *
   * @param buf the array holding the plaintext
   * @param off where the plaintext starts
   * @param len the plaintext length
   * @return the ciphertext length: {@code len + 16} with a key, {@code len} without
   */
  public int encryptAndHash(byte[] buf, int off, int len) {
    Engine e = POOL.take();
    try {
      int c = len;
      if (hasKey) {
        e.aead.setKey(k, 0);
        c = e.aead.encrypt(nonce(e), h, 0, 32, buf, off, len); // reads ad = h before the MixHash
        n++;
      }
      mixHash(e.sha, h, buf, off, c, h);
      return c;
    } finally {
      e.wipe();
      POOL.give(e);
    }
  }

  /**
   * DecryptAndHash of {@code buf[off, off+len)} in place; returns the plaintext length.
   *
   * @param buf the array holding the ciphertext and its tag
   * @param off where the ciphertext starts
   * @param len the ciphertext length, tag included when a key is set
   * @return the plaintext length: {@code len - 16} with a key, {@code len} without
   * @throws org.sv2j.noise.NoiseException BAD_TAG if the tag does not verify
   */
  public int decryptAndHash(byte[] buf, int off, int len) {
    Engine e = POOL.take();
    try {
      if (!hasKey) {
        mixHash(e.sha, h, buf, off, len, h);
        return len;
      }
      // The next h covers the ciphertext, which the in-place decryption overwrites.
      mixHash(e.sha, h, buf, off, len, e.next);
      e.aead.setKey(k, 0);
      int p = e.aead.decrypt(nonce(e), h, 0, 32, buf, off, len);
      n++;
      System.arraycopy(e.next, 0, h, 0, 32);
      return p;
    } finally {
      e.wipe();
      POOL.give(e);
    }
  }

  private byte[] nonce(Engine e) {
    LONG.set(e.nonce, 4, n); // 4 zero bytes ‖ n, u64 little-endian; n stays tiny here
    return e.nonce;
  }

  /**
   * Split: writes k1 and k2 (32 bytes each), the transport keys.
   *
   * @param k1 receives the first key (initiator to responder)
   * @param k2 receives the second key (responder to initiator)
   */
  public void split(byte[] k1, byte[] k2) {
    Engine e = POOL.take();
    try {
      e.hkdf.hkdf2(ck, EMPTY, 0, 0, k1, k2);
    } finally {
      e.wipe();
      POOL.give(e);
    }
  }

  /** Wipes ck, h and the handshake key. */
  public void destroy() {
    Arrays.fill(ck, (byte) 0);
    Arrays.fill(h, (byte) 0);
    Arrays.fill(k, (byte) 0);
    hasKey = false;
    n = 0;
  }

  /**
   * The live h, for tests.
   *
   * @return the state's own 32-byte array
   */
  public byte[] h() {
    return h;
  }

  /**
   * The live ck, for tests.
   *
   * @return the state's own 32-byte array
   */
  public byte[] ck() {
    return ck;
  }

  /**
   * True if ck, h and the key are wiped; for tests.
   *
   * @return whether nothing secret is left
   */
  public boolean isWiped() {
    return isZero(ck) && isZero(h) && isZero(k) && !hasKey;
  }

  static boolean isZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  private static byte[] sha256(byte[] data) {
    Sha256 d = new Sha256();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
