package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** The multiplication algorithms against Bouncy Castle, including their fallbacks. */
class EcmultTest {
  static BigInteger x(Gej a) {
    Ge g = new Ge();
    new Group().toAffineVar(g, a);
    return Ecmult.big(g.x);
  }

  static BigInteger y(Gej a) {
    Ge g = new Ge();
    new Group().toAffineVar(g, a);
    return Ecmult.big(g.y);
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
          Ecmult.fallbackMultiply(f, null, ks);
          assertThat(x(f)).isEqualTo(x(r));

          // k·P for a random public P.
          BigInteger m = ScalarTest.randomScalar(rnd).add(BigInteger.ONE).mod(Secp256k1Test.N);
          if (m.signum() == 0) {
            m = BigInteger.TWO;
          }
          ECPoint pb = Secp256k1Test.BC.getG().multiply(m).normalize();
          Ge p = new Ge();
          Ecmult.fromBig(p.x, pb.getAffineXCoord().toBigInteger());
          Ecmult.fromBig(p.y, pb.getAffineYCoord().toBigInteger());
          ECPoint kp = pb.multiply(k).normalize();
          Gej c = new Gej();
          assertThat(Ecmult.constMul(c, p, ks)).isZero();
          assertThat(x(c)).isEqualTo(kp.getAffineXCoord().toBigInteger());
          assertThat(y(c)).isEqualTo(kp.getAffineYCoord().toBigInteger());
          Ecmult.fallbackMultiply(f, p, ks);
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
    assertThat(x(v)).isEqualTo(Ecmult.big(Ecmult.GX));
  }

  @Test
  void genExceptionalScalarsFallBackCorrectly() {
    // 2^256 − n: the last window adds 2^255·G to an accumulator equal to (2^255 − n)·G = 2^255·G.
    BigInteger c = BigInteger.ONE.shiftLeft(256).subtract(Secp256k1Test.N);
    for (BigInteger k : new BigInteger[] {c, Secp256k1Test.N.subtract(c)}) {
      long before = Ecmult.FALLBACKS.get();
      ECPoint q = Secp256k1Test.BC.getG().multiply(k).normalize();
      Gej r = new Gej();
      Ecmult.gen(r, Scalar.fromBig(k));
      assertThat(x(r)).isEqualTo(q.getAffineXCoord().toBigInteger());
      assertThat(y(r)).isEqualTo(q.getAffineYCoord().toBigInteger());
      assertThat(Ecmult.FALLBACKS.get()).isEqualTo(before + 1);
      assertThat(Secp256k1.xOnlyPublicKey(FeTest.toBytes(k)))
          .isEqualTo(FeTest.toBytes(q.getAffineXCoord().toBigInteger()));
    }
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
