package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** Scalars mod n against BigInteger; GLV constants and split bounds. */
class ScalarTest {
  static final BigInteger N = Secp256k1Test.N;
  static final BigInteger LAMBDA = Scalar.toBig(Scalar.LAMBDA);

  static BigInteger randomScalar(SplittableRandom rnd) {
    switch (rnd.nextInt(6)) {
      case 0:
        return N.subtract(BigInteger.valueOf(rnd.nextInt(1000) + 1));
      case 1:
        return BigInteger.valueOf(rnd.nextInt(1000));
      case 2:
        return BigInteger.ONE.shiftLeft(rnd.nextInt(256)).mod(N);
      default:
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return new BigInteger(1, b).mod(N);
    }
  }

  @Test
  void arithmeticMatchesBigInteger() {
    Props.forAll(
        5000,
        rnd -> {
          BigInteger a = randomScalar(rnd);
          BigInteger b = randomScalar(rnd);
          int[] x = Scalar.fromBig(a);
          int[] y = Scalar.fromBig(b);
          int[] r = new int[8];
          Scalar.add(r, x, y);
          assertThat(Scalar.toBig(r)).isEqualTo(a.add(b).mod(N));
          Scalar.mul(r, x, y);
          assertThat(Scalar.toBig(r)).isEqualTo(a.multiply(b).mod(N));
          Scalar.negate(r, x);
          assertThat(Scalar.toBig(r)).isEqualTo(a.negate().mod(N));
          Scalar.half(r, x);
          assertThat(Scalar.toBig(r)).isEqualTo(a.multiply(BigInteger.TWO.modInverse(N)).mod(N));
          assertThat(Scalar.isHigh(x)).isEqualTo(a.compareTo(N.shiftRight(1)) > 0);
        });
  }

  @Test
  void parsingReducesAndFlagsOverflow() {
    BigInteger[] values = {
      N,
      N.add(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
      N.subtract(BigInteger.ONE),
      BigInteger.ZERO
    };
    for (BigInteger v : values) {
      int[] r = new int[8];
      boolean overflow = Scalar.setBytes(r, FeTest.toBytes(v), 0);
      assertThat(overflow).isEqualTo(v.compareTo(N) >= 0);
      assertThat(Scalar.toBig(r)).isEqualTo(v.mod(N));
    }
  }

  @Test
  void glvConstantsAndSplitBounds() {
    assertThat(LAMBDA.modPow(BigInteger.valueOf(3), N)).isEqualTo(BigInteger.ONE);
    BigInteger bound = BigInteger.ONE.shiftLeft(128);
    Props.forAll(
        5000,
        rnd -> {
          BigInteger k = randomScalar(rnd);
          int[] k1 = new int[8];
          int[] k2 = new int[8];
          Scalar.splitLambda(k1, k2, Scalar.fromBig(k));
          BigInteger a = Scalar.toBig(k1);
          BigInteger b = Scalar.toBig(k2);
          assertThat(a.add(b.multiply(LAMBDA)).mod(N)).isEqualTo(k);
          assertThat(a.min(N.subtract(a))).isLessThan(bound);
          assertThat(b.min(N.subtract(b))).isLessThan(bound);
        });
  }
}
