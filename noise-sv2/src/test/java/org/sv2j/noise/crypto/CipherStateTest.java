package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/** Nonce layout, use-then-increment, no increment on failure, exhaustion, pass-through, wiping. */
class CipherStateTest {

  private static Map<String, Object> rfcA5() {
    return Json.object(
        Json.array(Vectors.json("rfc8439_chacha20_poly1305_aead.json").get("tests")).get(1));
  }

  @Test
  void nonceIsFourZeroBytesThenTheCounterLittleEndian() {
    // RFC 8439 A.5 uses nonce 00000000 || 0102030405060708 = counter 0x0807060504030201.
    Map<String, Object> t = rfcA5();
    assertThat((String) t.get("nonce")).isEqualTo("000000000102030405060708");
    CipherState cs = new CipherState();
    cs.initializeKey(Hex.decode((String) t.get("key")), 0);
    cs.setNonce(0x0807060504030201L);
    byte[] aad = Hex.decode((String) t.get("aad"));
    byte[] ct = Hex.decode((String) t.get("ciphertext") + t.get("tag"));
    int n = cs.decryptWithAd(aad, 0, aad.length, ct, 0, ct.length);
    assertThat(Arrays.copyOf(ct, n)).isEqualTo(Hex.decode((String) t.get("plaintext")));
    assertThat(cs.nonce()).isEqualTo(0x0807060504030202L);
  }

  @Test
  void failureDoesNotConsumeTheNonce() {
    CipherState enc = new CipherState();
    CipherState dec = new CipherState();
    enc.initializeKey(new byte[32], 0);
    dec.initializeKey(new byte[32], 0);
    byte[] msg = Arrays.copyOf("hello".getBytes(), 21);
    assertThat(enc.encryptWithAd(null, 0, 0, msg, 0, 5)).isEqualTo(21);
    assertThat(enc.nonce()).isEqualTo(1);
    byte[] bad = msg.clone();
    bad[20] ^= 1;
    assertThatThrownBy(() -> dec.decryptWithAd(null, 0, 0, bad, 0, 21))
        .isInstanceOf(NoiseException.class);
    assertThat(dec.nonce()).isZero();
    assertThatThrownBy(() -> dec.decryptWithAd(null, 0, 0, msg, 0, 10))
        .isInstanceOf(NoiseException.class);
    assertThatThrownBy(() -> dec.decryptWithAd(null, 0, 0, msg, 15, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(dec.nonce()).isZero();
    assertThat(dec.decryptWithAd(null, 0, 0, msg, 0, 21)).isEqualTo(5);
    assertThat(dec.nonce()).isEqualTo(1);
  }

  @Test
  void refusesOnceTheCounterReachesTheReservedValue() {
    CipherState enc = new CipherState();
    enc.initializeKey(new byte[32], 0);
    enc.setNonce(-2L); // 2^64 - 2: the last usable nonce
    byte[] buf = new byte[16];
    enc.encryptWithAd(null, 0, 0, buf, 0, 0);
    assertThat(enc.nonce()).isEqualTo(-1L);
    assertThatThrownBy(() -> enc.encryptWithAd(null, 0, 0, buf, 0, 0))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.NONCE_EXHAUSTED));
    assertThatThrownBy(() -> enc.decryptWithAd(null, 0, 0, buf, 0, 16))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.NONCE_EXHAUSTED));
    assertThat(enc.nonce()).isEqualTo(-1L);
  }

  @Test
  void withoutAKeyDataPassesThroughAndTheNonceStays() {
    CipherState cs = new CipherState();
    byte[] buf = {1, 2, 3};
    assertThat(cs.encryptWithAd(null, 0, 0, buf, 0, 3)).isEqualTo(3);
    assertThat(cs.decryptWithAd(null, 0, 0, buf, 0, 3)).isEqualTo(3);
    assertThat(buf).containsExactly(1, 2, 3);
    assertThat(cs.nonce()).isZero();
  }

  @Test
  void destroyWipesTheEngineState() {
    CipherState cs = new CipherState();
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x5a);
    cs.initializeKey(key, 0);
    cs.encryptWithAd(null, 0, 0, new byte[100], 0, 50);
    ChaChaPolyBc aead = (ChaChaPolyBc) cs.aead();
    assertThat(aead.isDestroyed()).isFalse();
    cs.destroy();
    assertThat(aead.isDestroyed()).isTrue();
    assertThat(cs.hasKey()).isFalse();
    assertThatThrownBy(() -> aead.encrypt(new byte[12], null, 0, 0, new byte[16], 0, 0))
        .isInstanceOf(IllegalStateException.class);
  }
  @Test
  void initializeKeyReusesTheBcCipherReplacesOthersAndResetsTheNonce() {
    CipherState cs = new CipherState();
    assertThat(cs.hasKey()).isFalse();
    assertThat(cs.backend()).isEqualTo("none");
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[36];
    k1[0] = 1;
    k2[4] = 2;
    cs.initializeKey(k1, 0);
    Aead first = cs.aead();
    assertThat(first).isInstanceOf(ChaChaPolyBc.class);
    assertThat(cs.backend()).isEqualTo("bc");
    cs.setNonce(7);
    cs.initializeKey(k2, 4);
    assertThat(cs.aead()).as("MixKey re-keys the same object").isSameAs(first);
    assertThat(cs.nonce()).isZero();
    // The new key is the one in use: an independent cipher under k2 (nonce 0) decrypts.
    byte[] buf = new byte[26];
    cs.encryptWithAd(null, 0, 0, buf, 0, 10);
    assertThat(new ChaChaPolyJava(k2, 4).decrypt(new byte[12], null, 0, 0, buf, 0, 26)).isEqualTo(10);

    // Another backend is destroyed and replaced by a BC cipher.
    ChaChaPolyJava java = new ChaChaPolyJava(k1, 0);
    CipherState other = new CipherState(java);
    assertThat(other.backend()).isEqualTo("java");
    other.setNonce(3);
    other.initializeKey(k2, 4);
    assertThat(java.isDestroyed()).isTrue();
    assertThat(other.aead()).isInstanceOf(ChaChaPolyBc.class);
    assertThat(other.nonce()).isZero();
  }

  @Test
  void bufferOperationsUseThenIncrementTheNonceAndPassThroughWithoutAKey() {
    java.nio.ByteBuffer d = java.nio.ByteBuffer.allocateDirect(40);
    d.put(0, new byte[] {1, 2, 3});
    CipherState none = new CipherState();
    assertThat(none.encrypt(d, 0, 3)).isEqualTo(3);
    assertThat(none.decrypt(d, 0, 3)).isEqualTo(3);
    assertThat(d.get(0)).isEqualTo((byte) 1);
    assertThat(none.nonce()).isZero();

    CipherState enc = new CipherState(new ChaChaPolyJava(new byte[32], 0));
    CipherState dec = new CipherState(new ChaChaPolyJava(new byte[32], 0));
    enc.setNonce(0x0102030405060708L);
    dec.setNonce(0x0102030405060708L);
    assertThat(enc.encrypt(d, 0, 3)).isEqualTo(19);
    assertThat(enc.nonce()).isEqualTo(0x0102030405060709L);
    // The nonce is 4 zero bytes then the counter little-endian.
    byte[] ct = new byte[19];
    d.get(0, ct);
    byte[] nonce = {0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1};
    byte[] copy = ct.clone();
    assertThat(new ChaChaPolyJava(new byte[32], 0).decrypt(nonce, null, 0, 0, copy, 0, 19)).isEqualTo(3);
    assertThat(Arrays.copyOf(copy, 3)).containsExactly(1, 2, 3);
    d.put(18, (byte) (d.get(18) ^ 1));
    assertThatThrownBy(() -> dec.decrypt(d, 0, 19)).isInstanceOf(NoiseException.class);
    assertThat(dec.nonce()).isEqualTo(0x0102030405060708L);
    d.put(18, (byte) (d.get(18) ^ 1));
    assertThat(dec.decrypt(d, 0, 19)).isEqualTo(3);
    assertThat(dec.nonce()).isEqualTo(0x0102030405060709L);

    enc.setNonce(-1L);
    assertThatThrownBy(() -> enc.encrypt(d, 0, 3))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.NONCE_EXHAUSTED));
    assertThatThrownBy(() -> enc.decrypt(d, 0, 19))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.NONCE_EXHAUSTED));
  }

  @Test
  void destroyWipesTheNonceBufferAndIsIdempotent() throws Exception {
    CipherState cs = new CipherState(new ChaChaPolyJava(new byte[32], 0));
    cs.setNonce(-2L);
    cs.encryptWithAd(null, 0, 0, new byte[16], 0, 0);
    java.lang.reflect.Field f = CipherState.class.getDeclaredField("nonce");
    f.setAccessible(true);
    assertThat((byte[]) f.get(cs)).isNotEqualTo(new byte[12]);
    ChaChaPolyJava aead = (ChaChaPolyJava) cs.aead();
    cs.destroy();
    assertThat((byte[]) f.get(cs)).containsOnly(0);
    assertThat(aead.isDestroyed()).isTrue();
    assertThat(cs.hasKey()).isFalse();
    assertThat(cs.backend()).isEqualTo("none");
    cs.destroy();
    assertThat(cs.hasKey()).isFalse();
  }
}
