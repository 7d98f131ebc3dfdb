package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The JDK backend's staging array for buffers holds no plaintext between messages; destroy. */
class ChaChaPolyJdkTest {

  @Test
  void bufferStagingIsWipedAfterEveryMessageAndOnDestroy() {
    ChaChaPolyJdk a = new ChaChaPolyJdk(new byte[32], 0);
    assertThat(a.backend()).isEqualTo("jdk");
    byte[] nonce = new byte[12];
    ByteBuffer d = ByteBuffer.allocateDirect(300);
    for (int i = 0; i < 200; i++) {
      d.put(i, (byte) (i | 1));
    }
    assertThat(a.encrypt(nonce, d, 0, 200)).isEqualTo(216);
    assertThat(staging(a)).as("after encrypt").containsOnly(0);
    ChaChaPolyJdk b = new ChaChaPolyJdk(new byte[32], 0);
    assertThat(b.decrypt(nonce, d, 0, 216)).isEqualTo(200);
    assertThat(d.get(199)).isEqualTo((byte) (199 | 1));
    assertThat(staging(b)).as("after decrypt").containsOnly(0);
    // A failed decryption wipes it too.
    d.put(0, (byte) (d.get(0) ^ 1));
    nonce[0] = 1;
    assertThatThrownBy(() -> b.decrypt(nonce, d, 0, 216)).isInstanceOf(org.sv2j.noise.NoiseException.class);
    assertThat(staging(b)).containsOnly(0);
    b.destroy();
    assertThatThrownBy(() -> b.encrypt(nonce, d, 0, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    // Destroy before any buffer was staged.
    ChaChaPolyJdk c = new ChaChaPolyJdk(new byte[32], 0);
    c.destroy();
    assertThatThrownBy(() -> c.encrypt(nonce, null, 0, 0, new byte[16], 0, 0))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] staging(Object o) {
    try {
      Field f = o.getClass().getDeclaredField("staging");
      f.setAccessible(true);
      return (byte[]) f.get(o);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
  @Test
  void stagingGrowsWhenNeededAndIsReusedOtherwise() {
    assertThat(ChaChaPolyJdk.isAvailable()).as("SunJCE has ChaCha20-Poly1305 since JDK 11").isTrue();
    ChaChaPolyJdk a = new ChaChaPolyJdk(new byte[32], 0);
    ChaChaPolyJdk b = new ChaChaPolyJdk(new byte[32], 0);
    ByteBuffer d = ByteBuffer.allocateDirect(400);
    byte[] nonce = new byte[12];
    int[] sizes = {10, 240, 240, 50, 300}; // staging starts at 256 bytes: 240 + 16 fits exactly
    byte[] previous = null;
    for (int k = 0; k < sizes.length; k++) {
      int len = sizes[k];
      nonce[0] = (byte) k;
      for (int i = 0; i < len; i++) {
        d.put(i, (byte) (i + k));
      }
      assertThat(a.encrypt(nonce, d, 0, len)).isEqualTo(len + 16);
      byte[] s = staging(a);
      assertThat(s.length).isGreaterThanOrEqualTo(len + 16);
      if (k >= 1 && k <= 3) {
        assertThat(s).as("big enough: reused").isSameAs(previous);
      }
      previous = s;
      assertThat(b.decrypt(nonce, d, 0, len + 16)).isEqualTo(len);
      assertThat(d.get(len - 1)).isEqualTo((byte) (len - 1 + k));
    }
  }
  @Test
  void theJceKeyIsARawChaCha20KeyThatDestroyWipes() throws Exception {
    byte[] k = new byte[32];
    k[0] = 9;
    ChaChaPolyJdk a = new ChaChaPolyJdk(k, 0);
    Field f = ChaChaPolyJdk.class.getDeclaredField("key");
    f.setAccessible(true);
    javax.crypto.SecretKey key = (javax.crypto.SecretKey) f.get(a);
    assertThat(key.getAlgorithm()).isEqualTo("ChaCha20");
    assertThat(key.getFormat()).isEqualTo("RAW");
    assertThat(key.getEncoded()).isEqualTo(k);
    assertThat(key.toString()).isEqualTo("RawKey[ChaCha20]");
    assertThat(key.isDestroyed()).isFalse();
    a.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.getEncoded()).containsOnly(0);
  }
}
