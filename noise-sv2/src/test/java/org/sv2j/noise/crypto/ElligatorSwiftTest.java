package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Props;
import org.sv2j.testsupport.Vectors;

/** BIP-324 ElligatorSwift vectors, the Sv2 reference encodings, and round-trip properties. */
class ElligatorSwiftTest {

  @Test
  void decodesEveryBip324DecodeVector() {
    List<Map<String, String>> rows = Vectors.csv("ellswift_decode_test_vectors.csv");
    assertThat(rows).hasSize(76);
    for (Map<String, String> row : rows) {
      assertThat(Hex.encode(ElligatorSwift.decode(Hex.decode(row.get("ellswift")))))
          .as(row.get("comment"))
          .isEqualTo(row.get("x"));
    }
  }

  @Test
  void invertsEveryBip324InverseVector() {
    List<Map<String, String>> rows = Vectors.csv("xswiftec_inv_test_vectors.csv");
    assertThat(rows).hasSize(32);
    int successes = 0;
    for (Map<String, String> row : rows) {
      byte[] u = Hex.decode(row.get("u"));
      byte[] x = Hex.decode(row.get("x"));
      for (int c = 0; c < 8; c++) {
        String expected = row.get("case" + c + "_t");
        byte[] t = ElligatorSwift.xswiftecInv(x, u, c);
        if (expected.isEmpty()) {
          assertThat(t).as("case %d of %s", c, row.get("comment")).isNull();
        } else {
          successes++;
          assertThat(t).as("case %d of %s", c, row.get("comment")).isNotNull();
          assertThat(Hex.encode(t)).isEqualTo(expected);
          byte[] ut = concat(u, Hex.decode(expected));
          assertThat(Hex.encode(ElligatorSwift.decode(ut))).isEqualTo(row.get("x"));
        }
      }
    }
    assertThat(successes).isEqualTo(98);
  }

  @Test
  void bip324PacketVectorsKeyColumns() {
    List<Map<String, String>> rows = Vectors.csv("packet_encoding_test_vectors.csv");
    assertThat(rows).hasSize(7);
    for (Map<String, String> row : rows) {
      byte[] priv = Hex.decode(row.get("in_priv_ours"));
      byte[] ours = Hex.decode(row.get("in_ellswift_ours"));
      byte[] theirs = Hex.decode(row.get("in_ellswift_theirs"));
      boolean initiating = row.get("in_initiating").equals("1");
      assertThat(Hex.encode(Secp256k1.xOnlyPublicKey(priv))).isEqualTo(row.get("mid_x_ours"));
      assertThat(Hex.encode(ElligatorSwift.decode(ours))).isEqualTo(row.get("mid_x_ours"));
      assertThat(Hex.encode(ElligatorSwift.decode(theirs))).isEqualTo(row.get("mid_x_theirs"));
      assertThat(Hex.encode(ElligatorSwift.sharedX(theirs, priv)))
          .isEqualTo(row.get("mid_x_shared"));
      byte[] ellA = initiating ? ours : theirs;
      byte[] ellB = initiating ? theirs : ours;
      assertThat(Hex.encode(ElligatorSwift.xdh(ellA, ellB, priv, initiating)))
          .isEqualTo(row.get("mid_shared_secret"));
    }
  }

  @Test
  void reproducesTheSv2ReferenceEncodings() {
    Map<String, Object> doc = Vectors.json("sv2_reference_handshake.json");
    Map<String, Object> fixed =
        Json.object(Json.object(Json.array(doc.get("transcripts")).get(0)).get("fixed_inputs"));
    for (String who : List.of("initiator_ephemeral", "responder_ephemeral", "responder_static")) {
      Map<String, Object> key = Json.object(fixed.get(who));
      byte[] sk = Hex.decode((String) key.get("effective_secret_key"));
      String xOnly = (String) key.get("xonly_public_key");
      String ell = (String) key.get("ellswift_encoding");
      assertThat(Hex.encode(Secp256k1.xOnlyPublicKey(sk))).as(who).isEqualTo(xOnly);
      assertThat(Hex.encode(ElligatorSwift.create(sk, null))).as(who).isEqualTo(ell);
      assertThat(Hex.encode(ElligatorSwift.create(sk, new byte[32]))).as(who).isEqualTo(ell);
      assertThat(Hex.encode(ElligatorSwift.encode(Hex.decode(xOnly), new byte[32]))).isEqualTo(ell);
      // libsecp256k1's ellswift_create is a different (valid) derivation: not the reference's.
      byte[] other = ElligatorSwift.libsecpCreate(sk, null);
      assertThat(Hex.encode(other)).isNotEqualTo(ell);
      assertThat(Hex.encode(ElligatorSwift.decode(other))).isEqualTo(xOnly);
      assertThat(Hex.encode(ElligatorSwift.decode(Hex.decode(ell)))).isEqualTo(xOnly);
      // The rng bytes were negated because their point has odd Y.
      byte[] raw = Hex.decode((String) key.get("rng_bytes"));
      assertThat(Secp256k1.hasEvenY(raw)).isEqualTo(!(Boolean) key.get("public_key_parity_odd"));
      assertThat(Hex.encode(Secp256k1.evenYSecretKey(raw))).isEqualTo(Hex.encode(sk));
      ElligatorSwift.EvenYKeyPair kp = ElligatorSwift.evenYKeyPair(raw);
      assertThat(Hex.encode(kp.secretKey())).isEqualTo(Hex.encode(sk));
      assertThat(Hex.encode(kp.xOnlyPublicKey())).isEqualTo(xOnly);
      assertThat(Hex.encode(kp.encoding())).isEqualTo(ell);
      assertThat(kp.toString()).contains(xOnly).doesNotContain(Hex.encode(sk));
      kp.destroy();
      assertThat(kp.secretKey()).containsOnly(0);
      assertThat(Hex.encode(ElligatorSwift.evenYKeyPair(sk).encoding())).isEqualTo(ell);
    }
  }

  /**
   * Replays the key schedule of the reference transcript up to the two encrypted payloads of
   * message 1 (SHA-256, HKDF and ChaCha20-Poly1305 from Bouncy Castle): they only decrypt if xdh
   * gives the reference's ee and es secrets, with the initiator as party A.
   */
  @Test
  void xdhMatchesTheSv2ReferenceKeySchedule() throws Exception {
    Map<String, Object> t =
        Json.object(
            Json.array(Vectors.json("sv2_reference_handshake.json").get("transcripts")).get(0));
    Map<String, Object> fixed = Json.object(t.get("fixed_inputs"));
    Map<String, Object> hs = Json.object(t.get("handshake"));
    byte[] ei =
        Hex.decode(
            (String) Json.object(fixed.get("initiator_ephemeral")).get("effective_secret_key"));
    byte[] er =
        Hex.decode(
            (String) Json.object(fixed.get("responder_ephemeral")).get("effective_secret_key"));
    byte[] s =
        Hex.decode((String) Json.object(fixed.get("responder_static")).get("effective_secret_key"));
    byte[] msg0 = Hex.decode((String) hs.get("msg0_initiator_to_responder_hex"));
    byte[] msg1 = Hex.decode((String) hs.get("msg1_responder_to_initiator_hex"));
    byte[] eI = msg0;
    byte[] eR = java.util.Arrays.copyOfRange(msg1, 0, 64);
    byte[] c1 = java.util.Arrays.copyOfRange(msg1, 64, 144);
    byte[] c2 = java.util.Arrays.copyOfRange(msg1, 144, 234);
    assertThat(ElligatorSwift.create(ei, null)).isEqualTo(eI);
    assertThat(ElligatorSwift.create(er, null)).isEqualTo(eR);

    byte[] ee = ElligatorSwift.xdh(eI, eR, ei, true);
    assertThat(ElligatorSwift.xdh(eI, eR, er, false)).isEqualTo(ee);
    byte[] ck =
        sha256(
            "Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] h = sha256(ck);
    h = sha256(h, eI);
    h = sha256(h);
    h = sha256(h, eR);
    byte[][] ckK = hkdf(ck, ee);
    byte[] staticEll = aeadOpen(ckK[1], h, c1);
    assertThat(Hex.encode(staticEll))
        .isEqualTo(Json.object(fixed.get("responder_static")).get("ellswift_encoding"));
    h = sha256(h, c1);

    byte[] es = ElligatorSwift.xdh(eI, staticEll, ei, true);
    assertThat(ElligatorSwift.xdh(eI, staticEll, s, false)).isEqualTo(es);
    ckK = hkdf(ckK[0], es);
    assertThat(Hex.encode(aeadOpen(ckK[1], h, c2)))
        .isEqualTo(hs.get("signature_noise_message_plaintext_hex"));
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }

  private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }

  /** Noise HKDF with two outputs: (new ck, k). */
  private static byte[][] hkdf(byte[] ck, byte[] ikm) throws Exception {
    byte[] temp = hmac(ck, ikm);
    byte[] o1 = hmac(temp, new byte[] {1});
    byte[] o2 = hmac(temp, o1, new byte[] {2});
    return new byte[][] {o1, o2};
  }

  /** ChaCha20-Poly1305 decryption with nonce 0 and associated data ad. */
  private static byte[] aeadOpen(byte[] key, byte[] ad, byte[] ct) throws Exception {
    org.bouncycastle.crypto.modes.ChaCha20Poly1305 aead =
        new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
    aead.init(
        false,
        new org.bouncycastle.crypto.params.AEADParameters(
            new org.bouncycastle.crypto.params.KeyParameter(key), 128, new byte[12], ad));
    byte[] out = new byte[aead.getOutputSize(ct.length)];
    int n = aead.processBytes(ct, 0, ct.length, out, 0);
    n += aead.doFinal(out, n);
    return java.util.Arrays.copyOf(out, n);
  }

  @Test
  void createDecodeRoundTripAndXdhSymmetry() {
    Props.forAll(
        40,
        rnd -> {
          byte[] a = Secp256k1Test.randomKey(rnd);
          byte[] b = Secp256k1Test.randomKey(rnd);
          byte[] aux = new byte[32];
          rnd.nextBytes(aux);
          byte[] ellA =
              rnd.nextBoolean() ? ElligatorSwift.create(a, null) : ElligatorSwift.create(a, aux);
          byte[] ellB =
              rnd.nextBoolean()
                  ? ElligatorSwift.libsecpCreate(b, aux)
                  : ElligatorSwift.libsecpCreate(b, null);
          assertThat(ElligatorSwift.decode(ellA)).isEqualTo(Secp256k1.xOnlyPublicKey(a));
          assertThat(ElligatorSwift.decode(ellB)).isEqualTo(Secp256k1.xOnlyPublicKey(b));
          // The encoding also carries the Y parity: t's parity is y's.
          assertThat((ellA[63] & 1) == 0).isEqualTo(Secp256k1.hasEvenY(a));
          ElligatorSwift.EvenYKeyPair kp = ElligatorSwift.evenYKeyPair(a);
          assertThat(kp.secretKey()).isEqualTo(Secp256k1.evenYSecretKey(a));
          assertThat(kp.encoding()).isEqualTo(ElligatorSwift.create(kp.secretKey(), null));
          assertThat(kp.encoding())
              .isEqualTo(ElligatorSwift.encode(kp.xOnlyPublicKey(), new byte[32]));
          byte[] sA = ElligatorSwift.xdh(ellA, ellB, a, true);
          byte[] sB = ElligatorSwift.xdh(ellA, ellB, b, false);
          assertThat(sA).isEqualTo(sB);
          assertThat(ElligatorSwift.sharedX(ellB, a)).isEqualTo(ElligatorSwift.sharedX(ellA, b));
          assertThat(ElligatorSwift.sharedX(ellB, a)).isEqualTo(bcSharedX(a, ellB));
        });
  }

  @Test
  void decodeOfArbitraryStringsIsOnTheCurveAndMatchesTheSlowPath() {
    Props.forAll(
        300,
        rnd -> {
          byte[] e = new byte[64];
          rnd.nextBytes(e);
          if (rnd.nextInt(8) == 0) {
            java.util.Arrays.fill(e, 0, 32, (byte) 0xff); // u ≥ p
          }
          byte[] x = ElligatorSwift.decode(e);
          assertThat(Secp256k1.isValidXOnlyPublicKey(x)).isTrue();
          long[] xn = new long[5];
          long[] xd = new long[5];
          ElligatorSwift.decodeFraction(xn, xd, e, 0);
          byte[] k = Secp256k1Test.randomKey(rnd);
          long[] fast = new long[5];
          Ecmult.xOnlyMul(fast, xn, xd, Secp256k1.parseSecretKey(k));
          long[] slow = new long[5];
          BcReference.xOnly(slow, xn, xd, Secp256k1.parseSecretKey(k));
          assertThat(fast).isEqualTo(slow);
        });
  }

  @Test
  void xOnlyMulThroughTheCompleteFormulasMatchesBouncyCastle() {
    try {
      Ecmult.forceCompleteForTests = true;
      Props.forAll(
          40,
          rnd -> {
            byte[] e = new byte[64];
            rnd.nextBytes(e);
            long[] xn = new long[5];
            long[] xd = new long[5];
            ElligatorSwift.decodeFraction(xn, xd, e, 0);
            byte[] k = Secp256k1Test.randomKey(rnd);
            long before = Ecmult.COMPLETE_RUNS.get();
            long[] viaComplete = new long[5];
            Ecmult.xOnlyMul(viaComplete, xn, xd, Secp256k1.parseSecretKey(k));
            assertThat(Ecmult.COMPLETE_RUNS.get()).isEqualTo(before + 1);
            long[] slow = new long[5];
            BcReference.xOnly(slow, xn, xd, Secp256k1.parseSecretKey(k));
            assertThat(viaComplete).isEqualTo(slow);
          });
    } finally {
      Ecmult.forceCompleteForTests = false;
    }
  }

  @Test
  void xdhPairEqualsTwoXdhCallsOnBothPaths() {
    for (boolean complete : new boolean[] {false, true}) {
      try {
        Ecmult.forceCompleteForTests = complete;
        Props.forAll(
            complete ? 10 : 40,
            rnd -> {
              byte[] a = Secp256k1Test.randomKey(rnd);
              byte[] b1 = Secp256k1Test.randomKey(rnd);
              byte[] b2 = rnd.nextInt(8) == 0 ? b1.clone() : Secp256k1Test.randomKey(rnd);
              byte[] ellA = ElligatorSwift.create(a, null);
              byte[] ellB1 = ElligatorSwift.create(b1, null);
              byte[] ellB2 = ElligatorSwift.create(b2, null);
              long before = Ecmult.COMPLETE_RUNS.get();
              byte[][] pair = ElligatorSwift.xdhPair(ellA, ellB1, b1, ellB2, b2);
              if (complete) {
                assertThat(Ecmult.COMPLETE_RUNS.get()).isEqualTo(before + 2);
              }
              assertThat(pair[0]).isEqualTo(ElligatorSwift.xdh(ellA, ellB1, b1, false));
              // The initiator's variant that also returns the responder's decoded key.
              byte[] theirX = new byte[32];
              assertThat(ElligatorSwift.xdh(ellA, ellB2, a, true, theirX))
                  .isEqualTo(ElligatorSwift.xdh(ellA, ellB2, a, true));
              assertThat(theirX).isEqualTo(ElligatorSwift.decode(ellB2));
              assertThat(pair[1]).isEqualTo(ElligatorSwift.xdh(ellA, ellB2, b2, false));
              // and what the initiator computes on its side
              assertThat(pair[0]).isEqualTo(ElligatorSwift.xdh(ellA, ellB1, a, true));
              assertThat(pair[1]).isEqualTo(ElligatorSwift.xdh(ellA, ellB2, a, true));
            });
      } finally {
        Ecmult.forceCompleteForTests = false;
      }
    }
    byte[] k = new byte[32];
    k[31] = 1;
    byte[] ell = ElligatorSwift.create(k, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ElligatorSwift.xdhPair(ell, ell, k, ell, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ElligatorSwift.xdhPair(ell, new byte[63], k, ell, k))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ElligatorSwift.xdh(ell, ell, k, true, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inverseMapPropertiesOnRandomInputs() {
    Props.forAll(
        200,
        rnd -> {
          byte[] x = Secp256k1.xOnlyPublicKey(Secp256k1Test.randomKey(rnd));
          byte[] u = new byte[32];
          rnd.nextBytes(u);
          for (int c = 0; c < 8; c++) {
            byte[] t = ElligatorSwift.xswiftecInv(x, u, c);
            if (t != null) {
              assertThat(ElligatorSwift.decode(concat(u, t))).isEqualTo(x);
            }
          }
        });
  }

  @Test
  void constantsAreTheDocumentedRootsOfMinusThree() {
    BigInteger p = FeTest.P;
    BigInteger c0 = BcReference.big(ElligatorSwift.C1).shiftLeft(1).add(BigInteger.ONE).mod(p);
    assertThat(c0.modPow(BigInteger.TWO, p)).isEqualTo(p.subtract(BigInteger.valueOf(3)));
    BigInteger inv2 = BigInteger.TWO.modInverse(p);
    assertThat(BcReference.big(ElligatorSwift.C2))
        .isEqualTo(c0.negate().subtract(BigInteger.ONE).multiply(inv2).mod(p));
    assertThat(BcReference.big(ElligatorSwift.C3))
        .isEqualTo(c0.negate().add(BigInteger.ONE).multiply(inv2).mod(p));
    assertThat(BcReference.big(ElligatorSwift.C4))
        .isEqualTo(c0.add(BigInteger.ONE).multiply(inv2).mod(p));
  }

  @Test
  void rejectsBadArguments() {
    byte[] k = new byte[32];
    k[31] = 1;
    byte[] ell = ElligatorSwift.create(k, null);
    assertThatThrownBy(() -> ElligatorSwift.create(new byte[32], null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ElligatorSwift.create(k, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ElligatorSwift.decode(new byte[63]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ElligatorSwift.xdh(ell, ell, Secp256k1Test.N_BYTES, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("ffff");
    assertThatThrownBy(() -> ElligatorSwift.xswiftecInv(new byte[32], ell, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ElligatorSwift.encode(new byte[32], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class); // x = 0 is not on the curve (7 is no square)
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** x(k·decode(ell)) with Bouncy Castle's generic point arithmetic. */
  static byte[] bcSharedX(byte[] k, byte[] ell) {
    byte[] x = ElligatorSwift.decode(ell);
    byte[] enc = new byte[33];
    enc[0] = 2;
    System.arraycopy(x, 0, enc, 1, 32);
    org.bouncycastle.math.ec.ECPoint q =
        Secp256k1Test.BC.getCurve().decodePoint(enc).multiply(new BigInteger(1, k)).normalize();
    return Secp256k1Test.bytes32(q.getAffineXCoord().toBigInteger());
  }
}
