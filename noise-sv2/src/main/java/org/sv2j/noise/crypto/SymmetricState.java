package org.sv2j.noise.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The Noise SymmetricState of the Sv2 handshake: chaining key ck, handshake hash h and the
 * handshake {@link CipherState}.
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
 */
public final class SymmetricState {
  public static final String PROTOCOL_NAME = "Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256";
  private static final byte[] CK0 = sha256(PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
  private static final byte[] H0 = sha256(CK0);

  private final byte[] ck = CK0.clone();
  private final byte[] h = H0.clone();
  /** The AD of the operation in progress: h as it was before the MixHash. */
  private final byte[] ad = new byte[32];
  private final byte[] k = new byte[32];
  private final SHA256Digest sha = new SHA256Digest();
  private final Hkdf hkdf = new Hkdf();
  private final CipherState cipher = new CipherState();

  /** SHA-256 of the protocol name: the initial ck. */
  public static byte[] protocolNameHash() {
    return CK0.clone();
  }

  /** The initial h = SHA256(ck0). */
  public static byte[] initialHash() {
    return H0.clone();
  }

  public void mixHash(byte[] data, int off, int len) {
    sha.update(h, 0, 32);
    sha.update(data, off, len);
    sha.doFinal(h, 0);
  }

  public void mixKey(byte[] ikm) {
    hkdf.hkdf2(ck, ikm, 0, ikm.length, ck, k);
    cipher.initializeKey(k, 0);
    Arrays.fill(k, (byte) 0);
  }

  /**
   * EncryptAndHash of {@code buf[off, off+len)} in place (16 bytes of room after it when a key is
   * set); returns the ciphertext length.
   */
  public int encryptAndHash(byte[] buf, int off, int len) {
    System.arraycopy(h, 0, ad, 0, 32);
    int n = cipher.encryptWithAd(ad, 0, 32, buf, off, len);
    mixHash(buf, off, n);
    return n;
  }

  /** DecryptAndHash of {@code buf[off, off+len)} in place; returns the plaintext length. */
  public int decryptAndHash(byte[] buf, int off, int len) {
    System.arraycopy(h, 0, ad, 0, 32);
    mixHash(buf, off, len); // of the ciphertext, before it is decrypted in place
    return cipher.decryptWithAd(ad, 0, 32, buf, off, len);
  }

  /** Split: writes k1 and k2 (32 bytes each). */
  public void split(byte[] k1, byte[] k2) {
    hkdf.hkdf2(ck, new byte[0], 0, 0, k1, k2);
  }

  /** Wipes ck, h, the handshake key and every scratch value. */
  public void destroy() {
    Arrays.fill(ck, (byte) 0);
    Arrays.fill(h, (byte) 0);
    Arrays.fill(ad, (byte) 0);
    Arrays.fill(k, (byte) 0);
    sha.reset();
    hkdf.destroy();
    cipher.destroy();
  }

  /** The live h, for tests. */
  public byte[] h() {
    return h;
  }

  /** The live ck, for tests. */
  public byte[] ck() {
    return ck;
  }

  /** True if ck, h and the key are wiped; for tests. */
  public boolean isWiped() {
    return isZero(ck) && isZero(h) && isZero(ad) && isZero(k) && !cipher.hasKey();
  }

  static boolean isZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  private static byte[] sha256(byte[] data) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
