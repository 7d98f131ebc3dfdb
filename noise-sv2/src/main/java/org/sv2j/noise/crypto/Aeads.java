package org.sv2j.noise.crypto;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Chooses the transport {@link Aead} backend.
 *
 * <p>System properties (read once, when this class loads):
 *
 * <ul>
 *   <li>{@code sv2j.noise.aead} = {@code auto} (default), {@code java}, {@code bc}, {@code jdk} or
 *       {@code native}: force a backend. {@code java} (sv2j's own ChaCha20-Poly1305, {@link
 *       ChaChaPolyJava}), {@code bc} (Bouncy Castle) and {@code native} (OpenSSL's libcrypto through
 *       JNA, {@link ChaChaPolyNative}; fails if unavailable) never allocate per message.
 *   <li>{@code sv2j.noise.aead.native} = {@code true} (default) or {@code false}: whether {@code auto}
 *       may use the native cipher where it is available.
 *   <li>{@code sv2j.noise.aead.nativeThreshold} = bytes (default {@value #DEFAULT_NATIVE_THRESHOLD}):
 *       in {@code auto} mode with the native cipher available, messages with at least this many
 *       plaintext bytes go to it, smaller ones to the pure-Java cipher.
 *   <li>{@code sv2j.noise.aead.jdkThreshold} = bytes (default {@value #DEFAULT_JDK_THRESHOLD}): in
 *       {@code auto} mode on a machine where the JDK cipher is intrinsified, messages with at least
 *       this many plaintext bytes go to the JDK cipher, smaller ones to the pure-Java cipher.
 * </ul>
 *
 * <p>{@code auto} first looks for the native cipher ({@link ChaChaPolyNative#isAvailable()}: Linux, JNA
 * on the class or module path, a libcrypto that passes a self-test). Where it is there, messages from
 * the native threshold on go to it and smaller ones to the pure-Java cipher: OpenSSL's vector code is
 * about three times faster than the pure-Java cipher on AVX2 and faster than the JDK's intrinsics on
 * AVX-512, without the JDK cipher's garbage, but each message pays about a microsecond of foreign
 * calls and copies. Without it, {@code auto} decides by whether HotSpot compiles SunJCE's ChaCha20
 * <em>and</em> Poly1305 to its vector stubs on this machine, never by the JDK version alone. HotSpot's own answer (the diagnostic
 * VM options {@code UseChaCha20Intrinsics} and {@code UsePoly1305Intrinsics}) is used when the JVM
 * runs with {@code -XX:+UnlockDiagnosticVMOptions}; otherwise, which is the usual case, the same rule
 * is applied to what is readable: on x86-64 Linux, JDK 20+ with {@code UseAVX} 3 and a CPU with
 * AVX-512 IFMA, VL and BW, or JDK 23+ with a CPU with AVX-IFMA. Both stubs on (e.g. AVX-512 servers
 * with JDK 21+): the JDK cipher from the threshold on, where its intrinsics beat the pure-Java cipher
 * several times over at the price of about 4.4 KB of garbage per message (its {@code Cipher.init}).
 * Anything else (JDK 17-19, AVX2-only x86 such as most EPYC servers, {@code -XX:UseAVX=2}, other
 * architectures and VMs, unreadable features): the pure-Java cipher for every size, which on such
 * machines is as fast as or faster than the JDK cipher and allocates nothing (benchmarks/README.md).
 * The choice and what it was based on are logged once, at level INFO, on the {@code System.Logger}
 * named after this class.
 */
public final class Aeads {
  /** Plaintext size from which {@code auto} prefers the JDK cipher where it is intrinsified. */
  public static final int DEFAULT_JDK_THRESHOLD = 512;

  /** Plaintext size from which {@code auto} prefers the native cipher where it is available. */
  public static final int DEFAULT_NATIVE_THRESHOLD = 512;

  /** A backend choice. */
  public enum Backend {
    /** Chosen by what is fast on the running machine (see the class comment). */
    AUTO,
    /** Bouncy Castle's ChaCha20-Poly1305 ({@link ChaChaPolyBc}). */
    BC,
    /** The JDK's SunJCE cipher ({@link ChaChaPolyJdk}). */
    JDK,
    /** sv2j's own pure-Java cipher ({@link ChaChaPolyJava}). */
    JAVA,
    /** OpenSSL's libcrypto through JNA ({@link ChaChaPolyNative}), where available. */
    NATIVE
  }

  private static final Backend CONFIGURED = parse(System.getProperty("sv2j.noise.aead", "auto"));
  private static final int THRESHOLD =
      Integer.getInteger("sv2j.noise.aead.jdkThreshold", DEFAULT_JDK_THRESHOLD);
  /** Why {@code auto} chose what it chose; null until computed. */
  private static final String[] AUTO_REASON = new String[1];
  private static final boolean JDK_FAST = detectJdkFast(AUTO_REASON);
  private static final int NATIVE_THRESHOLD =
      Integer.getInteger("sv2j.noise.aead.nativeThreshold", DEFAULT_NATIVE_THRESHOLD);
  /** Whether {@code auto} uses the native cipher; computed on first use (it may load libcrypto). */
  private static volatile Boolean autoNative;
  private static final java.util.concurrent.atomic.AtomicBoolean LOGGED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Aeads() {}

  private static Backend parse(String s) {
    try {
      return Backend.valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sv2j.noise.aead must be auto, java, bc, jdk or native, not '" + s + "'", e);
    }
  }

  /**
   * Whether HotSpot compiles both halves of SunJCE's ChaCha20-Poly1305 to vector stubs here, so that
   * the JDK cipher is the fast one for large messages; {@code reason[0]} says why, for the log line.
   */
  private static boolean detectJdkFast(String[] reason) {
    AeadAuto.Choice c = AeadAuto.decide(AeadAuto.probe());
    reason[0] = c.reason();
    return c.jdkFast();
  }

  /** Logs the configured backend once, on first use. */
  private static void logChoice() {
    if (LOGGED.get() || !LOGGED.compareAndSet(false, true)) {
      return;
    }
    String choice;
    if (CONFIGURED != Backend.AUTO) {
      choice = "sv2j.noise.aead=" + CONFIGURED.name().toLowerCase(Locale.ROOT) + " (forced)";
    } else if (autoUsesNativeCipher()) {
      choice =
          "auto: pure-Java cipher below "
              + NATIVE_THRESHOLD
              + " plaintext bytes, native (libcrypto) from there; without it: "
              + (JDK_FAST ? "JDK cipher from " + THRESHOLD : "pure Java")
              + " ("
              + AUTO_REASON[0]
              + ")";
    } else if (JDK_FAST) {
      choice =
          "auto: pure-Java cipher below "
              + THRESHOLD
              + " plaintext bytes, JDK cipher from there ("
              + AUTO_REASON[0]
              + "); native cipher not used: "
              + nativeReason();
    } else {
      choice =
          "auto: pure-Java cipher for every size ("
              + AUTO_REASON[0]
              + "); native cipher not used: "
              + nativeReason();
    }
    System.getLogger(Aeads.class.getName())
        .log(System.Logger.Level.INFO, "ChaCha20-Poly1305 backend: {0}", choice);
  }

  /**
   * Whether {@code auto} sends large messages to the JDK cipher on this JVM (its ChaCha20 and Poly1305
   * intrinsics are both enabled, as far as the class comment's rule can tell).
   *
   * @return true if {@code auto} uses the JDK cipher from the threshold on
   */
  public static boolean autoUsesJdkCipher() {
    return JDK_FAST && !autoUsesNativeCipher();
  }

  /**
   * Whether {@code auto} sends large messages to the native cipher on this JVM: it is available and
   * {@code sv2j.noise.aead.native} is not {@code false}. The first call may load libcrypto.
   *
   * @return true if {@code auto} uses {@link ChaChaPolyNative} from the native threshold on
   */
  public static boolean autoUsesNativeCipher() {
    Boolean n = autoNative;
    if (n == null) {
      boolean allowed =
          !"false".equalsIgnoreCase(System.getProperty("sv2j.noise.aead.native", "true").strip());
      n = allowed && nativeAvailable();
      autoNative = n;
    }
    return n;
  }

  private static boolean nativeAvailable() {
    try {
      return ChaChaPolyNative.isAvailable();
    } catch (LinkageError e) {
      return false; // defensive: the probe catches what it expects
    }
  }

  private static String nativeReason() {
    if ("false".equalsIgnoreCase(System.getProperty("sv2j.noise.aead.native", "true").strip())) {
      return "sv2j.noise.aead.native=false";
    }
    String r = ChaChaPolyNative.unavailableReason();
    return r == null ? "available" : r;
  }

  /**
   * What {@code auto}'s choice on this JVM was based on: the text its log line gives in parentheses.
   *
   * @return the flags and CPU features read, and the conclusion drawn from them
   */
  public static String autoReason() {
    return AUTO_REASON[0];
  }

  /**
   * The backend the system property selects.
   *
   * @return the configured backend ({@link Backend#AUTO} unless forced)
   */
  public static Backend configured() {
    return CONFIGURED;
  }

  /**
   * A transport cipher for {@code key[off, off+32)} (copied) with the configured backend.
   *
   * @param key the array holding the 32-byte key
   * @param off where the key starts
   * @return a new cipher; the caller destroys it
   */
  public static Aead create(byte[] key, int off) {
    logChoice();
    return create(CONFIGURED, key, off);
  }

  /**
   * A transport cipher for {@code key[off, off+32)} (copied) with the given backend.
   *
   * @param backend the backend; {@link Backend#AUTO} chooses as the class comment says
   * @param key the array holding the 32-byte key
   * @param off where the key starts
   * @return a new cipher; the caller destroys it
   */
  public static Aead create(Backend backend, byte[] key, int off) {
    switch (backend) {
      case BC:
        return new ChaChaPolyBc(key, off);
      case JDK:
        return new ChaChaPolyJdk(key, off);
      case JAVA:
        return new ChaChaPolyJava(key, off);
      case NATIVE:
        return new ChaChaPolyNative(key, off);
      default:
        if (autoUsesNativeCipher()) {
          return new SizeSwitching(key, off, NATIVE_THRESHOLD, true);
        }
        return JDK_FAST
            ? new SizeSwitching(key, off, THRESHOLD, false)
            : new ChaChaPolyJava(key, off);
    }
  }

  /**
   * The pure-Java cipher below a size threshold, the JDK or native cipher from it on. Both halves hold
   * the same key; the caller's nonce sequence keeps them from ever sharing a nonce.
   */
  static final class SizeSwitching implements Aead {
    private final ChaChaPolyJava small;
    private final byte[] key;
    private final int threshold;
    private final boolean nativeLarge;
    private Aead large;

    SizeSwitching(byte[] key, int off, int threshold) {
      this(key, off, threshold, false);
    }

    SizeSwitching(byte[] key, int off, int threshold, boolean nativeLarge) {
      this.small = new ChaChaPolyJava(key, off);
      this.key = java.util.Arrays.copyOfRange(key, off, off + KEY_SIZE);
      this.threshold = threshold;
      this.nativeLarge = nativeLarge;
    }

    private Aead large() {
      if (large == null) {
        // Created on the first large message only.
        large = nativeLarge ? new ChaChaPolyNative(key, 0) : new ChaChaPolyJdk(key, 0);
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
      // The JDK half would need a copy for buffers without an array: they stay on the pure-Java cipher.
      return nativeLarge && len >= threshold
          ? large().encrypt(nonce, buf, index, len)
          : small.encrypt(nonce, buf, index, len);
    }

    @Override
    public int decrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
      return nativeLarge && len - TAG_SIZE >= threshold
          ? large().decrypt(nonce, buf, index, len)
          : small.decrypt(nonce, buf, index, len);
    }

    @Override
    public String backend() {
      return "auto(java<" + threshold + (nativeLarge ? "<=native)" : "<=jdk)");
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
