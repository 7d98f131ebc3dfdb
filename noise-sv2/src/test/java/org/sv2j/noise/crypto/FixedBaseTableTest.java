package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Props;
import org.sv2j.testsupport.Vectors;

/**
 * The doubling-free verification tables against Bouncy Castle (s·G + e·P), on random and edge
 * scalars, and prepared verification keys against the BIP-340 vectors.
 */
class FixedBaseTableTest {
  static final BigInteger N = Secp256k1Test.N;
  static final BigInteger LAMBDA = Scalar.toBig(Scalar.LAMBDA);

  /** Scalars whose GLV halves or window digits sit at the edges. */
  static List<BigInteger> edgeScalars() {
    BigInteger two128 = BigInteger.ONE.shiftLeft(128);
    return List.of(
        BigInteger.ZERO,
        BigInteger.ONE,
        BigInteger.TWO,
        BigInteger.valueOf(128),
        BigInteger.valueOf(129),
        BigInteger.valueOf(255),
        BigInteger.valueOf(256),
        N.subtract(BigInteger.ONE),
        N.subtract(BigInteger.valueOf(128)),
        N.shiftRight(1),
        N.shiftRight(1).add(BigInteger.ONE),
        LAMBDA,
        N.subtract(LAMBDA),
        two128.subtract(BigInteger.ONE),
        two128,
        two128.multiply(LAMBDA).mod(N),
        new BigInteger("80".repeat(32), 16).mod(N),
        new BigInteger("7f".repeat(32), 16).mod(N),
        new BigInteger("ff".repeat(32), 16).mod(N));
  }

  static Ge point(BigInteger m) {
    ECPoint pb = Secp256k1Test.BC.getG().multiply(m).normalize();
    Ge p = new Ge();
    BcReference.fromBig(p.x, pb.getAffineXCoord().toBigInteger());
    BcReference.fromBig(p.y, pb.getAffineYCoord().toBigInteger());
    return p;
  }

  static void check(FixedBaseTable table, BigInteger m, BigInteger s, BigInteger e) {
    Gej r = new Gej();
    assertThat(FixedBaseTable.verifyMul(r, Scalar.fromBig(s), table, Scalar.fromBig(e))).isTrue();
    BigInteger total = s.add(e.multiply(m)).mod(N);
    if (total.signum() == 0) {
      assertThat(r.infinity).as("s=%s e=%s", s, e).isTrue();
      return;
    }
    ECPoint q = Secp256k1Test.BC.getG().multiply(total).normalize();
    assertThat(r.infinity).isFalse();
    assertThat(EcmultTest.x(r)).as("s=%s e=%s", s, e).isEqualTo(q.getAffineXCoord().toBigInteger());
    assertThat(EcmultTest.y(r)).as("s=%s e=%s", s, e).isEqualTo(q.getAffineYCoord().toBigInteger());
  }

  @Test
  void matchesBouncyCastleOnEdgeAndRandomScalars() {
    BigInteger m = new BigInteger("3b78ce563f89a0ed9414f5aa28ad0d96d6795f9c63", 16);
    FixedBaseTable table = new FixedBaseTable(point(m));
    for (BigInteger s : edgeScalars()) {
      for (BigInteger e : edgeScalars()) {
        check(table, m, s, e);
      }
    }
    // e·P = −s·G: the sum is ∞.
    BigInteger s = BigInteger.valueOf(12345);
    check(table, m, s, s.negate().multiply(m.modInverse(N)).mod(N));
    Props.forAll(
        300,
        rnd -> check(table, m, ScalarTest.randomScalar(rnd), ScalarTest.randomScalar(rnd)));
  }

  @Test
  void generatorTableIsTheGenerator() {
    // P = G: s·G + e·G.
    Props.forAll(
        50,
        rnd ->
            check(
                FixedBaseTable.generator(),
                BigInteger.ONE,
                ScalarTest.randomScalar(rnd),
                ScalarTest.randomScalar(rnd)));
  }

  @Test
  void preparedKeysVerifyTheBip340Vectors() {
    for (Map<String, String> row : Vectors.csv("bip340-test-vectors.csv")) {
      byte[] pk = Hex.decode(row.get("public key"));
      byte[] msg = Hex.decode(row.get("message"));
      byte[] sig = Hex.decode(row.get("signature"));
      boolean expected = row.get("verification result").equals("TRUE");
      Schnorr.VerificationKey key;
      try {
        key = Schnorr.verificationKey(pk);
      } catch (IllegalArgumentException invalidKey) {
        assertThat(expected).as("vector %s", row.get("index")).isFalse();
        continue;
      }
      assertThat(key.xOnlyPublicKey()).isEqualTo(pk);
      assertThat(key.verify(msg, sig)).as("vector %s", row.get("index")).isEqualTo(expected);
      // The raw-key path, twice in a row (the second and later calls go through the cache).
      for (int i = 0; i < 3; i++) {
        assertThat(Schnorr.verify(pk, msg, sig)).as("vector %s", row.get("index")).isEqualTo(expected);
      }
    }
    assertThatThrownBy(() -> Schnorr.verificationKey(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schnorr.verificationKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void preparedKeyRejectsForgeriesAndMalformedInput() {
    Props.forAll(
        20,
        rnd -> {
          byte[] sk = Secp256k1Test.randomKey(rnd);
          byte[] pk = Secp256k1.xOnlyPublicKey(sk);
          Schnorr.VerificationKey key = Schnorr.verificationKey(pk);
          byte[] msg = new byte[32];
          rnd.nextBytes(msg);
          byte[] sig = Schnorr.sign(sk, msg, msg);
          assertThat(key.verify(msg, sig)).isTrue();
          byte[] bad = sig.clone();
          bad[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
          assertThat(key.verify(msg, bad)).isFalse();
          msg[rnd.nextInt(32)] ^= 1;
          assertThat(key.verify(msg, sig)).isFalse();
          assertThat(key.verify(null, sig)).isFalse();
          assertThat(key.verify(msg, null)).isFalse();
          assertThat(key.verify(msg, new byte[63])).isFalse();
        });
  }

  @Test
  void manyAlternatingKeysStayCorrect() {
    Props.forAll(
        3,
        rnd -> {
          int keys = Schnorr.CACHED_KEYS + 2;
          byte[][] sks = new byte[keys][];
          byte[][] pks = new byte[keys][];
          for (int i = 0; i < keys; i++) {
            sks[i] = Secp256k1Test.randomKey(rnd);
            pks[i] = Secp256k1.xOnlyPublicKey(sks[i]);
          }
          byte[] msg = new byte[32];
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys; i++) {
              rnd.nextBytes(msg);
              byte[] sig = Schnorr.sign(sks[i], msg, msg);
              assertThat(Schnorr.verify(pks[i], msg, sig)).isTrue();
              assertThat(Schnorr.verify(pks[i], msg, sig)).isTrue();
              assertThat(Schnorr.verify(pks[(i + 1) % keys], msg, sig)).isFalse();
            }
          }
        });
  }
}
