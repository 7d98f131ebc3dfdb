package org.sv2j.noise.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869) on Bouncy Castle.
 *
 * <p>The instance method {@link #hkdf2} is Noise's two-output {@code HKDF(ck, ikm)}: {@code t =
 * HMAC(ck, ikm)}, {@code o1 = HMAC(t, 0x01)}, {@code o2 = HMAC(t, o1 ‖ 0x02)}, which is RFC 5869
 * with salt = ck, empty info and 64 output bytes. The static {@link #derive} is general RFC 5869,
 * for tests and tools. Instances are not thread-safe.
 */
public final class Hkdf {
  public static final int HASH_SIZE = 32;
  private static final int MAX_OUTPUT = 255 * HASH_SIZE;

  private final HMac hmac = new HMac(new SHA256Digest());
  /** BC hands out the live key array: filled per use instead of a new KeyParameter. */
  private final KeyParameter key = new KeyParameter(new byte[HASH_SIZE]);
  private final byte[] t = new byte[HASH_SIZE];
  private final byte[] one = {1};
  private final byte[] two = {2};

  /**
   * Noise HKDF with two outputs. {@code out1} may be {@code ck} itself (the MixKey case): ck is read
   * completely before anything is written.
   */
  public void hkdf2(
      byte[] ck, byte[] ikm, int ikmOff, int ikmLen, byte[] out1, byte[] out2) {
    byte[] k = key.getKey();
    System.arraycopy(ck, 0, k, 0, HASH_SIZE);
    hmac.init(key);
    hmac.update(ikm, ikmOff, ikmLen);
    hmac.doFinal(t, 0);

    System.arraycopy(t, 0, k, 0, HASH_SIZE);
    hmac.init(key);
    hmac.update(one, 0, 1);
    hmac.doFinal(out1, 0);

    hmac.init(key);
    hmac.update(out1, 0, HASH_SIZE);
    hmac.update(two, 0, 1);
    hmac.doFinal(out2, 0);

    Arrays.fill(t, (byte) 0);
    Arrays.fill(k, (byte) 0);
  }

  /** Wipes the HMAC's key-dependent state. */
  public void destroy() {
    Arrays.fill(key.getKey(), (byte) 0);
    hmac.init(key);
    Arrays.fill(t, (byte) 0);
  }

  /** HMAC-SHA256 of {@code message} under a key of any length. */
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
   * empty. IllegalArgumentException if {@code length} is negative or above 255·32.
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
