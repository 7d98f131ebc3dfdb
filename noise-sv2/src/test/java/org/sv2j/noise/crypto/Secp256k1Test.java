package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** Key helpers against Bouncy Castle's generic secp256k1 arithmetic, plus edge cases. */
class Secp256k1Test {
  static final X9ECParameters BC = CustomNamedCurves.getByName("secp256k1");
  static final BigInteger N = BC.getN();
  static final BigInteger P = FeTest.P;
  static final byte[] N_BYTES = bytes32(N);

  static byte[] bytes32(BigInteger v) {
    return FeTest.toBytes(v);
  }

  static byte[] randomKey(SplittableRandom rnd) {
    while (true) {
      byte[] k = new byte[32];
      rnd.nextBytes(k);
      if (Secp256k1.isValidSecretKey(k)) {
        return k;
      }
    }
  }

  static ECPoint bcPublic(byte[] k) {
    return BC.getG().multiply(new BigInteger(1, k)).normalize();
  }

  @Test
  void secretKeyValidityEdges() {
    assertThat(Secp256k1.isValidSecretKey(new byte[32])).isFalse();
    assertThat(Secp256k1.isValidSecretKey(N_BYTES)).isFalse();
    assertThat(Secp256k1.isValidSecretKey(bytes32(N.add(BigInteger.ONE)))).isFalse();
    assertThat(
            Secp256k1.isValidSecretKey(
                bytes32(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))))
        .isFalse();
    assertThat(Secp256k1.isValidSecretKey(bytes32(N.subtract(BigInteger.ONE)))).isTrue();
    assertThat(Secp256k1.isValidSecretKey(bytes32(BigInteger.ONE))).isTrue();
    assertThat(Secp256k1.isValidSecretKey(new byte[31])).isFalse();
    assertThat(Secp256k1.isValidSecretKey(null)).isFalse();
    for (byte[] bad : new byte[][] {new byte[32], N_BYTES, new byte[33]}) {
      assertThatThrownBy(() -> Secp256k1.xOnlyPublicKey(bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Secp256k1.hasEvenY(bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Secp256k1.negateSecretKey(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void publicKeysMatchBouncyCastle() {
    BigInteger[] edges = {
      BigInteger.ONE,
      BigInteger.TWO,
      BigInteger.valueOf(3),
      N.subtract(BigInteger.ONE),
      N.subtract(BigInteger.TWO),
      N.shiftRight(1),
      N.shiftRight(1).add(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(255),
      BigInteger.ONE.shiftLeft(128),
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
      new BigInteger("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", 16) // λ
    };
    for (BigInteger e : edges) {
      checkAgainstBc(bytes32(e));
    }
    Props.forAll(300, rnd -> checkAgainstBc(randomKey(rnd)));
  }

  private static void checkAgainstBc(byte[] k) {
    ECPoint q = bcPublic(k);
    assertThat(Secp256k1.xOnlyPublicKey(k)).isEqualTo(bytes32(q.getAffineXCoord().toBigInteger()));
    boolean even = !q.getAffineYCoord().toBigInteger().testBit(0);
    assertThat(Secp256k1.hasEvenY(k)).isEqualTo(even);
    byte[] neg = Secp256k1.negateSecretKey(k);
    assertThat(new BigInteger(1, neg)).isEqualTo(N.subtract(new BigInteger(1, k)));
    assertThat(Secp256k1.xOnlyPublicKey(neg)).isEqualTo(Secp256k1.xOnlyPublicKey(k));
    assertThat(Secp256k1.hasEvenY(neg)).isEqualTo(!even);
    byte[] ev = Secp256k1.evenYSecretKey(k);
    assertThat(ev).isEqualTo(even ? k : neg);
    assertThat(Secp256k1.hasEvenY(ev)).isTrue();
  }

  @Test
  void concurrentUseGivesTheSameResults() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 24;
    byte[][] keys = new byte[n][];
    byte[][] ells = new byte[n][];
    byte[][] expected = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = randomKey(rnd);
      ells[i] = ElligatorSwift.create(keys[i], null);
    }
    for (int i = 0; i < n; i++) {
      expected[i] = ElligatorSwift.xdh(ells[i], ells[(i + 1) % n], keys[i], true);
    }
    byte[] authority = keys[0];
    byte[] authorityX = Secp256k1.xOnlyPublicKey(authority);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int task = 0; task < 8; task++) {
        final int seed = task;
        results.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < 6; r++) {
                    int i = (seed * 7 + r) % n;
                    if (!java.util.Arrays.equals(
                        ElligatorSwift.xdh(ells[i], ells[(i + 1) % n], keys[i], true),
                        expected[i])) {
                      return false;
                    }
                    byte[] msg = ells[i].clone();
                    byte[] sig = Schnorr.sign(authority, msg, keys[i]);
                    // Alternate keys so the one-entry verification cache keeps changing hands.
                    if (!Schnorr.verify(authorityX, msg, sig)
                        || Schnorr.verify(
                            Secp256k1.xOnlyPublicKey(keys[i == 0 ? 1 : i]), msg, sig)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void xOnlyValidity() {
    assertThat(Secp256k1.isValidXOnlyPublicKey(bytes32(P))).isFalse();
    assertThat(Secp256k1.isValidXOnlyPublicKey(bytes32(P.add(BigInteger.ONE)))).isFalse();
    assertThat(Secp256k1.isValidXOnlyPublicKey(new byte[32])).isFalse(); // 0³+7 = 7 is not a square
    assertThat(Secp256k1.isValidXOnlyPublicKey(bytes32(BigInteger.ONE))).isTrue(); // 8 = square
    assertThat(Secp256k1.isValidXOnlyPublicKey(new byte[31])).isFalse();
    assertThat(Secp256k1.isValidXOnlyPublicKey(null)).isFalse();
    // p − 1 is not on the curve ((−1)³ + 7 = 6 is no square mod p), the generator is.
    assertThat(Secp256k1.isValidXOnlyPublicKey(bytes32(P.subtract(BigInteger.ONE)))).isFalse();
    assertThat(Secp256k1.isValidXOnlyPublicKey(bytes32(BC.getG().getAffineXCoord().toBigInteger())))
        .isTrue();
    BigInteger exp = P.subtract(BigInteger.ONE).shiftRight(1);
    Props.forAll(
        300,
        rnd -> {
          byte[] x = new byte[32];
          rnd.nextBytes(x);
          BigInteger xv = new BigInteger(1, x);
          boolean expected =
              xv.compareTo(P) < 0
                  && xv.pow(3).add(BigInteger.valueOf(7)).modPow(exp, P).equals(BigInteger.ONE);
          assertThat(Secp256k1.isValidXOnlyPublicKey(x)).isEqualTo(expected);
        });
  }
}
