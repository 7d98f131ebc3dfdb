package org.sv2j.noise.crypto;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.sv2j.noise.NoiseException;

/**
 * {@link Aead} on the system's OpenSSL {@code libcrypto} ({@code EVP_chacha20_poly1305}), called
 * through JNA's direct mapping with primitive pointer arguments only. Optional: it needs JNA
 * ({@code net.java.dev.jna:jna}) on the class or module path and a {@code libcrypto.so.3} or {@code
 * .so.1.1} on Linux; {@link #isAvailable()} says whether both are there and pass a self-test against
 * {@link ChaChaPolyJava}. Nothing else in sv2j needs it.
 *
 * <p>Why: OpenSSL's hand-written AVX2 and AVX-512 code runs ChaCha20-Poly1305 at about 0.4 ns/B on an
 * AVX2 server, three times the pure-Java cipher, and unlike SunJCE's cipher it allocates nothing per
 * message. Each message costs four foreign calls (about 0.15 µs each through JNA) and two copies
 * between the Java heap and a native scratch region, so {@link Aeads} uses it for large messages only.
 *
 * <p><b>Memory.</b> Each instance owns two {@code EVP_CIPHER_CTX} (one per direction, keyed once;
 * OpenSSL's own allocation, not measured here). The scratch region a message is copied to belongs to the
 * <em>thread</em>, not to the instance: one direct buffer per thread that uses this cipher, grown to the
 * largest message that thread has seen (a Noise message: at most 128 KiB), so that tens of thousands of
 * connections served by a few event-loop threads do not each keep a 64 KiB region because their peer
 * once sent a large frame. A region needed for more than {@value #RETAIN_MAX} bytes is dropped after
 * the call. {@link #destroy()} frees the contexts (OpenSSL wipes their key schedule); an instance that is
 * never destroyed is freed by a {@link Cleaner} once unreachable. The key passes through the thread's
 * region only while the contexts are keyed and is wiped right after; message bytes stay there until the
 * thread's next message overwrites them, as they stay in the frame buffers of the codecs.
 *
 * <p><b>Failed decryption.</b> The message is copied to the scratch region, authenticated and
 * decrypted there, and copied back only if {@code EVP_CipherFinal_ex} accepted the tag (OpenSSL
 * compares it in constant time): on {@code BAD_TAG} the caller's buffer is unchanged, and the
 * unauthenticated plaintext is wiped from the scratch region.
 *
 * <p><b>Modules.</b> On the module path, JNA ({@code com.sun.jna}, an automatic module) must be in the
 * module graph: {@code org.sv2j.noise} only {@code requires static} it, so an application adds it with
 * {@code --add-modules com.sun.jna} or by requiring it. Otherwise the backend is unavailable and
 * {@link #unavailableReason()} says so.
 *
 * <p><b>JDK 24+.</b> Loading JNA's stub is a restricted method: the JVM prints a warning unless the
 * application runs with {@code --enable-native-access=ALL-UNNAMED} (JNA on the class path) or {@code
 * --enable-native-access=com.sun.jna} (on the module path).
 *
 * <p><b>Pitfalls.</b> Never loaded on macOS, whose system {@code libcrypto} aborts processes that
 * load it unversioned, nor on other systems than Linux. JNA unpacks its own native stub
 * ({@code libjnidispatch.so}) to a temporary directory on first use unless the application points it
 * to an installed one (JNA's {@code jna.boot.library.path}).
 */
public final class ChaChaPolyNative implements Aead {
  private static final int GET_TAG = 0x10; // EVP_CTRL_AEAD_GET_TAG
  private static final int SET_TAG = 0x11; // EVP_CTRL_AEAD_SET_TAG
  // Scratch layout: key (constructor only), nonce, the int OpenSSL writes output lengths to, then
  // message || tag || associated data.
  private static final int KEY = 0;
  private static final int IV = 32;
  private static final int OUTL = 48;
  private static final int DATA = 64;
  private static final int MIN_SCRATCH = 4096;
  /** Largest scratch region a thread keeps between calls (bytes). */
  static final int RETAIN_MAX = 256 * 1024;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Null if available, else why not; computed on first use. */
  private static volatile String unavailable;

  private static volatile boolean probed;

  private final long cipher;
  private final Contexts contexts;
  private final Cleaner.Cleanable cleanable;
  private boolean destroyed;

  /**
   * A cipher for {@code key[off, off+32)} (copied into OpenSSL's contexts, then wiped from here).
   *
   * @param key the array holding the 32-byte key
   * @param off where the key starts
   * @throws IllegalStateException if {@link #isAvailable()} is false
   */
  public ChaChaPolyNative(byte[] key, int off) {
    this(key, off, requireAvailable());
  }

  private static boolean requireAvailable() {
    if (!isAvailable()) {
      throw new IllegalStateException("native ChaCha20-Poly1305 unavailable: " + unavailable);
    }
    return true;
  }

  /**
   * Whether JNA and a working {@code libcrypto} are present (Linux only); probed once, with a
   * self-test against {@link ChaChaPolyJava}.
   *
   * @return true if instances can be created
   */
  public static boolean isAvailable() {
    if (!probed) {
      synchronized (ChaChaPolyNative.class) {
        if (!probed) {
          unavailable = probe();
          probed = true;
        }
      }
    }
    return unavailable == null;
  }

  /**
   * Why {@link #isAvailable()} is false.
   *
   * @return the reason, or null if available
   */
  public static String unavailableReason() {
    isAvailable();
    return unavailable;
  }

  private static String probe() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return "libcrypto is only loaded on Linux";
    }
    Class<?> jna;
    try {
      jna = Class.forName("com.sun.jna.Native", false, ChaChaPolyNative.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return "JNA (net.java.dev.jna:jna) is not on the class path";
    }
    String denied = nativeAccessDenied(jna.getModule(), Runtime.version().feature());
    if (denied != null) {
      return denied;
    }
    try {
      if (Lib.EVP_chacha20_poly1305() == 0) {
        return "libcrypto has no ChaCha20-Poly1305";
      }
      return selfTest();
    } catch (IllegalAccessError e) {
      // A named org.sv2j.noise that does not read JNA (on the class path, or not in the module graph).
      return "JNA is not readable by module org.sv2j.noise (put it on the module path and add it,"
          + " e.g. --add-modules com.sun.jna)";
    } catch (LinkageError | RuntimeException e) {
      // UnsatisfiedLinkError (no libcrypto), ExceptionInInitializerError, or a failing EVP call.
      return "libcrypto not usable (" + e.getClass().getSimpleName() + ")";
    }
  }

  /**
   * Why JNA may not be loaded into {@code jnaModule} without the JVM complaining, or null. From JDK
   * 24 on (JEP 472) loading a native library into a module without native access prints a warning
   * on standard error (and fails under {@code --illegal-native-access=deny}); a library must not do
   * that behind its user's back, so the native cipher is then left out and the reason logged. Checked
   * without initialising JNA, with {@code Module.isNativeAccessEnabled} (JDK 22+, by reflection).
   */
  static String nativeAccessDenied(Module jnaModule, int jdkFeature) {
    if (jdkFeature < 24) {
      return null;
    }
    try {
      Object enabled = Module.class.getMethod("isNativeAccessEnabled").invoke(jnaModule);
      if (Boolean.TRUE.equals(enabled)) {
        return null;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // cannot tell: load as on earlier JDKs
    }
    return "native access is not enabled for JNA (pass --enable-native-access=ALL-UNNAMED, or"
        + " =com.sun.jna on the module path; the sv2 tool's jar grants it)";
  }

  /** Null if the native cipher agrees with the pure-Java one and rejects a forged tag. */
  private static String selfTest() {
    byte[] key = new byte[KEY_SIZE];
    byte[] nonce = new byte[NONCE_SIZE];
    byte[] ad = new byte[13];
    byte[] msg = new byte[300 + TAG_SIZE];
    for (int i = 0; i < msg.length; i++) {
      msg[i] = (byte) (i * 7 + 1);
    }
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (0x80 + i);
    }
    nonce[0] = 7;
    nonce[11] = 0x4a;
    Arrays.fill(ad, (byte) 0x50);
    byte[] expected = msg.clone();
    ChaChaPolyJava java = new ChaChaPolyJava(key, 0);
    java.encrypt(nonce, ad, 0, ad.length, expected, 0, 300);
    java.destroy();
    ChaChaPolyNative n = new ChaChaPolyNative(key, 0, true);
    try {
      byte[] got = msg.clone();
      n.encrypt(nonce, ad, 0, ad.length, got, 0, 300);
      if (!Arrays.equals(got, expected)) {
        return "libcrypto's ChaCha20-Poly1305 disagrees with RFC 8439";
      }
      n.decrypt(nonce, ad, 0, ad.length, got, 0, got.length);
      if (!Arrays.equals(got, 0, 300, msg, 0, 300)) {
        return "libcrypto's ChaCha20-Poly1305 does not decrypt";
      }
      expected[300] ^= 1;
      try {
        n.decrypt(nonce, ad, 0, ad.length, expected, 0, expected.length);
        return "libcrypto's ChaCha20-Poly1305 accepted a forged tag";
      } catch (NoiseException e) {
        return null;
      }
    } finally {
      n.destroy();
    }
  }

  /** The constructor proper; {@code checked} only sequences the availability check before it. */
  private ChaChaPolyNative(byte[] key, int off, boolean checked) {
    Objects.checkFromIndexSize(off, KEY_SIZE, key.length);
    cipher = Lib.EVP_chacha20_poly1305();
    Scratch s = SCRATCH.get();
    s.ensure(0);
    long enc = Lib.EVP_CIPHER_CTX_new();
    long dec = Lib.EVP_CIPHER_CTX_new();
    contexts = new Contexts(enc, dec);
    cleanable = CleanerHolder.CLEANER.register(this, contexts);
    if (enc == 0 || dec == 0) {
      destroy();
      throw new IllegalStateException("EVP_CIPHER_CTX_new failed");
    }
    s.buf.put(KEY, key, off, KEY_SIZE);
    try {
      check(Lib.EVP_CipherInit_ex(enc, cipher, 0, s.base + KEY, 0, 1));
      check(Lib.EVP_CipherInit_ex(dec, cipher, 0, s.base + KEY, 0, 0));
    } catch (IllegalStateException e) {
      destroy();
      throw e;
    } finally {
      s.wipe(KEY, KEY_SIZE);
    }
  }

  /** The calling thread's scratch region size in bytes, 0 if it has none (for tests). */
  static int threadScratchCapacity() {
    ByteBuffer b = SCRATCH.get().buf;
    return b == null ? 0 : b.capacity();
  }

  /** A thread's scratch region: each call copies in, computes and copies out on its own thread. */
  private static final class Scratch {
    ByteBuffer buf;
    long base;

    /** Makes the region hold {@code bytes} after {@link #DATA}; grows by doubling. */
    void ensure(long bytes) {
      long need = DATA + bytes;
      if (buf != null && buf.capacity() >= need) {
        return;
      }
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("message too large for the native cipher: " + bytes);
      }
      long cap = buf == null ? MIN_SCRATCH : buf.capacity();
      while (cap < need) {
        cap *= 2;
      }
      cap = Math.min(cap, Integer.MAX_VALUE - 8);
      buf = ByteBuffer.allocateDirect((int) cap).order(java.nio.ByteOrder.nativeOrder()); // OUTL is a C int
      base = Lib.address(buf);
    }

    /** Lets an unusually large region go once the call is over. */
    void trim() {
      if (buf != null && buf.capacity() > RETAIN_MAX) {
        buf = null;
        base = 0;
      }
    }

    /**
     * Checks the output length OpenSSL reported: a stream cipher's update returns every byte at once and
     * its final call none, so anything else means the library is not doing what this class assumes.
     */
    void expectOut(int n) {
      int got = buf.getInt(OUTL);
      if (got != n) {
        throw new IllegalStateException("libcrypto reported " + got + " output bytes, expected " + n);
      }
    }

    void wipe(int from, int len) {
      for (int i = from, end = from + len; i < end; i++) {
        buf.put(i, (byte) 0);
      }
    }
  }

  private static void check(int rc) {
    if (rc != 1) {
      throw new IllegalStateException("libcrypto EVP call failed");
    }
  }

  private void live() {
    if (destroyed) {
      throw new IllegalStateException("destroyed");
    }
  }

  /** Sets the nonce and feeds the associated data, which sits at {@code DATA + at}. */
  private static void begin(Scratch s, long ctx, byte[] nonce, int adAt, int adLen) {
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be 12 bytes");
    }
    long base = s.base;
    s.buf.put(IV, nonce, 0, NONCE_SIZE);
    check(Lib.EVP_CipherInit_ex(ctx, 0, 0, 0, base + IV, -1));
    if (adLen > 0) {
      s.buf.putInt(OUTL, -1);
      check(Lib.EVP_CipherUpdate(ctx, 0, base + OUTL, base + DATA + adAt, adLen));
      s.expectOut(adLen);
    }
  }

  /** Encrypts {@code DATA[0, len)} in the scratch region and writes the tag after it. */
  private void sealScratch(Scratch s, int len) {
    long ctx = contexts.enc;
    long base = s.base;
    if (len > 0) {
      s.buf.putInt(OUTL, -1);
      check(Lib.EVP_CipherUpdate(ctx, base + DATA, base + OUTL, base + DATA, len));
      s.expectOut(len);
    }
    s.buf.putInt(OUTL, -1);
    check(Lib.EVP_CipherFinal_ex(ctx, base + DATA + len, base + OUTL));
    s.expectOut(0);
    check(Lib.EVP_CIPHER_CTX_ctrl(ctx, GET_TAG, TAG_SIZE, base + DATA + len));
  }

  /** Authenticates and decrypts {@code DATA[0, ct)} (tag after it) in the scratch region. */
  private void openScratch(Scratch s, int ct) {
    long ctx = contexts.dec;
    long base = s.base;
    check(Lib.EVP_CIPHER_CTX_ctrl(ctx, SET_TAG, TAG_SIZE, base + DATA + ct));
    if (ct > 0) {
      s.buf.putInt(OUTL, -1);
      check(Lib.EVP_CipherUpdate(ctx, base + DATA, base + OUTL, base + DATA, ct));
      s.expectOut(ct);
    }
    s.buf.putInt(OUTL, -1);
    if (Lib.EVP_CipherFinal_ex(ctx, base + DATA + ct, base + OUTL) != 1) {
      s.wipe(DATA, ct); // unauthenticated plaintext
      throw ChaChaPolyBc.badTag();
    }
  }

  private static int checkCiphertextLength(int len) {
    if (len < TAG_SIZE) {
      throw NoiseException.of(
          NoiseException.Kind.WRONG_MESSAGE_LENGTH, "ciphertext shorter than the 16-byte tag");
    }
    return len - TAG_SIZE;
  }

  @Override
  public int encrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    live();
    Objects.checkFromIndexSize(off, len, buf.length);
    Objects.checkFromIndexSize(off + len, TAG_SIZE, buf.length);
    if (adLen > 0) {
      Objects.checkFromIndexSize(adOff, adLen, ad.length);
    }
    Scratch s = SCRATCH.get();
    s.ensure((long) len + TAG_SIZE + adLen);
    try {
      int adAt = len + TAG_SIZE;
      if (adLen > 0) {
        s.buf.put(DATA + adAt, ad, adOff, adLen);
      }
      s.buf.put(DATA, buf, off, len);
      begin(s, contexts.enc, nonce, adAt, adLen);
      sealScratch(s, len);
      s.buf.get(DATA, buf, off, len + TAG_SIZE);
      return len + TAG_SIZE;
    } finally {
      s.trim();
    }
  }

  @Override
  public int decrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    live();
    Objects.checkFromIndexSize(off, len, buf.length);
    int ct = checkCiphertextLength(len);
    if (adLen > 0) {
      Objects.checkFromIndexSize(adOff, adLen, ad.length);
    }
    Scratch s = SCRATCH.get();
    s.ensure((long) len + adLen);
    try {
      if (adLen > 0) {
        s.buf.put(DATA + len, ad, adOff, adLen);
      }
      s.buf.put(DATA, buf, off, len);
      begin(s, contexts.dec, nonce, len, adLen);
      openScratch(s, ct);
      s.buf.get(DATA, buf, off, ct);
      return ct;
    } finally {
      s.trim();
    }
  }

  @Override
  public int encrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    live();
    Objects.checkFromIndexSize(index, len, buf.limit());
    Objects.checkFromIndexSize(index + len, TAG_SIZE, buf.limit());
    Scratch s = SCRATCH.get();
    s.ensure((long) len + TAG_SIZE);
    try {
      s.buf.put(DATA, buf, index, len);
      begin(s, contexts.enc, nonce, 0, 0);
      sealScratch(s, len);
      buf.put(index, s.buf, DATA, len + TAG_SIZE);
      return len + TAG_SIZE;
    } finally {
      s.trim();
    }
  }

  @Override
  public int decrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    live();
    Objects.checkFromIndexSize(index, len, buf.limit());
    int ct = checkCiphertextLength(len);
    Scratch s = SCRATCH.get();
    s.ensure(len);
    try {
      s.buf.put(DATA, buf, index, len);
      begin(s, contexts.dec, nonce, 0, 0);
      openScratch(s, ct);
      buf.put(index, s.buf, DATA, ct);
      return ct;
    } finally {
      s.trim();
    }
  }

  @Override
  public String backend() {
    return "native";
  }

  @Override
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    cleanable.clean();
  }

  /** The cleaner's thread starts only once an instance exists. */
  private static final class CleanerHolder {
    static final Cleaner CLEANER = Cleaner.create();
  }

  /** The two contexts, freed exactly once by {@link #destroy()} or the cleaner. */
  private static final class Contexts implements Runnable {
    final long enc;
    final long dec;

    Contexts(long enc, long dec) {
      this.enc = enc;
      this.dec = dec;
    }

    @Override
    public void run() {
      if (enc != 0) {
        Lib.EVP_CIPHER_CTX_free(enc);
      }
      if (dec != 0) {
        Lib.EVP_CIPHER_CTX_free(dec);
      }
    }
  }

  /**
   * The libcrypto functions, bound by JNA's direct mapping when this class initialises; the only
   * class that names JNA types, so that the others load without JNA.
   */
  static final class Lib {
    static {
      com.sun.jna.NativeLibrary lib = null;
      UnsatisfiedLinkError last = null;
      for (String name : new String[] {"libcrypto.so.3", "libcrypto.so.1.1", "crypto"}) {
        try {
          lib = com.sun.jna.NativeLibrary.getInstance(name);
          break;
        } catch (UnsatisfiedLinkError e) {
          last = e;
        }
      }
      if (lib == null) {
        throw last;
      }
      com.sun.jna.Native.register(Lib.class, lib);
    }

    private Lib() {}

    /** The native address of a direct buffer. */
    static long address(ByteBuffer direct) {
      return com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(direct));
    }

    static native long EVP_CIPHER_CTX_new();

    static native void EVP_CIPHER_CTX_free(long ctx);

    static native long EVP_chacha20_poly1305();

    static native int EVP_CipherInit_ex(
        long ctx, long cipher, long engine, long key, long iv, int enc);

    static native int EVP_CipherUpdate(long ctx, long out, long outl, long in, int inl);

    static native int EVP_CipherFinal_ex(long ctx, long out, long outl);

    static native int EVP_CIPHER_CTX_ctrl(long ctx, int type, int arg, long ptr);
  }
}
