package org.sv2j.harness;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Targets as Sv2 defines them: a U256 in little-endian byte order (byte 31 most significant). A hash meets a
 * target when, read as the same kind of little-endian number, it is less than or equal to it. Also the BIP
 * 320 version-rolling mask.
 */
public final class Targets {
  private Targets() {}

  /** The BIP 320 general-purpose version bits (13–28) a miner may roll: {@code 0x1FFFE000}. */
  public static final int BIP320_VERSION_MASK = 0x1FFF_E000;

  /**
   * The largest target (every hash meets it): 32 bytes of 0xff.
   *
   * @return a new array
   */
  public static byte[] max() {
    byte[] t = new byte[32];
    Arrays.fill(t, (byte) 0xff);
    return t;
  }

  /**
   * Whether {@code hash} (internal order) is at most {@code target} (U256 little-endian).
   *
   * @param hash 32 bytes
   * @param target 32 bytes
   * @return whether the hash meets the target
   */
  public static boolean meets(byte[] hash, byte[] target) {
    return compare(hash, target) <= 0;
  }

  /**
   * Compares two U256 little-endian numbers.
   *
   * @param a 32 bytes
   * @param b 32 bytes
   * @return negative, zero or positive as {@code a} is below, equal to or above {@code b}
   * @throws IllegalArgumentException if either is not 32 bytes
   */
  public static int compare(byte[] a, byte[] b) {
    if (a.length != 32 || b.length != 32) {
      throw new IllegalArgumentException("U256 values have 32 bytes");
    }
    for (int i = 31; i >= 0; i--) {
      int x = a[i] & 0xff;
      int y = b[i] & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return 0;
  }

  /**
   * The smaller of two targets.
   *
   * @param a 32 bytes
   * @param b 32 bytes
   * @return {@code a} or {@code b} (not copied)
   */
  public static byte[] min(byte[] a, byte[] b) {
    return compare(a, b) <= 0 ? a : b;
  }

  /**
   * The target that a uniformly random hash meets with probability about 2^-bits: 2^(256 − bits) − 1.
   *
   * @param bits 0 to 255
   * @return the U256 little-endian target
   */
  public static byte[] ofLeadingZeroBits(int bits) {
    if (bits < 0 || bits > 255) {
      throw new IllegalArgumentException("bits must be in 0..255");
    }
    return fromBigInteger(BigInteger.ONE.shiftLeft(256 - bits).subtract(BigInteger.ONE));
  }

  /**
   * The expected number of hashes per share for a target: 2^256 / (target + 1).
   *
   * @param target U256 little-endian
   * @return the expected hashes per share
   */
  public static double expectedHashes(byte[] target) {
    return Math.pow(2, 256) / toBigInteger(target).add(BigInteger.ONE).doubleValue();
  }

  /**
   * The target encoded by a block header's nBits (compact form).
   *
   * @param nbits the compact target
   * @return the U256 little-endian target
   */
  public static byte[] fromNbits(int nbits) {
    int exponent = nbits >>> 24;
    BigInteger mantissa = BigInteger.valueOf(nbits & 0x007f_ffff);
    BigInteger t = exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent)) : mantissa.shiftLeft(8 * (exponent - 3));
    return fromBigInteger(t);
  }

  /**
   * A non-negative number below 2^256 as a U256 little-endian.
   *
   * @param v the number
   * @return 32 bytes
   */
  public static byte[] fromBigInteger(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("not a U256: " + v);
    }
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /**
   * A U256 little-endian as a number.
   *
   * @param le 32 bytes
   * @return the non-negative number
   */
  public static BigInteger toBigInteger(byte[] le) {
    return new BigInteger(1, Hashes.reversed(le));
  }
}
