package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Secp256k1;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/** Key text encodings against sv2_noise_vectors.json (valid and invalid), and generation. */
class AuthorityKeysTest {
  private final Map<String, Object> v = Vectors.json("sv2_noise_vectors.json");

  @Test
  void specPublicKeyVector() {
    Map<String, Object> enc = Json.object(v.get("authority_public_key_encoding"));
    int n = 0;
    for (Object o : Json.array(enc.get("vectors"))) {
      Map<String, Object> t = Json.object(o);
      byte[] raw = Hex.decode((String) t.get("raw_ca_public_key_xonly_hex"));
      String text = (String) t.get("prefixed_base58check");
      assertThat(AuthorityKeys.encodePublicKey(raw)).isEqualTo(text);
      assertThat(AuthorityKeys.decodePublicKey(text)).isEqualTo(raw);
      assertThat(org.sv2j.noise.crypto.Base58.decodeCheck(text))
          .isEqualTo(Hex.decode((String) t.get("decoded_payload_hex")));
      n++;
    }
    assertThat(n).isEqualTo(1);
  }

  @Test
  void validKeyPairs() {
    Map<String, Object> kp = Json.object(v.get("key_encoding_keypairs"));
    int n = 0;
    for (Object o : Json.array(kp.get("valid"))) {
      Map<String, Object> t = Json.object(o);
      String skText = (String) t.get("secret_key_base58check");
      String pkText = (String) t.get("public_key_base58check");
      byte[] sk = Hex.decode((String) t.get("secret_key_hex"));
      byte[] pk = Hex.decode((String) t.get("public_key_xonly_hex"));
      assertThat(AuthorityKeys.decodeSecretKey(skText)).isEqualTo(sk);
      assertThat(AuthorityKeys.encodeSecretKey(sk)).isEqualTo(skText);
      assertThat(AuthorityKeys.decodePublicKey(pkText)).isEqualTo(pk);
      assertThat(AuthorityKeys.encodePublicKey(pk)).isEqualTo(pkText);
      AuthorityKeys keys = AuthorityKeys.fromSecretKeyText(skText);
      assertThat(keys.publicKey()).isEqualTo(pk);
      assertThat(keys.publicKeyText()).isEqualTo(pkText);
      assertThat(keys.secretKeyText()).isEqualTo(skText);
      assertThat(keys.toString()).contains(pkText).doesNotContain(skText, Hex.encode(sk));
      keys.destroy();
      assertThatThrownBy(keys::secretKey).isInstanceOf(IllegalStateException.class);
      assertThat(keys.publicKey()).isEqualTo(pk);
      n++;
    }
    assertThat(n).isEqualTo(2);
  }

  @Test
  void invalidPublicKeys() {
    Map<String, Object> kp = Json.object(v.get("key_encoding_keypairs"));
    Map<String, Object> inv = Json.object(kp.get("invalid_public_keys"));
    int n = 0;
    for (Object o : Json.array(inv.get("vectors"))) {
      Map<String, Object> t = Json.object(o);
      String text = (String) t.get("public_key_base58check");
      String expected = (String) t.get("expected_error");
      Reason want =
          expected.contains("checksum")
              ? Reason.BAD_CHECKSUM
              : expected.contains("version")
                  ? Reason.UNSUPPORTED_KEY_VERSION
                  : expected.contains("length") ? Reason.WRONG_KEY_LENGTH : null;
      assertThat(want).as(expected).isNotNull();
      assertThatThrownBy(() -> AuthorityKeys.decodePublicKey(text))
          .as(expected)
          .isInstanceOfSatisfying(
              NoiseException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.INVALID_KEY_ENCODING);
                assertThat(e.reason()).isEqualTo(want);
              });
      n++;
    }
    assertThat(n).isEqualTo(3);
  }

  @Test
  void otherInvalidTexts() {
    Map<String, Object> enc =
        Json.object(Json.array(Json.object(v.get("authority_public_key_encoding")).get("vectors")).get(0));
    String pk = (String) enc.get("prefixed_base58check");
    assertThat(pk).contains("X");
    assertThatThrownBy(() -> AuthorityKeys.decodePublicKey(pk.replace('X', '0')))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BASE58_CHARACTER));
    assertThatThrownBy(() -> AuthorityKeys.decodePublicKey(" " + pk))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BASE58_CHARACTER));
    // A public key text is not a secret key text and vice versa.
    assertThatThrownBy(() -> AuthorityKeys.decodeSecretKey(pk))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY_LENGTH));
    // Well-formed text of a value that is not a key.
    String zeroSecret = AuthorityKeys.encodeSecretKey(new byte[32]);
    assertThatThrownBy(() -> AuthorityKeys.decodeSecretKey(zeroSecret))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_SECRET_KEY));
    byte[] notX = new byte[32];
    java.util.Arrays.fill(notX, (byte) 0xff);
    String notAKey = AuthorityKeys.encodePublicKey(notX);
    assertThatThrownBy(() -> AuthorityKeys.decodePublicKey(notAKey))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_PUBLIC_KEY));
  }

  @Test
  void generatedKeysAreEvenYAndUsable() {
    for (int i = 0; i < 5; i++) {
      AuthorityKeys k = AuthorityKeys.generate();
      byte[] sk = k.secretKey();
      assertThat(Secp256k1.hasEvenY(sk)).isTrue();
      assertThat(Secp256k1.xOnlyPublicKey(sk)).isEqualTo(k.publicKey());
      assertThat(AuthorityKeys.decodePublicKey(k.publicKeyText())).isEqualTo(k.publicKey());
      assertThat(AuthorityKeys.decodeSecretKey(k.secretKeyText())).isEqualTo(sk);
      assertThat(Responder.create(k.publicKey(), sk, java.time.Duration.ofSeconds(1))).isNotNull();
    }
    // Scripted: an odd-Y draw is negated (reference transcript's initiator draw has odd Y).
    ReferenceTranscript t = ReferenceTranscript.load();
    Map<String, Object> e = t.key("initiator_ephemeral");
    AuthorityKeys k = AuthorityKeys.generate(ScriptedRandom.of(t.rng("initiator_ephemeral")));
    assertThat(Hex.encode(k.secretKey())).isEqualTo(e.get("effective_secret_key"));
    assertThat(Hex.encode(k.publicKey())).isEqualTo(e.get("xonly_public_key"));
  }
}
