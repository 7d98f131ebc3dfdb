package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/** Initialisation constants and EncryptAndHash/DecryptAndHash symmetry. */
class SymmetricStateTest {

  @Test
  void protocolNameHashAndInitialHash() {
    Map<String, Object> p = Json.object(Vectors.json("sv2_noise_vectors.json").get("protocol_name"));
    assertThat(SymmetricState.PROTOCOL_NAME).isEqualTo(p.get("protocol_name_ascii"));
    assertThat(Hex.encode(SymmetricState.protocolNameHash()))
        .isEqualTo(p.get("h_equals_ck_initial_hex"));
    Map<String, Object> derived = Json.object(p.get("derived_not_upstream"));
    assertThat(Hex.encode(SymmetricState.initialHash()))
        .isEqualTo(derived.get("h_after_initialization_hex"));
    SymmetricState s = new SymmetricState();
    assertThat(Hex.encode(s.ck())).isEqualTo(derived.get("ck_after_initialization_hex"));
    assertThat(Hex.encode(s.h())).isEqualTo(derived.get("h_after_initialization_hex"));
    // The handshake transcript file agrees.
    Map<String, Object> hs =
        Json.object(Json.array(Vectors.json("sv2_reference_handshake.json").get("transcripts")).get(0));
    assertThat(Hex.encode(SymmetricState.protocolNameHash()))
        .isEqualTo(hs.get("noise_hashed_protocol_name"));
  }

  @Test
  void encryptAndHashMatchesDecryptAndHash() {
    SymmetricState a = new SymmetricState();
    SymmetricState b = new SymmetricState();
    byte[] ikm = new byte[32];
    ikm[3] = 9;
    for (SymmetricState s : new SymmetricState[] {a, b}) {
      s.mixHash(new byte[] {1, 2, 3}, 0, 3);
      s.mixKey(ikm);
    }
    byte[] buf = new byte[40];
    buf[0] = 42;
    assertThat(a.encryptAndHash(buf, 0, 24)).isEqualTo(40);
    assertThat(b.decryptAndHash(buf, 0, 40)).isEqualTo(24);
    assertThat(buf[0]).isEqualTo((byte) 42);
    assertThat(a.h()).isEqualTo(b.h());
    assertThat(a.ck()).isEqualTo(b.ck());
    byte[] k1a = new byte[32];
    byte[] k2a = new byte[32];
    byte[] k1b = new byte[32];
    byte[] k2b = new byte[32];
    a.split(k1a, k2a);
    b.split(k1b, k2b);
    assertThat(k1a).isEqualTo(k1b).isNotEqualTo(k2a);
    assertThat(k2a).isEqualTo(k2b);

    // A tampered ciphertext fails with BAD_TAG.
    a.encryptAndHash(buf, 0, 24);
    buf[1] ^= 1;
    assertThatThrownBy(() -> b.decryptAndHash(buf, 0, 40))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.BAD_TAG));

    a.destroy();
    assertThat(a.isWiped()).isTrue();
  }
  @Test
  void pooledEnginesGoBackCleanAndDestroyWipesEverything() throws Exception {
    SymmetricState s = new SymmetricState();
    assertThat(s.isWiped()).as("ck and h start non-zero").isFalse();
    byte[] ikm = new byte[32];
    ikm[0] = 5;
    s.mixKey(ikm);
    assertThat(pooledEngineIsClean()).as("after MixKey").isTrue();
    byte[] buf = new byte[16 + 16];
    s.encryptAndHash(buf, 0, 16);
    assertThat(pooledEngineIsClean()).as("after EncryptAndHash").isTrue();
    SymmetricState t = new SymmetricState();
    t.mixKey(ikm);
    byte[] copy = buf.clone();
    t.decryptAndHash(copy, 0, 32);
    assertThat(t.h()).isEqualTo(s.h());
    assertThat(pooledEngineIsClean()).as("after DecryptAndHash").isTrue();
    copy = buf.clone();
    copy[0] ^= 1;
    byte[] bad = copy;
    assertThatThrownBy(() -> t.decryptAndHash(bad, 0, 32)).isInstanceOf(NoiseException.class);
    assertThat(pooledEngineIsClean()).as("after a failed DecryptAndHash").isTrue();
    s.split(new byte[32], new byte[32]);
    assertThat(pooledEngineIsClean()).as("after Split").isTrue();
    assertThat(s.isWiped()).isFalse();
    s.destroy();
    assertThat(s.isWiped()).isTrue();
    // isWiped notices a single byte left in any of ck, h, k, or a key still marked present.
    for (String name : new String[] {"ck", "h", "k"}) {
      for (int at : new int[] {0, 31}) {
        byte[] a = (byte[]) field(s, name);
        a[at] = 1;
        assertThat(s.isWiped()).as(name + "[" + at + "]").isFalse();
        a[at] = 0;
      }
    }
    assertThat(s.isWiped()).isTrue();
    java.lang.reflect.Field hasKey = SymmetricState.class.getDeclaredField("hasKey");
    hasKey.setAccessible(true);
    hasKey.setBoolean(s, true);
    assertThat(s.isWiped()).as("a key marked present").isFalse();
  }

  /** Takes an engine from the pool (this thread's usual one), checks it and gives it back. */
  private static boolean pooledEngineIsClean() {
    SymmetricState.Engine e = SymmetricState.POOL.take();
    try {
      return e.isWiped() && e.sha.isReset() && e.hkdfIsWiped();
    } finally {
      SymmetricState.POOL.give(e);
    }
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  @Test
  void engineWipeCheckNoticesLeftoversAndWipeClearsThem() {
    SymmetricState.Engine e = new SymmetricState.Engine();
    assertThat(e.isWiped()).isTrue();
    assertThat(e.hkdfIsWiped()).isTrue();
    e.nonce[11] = 1;
    assertThat(e.isWiped()).isFalse();
    e.wipe();
    e.next[0] = 1;
    assertThat(e.isWiped()).isFalse();
    e.wipe();
    e.aead.setKey(new byte[32], 0);
    assertThat(e.isWiped()).isFalse();
    e.sha.update(new byte[] {1}, 0, 1);
    e.hkdf.hkdf2(new byte[32], new byte[32], 0, 32, new byte[32], new byte[32]);
    e.wipe();
    assertThat(e.isWiped()).isTrue();
    assertThat(e.sha.isReset()).isTrue();
    assertThat(e.hkdfIsWiped()).isTrue();
  }
}
