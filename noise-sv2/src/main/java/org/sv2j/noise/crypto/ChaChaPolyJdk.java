package org.sv2j.noise.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * {@link Aead} on the JDK's {@code ChaCha20-Poly1305} cipher (SunJCE). From JDK 20 on HotSpot compiles
 * its ChaCha20 to vector stubs on AVX2, AVX-512 and NEON, but on x86 its Poly1305 only with AVX-512 (the
 * VM option {@code UsePoly1305Intrinsics} says whether it does). With both stubs it is several times
 * faster than {@link ChaChaPolyJava} from about a kilobyte up and slower for small messages; with the
 * ChaCha20 stub alone (AVX2-only x86) it is slower than {@link ChaChaPolyJava} at every size, and on
 * JDK 17 slower still ({@code AeadBenchmark}, benchmarks/README.md). {@link Aeads} chooses accordingly.
 *
 * <p>Costs: every message allocates (measured per encryption + decryption pair: about 3.6 KB on
 * JDK 17, 4.4 KB on JDK 25; JDK 17 also copies the whole ciphertext when decrypting in place), and
 * the JCE keeps its own copies of the key that {@link #destroy()} cannot reach; only this object's
 * copy is wiped.
 *
 * <p>Re-initialising with the key and nonce of the previous {@code init} is refused by SunJCE (JDK
 * 17: for decryption too). A failed decryption does not consume its nonce, so retrying it would hit
 * that check: before a <em>decryption</em> only, an {@code init} with a different nonce is slipped in
 * first. An encryption under the nonce of the previous operation is never helped past the check: it
 * would be a nonce reuse, and SunJCE's refusal surfaces as an {@link IllegalStateException}.
 */
public final class ChaChaPolyJdk implements Aead {
  private final Cipher cipher;
  private final RawKey key;
  private final byte[] lastNonce = new byte[NONCE_SIZE];
  private boolean initialised;
  /** Staging array for buffers without an accessible array; grows to the largest message seen. */
  private byte[] staging;

  /** A cipher for {@code key[off, off+32)} (copied). */
  public ChaChaPolyJdk(byte[] key, int off) {
    Objects.checkFromIndexSize(off, KEY_SIZE, key.length);
    this.cipher = newCipher();
    this.key = new RawKey(Arrays.copyOfRange(key, off, off + KEY_SIZE));
  }

  /** True if the running JDK offers {@code ChaCha20-Poly1305}. */
  public static boolean isAvailable() {
    try {
      newCipher();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static Cipher newCipher() {
    try {
      try {
        // SunJCE explicitly: an application that put BC's provider first would otherwise get BC's
        // JCE wrapper, which is neither intrinsified nor allocation-free.
        return Cipher.getInstance("ChaCha20-Poly1305", "SunJCE");
      } catch (NoSuchProviderException e) {
        return Cipher.getInstance("ChaCha20-Poly1305");
      }
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 not available in this JDK", e);
    }
  }

  @Override
  public int encrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    Objects.checkFromIndexSize(off + len, TAG_SIZE, buf.length);
    init(Cipher.ENCRYPT_MODE, nonce);
    try {
      if (adLen > 0) {
        cipher.updateAAD(ad, adOff, adLen);
      }
      return cipher.doFinal(buf, off, len, buf, off);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  @Override
  public int decrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len < TAG_SIZE) {
      throw org.sv2j.noise.NoiseException.of(
          org.sv2j.noise.NoiseException.Kind.WRONG_MESSAGE_LENGTH,
          "ciphertext shorter than the 16-byte tag");
    }
    init(Cipher.DECRYPT_MODE, nonce);
    try {
      if (adLen > 0) {
        cipher.updateAAD(ad, adOff, adLen);
      }
      // SunJCE authenticates the whole input before it writes any plaintext.
      return cipher.doFinal(buf, off, len, buf, off);
    } catch (AEADBadTagException e) {
      throw ChaChaPolyBc.badTag();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  @Override
  public int encrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    Objects.checkFromIndexSize(index, len + TAG_SIZE, buf.limit());
    byte[] s = staging(len + TAG_SIZE);
    buf.get(index, s, 0, len);
    int n = encrypt(nonce, null, 0, 0, s, 0, len);
    buf.put(index, s, 0, n);
    Arrays.fill(s, 0, n, (byte) 0);
    return n;
  }

  @Override
  public int decrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    Objects.checkFromIndexSize(index, len, buf.limit());
    byte[] s = staging(len);
    buf.get(index, s, 0, len);
    try {
      int n = decrypt(nonce, null, 0, 0, s, 0, len);
      buf.put(index, s, 0, n);
      return n;
    } finally {
      Arrays.fill(s, 0, len, (byte) 0);
    }
  }

  @Override
  public String backend() {
    return "jdk";
  }

  @Override
  public void destroy() {
    key.destroy();
    if (staging != null) {
      Arrays.fill(staging, (byte) 0);
    }
  }

  private void init(int mode, byte[] nonce) {
    if (key.destroyed) {
      throw new IllegalStateException("cipher destroyed");
    }
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be 12 bytes");
    }
    try {
      if (mode == Cipher.DECRYPT_MODE && initialised && Arrays.equals(lastNonce, nonce)) {
        // Decrypting under the nonce of the previous init (a retry after a failed decryption):
        // SunJCE refuses that, so move it to another nonce first. Never used to process data. Not
        // for encryption: encrypting twice under one nonce is the reuse the check exists to stop.
        lastNonce[0] ^= 1;
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(lastNonce));
      }
      cipher.init(mode, key, new IvParameterSpec(nonce));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 init failed", e);
    }
    System.arraycopy(nonce, 0, lastNonce, 0, NONCE_SIZE);
    initialised = true;
  }

  private byte[] staging(int size) {
    if (staging == null || staging.length < size) {
      staging = new byte[Math.max(size, 256)];
    }
    return staging;
  }

  /** A raw ChaCha20 key that, unlike {@code SecretKeySpec} on JDK 17, can be destroyed. */
  private static final class RawKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private boolean destroyed;

    RawKey(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public String getAlgorithm() {
      return "ChaCha20";
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return bytes.clone();
    }

    @Override
    public void destroy() {
      Arrays.fill(bytes, (byte) 0);
      destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }

    @Override
    public String toString() {
      return "RawKey[ChaCha20]";
    }
  }
}
