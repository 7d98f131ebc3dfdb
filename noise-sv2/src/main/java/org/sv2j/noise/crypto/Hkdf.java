package org.sv2j.noise.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869).
 *
 * <p>The instance method {@link #hkdf2} is Noise's two-output {@code HKDF(ck, ikm)}: {@code t =
 * HMAC(ck, ikm)}, {@code o1 = HMAC(t, 0x01)}, {@code o2 = HMAC(t, o1 ‖ 0x02)}, which is RFC 5869
 * with salt = ck, empty info and 64 output bytes. It computes the HMACs itself on two reusable
 * JDK digests ({@link Sha256}: hardware SHA-256 where the CPU has it) and allocates nothing (Bouncy
 * Castle's {@code HMac.init} copies two digests per key, about 1 KB per HKDF). The static {@link #derive} and {@link #hmacSha256} are general RFC 5869 / RFC 2104
 * on Bouncy Castle's {@code HMac}, for tests, tools and keys of any length. Instances are not
 * thread-safe.
 */
public final class Hkdf {
  /** The SHA-256 output size, in bytes. */
  public static final int HASH_SIZE = 32;
  private static final int MAX_OUTPUT = 255 * HASH_SIZE;
  private static final int BLOCK = 64;
  private static final byte IPAD = 0x36;
  private static final byte OPAD = 0x5c;

  /** Inner and outer hash; both are reset (IV, empty buffer) whenever no HMAC is in progress. */
  private final Sha256 inner = new Sha256();
  private final Sha256 outer = new Sha256();
  /** The key XOR ipad, then XOR opad; zero between calls. */
  private final byte[] pad = new byte[BLOCK];
  /** t = HMAC(ck, ikm); zero between calls. */
  private final byte[] t = new byte[HASH_SIZE];
  /** The inner hash of an HMAC; zero between calls. */
  private final byte[] u = new byte[HASH_SIZE];
  private final byte[] one = {1};
  private final byte[] two = {2};

  /**
   * Noise HKDF with two outputs. {@code out1} may be {@code ck} itself (the MixKey case): ck is read
   * completely before anything is written. Leaves no key-dependent value in this object.
   *
   * @param ck the 32-byte chaining key (the HMAC key)
   * @param ikm the array holding the input key material
   * @param ikmOff where the input key material starts
   * @param ikmLen its length (0 for Split)
   * @param out1 receives the first 32-byte output
   * @param out2 receives the second 32-byte output
   */
  public void hkdf2(
      byte[] ck, byte[] ikm, int ikmOff, int ikmLen, byte[] out1, byte[] out2) {
    try {
      begin(ck);
      inner.update(ikm, ikmOff, ikmLen);
      end(t, 0);

      begin(t);
      inner.update(one, 0, 1);
      end(out1, 0);

      begin(t);
      inner.update(out1, 0, HASH_SIZE);
      inner.update(two, 0, 1);
      end(out2, 0);
    } finally {
      destroy();
    }
  }

  /** Starts HMAC under the 32-byte {@code key}: pad = key XOR ipad, absorbed by the inner hash. */
  private void begin(byte[] key) {
    for (int i = 0; i < HASH_SIZE; i++) {
      pad[i] = (byte) (key[i] ^ IPAD);
    }
    Arrays.fill(pad, HASH_SIZE, BLOCK, IPAD);
    inner.update(pad, 0, BLOCK);
  }

  /** Finishes the HMAC begun by {@link #begin} into {@code out[off, off+32)}. */
  private void end(byte[] out, int off) {
    inner.doFinal(u, 0); // doFinal resets the digest
    for (int i = 0; i < BLOCK; i++) {
      pad[i] ^= IPAD ^ OPAD;
    }
    outer.update(pad, 0, BLOCK);
    outer.update(u, 0, HASH_SIZE);
    outer.doFinal(out, off);
  }

  /** Wipes every key-dependent value (pads, t, the inner hash, both digests' states). */
  public void destroy() {
    Arrays.fill(pad, (byte) 0);
    Arrays.fill(t, (byte) 0);
    Arrays.fill(u, (byte) 0);
    inner.reset();
    outer.reset();
  }

  /** True if no key-dependent value is left (zero temporaries, both digests at the IV); for tests. */
  boolean isWiped() {
    return SymmetricState.isZero(pad)
        && SymmetricState.isZero(t)
        && SymmetricState.isZero(u)
        && inner.isReset()
        && outer.isReset();
  }

  /**
   * HMAC-SHA256 of {@code message} under a key of any length.
   *
   * @param key the key
   * @param message the message
   * @return a new 32-byte MAC
   */
  public static byte[] hmacSha256(byte[] key, byte[] message) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(message, 0, message.length);
    byte[] out = new byte[HASH_SIZE];
    mac.doFinal(out, 0);
    wipe(mac);
    return out;
  }

  /** Replaces a one-off HMac's key-dependent pads and digest state by those of an all-zero key. */
  private static void wipe(HMac mac) {
    mac.init(new KeyParameter(new byte[HASH_SIZE]));
  }

  /**
   * RFC 5869 HKDF-SHA256. {@code salt} null or empty means 32 zero bytes; {@code info} null means
   * empty.
   *
   * @param salt the salt, or null
   * @param ikm the input key material
   * @param info the context, or null
   * @param length the output length, 0 to 255·32
   * @return a new array of {@code length} bytes
   * @throws IllegalArgumentException if {@code length} is negative or above 255·32
   */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    Objects.requireNonNull(ikm, "ikm");
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF-SHA256 output must be 0.." + MAX_OUTPUT + " bytes");
    }
    byte[] prk = hmacSha256(salt == null || salt.length == 0 ? new byte[HASH_SIZE] : salt, ikm);
    byte[] inf = info == null ? new byte[0] : info;
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(prk));
    byte[] out = new byte[length];
    byte[] block = new byte[HASH_SIZE];
    int done = 0;
    for (int i = 1; done < length; i++) {
      if (i > 1) {
        mac.update(block, 0, HASH_SIZE);
      }
      mac.update(inf, 0, inf.length);
      mac.update((byte) i);
      mac.doFinal(block, 0);
      int n = Math.min(HASH_SIZE, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    wipe(mac);
    Arrays.fill(prk, (byte) 0);
    Arrays.fill(block, (byte) 0);
    return out;
  }
}
