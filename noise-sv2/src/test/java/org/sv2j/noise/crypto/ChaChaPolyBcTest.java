package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** What the Bouncy Castle backend leaves behind: plaintext staging and keys are wiped. */
class ChaChaPolyBcTest {

  @Test
  void directBufferDecryptionWipesItsPlaintextStaging() {
    ChaChaPolyBc a = new ChaChaPolyBc(new byte[32], 0);
    byte[] nonce = new byte[12];
    ByteBuffer d = ByteBuffer.allocateDirect(1_200);
    for (int i = 0; i < 1_000; i++) {
      d.put(i, (byte) (i | 1));
    }
    a.encrypt(nonce, d, 0, 1_000);
    assertThat(a.decrypt(nonce, d, 0, 1_016)).isEqualTo(1_000);
    assertThat(d.get(999)).isEqualTo((byte) (999 | 1));
    assertThat((byte[]) field(a, "chunk")).as("plaintext staging").containsOnly(0);
  }

  @Test
  void destroyWipesTheOneTimeKeyTheMacAndTheStaging() {
    ChaChaPolyBc a = new ChaChaPolyBc(new byte[32], 0);
    byte[] nonce = new byte[12];
    ByteBuffer d = ByteBuffer.allocateDirect(100);
    a.encrypt(nonce, d, 0, 80); // the staging chunk now holds ciphertext
    assertThat(((KeyParameter) field(a, "macKey")).getKey()).isNotEqualTo(new byte[32]);
    assertThat((byte[]) field(a, "scratch")).isNotEqualTo(new byte[16]);
    assertThat((byte[]) field(a, "chunk")).isNotEqualTo(new byte[512]);
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    assertThat(((KeyParameter) field(a, "macKey")).getKey()).as("Poly1305 key").containsOnly(0);
    assertThat((byte[]) field(a, "scratch")).as("tag scratch").containsOnly(0);
    assertThat((byte[]) field(a, "chunk")).as("staging").containsOnly(0);
    // The MAC was re-keyed with the zero key (r = s = 0): every tag it computes now is zero.
    Poly1305 mac = (Poly1305) field(a, "mac");
    byte[] m = new byte[40];
    java.util.Arrays.fill(m, (byte) 0x55);
    mac.update(m, 0, m.length);
    byte[] tag = new byte[16];
    mac.doFinal(tag, 0);
    assertThat(tag).containsOnly(0);
    a.setKey(new byte[32], 0);
    assertThat(a.isDestroyed()).isFalse();
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
  @Test
  void theEngineKeepsNoKeyCopyAndItsWipeCheckSeesEveryWord() throws Exception {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 0x3c);
    ChaChaPolyBc a = new ChaChaPolyBc(key, 0);
    Object core = field(a, "core");
    Field keyCopy = core.getClass().getDeclaredField("keyCopy");
    keyCopy.setAccessible(true);
    assertThat((byte[]) keyCopy.get(core)).as("staging copy of the key").containsOnly(0);
    a.encrypt(new byte[12], null, 0, 0, new byte[80], 0, 64);
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    Field state = org.bouncycastle.crypto.engines.Salsa20Engine.class.getDeclaredField("engineState");
    state.setAccessible(true);
    Field x = org.bouncycastle.crypto.engines.Salsa20Engine.class.getDeclaredField("x");
    x.setAccessible(true);
    for (Field f : new Field[] {state, x}) {
      int[] words = (int[]) f.get(core);
      for (int i = 0; i < 16; i++) {
        words[i] = 1 << (i + 3);
        assertThat(a.isDestroyed()).as(f.getName() + "[" + i + "]").isFalse();
        words[i] = 0;
      }
    }
    assertThat(a.isDestroyed()).isTrue();
  }
}
