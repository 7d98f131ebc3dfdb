package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** The radix-2^52 field arithmetic against BigInteger, including inputs at the magnitude limits. */
class FeTest {
  static final BigInteger P =
      BigInteger.ONE
          .shiftLeft(256)
          .subtract(BigInteger.ONE.shiftLeft(32))
          .subtract(BigInteger.valueOf(977));
  static final BigInteger TWO52 = BigInteger.ONE.shiftLeft(52);

  static BigInteger value(long[] a) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 4; i >= 0; i--) {
      v = v.shiftLeft(52).add(BigInteger.valueOf(a[i]));
    }
    return v;
  }

  static long[] canonical(BigInteger v) {
    v = v.mod(P);
    long[] r = new long[5];
    for (int i = 0; i < 5; i++) {
      r[i] = v.mod(TWO52).longValue();
      v = v.shiftRight(52);
    }
    return r;
  }

  /**
   * A random element of magnitude m: limbs anywhere up to the documented bound, biased to extremes.
   */
  static long[] randomMagnitude(SplittableRandom rnd, int m) {
    long[] r = new long[5];
    for (int i = 0; i < 5; i++) {
      long max = i < 4 ? m * (Fe.M52 + (1L << 28)) : m * Fe.M48;
      int mode = rnd.nextInt(4);
      r[i] =
          mode == 0
              ? max
              : mode == 1 ? 0 : mode == 2 ? max - rnd.nextLong(1 << 20) : rnd.nextLong(max + 1);
      if (r[i] < 0) {
        r[i] = 0;
      }
    }
    return r;
  }

  static long[] randomElement(SplittableRandom rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    return canonical(new BigInteger(1, b));
  }

  @Test
  void mulAndSqrMatchBigIntegerUpToMagnitudeEight() {
    Props.forAll(
        20000,
        rnd -> {
          long[] a = randomMagnitude(rnd, 1 + rnd.nextInt(8));
          long[] b = randomMagnitude(rnd, 1 + rnd.nextInt(8));
          long[] r = new long[5];
          Fe.mul(r, a, b);
          checkMagnitudeOne(r);
          assertThat(value(r).mod(P)).isEqualTo(value(a).multiply(value(b)).mod(P));
          Fe.sqr(r, a);
          checkMagnitudeOne(r);
          assertThat(value(r).mod(P)).isEqualTo(value(a).multiply(value(a)).mod(P));
        });
  }

  static void checkMagnitudeOne(long[] r) {
    for (int i = 0; i < 4; i++) {
      assertThat(r[i]).isBetween(0L, Fe.M52 + (1L << 28));
    }
    assertThat(r[4]).isBetween(0L, Fe.M48);
  }

  @Test
  void normalizeNegateSubAndAliasing() {
    Props.forAll(
        20000,
        rnd -> {
          int m = 1 + rnd.nextInt(8);
          long[] a = randomMagnitude(rnd, m);
          long[] n = new long[5];
          Fe.negate(n, a, m);
          for (long limb : n) {
            assertThat(limb).isNotNegative();
          }
          assertThat(value(n).add(value(a)).mod(P)).isZero();
          long[] b = randomMagnitude(rnd, 8);
          long[] d = new long[5];
          Fe.sub(d, b, a, m);
          assertThat(value(d).mod(P)).isEqualTo(value(b).subtract(value(a)).mod(P));
          long[] c = a.clone();
          Fe.normalize(c);
          assertThat(c).isEqualTo(canonical(value(a)));
          Fe.mul(c, c, c);
          assertThat(value(c).mod(P)).isEqualTo(value(a).pow(2).mod(P));
        });
  }

  @Test
  void normalizeEdgeValues() {
    BigInteger[] edges = {
      BigInteger.ZERO,
      BigInteger.ONE,
      P.subtract(BigInteger.ONE),
      P,
      P.add(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
      P.shiftLeft(1),
      P.shiftLeft(1).subtract(BigInteger.ONE)
    };
    for (BigInteger e : edges) {
      long[] r = new long[5];
      BigInteger v = e;
      for (int i = 0; i < 5; i++) {
        r[i] = i < 4 ? v.mod(TWO52).longValue() : v.longValue();
        v = v.shiftRight(52);
      }
      Fe.normalize(r);
      assertThat(value(r)).as(e.toString(16)).isEqualTo(e.mod(P));
    }
  }

  @Test
  void bytesRoundTripAndLimit() {
    byte[] pBytes = toBytes(P);
    long[] r = new long[5];
    assertThat(Fe.setBytesLimit(r, pBytes, 0)).isFalse();
    assertThat(Fe.setBytesLimit(r, toBytes(P.subtract(BigInteger.ONE)), 0)).isTrue();
    Props.forAll(
        2000,
        rnd -> {
          byte[] b = new byte[32];
          rnd.nextBytes(b);
          long[] x = new long[5];
          Fe.setBytes(x, b, 0);
          assertThat(value(x)).isEqualTo(new BigInteger(1, b));
          Fe.normalize(x);
          byte[] out = new byte[32];
          Fe.toBytes(out, 0, x);
          assertThat(new BigInteger(1, out)).isEqualTo(new BigInteger(1, b).mod(P));
        });
  }

  static byte[] toBytes(BigInteger v) {
    byte[] out = new byte[32];
    byte[] raw = v.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  @Test
  void inverseSqrtAndJacobi() {
    BigInteger exp = P.subtract(BigInteger.ONE).shiftRight(1);
    Props.forAll(
        3000,
        rnd -> {
          long[] a = randomElement(rnd);
          BigInteger av = value(a);
          long[] r = new long[5];
          Fe.inv(r, a);
          assertThat(value(r)).isEqualTo(av.signum() == 0 ? BigInteger.ZERO : av.modInverse(P));
          Fe.invVar(r, a);
          assertThat(value(r)).isEqualTo(av.signum() == 0 ? BigInteger.ZERO : av.modInverse(P));
          boolean square = av.modPow(exp, P).equals(BigInteger.ONE);
          assertThat(Fe.sqrt(r, a)).isEqualTo(square);
          long[] rn = r.clone();
          Fe.normalize(rn);
          assertThat(value(rn)).isEqualTo(av.modPow(P.add(BigInteger.ONE).shiftRight(2), P));
          assertThat(Fe.jacobiVar(a)).isEqualTo(square ? 1 : -1);
          assertThat(Fe.isSquareVar(a)).isEqualTo(square);
        });
    assertThat(Fe.isSquareVar(new long[5])).isTrue();
    long[] pMinus1 = canonical(P.subtract(BigInteger.ONE));
    assertThat(Fe.isSquareVar(pMinus1)).isFalse(); // −1 is not a square since p ≡ 3 (mod 4)
  }

  @Test
  void isqrtGivesTheRootAndItsInverseFromOneExponentiation() {
    BigInteger legendre = P.subtract(BigInteger.ONE).shiftRight(1);
    BigInteger rootExp = P.add(BigInteger.ONE).shiftRight(2);
    BigInteger invRootExp = P.subtract(BigInteger.valueOf(3)).shiftRight(2);
    Props.forAll(
        3000,
        rnd -> {
          long[] a = rnd.nextBoolean() ? randomElement(rnd) : randomMagnitude(rnd, 1);
          BigInteger av = value(a).mod(P);
          long[] z = new long[5];
          long[] w = new long[5];
          boolean square = av.signum() == 0 || av.modPow(legendre, P).equals(BigInteger.ONE);
          assertThat(Fe.isqrt(z, w, a)).isEqualTo(square);
          assertThat(value(z).mod(P)).isEqualTo(av.modPow(invRootExp, P));
          assertThat(value(w).mod(P)).isEqualTo(av.modPow(rootExp, P));
          long[] r = new long[5];
          Fe.sqrt(r, a);
          assertThat(value(r).mod(P)).isEqualTo(value(w).mod(P));
          if (square && av.signum() != 0) {
            // z = 1/w and z² = 1/a: what the inverse map uses instead of an inversion.
            assertThat(value(z).multiply(value(w)).mod(P)).isEqualTo(BigInteger.ONE);
            assertThat(value(z).pow(2).multiply(av).mod(P)).isEqualTo(BigInteger.ONE);
          }
        });
  }
}
