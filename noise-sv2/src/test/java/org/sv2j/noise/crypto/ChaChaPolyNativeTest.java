package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException;

/**
 * The native (libcrypto) backend against Bouncy Castle on random inputs up to the largest Noise message,
 * its failure behaviour and lifecycle, and {@code auto}'s use of it. RFC 8439 and Wycheproof run on it
 * in {@link AeadTest}.
 */
class ChaChaPolyNativeTest {
  /** This build runs on Linux with libcrypto installed and JNA on the test class path. */
  private static boolean expectedHere() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
        && (java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
            || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib64/libcrypto.so.3")));
  }

  @Test
  void availableWhereLibcryptoIsInstalled() {
    if (expectedHere()) {
      assertThat(ChaChaPolyNative.unavailableReason()).isNull();
      assertThat(ChaChaPolyNative.isAvailable()).isTrue();
    } else if (!ChaChaPolyNative.isAvailable()) {
      assertThat(ChaChaPolyNative.unavailableReason()).isNotBlank();
      assertThatThrownBy(() -> new ChaChaPolyNative(new byte[32], 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unavailable");
    }
  }

  @Test
  void bufferPathsOnAFreshThreadGrowAndTrimTheRegionAndADestroyedCipherRefusesWork() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ChaChaPolyNative.isAvailable());
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        Random rnd = new Random(11);
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        byte[] nonce = new byte[12];
        rnd.nextBytes(nonce);
        ChaChaPolyNative n = new ChaChaPolyNative(key, 0);
        ChaChaPolyBc bc = new ChaChaPolyBc(key, 0);
        for (int len : new int[] {65_535 - 16, 300_000}) {
          for (boolean direct : new boolean[] {false, true}) {
            byte[] plain = new byte[len];
            rnd.nextBytes(plain);
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(len + 16 + 3) : ByteBuffer.allocate(len + 16 + 3);
            b.put(3, plain);
            assertThat(n.encrypt(nonce, b, 3, len)).isEqualTo(len + 16);
            if (len > ChaChaPolyNative.RETAIN_MAX) {
              assertThat(ChaChaPolyNative.threadScratchCapacity()).as("let go after the call").isZero();
            } else {
              assertThat(ChaChaPolyNative.threadScratchCapacity()).isBetween(len + 16, 128 * 1024);
            }
            byte[] expected = Arrays.copyOf(plain, len + 16);
            bc.encrypt(nonce, new byte[0], 0, 0, expected, 0, len);
            byte[] got = new byte[len + 16];
            b.get(3, got);
            assertThat(got).isEqualTo(expected);
            assertThat(n.decrypt(nonce, b, 3, len + 16)).isEqualTo(len);
            b.get(3, got, 0, len);
            assertThat(Arrays.copyOf(got, len)).isEqualTo(plain);
          }
        }
        bc.destroy();
        n.destroy();
        n.destroy(); // idempotent
        byte[] m = new byte[64];
        ByteBuffer bb = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> n.encrypt(nonce, new byte[0], 0, 0, m, 0, 48)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> n.decrypt(nonce, new byte[0], 0, 0, m, 0, 64)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> n.encrypt(nonce, bb, 0, 48)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> n.decrypt(nonce, bb, 0, 64)).isInstanceOf(IllegalStateException.class);
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  @Test
  void theScratchRegionBelongsToTheThreadNotToEachCipher() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ChaChaPolyNative.isAvailable());
    Random rnd = new Random(7);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    byte[] nonce = new byte[12];
    ChaChaPolyNative[] ciphers = new ChaChaPolyNative[50];
    for (int i = 0; i < ciphers.length; i++) {
      ciphers[i] = new ChaChaPolyNative(key, 0);
    }
    // fifty ciphers, each fed a largest Noise message: one region of at most 128 KiB on this thread
    byte[] msg = new byte[65_535];
    for (ChaChaPolyNative c : ciphers) {
      byte[] m = Arrays.copyOf(msg, 65_535);
      c.encrypt(nonce, new byte[0], 0, 0, m, 0, 65_535 - 16);
      assertThat(c.decrypt(nonce, new byte[0], 0, 0, m, 0, 65_535)).isEqualTo(65_535 - 16);
      assertThat(m).startsWith(Arrays.copyOf(msg, 65_535 - 16));
    }
    assertThat(ChaChaPolyNative.threadScratchCapacity()).isBetween(65_535, 128 * 1024);
    // another thread has its own region, and the same cipher works there
    int[] other = new int[1];
    Thread t = new Thread(() -> {
      byte[] m = new byte[1000 + 16];
      ciphers[0].encrypt(nonce, new byte[0], 0, 0, m, 0, 1000);
      ciphers[0].decrypt(nonce, new byte[0], 0, 0, m, 0, m.length);
      other[0] = ChaChaPolyNative.threadScratchCapacity();
    });
    t.start();
    t.join();
    assertThat(other[0]).isBetween(1000, 8192);
    // a message far beyond Noise's sizes gets a region for that call only
    byte[] big = new byte[300_000 + 16];
    rnd.nextBytes(big);
    byte[] plain = Arrays.copyOf(big, 300_000);
    ciphers[1].encrypt(nonce, new byte[0], 0, 0, big, 0, 300_000);
    assertThat(ChaChaPolyNative.threadScratchCapacity()).isZero();
    ChaChaPolyBc bc = new ChaChaPolyBc(key, 0);
    byte[] viaBc = Arrays.copyOf(plain, 300_016);
    bc.encrypt(nonce, new byte[0], 0, 0, viaBc, 0, 300_000);
    assertThat(big).isEqualTo(viaBc);
    assertThat(ciphers[1].decrypt(nonce, new byte[0], 0, 0, big, 0, big.length)).isEqualTo(300_000);
    assertThat(Arrays.copyOf(big, 300_000)).isEqualTo(plain);
    bc.destroy();
    for (ChaChaPolyNative c : ciphers) {
      c.destroy();
    }
  }

  @Test
  void matchesBouncyCastleOnRandomInputs() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ChaChaPolyNative.isAvailable());
    Random rnd = new Random(0x0a7e_55e1L);
    int[] special = {0, 1, 15, 16, 17, 63, 64, 65, 511, 512, 4095, 4096, 4097, 16_384, 65_519, 65_535};
    ChaChaPolyNative reused = new ChaChaPolyNative(new byte[32], 0);
    for (int iter = 0; iter < 300 + special.length; iter++) {
      int len = iter < 300 ? rnd.nextInt(iter < 200 ? 3000 : 65_536) : special[iter - 300];
      byte[] key = new byte[40];
      rnd.nextBytes(key);
      int keyOff = rnd.nextInt(9);
      byte[] nonce = new byte[12];
      rnd.nextBytes(nonce);
      byte[] ad = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(80)];
      rnd.nextBytes(ad);
      int off = rnd.nextInt(7);
      byte[] a = new byte[off + len + 16 + 2];
      rnd.nextBytes(a);
      byte[] b = a.clone();
      ChaChaPolyNative n = new ChaChaPolyNative(key, keyOff);
      ChaChaPolyBc bc = new ChaChaPolyBc(key, keyOff);
      assertThat(n.encrypt(nonce, ad, 0, ad.length, a, off, len)).isEqualTo(len + 16);
      bc.encrypt(nonce, ad, 0, ad.length, b, off, len);
      assertThat(a).as("encrypt len %d ad %d", len, ad.length).isEqualTo(b);
      byte[] sealed = a.clone();
      assertThat(n.decrypt(nonce, ad, 0, ad.length, a, off, len + 16)).isEqualTo(len);
      bc.decrypt(nonce, ad, 0, ad.length, b, off, len + 16);
      assertThat(a).as("decrypt len %d", len).isEqualTo(b);
      // A forged message (one bit anywhere in ciphertext or tag) is refused, the buffer untouched.
      sealed[off + rnd.nextInt(len + 16)] ^= (byte) (1 << rnd.nextInt(8));
      byte[] forged = sealed.clone();
      assertThatThrownBy(() -> n.decrypt(nonce, ad, 0, ad.length, sealed, off, len + 16))
          .isInstanceOfSatisfying(
              NoiseException.class, e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.BAD_TAG));
      assertThat(sealed).isEqualTo(forged);
      // The same cipher keeps working after a failure, and across sizes (its scratch region grows).
      if (ad.length == 0) {
        ByteBuffer direct = ByteBuffer.allocateDirect(len + 16 + 4);
        direct.put(3, b, off, len);
        assertThat(n.encrypt(nonce, direct, 3, len)).isEqualTo(len + 16);
        byte[] c = b.clone();
        bc.encrypt(nonce, null, 0, 0, c, off, len);
        byte[] got = new byte[len + 16];
        direct.get(3, got);
        assertThat(got).isEqualTo(Arrays.copyOfRange(c, off, off + len + 16));
        assertThat(n.decrypt(nonce, direct, 3, len + 16)).isEqualTo(len);
        direct.get(3, got, 0, len);
        assertThat(Arrays.copyOf(got, len)).isEqualTo(Arrays.copyOfRange(b, off, off + len));
      }
      n.destroy();
      // One long-lived instance sees all sizes in turn, as a session does.
      byte[] k = new byte[32];
      ChaChaPolyBc bc0 = new ChaChaPolyBc(k, 0);
      byte[] x = new byte[len + 16];
      byte[] y = new byte[len + 16];
      reused.encrypt(nonce, null, 0, 0, x, 0, len);
      bc0.encrypt(nonce, null, 0, 0, y, 0, len);
      assertThat(x).isEqualTo(y);
    }
    reused.destroy();
  }

  @Test
  void lengthsAndNoncesAreChecked() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ChaChaPolyNative.isAvailable());
    ChaChaPolyNative n = new ChaChaPolyNative(new byte[32], 0);
    assertThatThrownBy(() -> n.decrypt(new byte[12], null, 0, 0, new byte[15], 0, 15))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.WRONG_MESSAGE_LENGTH));
    assertThatThrownBy(() -> n.encrypt(new byte[16], null, 0, 0, new byte[32], 0, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> n.encrypt(new byte[12], null, 0, 0, new byte[31], 0, 16))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> n.encrypt(new byte[12], ByteBuffer.allocate(31), 0, 16))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> n.decrypt(new byte[12], ByteBuffer.allocate(31), 20, 16))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(n.backend()).isEqualTo("native");
    n.destroy();
    n.destroy(); // idempotent
    assertThatThrownBy(() -> n.encrypt(new byte[12], null, 0, 0, new byte[32], 0, 16))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void allocatesNothingPerMessageAtLargeSizes() {
    org.junit.jupiter.api.Assumptions.assumeTrue(ChaChaPolyNative.isAvailable());
    ChaChaPolyNative enc = new ChaChaPolyNative(new byte[32], 0);
    ChaChaPolyNative dec = new ChaChaPolyNative(new byte[32], 0);
    byte[] nonce = new byte[12];
    byte[] buf = new byte[65_535];
    ByteBuffer direct = ByteBuffer.allocateDirect(65_535);
    int[] sizes = {512, 16_384, 65_519};
    Runnable op =
        () -> {
          for (int len : sizes) {
            enc.encrypt(nonce, null, 0, 0, buf, 0, len);
            dec.decrypt(nonce, null, 0, 0, buf, 0, len + 16);
            enc.encrypt(nonce, direct, 0, len);
            dec.decrypt(nonce, direct, 0, len + 16);
          }
          nonce[5]++;
        };
    assertThat(AeadTest.allocatedPerRun(op)).isZero();
    enc.destroy();
    dec.destroy();
  }

  @Test
  void autoUsesTheNativeCipherForLargeMessagesWhereAvailable() {
    Aead a = Aeads.create(Aeads.Backend.AUTO, new byte[32], 0);
    if (Aeads.autoUsesNativeCipher()) {
      assertThat(a.backend()).isEqualTo("auto(java<512<=native)");
      assertThat(Aeads.autoUsesJdkCipher()).isFalse();
    } else {
      assertThat(expectedHere()).isFalse();
    }
    a.destroy();
  }
}
