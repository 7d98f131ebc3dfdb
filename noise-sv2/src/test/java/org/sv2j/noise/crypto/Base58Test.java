package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException;
import org.sv2j.testsupport.Props;

/** Base58 round trips, leading zeros and errors (key vectors are in AuthorityKeysTest). */
class Base58Test {

  @Test
  void leadingZerosBecomeOnes() {
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.decode("112")).containsExactly(0, 0, 1);
    assertThat(Base58.encode(new byte[0])).isEmpty();
    assertThat(Base58.decode("")).isEmpty();
    assertThat(Base58.encode(new byte[] {57})).isEqualTo("z");
    assertThat(Base58.encode(new byte[] {58})).isEqualTo("21");
  }

  @Test
  void roundTrips() {
    Props.forAll(
        200,
        (SplittableRandom r) -> {
          byte[] b = new byte[r.nextInt(0, 60)];
          r.nextBytes(b);
          if (r.nextBoolean() && b.length > 2) {
            b[0] = 0;
            b[1] = 0;
          }
          assertThat(Base58.decode(Base58.encode(b))).isEqualTo(b);
          assertThat(Base58.decodeCheck(Base58.encodeCheck(b))).isEqualTo(b);
        });
  }

  @Test
  void badCharactersAreReportedByPosition() {
    for (String s : new String[] {"0abc", "abcO", "abIc", "ab l", " abc", "abc\n", "ab\u00e9"}) {
      assertThatThrownBy(() -> Base58.decode(s))
          .as(s)
          .isInstanceOfSatisfying(
              NoiseException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(NoiseException.Kind.INVALID_KEY_ENCODING);
                assertThat(e.reason()).isEqualTo(NoiseException.Reason.BAD_BASE58_CHARACTER);
              });
    }
    assertThatThrownBy(() -> Base58.decodeCheck("1"))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.BAD_CHECKSUM));
  }
}
