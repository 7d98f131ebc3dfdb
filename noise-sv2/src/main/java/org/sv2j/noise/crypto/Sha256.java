package org.sv2j.noise.crypto;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;

/**
 * SHA-256 on the JDK's own implementation, which HotSpot compiles to the CPU's SHA extensions (or
 * to AVX2 code) where it has them: 4–6 times faster than Bouncy Castle's pure-Java digest for
 * the handshake's 32–160-byte messages ({@code DigestBenchmark}), and the handshake hashes some 170
 * blocks.
 *
 * <p>An instance wraps one {@link MessageDigest}; it is not thread-safe, and allocates nothing
 * after construction ({@link #doFinal} writes into the caller's array). Finishing or resetting
 * clears the digest's buffered input, so a hash over secret material leaves no copy behind.
 *
 * <p>The JDK digest has no cheap way to resume from a saved mid-state (cloning allocates), so
 * callers that hash the same prefix many times feed the prefix again: with hardware SHA one extra
 * block costs less than Bouncy Castle's state copy plus its slower block.
 */
final class Sha256 {
  /** Digest length in bytes. */
  static final int LENGTH = 32;

  private final MessageDigest md;
  /** Whether anything was absorbed since the last finish or reset; for wipe checks in tests. */
  private boolean used;

  Sha256() {
    md = newDigest();
  }

  /** The JDK's "SUN" SHA-256 (the intrinsified one), whichever provider has it otherwise. */
  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256", "SUN");
    } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e2) {
        throw new IllegalStateException("no SHA-256 in this JDK", e2);
      }
    }
  }

  /** Absorbs {@code len} bytes of {@code in} from {@code off}; returns this. */
  Sha256 update(byte[] in, int off, int len) {
    md.update(in, off, len);
    used = true;
    return this;
  }

  /** Absorbs one byte; returns this. */
  Sha256 update(byte b) {
    md.update(b);
    used = true;
    return this;
  }

  /** Absorbs {@code v} as 4 little-endian bytes; returns this. */
  Sha256 updateIntLe(int v) {
    used = true;
    md.update((byte) v);
    md.update((byte) (v >>> 8));
    md.update((byte) (v >>> 16));
    md.update((byte) (v >>> 24));
    return this;
  }

  /** Writes the 32-byte digest to {@code out[off..off+32)} and resets. */
  void doFinal(byte[] out, int off) {
    try {
      md.digest(out, off, LENGTH);
      // The JDK digest resets lazily, on next use; reset now so the buffered input is zeroed.
      md.reset();
      used = false;
    } catch (DigestException e) {
      throw new IllegalArgumentException("no room for a SHA-256 digest", e);
    }
  }

  /** Forgets everything absorbed since the last {@link #doFinal} or reset. */
  void reset() {
    md.reset();
    used = false;
  }

  /** True if nothing was absorbed since the last {@link #doFinal} or {@link #reset}. */
  boolean isReset() {
    return !used;
  }

  /** The 64-byte BIP-340 tag prefix SHA256(tag) ‖ SHA256(tag) that starts every tagged hash. */
  static byte[] tagPrefix(String tag) {
    byte[] t = tag.getBytes(StandardCharsets.UTF_8);
    Sha256 d = new Sha256();
    byte[] prefix = new byte[2 * LENGTH];
    d.update(t, 0, t.length).doFinal(prefix, 0);
    System.arraycopy(prefix, 0, prefix, LENGTH, LENGTH);
    return prefix;
  }
}
