package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** The safegcd inversion against BigInteger, for p, the group order n and edge inputs. */
class SafeGcdTest {
  private static final BigInteger P = FeTest.P;
  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  private static final BigInteger M30 = BigInteger.valueOf(0x3FFFFFFF);

  private static int[] limbs(BigInteger v) {
    int[] x = new int[9];
    for (int i = 0; i < 9; i++) {
      x[i] = v.shiftRight(30 * i).and(M30).intValue();
    }
    return x;
  }

  private static BigInteger value(int[] x) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 8; i >= 0; i--) {
      v = v.shiftLeft(30).add(BigInteger.valueOf(x[i]));
    }
    return v;
  }

  private static void check(SafeGcd gcd, BigInteger m, BigInteger a) {
    int[] x = limbs(a);
    gcd.inverse(x);
    for (int i = 0; i < 8; i++) {
      assertThat(x[i]).as("limb %d of the inverse of %s", i, a).isBetween(0, 0x3FFFFFFF);
    }
    assertThat(value(x)).as("inverse of %s", a).isEqualTo(a.signum() == 0 ? a : a.modInverse(m));
  }

  @Test
  void invertsModuloPAndNIncludingEdgeValues() {
    for (BigInteger m : List.of(P, N)) {
      SafeGcd gcd = new SafeGcd(limbs(m));
      List<BigInteger> edges = new ArrayList<>();
      for (long small = 0; small < 40; small++) {
        edges.add(BigInteger.valueOf(small));
        edges.add(m.subtract(BigInteger.valueOf(small + 1)));
      }
      for (int bit = 0; bit < 256; bit++) {
        BigInteger b = BigInteger.ONE.shiftLeft(bit);
        if (b.compareTo(m) < 0) {
          edges.add(b);
          edges.add(b.subtract(BigInteger.ONE));
        }
      }
      for (BigInteger a : edges) {
        check(gcd, m, a);
      }
      Props.forAll(
          2000,
          rnd -> {
            byte[] b = new byte[32];
            rnd.nextBytes(b);
            check(gcd, m, new BigInteger(1, b).mod(m));
          });
    }
  }

  @Test
  void wipesItsTemporariesAndRejectsAnEvenModulus() throws Exception {
    SafeGcd gcd = new SafeGcd(limbs(P));
    check(gcd, P, new BigInteger("1234567890abcdef1234567890abcdef", 16));
    for (String field : new String[] {"d", "e", "f", "g", "t"}) {
      java.lang.reflect.Field f = SafeGcd.class.getDeclaredField(field);
      f.setAccessible(true);
      assertThat((int[]) f.get(gcd)).as(field).containsOnly(0);
    }
    assertThatThrownBy(() -> new SafeGcd(limbs(P.add(BigInteger.ONE))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SafeGcd(new int[8])).isInstanceOf(IllegalArgumentException.class);
  }
}
