package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Props;

/** The JDK-backed SHA-256 against Bouncy Castle's, and its reset and tag-prefix behaviour. */
class Sha256Test {
  private static byte[] bc(byte[]... parts) {
    SHA256Digest d = new SHA256Digest();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  @Test
  void matchesBouncyCastleForEveryLengthAndSplit() {
    Sha256 d = new Sha256();
    Props.forAll(
        500,
        rnd -> {
          byte[] m = new byte[rnd.nextInt(300)];
          rnd.nextBytes(m);
          int cut = m.length == 0 ? 0 : rnd.nextInt(m.length);
          d.update(m, 0, cut);
          for (int i = cut; i < m.length; i++) {
            d.update(m[i]);
          }
          int v = rnd.nextInt();
          d.updateIntLe(v);
          byte[] out = new byte[40];
          int off = rnd.nextInt(9);
          d.doFinal(out, off);
          assertThat(d.isReset()).isTrue();
          byte[] le = {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
          assertThat(java.util.Arrays.copyOfRange(out, off, off + 32)).isEqualTo(bc(m, le));
        });
  }

  @Test
  void resetForgetsInputAndTagPrefixIsTheBip340One() {
    Sha256 d = new Sha256();
    assertThat(d.isReset()).isTrue();
    d.update(new byte[] {1, 2, 3}, 0, 3);
    assertThat(d.isReset()).isFalse();
    d.reset();
    assertThat(d.isReset()).isTrue();
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    assertThat(out).isEqualTo(bc());
    byte[] tag = bc("BIP0340/challenge".getBytes(StandardCharsets.UTF_8));
    byte[] prefix = Sha256.tagPrefix("BIP0340/challenge");
    assertThat(java.util.Arrays.copyOf(prefix, 32)).isEqualTo(tag);
    assertThat(java.util.Arrays.copyOfRange(prefix, 32, 64)).isEqualTo(tag);
    byte[] m = {42};
    assertThat(TaggedHash.BIP340_CHALLENGE.hash(m)).isEqualTo(bc(tag, tag, m));
    // Every update returns the digest itself, so calls chain.
    d.update((byte) 1).update((byte) 2).updateIntLe(3).update(m, 0, 1).doFinal(out, 0);
    assertThat(out).isEqualTo(bc(new byte[] {1, 2, 3, 0, 0, 0, 42}));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.doFinal(new byte[40], 9))
        .isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class);
  }
}
