package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException;

/**
 * The pure-Java ChaCha20-Poly1305 on its own: the RFC 8439 and Wycheproof vectors at every offset, in
 * arrays, sliced heap buffers and direct buffers; every length up to well past the lane threshold and
 * the lane and block edges against Bouncy Castle's own AEAD ({@link ChaCha20Poly1305}, independent of
 * {@link ChaChaPolyBc}); the key stream and the Poly1305 state wiped after every message; argument
 * checks before anything is touched; re-keying.
 */
class ChaChaPolyJavaTest {

  /** All 96-bit-nonce vectors: RFC 8439's two and Wycheproof's 316. */
  private static List<AeadTest.Case> vectors() {
    List<AeadTest.Case> all = new ArrayList<>(AeadTest.rfc8439());
    all.addAll(AeadTest.wycheproof().get(96L));
    assertThat(all).hasSize(318);
    return all;
  }

  @Test
  void vectorsAtEveryOffsetInArraysAndBuffers() {
    for (AeadTest.Case c : vectors()) {
      int ptLen = c.pt().length;
      int ctLen = c.ct().length;
      for (int o = 0; o < 8; o++) {
        final int off = o;
        String as = c.name() + " off " + off;
        byte[] keyHolder = new byte[32 + off + 1];
        System.arraycopy(c.key(), 0, keyHolder, off, 32);
        ChaChaPolyJava a = new ChaChaPolyJava(keyHolder, off);
        int adOff = off & 3;
        byte[] ad = new byte[adOff + c.aad().length + 2];
        Arrays.fill(ad, (byte) 0x5c); // bytes around the AD range must not be MACed
        System.arraycopy(c.aad(), 0, ad, adOff, c.aad().length);

        // Arrays, with guard bytes on both sides.
        byte[] buf = new byte[off + ctLen + 3];
        Arrays.fill(buf, (byte) 0xa5);
        if (c.valid()) {
          System.arraycopy(c.pt(), 0, buf, off, ptLen);
          byte[] guard = buf.clone();
          assertThat(a.encrypt(c.nonce(), ad, adOff, c.aad().length, buf, off, ptLen))
              .isEqualTo(ctLen);
          assertThat(Arrays.copyOfRange(buf, off, off + ctLen)).as(as).isEqualTo(c.ct());
          assertGuards(buf, guard, off, ctLen, as);
          byte[] sealed = buf.clone();
          assertThat(a.decrypt(c.nonce(), ad, adOff, c.aad().length, buf, off, ctLen))
              .isEqualTo(ptLen);
          assertThat(Arrays.copyOfRange(buf, off, off + ptLen)).as(as).isEqualTo(c.pt());
          // Decryption writes the plaintext range only: the tag and the guards stay.
          assertGuards(buf, sealed, off, ptLen, as + " decrypt");
        } else {
          System.arraycopy(c.ct(), 0, buf, off, ctLen);
          byte[] before = buf.clone();
          assertBadTag(() -> a.decrypt(c.nonce(), ad, adOff, c.aad().length, buf, off, ctLen));
          assertThat(buf).as(as + " untouched").isEqualTo(before);
        }
        assertWiped(a, as);

        if (c.aad().length > 0) {
          continue; // the buffer methods take no AD
        }
        for (ByteBuffer bb : buffers(off + ctLen + 3, off)) {
          String bs = as + (bb.isDirect() ? " direct" : " sliced heap");
          ChaChaPolyJava b = new ChaChaPolyJava(c.key(), 0);
          if (c.valid()) {
            bb.put(off, c.pt());
            assertThat(b.encrypt(c.nonce(), bb, off, ptLen)).isEqualTo(ctLen);
            assertThat(get(bb, off, ctLen)).as(bs).isEqualTo(c.ct());
            byte[] sealed = get(bb, 0, bb.capacity());
            assertThat(b.decrypt(c.nonce(), bb, off, ctLen)).isEqualTo(ptLen);
            assertThat(get(bb, off, ptLen)).as(bs).isEqualTo(c.pt());
            assertGuards(get(bb, 0, bb.capacity()), sealed, off, ptLen, bs + " decrypt");
          } else {
            bb.put(off, c.ct());
            assertBadTag(() -> b.decrypt(c.nonce(), bb, off, ctLen));
            assertThat(get(bb, off, ctLen)).as(bs + " untouched").isEqualTo(c.ct());
          }
          assertWiped(b, bs);
        }
      }
    }
  }

  @Test
  void everyLengthUpToPastTheLaneThresholdMatchesBouncyCastle() {
    Random rnd = new Random(0x1e17_2026L);
    for (int len = 0; len <= 1_300; len++) {
      checkAgainstBc(rnd, len, len % 41);
    }
  }

  @Test
  void laneAndBlockEdgesMatchBouncyCastle() {
    Random rnd = new Random(0xb10c_5L);
    // Whole-block counts around the lane minimum (8), the double-round limit (16), the lane width
    // (128) and two and three lane rounds, each with tails of 0 to 63 bytes in a few steps.
    int[] blocks = {7, 8, 9, 15, 16, 17, 18, 31, 32, 33, 127, 128, 129, 135, 136, 137, 255, 256, 257, 263, 264, 384, 385};
    int[] tails = {0, 1, 3, 4, 5, 15, 16, 17, 47, 60, 63};
    for (int n : blocks) {
      for (int tail : tails) {
        checkAgainstBc(rnd, 64 * n + tail, rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(70));
      }
    }
    // The largest Sv2 chunk.
    checkAgainstBc(rnd, 65_519, 0);
    checkAgainstBc(rnd, 65_519, 33);
  }

  /** One random message of {@code len} bytes with {@code adLen} bytes of AD, every API, against BC. */
  private static void checkAgainstBc(Random rnd, int len, int adLen) {
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    byte[] nonce = new byte[12];
    rnd.nextBytes(nonce);
    byte[] ad = new byte[adLen];
    rnd.nextBytes(ad);
    byte[] pt = new byte[len];
    rnd.nextBytes(pt);
    byte[] expect = bc(key, nonce, ad, pt);
    byte[] expectNoAd = bc(key, nonce, new byte[0], pt);
    String as = "len " + len + " adLen " + adLen;
    int off = rnd.nextInt(9);

    ChaChaPolyJava a = new ChaChaPolyJava(key, 0);
    byte[] buf = new byte[off + len + 16 + 2];
    System.arraycopy(pt, 0, buf, off, len);
    assertThat(a.encrypt(nonce, ad, 0, adLen, buf, off, len)).isEqualTo(len + 16);
    assertThat(Arrays.copyOfRange(buf, off, off + len + 16)).as(as).isEqualTo(expect);
    assertWiped(a, as);
    assertThat(a.decrypt(nonce, ad, 0, adLen, buf, off, len + 16)).isEqualTo(len);
    assertThat(Arrays.copyOfRange(buf, off, off + len)).as(as).isEqualTo(pt);
    assertWiped(a, as);
    // A flipped bit anywhere (ciphertext, tag, or the AD) is refused, the buffer left as it was.
    System.arraycopy(expect, 0, buf, off, len + 16);
    int flip = rnd.nextInt(len + 16 + adLen);
    if (flip < len + 16) {
      buf[off + flip] ^= (byte) (1 << rnd.nextInt(8));
    } else {
      ad[flip - len - 16] ^= (byte) (1 << rnd.nextInt(8));
    }
    byte[] before = buf.clone();
    assertBadTag(() -> a.decrypt(nonce, ad, 0, adLen, buf, off, len + 16));
    assertThat(buf).as(as + " tampered untouched").isEqualTo(before);

    for (ByteBuffer bb : buffers(off + len + 16 + 2, off)) {
      String bs = as + (bb.isDirect() ? " direct" : " sliced heap");
      bb.put(off, pt);
      assertThat(a.encrypt(nonce, bb, off, len)).isEqualTo(len + 16);
      assertThat(get(bb, off, len + 16)).as(bs).isEqualTo(expectNoAd);
      assertWiped(a, bs);
      assertThat(a.decrypt(nonce, bb, off, len + 16)).isEqualTo(len);
      assertThat(get(bb, off, len)).as(bs).isEqualTo(pt);
      assertWiped(a, bs);
      bb.put(off, expectNoAd);
      int i = off + rnd.nextInt(len + 16);
      bb.put(i, (byte) (bb.get(i) ^ (1 << rnd.nextInt(8))));
      byte[] tampered = get(bb, 0, bb.capacity());
      assertBadTag(() -> a.decrypt(nonce, bb, off, len + 16));
      assertThat(get(bb, 0, bb.capacity())).as(bs + " tampered untouched").isEqualTo(tampered);
    }
  }

  @Test
  void everyBitOfTheTagIsChecked() {
    byte[] key = new byte[32];
    key[31] = 3;
    ChaChaPolyJava a = new ChaChaPolyJava(key, 0);
    byte[] nonce = new byte[12];
    for (int len : new int[] {0, 20, 600}) {
      byte[] sealed = new byte[len + 16];
      a.encrypt(nonce, null, 0, 0, sealed, 0, len);
      for (int bit = 0; bit < 128; bit++) {
        byte[] bad = sealed.clone();
        bad[len + bit / 8] ^= (byte) (1 << (bit % 8));
        assertBadTag(() -> a.decrypt(nonce, null, 0, 0, bad, 0, len + 16));
        ByteBuffer d = ByteBuffer.allocateDirect(len + 16).put(0, bad);
        assertBadTag(() -> a.decrypt(nonce, d, 0, len + 16));
        assertThat(get(d, 0, len + 16)).isEqualTo(bad);
      }
      assertThat(a.decrypt(nonce, null, 0, 0, sealed.clone(), 0, len + 16)).isEqualTo(len);
    }
  }

  @Test
  void keyStreamAndPoly1305StateAreWipedAfterEveryMessage() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x33);
    ChaChaPolyJava a = new ChaChaPolyJava(key, 0);
    byte[] nonce = new byte[12];
    byte[] ad = new byte[21];
    Arrays.fill(ad, (byte) 1);
    for (int len : new int[] {1, 5, 63, 64, 100, 520, 1_100, 9_000 + 7}) {
      byte[] buf = new byte[len + 16];
      a.encrypt(nonce, ad, 0, 21, buf, 0, len);
      assertWiped(a, "encrypt " + len);
      a.decrypt(nonce, ad, 0, 21, buf, 0, len + 16);
      assertWiped(a, "decrypt " + len);
      ByteBuffer d = ByteBuffer.allocateDirect(len + 16);
      a.encrypt(nonce, d, 0, len);
      assertWiped(a, "direct encrypt " + len);
      a.decrypt(nonce, d, 0, len + 16);
      assertWiped(a, "direct decrypt " + len);
      // A failed decryption wipes as well.
      d.put(len, (byte) (d.get(len) ^ 1));
      assertBadTag(() -> a.decrypt(nonce, d, 0, len + 16));
      assertWiped(a, "failed direct decrypt " + len);
      buf[len] ^= 1;
      assertBadTag(() -> a.decrypt(nonce, ad, 0, 21, buf, 0, len + 16));
      assertWiped(a, "failed decrypt " + len);
      nonce[0]++;
    }
    assertThat(a.lanesAllocated()).isTrue();
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    assertThat((int) field(a, "k0")).isZero();
    assertThat((long) field(a, "r0") | (long) field(a, "r1") | (long) field(a, "s1")).isZero();
  }

  @Test
  void setKeyReplacesTheKeyAndRevivesADestroyedCipher() {
    Random rnd = new Random(42);
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[40];
    rnd.nextBytes(k1);
    rnd.nextBytes(k2);
    byte[] nonce = new byte[12];
    rnd.nextBytes(nonce);
    byte[] pt = new byte[700];
    rnd.nextBytes(pt);
    ChaChaPolyJava a = new ChaChaPolyJava(k1, 0);
    byte[] x = Arrays.copyOf(pt, 716);
    a.encrypt(nonce, null, 0, 0, x, 0, 700);
    assertThat(x).isEqualTo(bc(k1, nonce, new byte[0], pt));

    a.setKey(k2, 5);
    byte[] y = Arrays.copyOf(pt, 716);
    a.encrypt(nonce, null, 0, 0, y, 0, 700);
    assertThat(y).isEqualTo(bc(Arrays.copyOfRange(k2, 5, 37), nonce, new byte[0], pt));

    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    a.setKey(k1, 0);
    assertThat(a.isDestroyed()).isFalse();
    byte[] z = Arrays.copyOf(pt, 716);
    a.encrypt(nonce, null, 0, 0, z, 0, 700);
    assertThat(z).isEqualTo(x);
    ByteBuffer d = ByteBuffer.allocateDirect(716).put(0, x);
    assertThat(a.decrypt(nonce, d, 0, 716)).isEqualTo(700);
    assertThat(get(d, 0, 700)).isEqualTo(pt);

    assertThatThrownBy(() -> a.setKey(k1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new ChaChaPolyJava(new byte[31], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    // A refused key leaves the old one in place.
    byte[] w = Arrays.copyOf(pt, 716);
    a.encrypt(nonce, null, 0, 0, w, 0, 700);
    assertThat(w).isEqualTo(x);
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsTouched() {
    ChaChaPolyJava a = new ChaChaPolyJava(new byte[32], 0);
    byte[] nonce = new byte[12];
    byte[] buf = new byte[40];
    Arrays.fill(buf, (byte) 7);
    byte[] copy = buf.clone();
    // No room for the tag, or the range outside the array.
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, buf, 0, 25))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, buf, 30, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, buf, -1, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, buf, 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.decrypt(nonce, null, 0, 0, buf, 30, 20))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.decrypt(nonce, null, 0, 0, buf, -1, 20))
        .isInstanceOf(IndexOutOfBoundsException.class);
    // AD outside its array.
    byte[] ad = new byte[10];
    assertThatThrownBy(() -> a.encrypt(nonce, ad, 5, 6, buf, 0, 8))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("out of bounds for length 10");
    assertThatThrownBy(() -> a.decrypt(nonce, ad, -1, 4, buf, 0, 24))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("out of bounds for length 10");
    // Wrong nonce sizes.
    for (byte[] n : new byte[][] {new byte[11], new byte[13], new byte[0]}) {
      assertThatThrownBy(() -> a.encrypt(n, null, 0, 0, buf, 0, 8))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> a.decrypt(n, null, 0, 0, buf, 0, 24))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> a.encrypt(n, ByteBuffer.allocateDirect(40), 0, 8))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> a.decrypt(n, ByteBuffer.allocateDirect(40), 0, 24))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(buf).isEqualTo(copy);

    for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocateDirect(40), ByteBuffer.allocate(40)}) {
      for (int i = 0; i < 40; i++) {
        bb.put(i, (byte) 9);
      }
      bb.limit(30);
      byte[] all = get(bb.duplicate().clear(), 0, 40);
      // The tag must fit below the limit, not the capacity.
      assertThatThrownBy(() -> a.encrypt(nonce, bb, 0, 15))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> a.encrypt(nonce, bb, 14, 1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> a.encrypt(nonce, bb, -1, 4))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> a.decrypt(nonce, bb, 10, 21))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> a.decrypt(nonce, bb, 0, 15))
          .isInstanceOfSatisfying(
              NoiseException.class,
              e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.WRONG_MESSAGE_LENGTH));
      assertThat(get(bb.duplicate().clear(), 0, 40)).isEqualTo(all);
      // Exactly fitting is fine: 14 bytes and the tag end at the limit.
      assertThat(a.encrypt(nonce, bb, 0, 14)).isEqualTo(30);
      assertThat(get(bb.duplicate().clear(), 30, 10)).isEqualTo(Arrays.copyOfRange(all, 30, 40));
      assertThat(a.decrypt(nonce, bb, 0, 30)).isEqualTo(14);
      assertThat(get(bb, 0, 14)).isEqualTo(Arrays.copyOf(all, 14));
    }
    // Exactly fitting in an array.
    assertThat(a.encrypt(nonce, null, 0, 0, buf, 0, 24)).isEqualTo(40);
    assertThat(a.decrypt(nonce, null, 0, 0, buf, 0, 40)).isEqualTo(24);
    assertThat(Arrays.copyOf(buf, 24)).isEqualTo(Arrays.copyOf(copy, 24));
    byte[] tagOnly = new byte[16];
    assertThat(a.encrypt(nonce, null, 0, 0, tagOnly, 0, 0)).isEqualTo(16);
    assertThat(a.decrypt(nonce, null, 0, 0, tagOnly, 0, 16)).isZero();

    a.destroy();
    assertThatThrownBy(() -> a.encrypt(nonce, ByteBuffer.allocateDirect(40), 0, 8))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.decrypt(nonce, ByteBuffer.allocateDirect(40), 0, 24))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------------------------------------

  /** A direct buffer and a heap buffer whose array starts {@code 3 + off} bytes before index 0. */
  private static ByteBuffer[] buffers(int size, int off) {
    ByteBuffer heap = ByteBuffer.allocate(size + 3 + off).position(3 + off).slice();
    assertThat(heap.arrayOffset()).isEqualTo(3 + off);
    return new ByteBuffer[] {ByteBuffer.allocateDirect(size), heap};
  }

  private static byte[] get(ByteBuffer bb, int index, int len) {
    byte[] out = new byte[len];
    bb.get(index, out);
    return out;
  }

  private static void assertGuards(byte[] buf, byte[] guard, int off, int len, String as) {
    assertThat(Arrays.copyOf(buf, off)).as(as + " before").isEqualTo(Arrays.copyOf(guard, off));
    assertThat(Arrays.copyOfRange(buf, off + len, buf.length))
        .as(as + " after")
        .isEqualTo(Arrays.copyOfRange(guard, off + len, guard.length));
  }

  private static void assertBadTag(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.BAD_TAG));
  }

  /** Between messages the cipher holds no key stream, no padded block and no Poly1305 accumulator. */
  private static void assertWiped(ChaChaPolyJava a, String as) {
    assertThat((int[]) field(a, "ks")).as(as + ": key stream block").containsOnly(0);
    assertThat((byte[]) field(a, "block")).as(as + ": Poly1305 block").containsOnly(0);
    assertThat(new long[] {(long) field(a, "h0"), (long) field(a, "h1"), (long) field(a, "h2")})
        .as(as + ": Poly1305 accumulator")
        .containsOnly(0);
    assertThat(a.lanesWiped()).as(as + ": lanes").isTrue();
  }

  private static Object field(Object o, String name) {
    try {
      Field f = o.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Bouncy Castle's own ChaCha20-Poly1305 AEAD: ciphertext ‖ tag. */
  static byte[] bc(byte[] key, byte[] nonce, byte[] ad, byte[] pt) {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
    byte[] out = new byte[pt.length + 16];
    int n = c.processBytes(pt, 0, pt.length, out, 0);
    try {
      c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new AssertionError(e);
    }
    return out;
  }
  @Test
  void theLanesAreUsedFrom512BytesOn() {
    for (boolean direct : new boolean[] {false, true}) {
      ChaChaPolyJava a = new ChaChaPolyJava(new byte[32], 0);
      byte[] nonce = new byte[12];
      ByteBuffer d = ByteBuffer.allocateDirect(512 + 16);
      if (direct) {
        a.encrypt(nonce, d, 0, 511);
      } else {
        a.encrypt(nonce, null, 0, 0, new byte[512 + 16], 0, 511);
      }
      assertThat(a.lanesAllocated()).as("511 bytes: one block at a time").isFalse();
      if (direct) {
        a.encrypt(nonce, d, 0, 512);
      } else {
        a.encrypt(nonce, null, 0, 0, new byte[512 + 16], 0, 512);
      }
      assertThat(a.lanesAllocated()).as("512 bytes: eight blocks in lanes").isTrue();
      assertThat(a.lanesWiped()).isTrue();
    }
  }

  @Test
  void theWipeChecksSeeEveryWord() throws ReflectiveOperationException {
    // The test hooks isDestroyed and lanesWiped must notice any single word left over.
    String[] ints = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "n0", "n1", "n2", "p0", "p1", "p2", "p3"};
    String[] longs = {"r0", "r1", "s1", "h0", "h1", "h2"};
    ChaChaPolyJava a = new ChaChaPolyJava(new byte[32], 0);
    a.encrypt(new byte[12], null, 0, 0, new byte[1_000 + 16], 0, 1_000);
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    for (String name : ints) {
      Field f = ChaChaPolyJava.class.getDeclaredField(name);
      f.setAccessible(true);
      f.setInt(a, 1 << 20);
      assertThat(a.isDestroyed()).as(name).isFalse();
      f.setInt(a, 0);
    }
    for (String name : longs) {
      Field f = ChaChaPolyJava.class.getDeclaredField(name);
      f.setAccessible(true);
      f.setLong(a, 1L << 40);
      assertThat(a.isDestroyed()).as(name).isFalse();
      f.setLong(a, 1);
      assertThat(a.isDestroyed()).as(name).isFalse();
      f.setLong(a, 0);
    }
    for (int i = 0; i < 16; i++) {
      ((int[]) field(a, "ks"))[i] = 1;
      assertThat(a.isDestroyed()).as("ks[" + i + "]").isFalse();
      ((int[]) field(a, "ks"))[i] = 0;
      ((byte[]) field(a, "block"))[i] = 1;
      assertThat(a.isDestroyed()).as("block[" + i + "]").isFalse();
      ((byte[]) field(a, "block"))[i] = 0;
    }
    for (int w = 0; w < 16; w++) {
      for (int lane : new int[] {0, 77, 127}) {
        int[] v = (int[]) field(a, "v" + w);
        v[lane] = 1 << 30;
        assertThat(a.lanesWiped()).as("v" + w + "[" + lane + "]").isFalse();
        assertThat(a.isDestroyed()).isFalse();
        v[lane] = 0;
      }
    }
    assertThat(a.isDestroyed()).isTrue();
    Field destroyed = ChaChaPolyJava.class.getDeclaredField("destroyed");
    destroyed.setAccessible(true);
    destroyed.setBoolean(a, false);
    assertThat(a.isDestroyed()).as("all zero but not marked destroyed").isFalse();
  }
  // --- Poly1305 edge cases, built with BigInteger from the key stream BC computes -----------------

  private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
  private static final BigInteger B128 = BigInteger.ONE.shiftLeft(128);
  private static final BigInteger M64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  @Test
  void accumulatorsAtTheFinalReductionEdgesMatchBouncyCastle() {
    // Two ciphertext blocks chosen so that the Poly1305 value before "+ s" is v (mod p): v = 0 makes
    // the 130-bit accumulator exactly p, which only the final conditional subtraction brings to 0;
    // p - 1 is the largest value it must leave alone; small v may be held as v + p.
    BigInteger[] targets = {
      BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4),
      BigInteger.valueOf(5), P.subtract(BigInteger.ONE), P.subtract(BigInteger.valueOf(4)),
      P.subtract(BigInteger.valueOf(5)), P.subtract(BigInteger.valueOf(6)), B128.subtract(BigInteger.ONE), B128
    };
    Random rnd = new Random(0x9017_1305L);
    for (int k = 0; k < 6; k++) {
      byte[] key = new byte[32];
      byte[] nonce = new byte[12];
      rnd.nextBytes(key);
      rnd.nextBytes(nonce);
      byte[] stream = keyStream(key, nonce, 64 + 32);
      BigInteger r = le(stream, 0, 16).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
      BigInteger sPad = le(stream, 16, 16);
      BigInteger rInv = r.modInverse(P);
      BigInteger lengths = BigInteger.valueOf(32).shiftLeft(64); // AD 0 bytes, ciphertext 32 bytes
      for (BigInteger v : targets) {
        // v after the lengths block (processed from an array), or after the last ciphertext block
        // (processed from the buffer itself on the direct-buffer path).
        for (boolean afterLengths : new boolean[] {true, false}) {
          byte[] ct = new byte[32];
          BigInteger c2;
          BigInteger acc2 =
              afterLengths ? v.multiply(rInv).subtract(lengths).subtract(B128).mod(P) : v;
          do {
            rnd.nextBytes(ct);
            BigInteger acc1 = le(ct, 0, 16).add(B128).multiply(r).mod(P);
            c2 = acc2.multiply(rInv).subtract(acc1).subtract(B128).mod(P);
          } while (c2.compareTo(B128) >= 0);
          putLe(ct, 16, c2);
          BigInteger acc = acc2.add(lengths).add(B128).multiply(r).mod(P);
          BigInteger tag = acc.add(sPad).mod(B128);
          checkChosenCiphertext(
              key, nonce, stream, ct, tag, "key " + k + " v " + v.toString(16) + " " + afterLengths);
        }
      }
    }
  }

  @Test
  void aCarryThroughTheWholeMiddleLimbMatchesBouncyCastle() {
    // Block 2 is chosen so that adding it to the accumulator carries out of the low limb into a middle
    // limb that is then all ones (a chain of two carries, 2^-64 at random). The accumulator after block
    // 1 follows from the radix-2^64 arithmetic, which only defers reduction: value (V mod 2^130) +
    // 5 (V >> 130) with V the limb product.
    Random rnd = new Random(0xca_2217L);
    for (int k = 0; k < 8; k++) {
      byte[] key = new byte[32];
      byte[] nonce = new byte[12];
      rnd.nextBytes(key);
      rnd.nextBytes(nonce);
      byte[] stream = keyStream(key, nonce, 64 + 32);
      BigInteger r = le(stream, 0, 16).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
      byte[] ct = new byte[32];
      rnd.nextBytes(ct);
      BigInteger h = limbProduct(le(ct, 0, 16).add(B128), r);
      BigInteger h0 = h.and(M64);
      BigInteger h1 = h.shiftRight(64).and(M64);
      if (h0.signum() == 0) {
        continue;
      }
      BigInteger m0 = M64; // h0 + m0 carries since h0 > 0
      BigInteger m1 = M64.subtract(h1); // h1 + m1 = 2^64 - 1, plus that carry: wraps to 0
      putLe(ct, 16, m1.shiftLeft(64).or(m0));
      BigInteger acc = BigInteger.ZERO;
      for (int b = 0; b < 2; b++) {
        acc = acc.add(le(ct, 16 * b, 16)).add(B128).multiply(r).mod(P);
      }
      acc = acc.add(BigInteger.valueOf(32).shiftLeft(64)).add(B128).multiply(r).mod(P);
      BigInteger tag = acc.add(le(stream, 16, 16)).mod(B128);
      checkChosenCiphertext(key, nonce, stream, ct, tag, "key " + k);
    }
  }

  /** The deferred-reduction accumulator after one block: H is the accumulator plus block plus 2^128. */
  private static BigInteger limbProduct(BigInteger hIn, BigInteger r) {
    BigInteger h0 = hIn.and(M64);
    BigInteger h1 = hIn.shiftRight(64).and(M64);
    BigInteger h2 = hIn.shiftRight(128);
    BigInteger r0 = r.and(M64);
    BigInteger r1 = r.shiftRight(64);
    BigInteger s1 = r1.add(r1.shiftRight(2));
    BigInteger v =
        h0.multiply(r0)
            .add(h1.multiply(s1))
            .add(h0.multiply(r1).add(h1.multiply(r0)).add(h2.multiply(s1)).shiftLeft(64))
            .add(h2.multiply(r0).shiftLeft(128));
    BigInteger low = v.and(BigInteger.ONE.shiftLeft(130).subtract(BigInteger.ONE));
    return low.add(v.shiftRight(130).multiply(BigInteger.valueOf(5)));
  }

  /** Encrypts the plaintext that gives ciphertext {@code ct}; the tag must be {@code tag} (and BC's). */
  private static void checkChosenCiphertext(
      byte[] key, byte[] nonce, byte[] stream, byte[] ct, BigInteger tag, String as) {
    byte[] pt = new byte[ct.length];
    for (int i = 0; i < ct.length; i++) {
      pt[i] = (byte) (ct[i] ^ stream[64 + i]);
    }
    byte[] expect = bc(key, nonce, new byte[0], pt);
    assertThat(Arrays.copyOf(expect, ct.length)).as(as).isEqualTo(ct);
    assertThat(le(expect, ct.length, 16)).as(as + ": the construction hit its target").isEqualTo(tag);
    ChaChaPolyJava a = new ChaChaPolyJava(key, 0);
    byte[] buf = Arrays.copyOf(pt, pt.length + 16);
    a.encrypt(nonce, null, 0, 0, buf, 0, pt.length);
    assertThat(buf).as(as).isEqualTo(expect);
    assertThat(a.decrypt(nonce, null, 0, 0, buf, 0, buf.length)).isEqualTo(pt.length);
    ByteBuffer d = ByteBuffer.allocateDirect(pt.length + 16).put(0, pt);
    a.encrypt(nonce, d, 0, pt.length);
    assertThat(get(d, 0, pt.length + 16)).as(as + " direct").isEqualTo(expect);
    assertThat(a.decrypt(nonce, d, 0, pt.length + 16)).isEqualTo(pt.length);
  }

  /** ChaCha20 key stream from block 0, by Bouncy Castle. */
  private static byte[] keyStream(byte[] key, byte[] nonce, int len) {
    org.bouncycastle.crypto.engines.ChaCha7539Engine e =
        new org.bouncycastle.crypto.engines.ChaCha7539Engine();
    e.init(true, new org.bouncycastle.crypto.params.ParametersWithIV(new KeyParameter(key), nonce));
    byte[] out = new byte[len];
    e.processBytes(new byte[len], 0, len, out, 0);
    return out;
  }

  private static BigInteger le(byte[] b, int off, int len) {
    byte[] be = new byte[len];
    for (int i = 0; i < len; i++) {
      be[i] = b[off + len - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private static void putLe(byte[] b, int off, BigInteger v) {
    for (int i = 0; i < 16; i++) {
      b[off + i] = v.shiftRight(8 * i).byteValue();
    }
  }
}
