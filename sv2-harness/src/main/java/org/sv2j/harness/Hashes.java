package org.sv2j.harness;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bitcoin's double SHA-256. Hashes are returned in the order SHA-256 produces them (the "internal" byte
 * order, which Sv2's U256 fields carry); block explorers print them reversed.
 */
public final class Hashes {
  private Hashes() {}

  /**
   * A fresh SHA-256 digest.
   *
   * @return a new digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /**
   * SHA-256(SHA-256(data)).
   *
   * @param data the bytes to hash
   * @return the 32-byte hash
   */
  public static byte[] sha256d(byte[] data) {
    return sha256d(sha256(), data, 0, data.length);
  }

  /**
   * SHA-256(SHA-256(data[off, off + len))) with a caller's digest (reset before and after use).
   *
   * @param md a SHA-256 digest
   * @param data the bytes
   * @param off where they start
   * @param len how many
   * @return the 32-byte hash
   */
  public static byte[] sha256d(MessageDigest md, byte[] data, int off, int len) {
    md.reset();
    md.update(data, off, len);
    byte[] first = md.digest();
    return md.digest(first);
  }

  /**
   * A copy of {@code b} in reverse order (internal byte order to the displayed one and back).
   *
   * @param b the bytes
   * @return a reversed copy
   */
  public static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }
}
