package org.sv2j.noise.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sv2j.noise.NoiseException;

/**
 * A Noise CipherState: an {@link Aead} (or none, before the first MixKey) and the 64-bit nonce
 * counter n.
 *
 * <p>The 12-byte nonce is 4 zero bytes ‖ n as u64 little-endian. Every operation uses n and then
 * increments it; a failed one (bad tag, wrong length, bad bounds) leaves n unchanged. n is unsigned:
 * 2<sup>64</sup>−1 is reserved by Noise, so once n reaches it every operation throws {@link
 * NoiseException.Kind#NONCE_EXHAUSTED} (the Sv2 reference has no such check; its u64 would wrap).
 *
 * <p>Without a key, encryption and decryption pass the data through unchanged and leave n as it is
 * (EncryptAndHash of the empty payload in handshake act 1).
 *
 * <p>Not thread-safe. The reusable nonce array makes every operation allocation-free.
 */
public final class CipherState {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** n = 2^64 − 1 as a signed long. */
  private static final long RESERVED = -1L;

  private final byte[] nonce = new byte[Aead.NONCE_SIZE];
  private Aead aead;
  private long n;

  /** A cipher state without a key. */
  public CipherState() {}

  /** A cipher state around {@code aead} with n = 0; takes ownership of it. */
  public CipherState(Aead aead) {
    this.aead = aead;
  }

  public boolean hasKey() {
    return aead != null;
  }

  /**
   * Installs {@code key[off, off+32)} with n = 0 (the handshake's MixKey), reusing the Bouncy
   * Castle cipher when there already is one.
   */
  public void initializeKey(byte[] key, int off) {
    if (aead instanceof ChaChaPolyBc) {
      ((ChaChaPolyBc) aead).setKey(key, off);
    } else {
      if (aead != null) {
        aead.destroy();
      }
      aead = new ChaChaPolyBc(key, off);
    }
    n = 0;
  }

  /** The next nonce value (unsigned). */
  public long nonce() {
    return n;
  }

  /** Sets n; for tests of the exhaustion check. */
  public void setNonce(long value) {
    n = value;
  }

  public String backend() {
    return aead == null ? "none" : aead.backend();
  }

  /** Encrypts {@code buf[off, off+len)} in place with AD; returns the ciphertext length. */
  public int encryptWithAd(byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    if (aead == null) {
      return len;
    }
    int r = aead.encrypt(nextNonce(), ad, adOff, adLen, buf, off, len);
    n++;
    return r;
  }

  /** Decrypts {@code buf[off, off+len)} in place with AD; returns the plaintext length. */
  public int decryptWithAd(byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    if (aead == null) {
      return len;
    }
    int r = aead.decrypt(nextNonce(), ad, adOff, adLen, buf, off, len);
    n++;
    return r;
  }

  /** Encrypts the absolute range {@code buf[index, index+len)} with empty AD. */
  public int encrypt(ByteBuffer buf, int index, int len) {
    if (aead == null) {
      return len;
    }
    int r = aead.encrypt(nextNonce(), buf, index, len);
    n++;
    return r;
  }

  /** Decrypts the absolute range {@code buf[index, index+len)} with empty AD. */
  public int decrypt(ByteBuffer buf, int index, int len) {
    if (aead == null) {
      return len;
    }
    int r = aead.decrypt(nextNonce(), buf, index, len);
    n++;
    return r;
  }

  private byte[] nextNonce() {
    if (n == RESERVED) {
      throw NoiseException.of(
          NoiseException.Kind.NONCE_EXHAUSTED, "nonce counter exhausted (2^64-1 is reserved)");
    }
    LONG.set(nonce, 4, n);
    return nonce;
  }

  /** Wipes the key; the state has no key afterwards. */
  public void destroy() {
    if (aead != null) {
      aead.destroy();
      aead = null;
    }
    Arrays.fill(nonce, (byte) 0);
  }

  /** The cipher, for tests. */
  Aead aead() {
    return aead;
  }
}
