package org.sv2j.noise.crypto;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Chooses the transport {@link Aead} backend.
 *
 * <p>System properties (read once, when this class loads):
 *
 * <ul>
 *   <li>{@code sv2j.noise.aead} = {@code auto} (default), {@code java}, {@code bc} or {@code jdk}:
 *       force a backend. {@code java} (sv2j's own ChaCha20-Poly1305, {@link ChaChaPolyJava}) and
 *       {@code bc} (Bouncy Castle) never allocate per message.
 *   <li>{@code sv2j.noise.aead.jdkThreshold} = bytes (default {@value #DEFAULT_JDK_THRESHOLD}): in
 *       {@code auto} mode on JDK 21+, messages with at least this many plaintext bytes go to the JDK
 *       cipher, smaller ones to the pure-Java cipher.
 * </ul>
 *
 * <p>{@code auto} uses only the pure-Java cipher on JDK 17–20: it is 1.3–1.7 times faster than
 * Bouncy Castle there and the JDK cipher, without intrinsics, is slower than both
 * (benchmarks/README.md). On JDK 21+ the JDK cipher's intrinsics win from a few hundred bytes on,
 * while the pure-Java cipher, with no per-message {@code Cipher.init} and no allocation, wins on
 * small messages such as the 6-byte Sv2 header and most mining messages. On JDK 25 (AVX-512) they
 * cross between 256 and 512 bytes; 512 keeps the allocation-free path wherever they are within noise.
 * Machines without HotSpot's ChaCha20/Poly1305 intrinsics should force {@code java}.
 */
public final class Aeads {
  /** Plaintext size from which {@code auto} prefers the JDK cipher on JDK 21+. */
  public static final int DEFAULT_JDK_THRESHOLD = 512;

  /** A backend choice. */
  public enum Backend {
    AUTO,
    BC,
    JDK,
    JAVA
  }

  private static final Backend CONFIGURED = parse(System.getProperty("sv2j.noise.aead", "auto"));
  private static final int THRESHOLD =
      Integer.getInteger("sv2j.noise.aead.jdkThreshold", DEFAULT_JDK_THRESHOLD);
  private static final boolean JDK_FAST =
      Runtime.version().feature() >= 21 && ChaChaPolyJdk.isAvailable();

  private Aeads() {}

  private static Backend parse(String s) {
    try {
      return Backend.valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sv2j.noise.aead must be auto, bc or jdk, not '" + s + "'", e);
    }
  }

  /** The backend the system property selects. */
  public static Backend configured() {
    return CONFIGURED;
  }

  /** A transport cipher for {@code key[off, off+32)} with the configured backend. */
  public static Aead create(byte[] key, int off) {
    return create(CONFIGURED, key, off);
  }

  /** A transport cipher for {@code key[off, off+32)} with the given backend. */
  public static Aead create(Backend backend, byte[] key, int off) {
    switch (backend) {
      case BC:
        return new ChaChaPolyBc(key, off);
      case JDK:
        return new ChaChaPolyJdk(key, off);
      case JAVA:
        return new ChaChaPolyJava(key, off);
      default:
        return JDK_FAST ? new SizeSwitching(key, off, THRESHOLD) : new ChaChaPolyJava(key, off);
    }
  }

  /**
   * The pure-Java cipher below a size threshold, the JDK cipher from it on. Both halves hold the same key;
   * the caller's nonce sequence keeps them from ever sharing a nonce.
   */
  static final class SizeSwitching implements Aead {
    private final ChaChaPolyJava small;
    private final byte[] key;
    private final int threshold;
    private ChaChaPolyJdk large;

    SizeSwitching(byte[] key, int off, int threshold) {
      this.small = new ChaChaPolyJava(key, off);
      this.key = java.util.Arrays.copyOfRange(key, off, off + KEY_SIZE);
      this.threshold = threshold;
    }

    private ChaChaPolyJdk large() {
      if (large == null) {
        large = new ChaChaPolyJdk(key, 0); // created on the first large message only
      }
      return large;
    }

    @Override
    public int encrypt(
        byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
      return len >= threshold
          ? large().encrypt(nonce, ad, adOff, adLen, buf, off, len)
          : small.encrypt(nonce, ad, adOff, adLen, buf, off, len);
    }

    @Override
    public int decrypt(
        byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
      return len - TAG_SIZE >= threshold
          ? large().decrypt(nonce, ad, adOff, adLen, buf, off, len)
          : small.decrypt(nonce, ad, adOff, adLen, buf, off, len);
    }

    @Override
    public int encrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
      // Buffers without an array stay on the pure-Java cipher, which works on them without a copy.
      return small.encrypt(nonce, buf, index, len);
    }

    @Override
    public int decrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
      return small.decrypt(nonce, buf, index, len);
    }

    @Override
    public String backend() {
      return "auto(java<" + threshold + "<=jdk)";
    }

    @Override
    public void destroy() {
      small.destroy();
      java.util.Arrays.fill(key, (byte) 0);
      if (large != null) {
        large.destroy();
      }
    }
  }
}
