package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.BIP340Signer;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Props;
import org.sv2j.testsupport.Vectors;

/** BIP-340 vectors, cross-checks with Bouncy Castle's BIP340Signer, and malformed inputs. */
class SchnorrTest {

  @Test
  void signingScratchComesBackWipedAfterSuccessAndFault() {
    byte[] secret = new byte[32];
    secret[31] = 3;
    byte[] msg = new byte[32];
    byte[] aux = new byte[32];
    aux[0] = 9;
    Schnorr.SigningKey key = Schnorr.signingKey(secret);
    byte[] sig = Schnorr.sign(key, msg, aux);
    assertThat(Schnorr.verify(key.xOnlyPublicKey(), msg, sig)).isTrue();
    assertThat(Schnorr.pooledSignScratchIsWiped()).as("after a signature").isTrue();
    Schnorr.injectFaultForTests(s -> s[40] ^= 1);
    try {
      assertThatThrownBy(() -> Schnorr.sign(key, msg, aux)).isInstanceOf(Schnorr.SigningFault.class);
    } finally {
      Schnorr.injectFaultForTests(null);
    }
    assertThat(Schnorr.pooledSignScratchIsWiped()).as("after a signing fault").isTrue();
    // The same pooled scratch signs again, deterministically.
    assertThat(Schnorr.sign(key, msg, aux)).isEqualTo(sig);
    key.destroy();
  }

  @Test
  void allBip340Vectors() {
    List<Map<String, String>> rows = Vectors.csv("bip340-test-vectors.csv");
    assertThat(rows).hasSize(19);
    int signed = 0;
    int valid = 0;
    for (Map<String, String> row : rows) {
      byte[] pk = Hex.decode(row.get("public key"));
      byte[] msg = Hex.decode(row.get("message"));
      byte[] sig = Hex.decode(row.get("signature"));
      boolean expected = row.get("verification result").equals("TRUE");
      String what = "vector " + row.get("index") + " " + row.get("comment");
      if (!row.get("secret key").isEmpty()) {
        signed++;
        byte[] sk = Hex.decode(row.get("secret key"));
        byte[] aux = Hex.decode(row.get("aux_rand"));
        assertThat(Hex.encode(Schnorr.sign(sk, msg, aux)))
            .as(what)
            .isEqualToIgnoringCase(row.get("signature"));
        assertThat(Secp256k1.xOnlyPublicKey(sk)).as(what).isEqualTo(pk);
      }
      if (expected) {
        valid++;
      }
      assertThat(Schnorr.verify(pk, msg, sig)).as(what).isEqualTo(expected);
    }
    assertThat(signed).isEqualTo(8);
    assertThat(valid).isEqualTo(9);
  }

  @Test
  void reproducesTheSv2ReferenceCertificateSignature() throws Exception {
    Map<String, Object> transcript =
        Json.object(
            Json.array(Vectors.json("sv2_reference_handshake.json").get("transcripts")).get(0));
    Map<String, Object> fixed = Json.object(transcript.get("fixed_inputs"));
    Map<String, Object> handshake = Json.object(transcript.get("handshake"));
    byte[] authoritySecret = Hex.decode((String) fixed.get("authority_secret_key"));
    byte[] authorityX = Hex.decode((String) fixed.get("authority_xonly_public_key"));
    byte[] aux = Hex.decode((String) fixed.get("schnorr_aux_rand"));
    byte[] staticX =
        Hex.decode((String) Json.object(fixed.get("responder_static")).get("xonly_public_key"));
    byte[] cert = Hex.decode((String) handshake.get("signature_noise_message_plaintext_hex"));
    assertThat(cert).hasSize(74);
    // m = SHA256(version ‖ valid_from ‖ not_valid_after ‖ x-only(static key))
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    sha.update(cert, 0, 10);
    sha.update(staticX);
    byte[] m = sha.digest();
    byte[] expected = java.util.Arrays.copyOfRange(cert, 10, 74);
    assertThat(Secp256k1.xOnlyPublicKey(authoritySecret)).isEqualTo(authorityX);
    assertThat(Schnorr.sign(authoritySecret, m, aux)).isEqualTo(expected);
    assertThat(Schnorr.sign(Schnorr.signingKey(authoritySecret), m, aux)).isEqualTo(expected);
    assertThat(Schnorr.verify(authorityX, m, expected)).isTrue();
  }

  @Test
  void agreesWithBouncyCastleBip340Signer() {
    Props.forAll(
        60,
        rnd -> {
          byte[] sk = Secp256k1Test.randomKey(rnd);
          byte[] msg = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(100) : 32];
          rnd.nextBytes(msg);
          byte[] aux = new byte[32];
          rnd.nextBytes(aux);
          byte[] pk = Secp256k1.xOnlyPublicKey(sk);
          byte[] ours = Schnorr.sign(sk, msg, aux);
          Schnorr.SigningKey prepared = Schnorr.signingKey(sk);
          assertThat(prepared.xOnlyPublicKey()).isEqualTo(pk);
          assertThat(Schnorr.sign(prepared, msg, aux)).isEqualTo(ours);
          assertThat(prepared.toString()).doesNotContain(org.sv2j.testsupport.Hex.encode(sk));
          // Bouncy Castle draws its 32 aux bytes from the SecureRandom: feed it exactly ours.
          BIP340Signer bc = new BIP340Signer();
          bc.init(
              true,
              new ParametersWithRandom(
                  new ECPrivateKeyParameters(new BigInteger(1, sk), BIP340Signer.getDomain()),
                  fixed(aux)));
          bc.update(msg, 0, msg.length);
          byte[] theirs = bc.generateSignature();
          assertThat(ours).isEqualTo(theirs);
          assertThat(Schnorr.verify(pk, msg, ours)).isTrue();
          BIP340Signer v = new BIP340Signer();
          v.init(false, BIP340Signer.decodePublicKey(pk));
          v.update(msg, 0, msg.length);
          assertThat(v.verifySignature(ours)).isTrue();
          // Any single bit flip in signature, key or message must fail.
          byte[] badSig = ours.clone();
          badSig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
          assertThat(Schnorr.verify(pk, msg, badSig)).isFalse();
          if (msg.length > 0) {
            byte[] badMsg = msg.clone();
            badMsg[rnd.nextInt(msg.length)] ^= 1;
            assertThat(Schnorr.verify(pk, badMsg, ours)).isFalse();
          }
          byte[] otherPk = Secp256k1.xOnlyPublicKey(Secp256k1Test.randomKey(rnd));
          assertThat(Schnorr.verify(otherPk, msg, ours)).isFalse();
        });
  }

  static SecureRandom fixed(byte[] bytes) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] out) {
        System.arraycopy(bytes, 0, out, 0, out.length);
      }
    };
  }

  @Test
  void repeatedKeysUseTheCachedTableAndStayCorrect() {
    Props.forAll(
        30,
        rnd -> {
          byte[] sk = Secp256k1Test.randomKey(rnd);
          byte[] other = Secp256k1Test.randomKey(rnd);
          byte[] pk = Secp256k1.xOnlyPublicKey(sk);
          byte[] otherPk = Secp256k1.xOnlyPublicKey(other);
          for (int i = 0; i < 4; i++) {
            byte[] msg = new byte[32];
            rnd.nextBytes(msg);
            byte[] sig = Schnorr.sign(sk, msg, msg);
            assertThat(Schnorr.verify(pk, msg, sig)).isTrue();
            assertThat(Schnorr.verify(otherPk, msg, sig)).isFalse();
            assertThat(Schnorr.verify(pk, msg, Schnorr.sign(other, msg, msg))).isFalse();
            msg[0] ^= 1;
            assertThat(Schnorr.verify(pk, msg, sig)).isFalse();
          }
        });
  }

  @Test
  void malformedInputsGiveFalseNotExceptions() {
    byte[] sk = new byte[32];
    sk[31] = 7;
    byte[] msg = new byte[32];
    byte[] sig = Schnorr.sign(sk, msg, new byte[32]);
    byte[] pk = Secp256k1.xOnlyPublicKey(sk);
    assertThat(Schnorr.verify(pk, msg, sig)).isTrue();
    assertThat(Schnorr.verify(null, msg, sig)).isFalse();
    assertThat(Schnorr.verify(pk, null, sig)).isFalse();
    assertThat(Schnorr.verify(pk, msg, null)).isFalse();
    assertThat(Schnorr.verify(new byte[31], msg, sig)).isFalse();
    assertThat(Schnorr.verify(pk, msg, new byte[63])).isFalse();
    assertThat(Schnorr.verify(pk, msg, new byte[64])).isFalse();
    assertThat(Schnorr.verify(new byte[32], msg, sig)).isFalse(); // x = 0 not on the curve
    assertThat(Schnorr.verify(Secp256k1Test.bytes32(Secp256k1Test.P), msg, sig)).isFalse();
    byte[] highS = sig.clone();
    System.arraycopy(Secp256k1Test.N_BYTES, 0, highS, 32, 32);
    assertThat(Schnorr.verify(pk, msg, highS)).isFalse();
    byte[] rp = sig.clone();
    System.arraycopy(Secp256k1Test.bytes32(Secp256k1Test.P), 0, rp, 0, 32);
    assertThat(Schnorr.verify(pk, msg, rp)).isFalse();
    assertThatThrownBy(() -> Schnorr.sign(new byte[32], msg, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schnorr.sign(sk, msg, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    Schnorr.SigningKey key = Schnorr.signingKey(sk);
    key.destroy();
    assertThatThrownBy(() -> Schnorr.sign(key, msg, new byte[32]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSignatureThatFailsItsFinalCheckIsNeverReturned() {
    byte[] sk = Hex.decode("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef");
    byte[] msg = new byte[32];
    byte[] aux = new byte[32];
    byte[] good = Schnorr.sign(sk, msg, aux);
    byte[][] seen = new byte[1][];
    try {
      // A single flipped bit in s, as a glitched multiplication or a bit flip would produce.
      Schnorr.injectFaultForTests(
          sig -> {
            sig[40] ^= 0x10;
            seen[0] = sig;
          });
      assertThatThrownBy(() -> Schnorr.sign(sk, msg, aux))
          .isInstanceOf(Schnorr.SigningFault.class)
          .hasMessageContaining("not released");
      // The faulty signature was wiped, not just withheld.
      assertThat(seen[0]).containsOnly(0);
      Schnorr.SigningKey key = Schnorr.signingKey(sk);
      assertThatThrownBy(() -> Schnorr.sign(key, msg, aux)).isInstanceOf(Schnorr.SigningFault.class);
      // A hook that leaves the signature alone changes nothing.
      Schnorr.injectFaultForTests(sig -> {});
      assertThat(Schnorr.sign(key, msg, aux)).isEqualTo(good);
    } finally {
      Schnorr.injectFaultForTests(null);
    }
    assertThat(Schnorr.sign(sk, msg, aux)).isEqualTo(good);
  }
  @Test
  void thePreparedKeyOverloadChecksItsArgumentsToo() {
    byte[] sk = Hex.decode("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef");
    Schnorr.SigningKey key = Schnorr.signingKey(sk);
    byte[] msg = new byte[32];
    assertThatThrownBy(() -> Schnorr.sign(key, msg, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Schnorr.sign(key, msg, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schnorr.sign(key, null, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message");
    assertThat(Schnorr.verify(key.xOnlyPublicKey(), msg, Schnorr.sign(key, msg, new byte[32]))).isTrue();
    // Both key objects name their public key only.
    String hex = Hex.encode(key.xOnlyPublicKey());
    assertThat(key.toString()).isEqualTo("SigningKey[xOnly=" + hex + "]").doesNotContain(Hex.encode(sk));
    assertThat(Schnorr.verificationKey(key.xOnlyPublicKey()).toString()).isEqualTo("VerificationKey[xOnly=" + hex + "]");
    key.destroy();
  }

  @Test
  void aKeySeenAgainIsServedFromTheCacheWithoutPreparingItAnew() throws Exception {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(0xcac4eL);
    byte[] sk = Secp256k1Test.randomKey(rnd);
    byte[] pk = Secp256k1.xOnlyPublicKey(sk);
    byte[] msg = new byte[40];
    msg[7] = (byte) rnd.nextInt();
    byte[] sig = Schnorr.sign(sk, msg, new byte[32]);
    java.lang.reflect.Field cacheField = Schnorr.class.getDeclaredField("cache");
    cacheField.setAccessible(true);
    assertThat(Schnorr.verify(pk, msg, sig)).isTrue(); // first sight: verified directly
    assertThat(Schnorr.verify(pk, msg, sig)).isTrue(); // second: prepared and cached
    Object cached = cacheField.get(null);
    for (int i = 0; i < 5; i++) {
      assertThat(Schnorr.verify(pk, msg, sig)).isTrue();
      byte[] bad = sig.clone();
      bad[63] ^= 1;
      assertThat(Schnorr.verify(pk, msg, bad)).isFalse();
    }
    assertThat(cacheField.get(null)).as("no key prepared again").isSameAs(cached);
    assertThat(cachedKeys(cacheField)).as("prepared on second sight").anySatisfy(k -> assertThat(k).isEqualTo(pk));

    // A key seen once is verified directly and not cached; also when its signature is malformed.
    byte[] sk2 = Secp256k1Test.randomKey(rnd);
    byte[] pk2 = Secp256k1.xOnlyPublicKey(sk2);
    byte[] sig2 = Schnorr.sign(sk2, msg, new byte[32]); // its self-check is pk2's first sight
    Schnorr.sign(Secp256k1Test.randomKey(rnd), msg, new byte[32]); // another key seen last
    byte[] rAtP = sig2.clone();
    System.arraycopy(Secp256k1Test.bytes32(Secp256k1Test.P), 0, rAtP, 0, 32);
    assertThat(Schnorr.verify(pk2, msg, rAtP)).isFalse();
    assertThat(cachedKeys(cacheField)).noneSatisfy(k -> assertThat(k).isEqualTo(pk2));
    // Malformed arguments on the direct path (a key not seen last) are refused, not thrown.
    byte[] pk3 = Secp256k1.xOnlyPublicKey(Secp256k1Test.randomKey(rnd));
    assertThat(Schnorr.verify(pk3, msg, new byte[63])).isFalse();
    assertThat(Schnorr.verify(pk3, null, sig2)).isFalse();
    assertThat(Schnorr.verify(pk3, msg, null)).isFalse();
  }

  private static List<byte[]> cachedKeys(java.lang.reflect.Field cacheField) throws Exception {
    List<byte[]> out = new java.util.ArrayList<>();
    for (Object k : (Object[]) cacheField.get(null)) {
      java.lang.reflect.Field x = k.getClass().getDeclaredField("xOnly");
      x.setAccessible(true);
      out.add((byte[]) x.get(k));
    }
    return out;
  }

  @Test
  void directVerificationReturnsItsScratchToThePool() throws Exception {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x9001L);
    byte[] msg = new byte[32];
    // More fresh keys than the pool has slots; each signature's self-check verifies directly.
    for (int i = 0; i < 24; i++) {
      assertThat(Schnorr.sign(Secp256k1Test.randomKey(rnd), msg, new byte[32])).hasSize(64);
    }
    java.lang.reflect.Field poolField = Schnorr.class.getDeclaredField("VERIFY_POOL");
    poolField.setAccessible(true);
    Object pool = poolField.get(null);
    java.lang.reflect.Field slotsField = pool.getClass().getDeclaredField("slots");
    slotsField.setAccessible(true);
    java.util.concurrent.atomic.AtomicReferenceArray<?> slots =
        (java.util.concurrent.atomic.AtomicReferenceArray<?>) slotsField.get(pool);
    int pooled = 0;
    for (int i = 0; i < slots.length(); i++) {
      pooled += slots.get(i) != null ? 1 : 0;
    }
    assertThat(pooled).as("scratch objects back in the pool").isPositive();
  }

  @Test
  void signScratchWipeCheckNoticesAnyLeftoverAndWipeClearsIt() {
    Schnorr.SignScratch sc = new Schnorr.SignScratch();
    assertThat(sc.isWiped()).isTrue();
    for (int i = 0; i < 8; i++) {
      for (int[] a : new int[][] {sc.k, sc.e}) {
        a[i] = 1 << (i * 4);
        assertThat(sc.isWiped()).isFalse();
        a[i] = 0;
      }
    }
    for (int i = 0; i < 32; i++) {
      for (byte[] a : new byte[][] {sc.t, sc.rand}) {
        a[i] = (byte) 0x80;
        assertThat(sc.isWiped()).isFalse();
        a[i] = 0;
      }
    }
    for (int i = 0; i < 5; i++) {
      for (long[] a : new long[][] {sc.r.x, sc.r.y}) {
        a[i] = 1L << 40; // only in the high word
        assertThat(sc.isWiped()).isFalse();
        a[i] = 1;
        assertThat(sc.isWiped()).isFalse();
        a[i] = 0;
      }
    }
    assertThat(sc.isWiped()).isTrue();
    sc.k[3] = 7;
    sc.t[5] = 1;
    sc.r.y[2] = 9;
    sc.h.update(new byte[] {1}, 0, 1);
    sc.wipe();
    assertThat(sc.isWiped()).isTrue();
    assertThat(sc.h.isReset()).isTrue();
  }
}
