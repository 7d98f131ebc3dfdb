package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2j.noise.NoiseException;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/**
 * RFC 8439 and every Wycheproof ChaCha20-Poly1305 case on every backend, in arrays at an offset and
 * in direct buffers; failed decryption leaves the buffer untouched; no allocation per message.
 */
class AeadTest {

  /**
   * Backends under test: BC, JDK, Java, native (where JNA and libcrypto are present: on this build's
   * Linux machines; {@code ChaChaPolyNativeTest} fails if it is missing there), and the size switches
   * with a low threshold so both halves run.
   */
  static Stream<Arguments> backends() {
    Stream<Arguments> always =
        Stream.of(
            Arguments.of("bc", (BiFunction<byte[], Integer, Aead>) ChaChaPolyBc::new),
            Arguments.of("jdk", (BiFunction<byte[], Integer, Aead>) ChaChaPolyJdk::new),
            Arguments.of("java", (BiFunction<byte[], Integer, Aead>) ChaChaPolyJava::new),
            Arguments.of(
                "switch@64",
                (BiFunction<byte[], Integer, Aead>) (k, o) -> new Aeads.SizeSwitching(k, o, 64)));
    if (!ChaChaPolyNative.isAvailable()) {
      return always;
    }
    return Stream.concat(
        always,
        Stream.of(
            Arguments.of("native", (BiFunction<byte[], Integer, Aead>) ChaChaPolyNative::new),
            Arguments.of(
                "switch-native@64",
                (BiFunction<byte[], Integer, Aead>)
                    (k, o) -> new Aeads.SizeSwitching(k, o, 64, true))));
  }

  /** One AEAD case from a vector file. */
  record Case(String name, byte[] key, byte[] nonce, byte[] aad, byte[] pt, byte[] ct, boolean valid) {}

  static List<Case> rfc8439() {
    Map<String, Object> f = Vectors.json("rfc8439_chacha20_poly1305_aead.json");
    return Json.array(f.get("tests")).stream()
        .map(Json::object)
        .map(
            t ->
                new Case(
                    (String) t.get("name"),
                    hex(t, "key"),
                    hex(t, "nonce"),
                    hex(t, "aad"),
                    hex(t, "plaintext"),
                    concat(hex(t, "ciphertext"), hex(t, "tag")),
                    true))
        .toList();
  }

  /** Wycheproof groups as (ivSize in bits, cases). */
  static Map<Long, List<Case>> wycheproof() {
    Map<String, Object> f = Vectors.json("wycheproof_chacha20_poly1305_test.json");
    Map<Long, List<Case>> out = new java.util.TreeMap<>();
    for (Object go : Json.array(f.get("testGroups"))) {
      Map<String, Object> g = Json.object(go);
      long ivSize = (Long) g.get("ivSize");
      for (Object to : Json.array(g.get("tests"))) {
        Map<String, Object> t = Json.object(to);
        out.computeIfAbsent(ivSize, k -> new java.util.ArrayList<>())
            .add(
                new Case(
                    "tcId " + t.get("tcId") + " " + t.get("comment"),
                    hex(t, "key"),
                    hex(t, "iv"),
                    hex(t, "aad"),
                    hex(t, "msg"),
                    concat(hex(t, "ct"), hex(t, "tag")),
                    t.get("result").equals("valid")));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void rfc8439Vectors(String name, BiFunction<byte[], Integer, Aead> factory) {
    List<Case> cases = rfc8439();
    assertThat(cases).hasSize(2);
    for (Case c : cases) {
      check(factory, c);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void wycheproof96BitNonceCases(String name, BiFunction<byte[], Integer, Aead> factory) {
    List<Case> cases = wycheproof().get(96L);
    assertThat(cases).hasSize(316);
    assertThat(cases.stream().filter(Case::valid).count()).isEqualTo(256);
    for (Case c : cases) {
      check(factory, c);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void wycheproofOtherNonceSizesAreRefused(String name, BiFunction<byte[], Integer, Aead> factory) {
    int groups = 0;
    for (Map.Entry<Long, List<Case>> e : wycheproof().entrySet()) {
      if (e.getKey() == 96) {
        continue;
      }
      for (Case c : e.getValue()) {
        groups++;
        Aead aead = factory.apply(c.key(), 0);
        byte[] buf = Arrays.copyOf(c.pt(), c.pt().length + 16);
        assertThatThrownBy(() -> aead.encrypt(c.nonce(), c.aad(), 0, c.aad().length, buf, 0, c.pt().length))
            .as(c.name())
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(groups).isEqualTo(9);
  }

  private static void check(BiFunction<byte[], Integer, Aead> factory, Case c) {
    // The key sits at an offset inside a larger array.
    byte[] keyHolder = new byte[40];
    System.arraycopy(c.key(), 0, keyHolder, 5, 32);
    Aead aead = factory.apply(keyHolder, 5);
    int off = 7;
    int ptLen = c.pt().length;
    int ctLen = c.ct().length;

    if (c.valid()) {
      byte[] buf = new byte[off + ptLen + 16 + 3];
      System.arraycopy(c.pt(), 0, buf, off, ptLen);
      int n = aead.encrypt(c.nonce(), c.aad(), 0, c.aad().length, buf, off, ptLen);
      assertThat(n).as(c.name()).isEqualTo(ctLen);
      assertThat(Arrays.copyOfRange(buf, off, off + n)).as(c.name()).isEqualTo(c.ct());
      assertThat(buf[off + n]).isZero(); // nothing written past the tag
    }

    byte[] buf = new byte[off + ctLen + 3];
    System.arraycopy(c.ct(), 0, buf, off, ctLen);
    byte[] before = buf.clone();
    if (c.valid()) {
      int n = aead.decrypt(c.nonce(), c.aad(), 0, c.aad().length, buf, off, ctLen);
      assertThat(n).as(c.name()).isEqualTo(ptLen);
      assertThat(Arrays.copyOfRange(buf, off, off + n)).as(c.name()).isEqualTo(c.pt());
    } else {
      assertThatThrownBy(() -> aead.decrypt(c.nonce(), c.aad(), 0, c.aad().length, buf, off, ctLen))
          .as(c.name())
          .isInstanceOfSatisfying(
              NoiseException.class, e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.BAD_TAG));
      assertThat(buf).as(c.name() + ": buffer untouched").isEqualTo(before);
    }

    // Direct buffers (empty AD only, as the transport uses them). A fresh cipher: encrypting again under
    // the nonce just used is a reuse that the JDK backend rightly refuses.
    if (c.aad().length == 0) {
      Aead aead2 = factory.apply(keyHolder, 5);
      ByteBuffer bb = ByteBuffer.allocateDirect(off + ctLen + 3);
      if (c.valid()) {
        bb.put(off, c.pt());
        int n = aead2.encrypt(c.nonce(), bb, off, ptLen);
        byte[] got = new byte[n];
        bb.get(off, got);
        assertThat(got).as(c.name() + " direct").isEqualTo(c.ct());
      }
      bb.put(off, c.ct());
      if (c.valid()) {
        int n = aead2.decrypt(c.nonce(), bb, off, ctLen);
        byte[] got = new byte[n];
        bb.get(off, got);
        assertThat(got).as(c.name() + " direct").isEqualTo(c.pt());
      } else {
        assertThatThrownBy(() -> aead2.decrypt(c.nonce(), bb, off, ctLen))
            .isInstanceOf(NoiseException.class);
        byte[] got = new byte[ctLen];
        bb.get(off, got);
        assertThat(got).as(c.name() + " direct untouched").isEqualTo(c.ct());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void largeMessagesRoundTripAcrossChunkAndBlockBoundaries(
      String name, BiFunction<byte[], Integer, Aead> factory) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    Aead a = factory.apply(key, 0);
    Aead ref = new ChaChaPolyBc(key, 0);
    byte[] nonce = new byte[12];
    for (int len : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 511, 512, 513, 1000, 4096, 65_519, 70_001}) {
      nonce[4]++;
      byte[] pt = new byte[len];
      for (int i = 0; i < len; i++) {
        pt[i] = (byte) (i * 31 + 7);
      }
      byte[] x = Arrays.copyOf(pt, len + 16);
      byte[] y = x.clone();
      a.encrypt(nonce, null, 0, 0, x, 0, len);
      ref.encrypt(nonce, null, 0, 0, y, 0, len);
      assertThat(x).as("len " + len).isEqualTo(y);
      ByteBuffer d = ByteBuffer.allocateDirect(len + 16);
      d.put(0, pt);
      Aead a2 = factory.apply(key, 0); // the same nonce again: a fresh cipher (see check)
      a2.encrypt(nonce, d, 0, len);
      byte[] z = new byte[len + 16];
      d.get(0, z);
      assertThat(z).as("direct len " + len).isEqualTo(y);
      assertThat(a2.decrypt(nonce, d, 0, len + 16)).isEqualTo(len);
      d.get(0, z, 0, len);
      assertThat(Arrays.copyOf(z, len)).isEqualTo(pt);
      assertThat(a.decrypt(nonce, null, 0, 0, x, 0, len + 16)).isEqualTo(len);
      assertThat(Arrays.copyOf(x, len)).isEqualTo(pt);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void failedDecryptThenRetryWithTheSameNonceWorks(
      String name, BiFunction<byte[], Integer, Aead> factory) {
    // SunJCE refuses an init with the previous key and nonce (JDK 17: in decrypt mode too).
    byte[] key = new byte[32];
    key[0] = 1;
    Aead a = factory.apply(key, 0);
    byte[] nonce = new byte[12];
    for (int len : new int[] {10, 1000}) {
      byte[] msg = Arrays.copyOf("retry me".getBytes(), len + 16);
      a.encrypt(nonce, null, 0, 0, msg, 0, len);
      byte[] bad = msg.clone();
      bad[3] ^= 1;
      assertThatThrownBy(() -> a.decrypt(nonce, null, 0, 0, bad, 0, len + 16))
          .isInstanceOf(NoiseException.class);
      assertThatThrownBy(() -> a.decrypt(nonce, null, 0, 0, bad, 0, len + 16))
          .isInstanceOf(NoiseException.class);
      assertThat(a.decrypt(nonce, null, 0, 0, msg, 0, len + 16)).isEqualTo(len);
      assertThat(new String(msg, 0, 8)).isEqualTo("retry me");
      nonce[4]++;
    }
  }

  @org.junit.jupiter.api.Test
  void jdkBackendRefusesToEncryptTwiceUnderOneNonce() {
    // The retry workaround is for decryption only: a second encryption under the previous nonce is a
    // nonce reuse, and SunJCE's refusal must reach the caller (before any byte is touched).
    Aead a = new ChaChaPolyJdk(new byte[32], 0);
    byte[] nonce = new byte[12];
    byte[] buf = new byte[40];
    a.encrypt(nonce, null, 0, 0, buf, 0, 24);
    byte[] again = new byte[40];
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, again, 0, 24))
        .isInstanceOf(IllegalStateException.class);
    assertThat(again).containsOnly(0);
    // Also after a decryption under that nonce (which the retry path may have re-initialised).
    Aead b = new ChaChaPolyJdk(new byte[32], 0);
    byte[] copy = buf.clone();
    assertThat(b.decrypt(nonce, null, 0, 0, copy, 0, 40)).isEqualTo(24);
    assertThat(b.decrypt(nonce, null, 0, 0, buf.clone(), 0, 40)).as("decryption retry").isEqualTo(24);
    assertThatThrownBy(() -> b.encrypt(nonce, null, 0, 0, new byte[40], 0, 24))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void shortCiphertextIsAWrongLength(String name, BiFunction<byte[], Integer, Aead> factory) {
    Aead a = factory.apply(new byte[32], 0);
    assertThatThrownBy(() -> a.decrypt(new byte[12], null, 0, 0, new byte[15], 0, 15))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.WRONG_MESSAGE_LENGTH));
  }

  /** The allocation-free backends, on arrays, direct buffers and heap buffers. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bc", "java", "native"})
  void backendAllocatesNothingPerMessage(String backend) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        !backend.equals("native") || ChaChaPolyNative.isAvailable(), "no native cipher here");
    BiFunction<byte[], Integer, Aead> factory =
        backend.equals("bc")
            ? ChaChaPolyBc::new
            : backend.equals("java") ? ChaChaPolyJava::new : ChaChaPolyNative::new;
    Aead enc = factory.apply(new byte[32], 0);
    Aead dec = factory.apply(new byte[32], 0);
    byte[] nonce = new byte[12];
    byte[] ad = new byte[32];
    byte[] buf = new byte[1100];
    ByteBuffer direct = ByteBuffer.allocateDirect(1100);
    ByteBuffer heap = ByteBuffer.allocate(1100);
    int[] sizes = {6, 64, 1024};
    Runnable op =
        () -> {
          for (int len : sizes) {
            enc.encrypt(nonce, ad, 0, 32, buf, 3, len);
            dec.decrypt(nonce, ad, 0, 32, buf, 3, len + 16);
            enc.encrypt(nonce, direct, 1, len);
            dec.decrypt(nonce, direct, 1, len + 16);
            enc.encrypt(nonce, heap, 5, len);
            dec.decrypt(nonce, heap, 5, len + 16);
          }
          nonce[5]++;
        };
    assertThat(allocatedPerRun(op)).isZero();
  }

  @org.junit.jupiter.api.Test
  void javaBackendMatchesBouncyCastleOnRandomInputs() {
    java.util.Random rnd = new java.util.Random(0x5eed_c4a4L);
    // Chunk edges, and lengths around the 128-block lanes: exactly one and two full rounds, a full round
    // plus a scalar tail shorter than the lane minimum (10 and 15 blocks), a full round plus a short round.
    // Then the lane-path edges: below, at and above 8 blocks (the lane minimum), 16 and 17 blocks (where the
    // double-round passes give way to the two-quarter passes), and 128 blocks followed by 8 and by 7.
    int[] special = {
      65_503, 65_504, 65_518, 65_519, 65_520, 65_535, 8_192, 16_384, 8_832, 9_215, 9_216, 12_345,
      447, 448, 511, 512, 513, 575, 576, 1_023, 1_024, 1_025, 1_087, 1_088, 1_089, 1_151, 8_704, 8_703, 8_640
    };
    for (int iter = 0; iter < 400 + special.length; iter++) {
      int len = iter < 400 ? rnd.nextInt(3001) : special[iter - 400];
      byte[] key = new byte[40];
      rnd.nextBytes(key);
      int keyOff = rnd.nextInt(9);
      byte[] nonce = new byte[12];
      rnd.nextBytes(nonce);
      int adRaw = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(100);
      byte[] ad = new byte[adRaw + 3];
      rnd.nextBytes(ad);
      int adOff = rnd.nextInt(4);
      int adLen = Math.min(adRaw, ad.length - adOff);
      byte[] pt = new byte[len];
      rnd.nextBytes(pt);
      int off = 1 + rnd.nextInt(20);
      String as = "iter " + iter + " len " + len + " adLen " + adLen;

      ChaChaPolyJava a = new ChaChaPolyJava(key, keyOff);
      ChaChaPolyBc ref = new ChaChaPolyBc(key, keyOff);

      // byte[] with AD, at an offset.
      byte[] x = new byte[off + len + 16 + 5];
      System.arraycopy(pt, 0, x, off, len);
      byte[] y = x.clone();
      assertThat(a.encrypt(nonce, ad, adOff, adLen, x, off, len)).isEqualTo(len + 16);
      ref.encrypt(nonce, ad, adOff, adLen, y, off, len);
      assertThat(x).as(as).isEqualTo(y);
      assertThat(a.decrypt(nonce, ad, adOff, adLen, x, off, len + 16)).isEqualTo(len);
      assertThat(Arrays.copyOfRange(x, off, off + len)).as(as).isEqualTo(pt);
      // Tampered: same exception kind, buffer untouched.
      if (len > 0) {
        System.arraycopy(y, off, x, off, len + 16);
        x[off + rnd.nextInt(len + 16)] ^= (byte) (1 << rnd.nextInt(8));
        byte[] before = x.clone();
        assertThatThrownBy(() -> a.decrypt(nonce, ad, adOff, adLen, x, off, len + 16))
            .isInstanceOfSatisfying(
                NoiseException.class,
                e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.BAD_TAG));
        assertThat(x).as(as + " tampered untouched").isEqualTo(before);
      }

      // ByteBuffers (empty AD), heap and direct, at a nonzero index; position/limit unchanged.
      byte[] expect = Arrays.copyOf(pt, len + 16);
      ref.encrypt(nonce, null, 0, 0, expect, 0, len);
      for (ByteBuffer bb :
          new ByteBuffer[] {
            ByteBuffer.allocate(off + len + 16 + 5), ByteBuffer.allocateDirect(off + len + 16 + 5)
          }) {
        bb.put(off, pt);
        bb.position(2).limit(off + len + 16 + 1);
        assertThat(a.encrypt(nonce, bb, off, len)).isEqualTo(len + 16);
        byte[] got = new byte[len + 16];
        bb.get(off, got);
        assertThat(got).as(as + (bb.isDirect() ? " direct" : " heap")).isEqualTo(expect);
        assertThat(a.decrypt(nonce, bb, off, len + 16)).isEqualTo(len);
        byte[] back = new byte[len];
        bb.get(off, back);
        assertThat(back).as(as + " bb decrypt").isEqualTo(pt);
        assertThat(bb.position()).isEqualTo(2);
        assertThat(bb.limit()).isEqualTo(off + len + 16 + 1);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void javaBackendMatchesBouncyCastleOnceCompiled() {
    // The lane loops are what HotSpot vectorizes, and only its optimizing compiler does: run them long
    // enough to be compiled, then compare again at the lane edges.
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x42);
    ChaChaPolyJava a = new ChaChaPolyJava(key, 0);
    ChaChaPolyBc ref = new ChaChaPolyBc(key, 0);
    byte[] nonce = new byte[12];
    byte[] warm = new byte[8_192 + 16];
    for (int i = 0; i < 30_000; i++) {
      int len = new int[] {512, 1_024, 1_088, 8_192}[i & 3];
      a.encrypt(nonce, null, 0, 0, warm, 0, len);
    }
    java.util.Random rnd = new java.util.Random(7);
    for (int len : new int[] {511, 512, 513, 1_024, 1_025, 1_088, 1_089, 2_000, 8_192, 8_704, 8_705, 61_440}) {
      nonce[0]++;
      byte[] pt = new byte[len];
      rnd.nextBytes(pt);
      byte[] x = Arrays.copyOf(pt, len + 16);
      byte[] y = x.clone();
      a.encrypt(nonce, null, 0, 0, x, 0, len);
      ref.encrypt(nonce, null, 0, 0, y, 0, len);
      assertThat(x).as("len " + len).isEqualTo(y);
      assertThat(a.decrypt(nonce, null, 0, 0, x, 0, len + 16)).isEqualTo(len);
      assertThat(Arrays.copyOf(x, len)).as("len " + len + " decrypted").isEqualTo(pt);
    }
  }

  @org.junit.jupiter.api.Test
  void javaBackendDestroyWipesAndDisables() {
    byte[] key = new byte[32];
    key[0] = 9;
    ChaChaPolyJava a = new ChaChaPolyJava(key, 0);
    byte[] buf = new byte[40];
    a.encrypt(new byte[12], null, 0, 0, buf, 0, 24);
    assertThat(a.backend()).isEqualTo("java");
    assertThat(a.lanesAllocated()).as("small messages need no lanes").isFalse();
    // A large message uses the lanes; their key stream is wiped as soon as the message is done.
    byte[] big = new byte[9_000 + 16];
    a.encrypt(new byte[12], null, 0, 0, big, 0, 9_000);
    assertThat(a.lanesAllocated()).isTrue();
    assertThat(a.lanesWiped()).isTrue();
    a.decrypt(new byte[12], null, 0, 0, big, 0, 9_016);
    assertThat(a.lanesWiped()).isTrue();
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    assertThatThrownBy(() -> a.encrypt(new byte[12], null, 0, 0, buf, 0, 24))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.decrypt(new byte[12], null, 0, 0, buf, 0, 40))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Bytes allocated by one run of {@code op} on this thread, after warm-up (0 if allocation-free). */
  static long allocatedPerRun(Runnable op) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      op.run();
    }
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5; attempt++) {
      int runs = 2_000;
      long before = mx.getThreadAllocatedBytes(id);
      for (int i = 0; i < runs; i++) {
        op.run();
      }
      long after = mx.getThreadAllocatedBytes(id);
      best = Math.min(best, (after - before) / runs);
    }
    return best;
  }

  private static byte[] hex(Map<String, Object> t, String k) {
    return Hex.decode((String) t.get(k));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
