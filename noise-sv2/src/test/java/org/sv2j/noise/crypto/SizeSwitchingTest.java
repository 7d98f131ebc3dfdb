package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Which half of {@link Aeads.SizeSwitching} handles a message, at the threshold's edges. The halves are
 * told apart by behaviour: SunJCE (the large half) refuses a second encryption under a nonce it has
 * already used, the pure-Java half does not.
 */
class SizeSwitchingTest {
  private static final int T = 100;
  private static final byte[] KEY = new byte[40];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) (i * 7 + 1);
    }
  }

  private static Aeads.SizeSwitching cipher() {
    return new Aeads.SizeSwitching(KEY, 3, T);
  }

  private static byte[] expected(byte[] nonce, int len) {
    return ChaChaPolyJavaTest.bc(Arrays.copyOfRange(KEY, 3, 35), nonce, new byte[0], new byte[len]);
  }

  @Test
  void encryptionBelowTheThresholdStaysOnThePureJavaHalf() {
    Aeads.SizeSwitching a = cipher();
    byte[] nonce = new byte[12];
    for (int k = 0; k < 2; k++) { // twice under one nonce: only the JDK half would refuse
      byte[] buf = new byte[T - 1 + 16];
      assertThat(a.encrypt(nonce, null, 0, 0, buf, 0, T - 1)).isEqualTo(T - 1 + 16);
      assertThat(buf).isEqualTo(expected(nonce, T - 1));
    }
    assertThat(field(a, "large")).as("JDK half never created").isNull();
  }

  @Test
  void encryptionFromTheThresholdOnGoesToTheJdkHalf() {
    Aeads.SizeSwitching a = cipher();
    byte[] nonce = new byte[12];
    byte[] buf = new byte[T + 16];
    assertThat(a.encrypt(nonce, null, 0, 0, buf, 0, T)).isEqualTo(T + 16);
    assertThat(buf).isEqualTo(expected(nonce, T));
    assertThat(field(a, "large")).isInstanceOf(ChaChaPolyJdk.class);
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, new byte[T + 16], 0, T))
        .as("SunJCE refuses the nonce reuse")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decryptionSwitchesOnThePlaintextLength() {
    byte[] nonce = new byte[12];
    // T plaintext bytes: the JDK half decrypts, and then refuses to encrypt under that nonce.
    Aeads.SizeSwitching a = cipher();
    byte[] ct = expected(nonce, T);
    assertThat(a.decrypt(nonce, null, 0, 0, ct, 0, T + 16)).isEqualTo(T);
    assertThat(ct).startsWith(new byte[T]);
    assertThatThrownBy(() -> a.encrypt(nonce, null, 0, 0, new byte[T + 16], 0, T))
        .isInstanceOf(IllegalStateException.class);
    // T - 1 plaintext bytes (T + 15 with the tag): the pure-Java half; the JDK half is still unused.
    Aeads.SizeSwitching b = cipher();
    byte[] ct2 = expected(nonce, T - 1);
    assertThat(b.decrypt(nonce, null, 0, 0, ct2, 0, T + 15)).isEqualTo(T - 1);
    assertThat(ct2).startsWith(new byte[T - 1]);
    assertThat(field(b, "large")).isNull();
    byte[] buf = new byte[T + 16];
    assertThat(b.encrypt(nonce, null, 0, 0, buf, 0, T)).isEqualTo(T + 16);
    assertThat(buf).isEqualTo(expected(nonce, T));
  }

  @Test
  void buffersAlwaysUseThePureJavaHalf() {
    byte[] nonce = new byte[12];
    Aeads.SizeSwitching a = cipher();
    for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocate(T + 16), ByteBuffer.allocateDirect(T + 16)}) {
      for (int k = 0; k < 2; k++) {
        bb.put(0, new byte[T + 16]);
        assertThat(a.encrypt(nonce, bb, 0, T)).isEqualTo(T + 16);
        byte[] got = new byte[T + 16];
        bb.get(0, got);
        assertThat(got).isEqualTo(expected(nonce, T));
        assertThat(a.decrypt(nonce, bb, 0, T + 16)).isEqualTo(T);
        bb.get(0, got, 0, T);
        assertThat(Arrays.copyOf(got, T)).isEqualTo(new byte[T]);
      }
    }
    assertThat(field(a, "large")).isNull();
    assertThat(a.backend()).isEqualTo("auto(java<" + T + "<=jdk)");
  }

  @Test
  void destroyWipesBothHalvesAndTheKeyCopy() {
    Aeads.SizeSwitching a = cipher();
    a.destroy(); // no JDK half yet
    assertThat(((ChaChaPolyJava) field(a, "small")).isDestroyed()).isTrue();
    assertThat((byte[]) field(a, "key")).containsOnly(0);

    Aeads.SizeSwitching b = cipher();
    byte[] nonce = new byte[12];
    b.encrypt(nonce, null, 0, 0, new byte[T + 16], 0, T);
    ChaChaPolyJdk large = (ChaChaPolyJdk) field(b, "large");
    b.destroy();
    assertThat(((ChaChaPolyJava) field(b, "small")).isDestroyed()).isTrue();
    assertThat((byte[]) field(b, "key")).containsOnly(0);
    nonce[0] = 1;
    assertThatThrownBy(() -> large.encrypt(nonce, null, 0, 0, new byte[T + 16], 0, T))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
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
}
