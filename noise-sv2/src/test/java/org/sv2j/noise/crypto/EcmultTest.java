package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** The multiplication algorithms against Bouncy Castle, including blinding and complete paths. */
class EcmultTest {
  static BigInteger x(Gej a) {
    Ge g = new Ge();
    new Group().toAffineVar(g, a);
    return BcReference.big(g.x);
  }

  static BigInteger y(Gej a) {
    Ge g = new Ge();
    new Group().toAffineVar(g, a);
    return BcReference.big(g.y);
  }

  @Test
  void genAndConstMulMatchBouncyCastle() {
    Props.forAll(
        200,
        rnd -> {
          BigInteger k = ScalarTest.randomScalar(rnd);
          if (k.signum() == 0) {
            k = BigInteger.ONE;
          }
          int[] ks = Scalar.fromBig(k);
          ECPoint q = Secp256k1Test.BC.getG().multiply(k).normalize();
          Gej r = new Gej();
          Ecmult.gen(r, ks);
          assertThat(x(r)).isEqualTo(q.getAffineXCoord().toBigInteger());
          assertThat(y(r)).isEqualTo(q.getAffineYCoord().toBigInteger());
          Gej f = new Gej();
          BcReference.multiply(f, null, ks);
          assertThat(x(f)).isEqualTo(x(r));

          // k·P for a random public P.
          BigInteger m = ScalarTest.randomScalar(rnd).add(BigInteger.ONE).mod(Secp256k1Test.N);
          if (m.signum() == 0) {
            m = BigInteger.TWO;
          }
          ECPoint pb = Secp256k1Test.BC.getG().multiply(m).normalize();
          Ge p = new Ge();
          BcReference.fromBig(p.x, pb.getAffineXCoord().toBigInteger());
          BcReference.fromBig(p.y, pb.getAffineYCoord().toBigInteger());
          ECPoint kp = pb.multiply(k).normalize();
          Gej c = new Gej();
          assertThat(Ecmult.constMul(c, p, ks)).isZero();
          assertThat(x(c)).isEqualTo(kp.getAffineXCoord().toBigInteger());
          assertThat(y(c)).isEqualTo(kp.getAffineYCoord().toBigInteger());
          BcReference.multiply(f, p, ks);
          assertThat(x(f)).isEqualTo(x(c));

          // s·G + e·P.
          BigInteger s = ScalarTest.randomScalar(rnd);
          BigInteger e = ScalarTest.randomScalar(rnd);
          ECPoint sum = Secp256k1Test.BC.getG().multiply(s).add(pb.multiply(e)).normalize();
          Gej v = new Gej();
          Ecmult.verifyMul(
              v,
              Scalar.fromBig(s),
              new Ecmult.OddTable(p, rnd.nextBoolean() ? 5 : 8),
              Scalar.fromBig(e));
          assertThat(v.infinity).isEqualTo(sum.isInfinity());
          if (!sum.isInfinity()) {
            assertThat(x(v)).isEqualTo(sum.getAffineXCoord().toBigInteger());
            assertThat(y(v)).isEqualTo(sum.getAffineYCoord().toBigInteger());
          }
        });
  }

  @Test
  void verifyMulInfinityAndZeroScalars() {
    Ge g = new Ge();
    Fe.copy(g.x, Ecmult.GX);
    Fe.copy(g.y, Ecmult.GY);
    Gej v = new Gej();
    Ecmult.OddTable gt = new Ecmult.OddTable(g, 5);
    // 5·G + (n − 5)·G = ∞
    Ecmult.verifyMul(
        v,
        Scalar.fromBig(BigInteger.valueOf(5)),
        gt,
        Scalar.fromBig(Secp256k1Test.N.subtract(BigInteger.valueOf(5))));
    assertThat(v.infinity).isTrue();
    Ecmult.verifyMul(v, new int[8], gt, new int[8]);
    assertThat(v.infinity).isTrue();
    Ecmult.verifyMul(v, new int[8], gt, Scalar.fromBig(BigInteger.ONE));
    assertThat(x(v)).isEqualTo(BcReference.big(Ecmult.GX));
  }

  private static final BigInteger N = Secp256k1Test.N;
  /** 2^256 − n: for the unblinded comb the last window adds 2^255·G to (2^255 − n)·G = 2^255·G. */
  private static final BigInteger C = BigInteger.ONE.shiftLeft(256).subtract(N);

  private static void assertIsBcMultiple(Gej r, BigInteger k) {
    ECPoint q = Secp256k1Test.BC.getG().multiply(k.mod(N)).normalize();
    assertThat(r.infinity).isEqualTo(q.isInfinity());
    if (!q.isInfinity()) {
      assertThat(x(r)).isEqualTo(q.getAffineXCoord().toBigInteger());
      assertThat(y(r)).isEqualTo(q.getAffineYCoord().toBigInteger());
    }
  }

  @Test
  void exceptionalScalarsTakeTheCompletePathAndStayCorrect() {
    for (BigInteger k : new BigInteger[] {C, N.subtract(C)}) {
      long before = Ecmult.COMPLETE_RUNS.get();
      Gej r = new Gej();
      Group grp = new Group();
      Ecmult.genUnblinded(r, Scalar.fromBig(k), grp);
      assertThat(Ecmult.COMPLETE_RUNS.get()).isEqualTo(before + 1);
      assertIsBcMultiple(r, k);
      // Blinded: the same scalar is (almost surely) not exceptional any more, and still right.
      Ecmult.gen(r, Scalar.fromBig(k));
      assertIsBcMultiple(r, k);
      assertThat(Secp256k1.xOnlyPublicKey(FeTest.toBytes(k)))
          .isEqualTo(FeTest.toBytes(Secp256k1Test.BC.getG().multiply(k).normalize().getAffineXCoord().toBigInteger()));
    }
  }

  @Test
  void blindingThatHitsAnExceptionalSumStillGivesTheRightPoint() {
    try {
      Props.forAll(
          20,
          rnd -> {
            BigInteger k = ScalarTest.randomScalar(rnd).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            // Choose b so that k + b = 2^256 − n, the comb's exceptional scalar.
            BigInteger b = C.subtract(k).mod(N);
            if (b.signum() == 0) {
              return;
            }
            long[] z = new long[5];
            BcReference.fromBig(z, BigInteger.valueOf(rnd.nextInt(1 << 30) + 2L));
            Ecmult.setBlinding(Scalar.fromBig(b), z);
            long before = Ecmult.COMPLETE_RUNS.get();
            Gej r = new Gej();
            Ecmult.gen(r, Scalar.fromBig(k));
            assertThat(Ecmult.COMPLETE_RUNS.get()).isEqualTo(before + 1);
            assertIsBcMultiple(r, k);
            // k + b = 0 (the accumulator starts at ∞) and k + b = n − 1.
            Ecmult.setBlinding(Scalar.fromBig(N.subtract(k)), z);
            Ecmult.gen(r, Scalar.fromBig(k));
            assertIsBcMultiple(r, k);
            BigInteger b2 = N.subtract(BigInteger.ONE).subtract(k).mod(N);
            if (b2.signum() != 0) {
              Ecmult.setBlinding(Scalar.fromBig(b2), z);
              Ecmult.gen(r, Scalar.fromBig(k));
              assertIsBcMultiple(r, k);
            }
          });
    } finally {
      Ecmult.resetBlinding();
    }
  }

  @Test
  void blindedEqualsUnblindedOnEdgeAndRandomScalars() {
    java.util.List<BigInteger> ks = new java.util.ArrayList<>();
    for (long v : new long[] {1, 2, 3, 15, 16, 31, 32}) {
      ks.add(BigInteger.valueOf(v));
      ks.add(N.subtract(BigInteger.valueOf(v)));
    }
    ks.add(C);
    ks.add(N.subtract(C));
    ks.add(N.shiftRight(1));
    ks.add(N.shiftRight(1).add(BigInteger.ONE));
    ks.add(BigInteger.ONE.shiftLeft(255));
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(13);
    for (int i = 0; i < 100; i++) {
      ks.add(ScalarTest.randomScalar(rnd).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
    }
    int refreshes = 0;
    java.util.Set<BigInteger> blinds = new java.util.HashSet<>();
    for (int round = 0; round < 3; round++) {
      Ecmult.resetBlinding();
      for (BigInteger k : ks) {
        Gej blinded = new Gej();
        Gej plain = new Gej();
        Ecmult.gen(blinded, Scalar.fromBig(k));
        Ecmult.genUnblinded(plain, Scalar.fromBig(k), new Group());
        assertThat(x(blinded)).as("k=%s", k).isEqualTo(x(plain));
        assertThat(y(blinded)).as("k=%s", k).isEqualTo(y(plain));
        assertIsBcMultiple(blinded, k);
      }
      blinds.add(Scalar.toBig(Ecmult.blindingScalar()));
      refreshes++;
    }
    assertThat(blinds).as("a fresh blinding per reset").hasSize(refreshes);
    Gej zero = new Gej();
    Ecmult.gen(zero, new int[8]);
    assertThat(zero.infinity).isTrue();
  }

  @Test
  void blindedPublicKeysMatchTheBip340Vectors() {
    int n = 0;
    for (java.util.Map<String, String> row : org.sv2j.testsupport.Vectors.csv("bip340-test-vectors.csv")) {
      if (row.get("secret key").isEmpty()) {
        continue;
      }
      int[] k = Secp256k1.parseSecretKey(org.sv2j.testsupport.Hex.decode(row.get("secret key")));
      for (int round = 0; round < 3; round++) {
        Ecmult.resetBlinding();
        Gej blinded = new Gej();
        Gej plain = new Gej();
        Ecmult.gen(blinded, k);
        Ecmult.genUnblinded(plain, k, new Group());
        assertThat(x(blinded)).isEqualTo(x(plain)).isEqualTo(new BigInteger(row.get("public key"), 16));
        assertThat(y(blinded)).isEqualTo(y(plain));
      }
      n++;
    }
    assertThat(n).isPositive();
  }

  @Test
  void theMultiplicationCodeNoLongerReferencesBouncyCastle() throws Exception {
    // The exceptional-scalar fallback used to hand secrets to BC's BigInteger arithmetic.
    try (java.io.InputStream in = Ecmult.class.getResourceAsStream("Ecmult.class")) {
      String constants = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(constants).doesNotContain("org/bouncycastle").doesNotContain("ECPoint");
    }
  }

  @Test
  void blindingIsRenewedAfterItsBudget() {
    Ecmult.resetBlinding();
    Secp256k1.xOnlyPublicKey(FeTest.toBytes(BigInteger.TEN));
    BigInteger first = Scalar.toBig(Ecmult.blindingScalar());
    for (int i = 0; i < Ecmult.BLIND_REFRESH + 1; i++) {
      Gej r = new Gej();
      Ecmult.gen(r, Scalar.fromBig(BigInteger.valueOf(i + 1)));
    }
    assertThat(Scalar.toBig(Ecmult.blindingScalar())).isNotEqualTo(first);
  }

  @Test
  void completeConstMulMatchesBouncyCastle() {
    Props.forAll(
        40,
        rnd -> {
          BigInteger m = ScalarTest.randomScalar(rnd).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
          ECPoint pb = Secp256k1Test.BC.getG().multiply(m).normalize();
          Ge p = new Ge();
          BcReference.fromBig(p.x, pb.getAffineXCoord().toBigInteger());
          BcReference.fromBig(p.y, pb.getAffineYCoord().toBigInteger());
          BigInteger[] ks = {
            BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(16), BigInteger.valueOf(17),
            N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO), C,
            ScalarTest.randomScalar(rnd).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE)
          };
          for (BigInteger k : ks) {
            Gej r = new Gej();
            Ecmult.constMulComplete(r, p, Scalar.fromBig(k));
            ECPoint q = pb.multiply(k).normalize();
            assertThat(x(r)).as("k=%s", k).isEqualTo(q.getAffineXCoord().toBigInteger());
            assertThat(y(r)).as("k=%s", k).isEqualTo(q.getAffineYCoord().toBigInteger());
          }
        });
  }

  @Test
  void completeAdditionHandlesEveryCase() {
    Group grp = new Group();
    Ge g = new Ge();
    Fe.copy(g.x, Ecmult.GX);
    Fe.copy(g.y, Ecmult.GY);
    Gej a = new Gej();
    Gej r = new Gej();
    // ∞ + G = G
    a.setInfinity();
    grp.addGeComplete(r, a, g);
    assertThat(x(r)).isEqualTo(BcReference.big(Ecmult.GX));
    // G + G = 2G (with a non-trivial Z)
    Ecmult.genUnblinded(a, Scalar.fromBig(BigInteger.ONE), grp);
    Gej twoG = new Gej();
    grp.addVar(twoG, a, a);
    assertThat(grp.addGe(new Gej(), a, g)).isEqualTo(1);
    grp.addGeComplete(r, a, g);
    assertThat(x(r)).isEqualTo(x(twoG));
    assertThat(y(r)).isEqualTo(y(twoG));
    // G + (−G) = ∞
    Ge minus = new Ge();
    Fe.copy(minus.x, g.x);
    Fe.negate(minus.y, g.y, 1);
    Fe.normalize(minus.y);
    grp.addGeComplete(r, a, minus);
    assertThat(r.infinity).isTrue();
    // 2G + G = 3G, aliasing r = a
    grp.addGeComplete(twoG, twoG, g);
    assertIsBcMultiple(twoG, BigInteger.valueOf(3));
  }

  @Test
  void curveTemporariesAreWipedAfterUse() {
    Group grp = new Group();
    Gej r = new Gej();
    Ecmult.gen(r, Scalar.fromBig(BigInteger.valueOf(123456789)), grp);
    assertThat(grp.isWiped()).isTrue();
    assertIsBcMultiple(r, BigInteger.valueOf(123456789));
    // A group that computed something holds data until wiped.
    grp.addVar(r, r, r);
    assertThat(grp.isWiped()).isFalse();
    grp.wipe();
    assertThat(grp.isWiped()).isTrue();
  }

  @Test
  void wnafDigitsReconstructTheScalar() {
    Props.forAll(
        1000,
        rnd -> {
          BigInteger k = ScalarTest.randomScalar(rnd);
          int[] k1 = new int[8];
          int[] k2 = new int[8];
          Scalar.splitLambda(k1, k2, Scalar.fromBig(k));
          for (int[] half : new int[][] {k1, k2}) {
            for (int w : new int[] {5, 8}) {
              int[] wnaf = new int[131];
              int len = Ecmult.wnafSigned(wnaf, half, w);
              BigInteger sum = BigInteger.ZERO;
              for (int i = len - 1; i >= 0; i--) {
                int d = wnaf[i];
                assertThat(d == 0 || (d & 1) != 0).isTrue();
                assertThat(Math.abs(d)).isLessThan(1 << (w - 1));
                sum = sum.shiftLeft(1).add(BigInteger.valueOf(d));
              }
              assertThat(sum.mod(Secp256k1Test.N)).isEqualTo(Scalar.toBig(half));
            }
          }
        });
  }
}
