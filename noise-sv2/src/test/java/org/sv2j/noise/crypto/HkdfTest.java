package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/** RFC 5869, Wycheproof HKDF-SHA256 and HMAC-SHA256; Noise's two-output HKDF against them. */
class HkdfTest {

  @Test
  void rfc5869() {
    Map<String, Object> f = Vectors.json("rfc5869_hkdf_sha256.json");
    int n = 0;
    for (Object o : Json.array(f.get("tests"))) {
      Map<String, Object> t = Json.object(o);
      byte[] ikm = hex(t, "ikm");
      byte[] salt = hex(t, "salt");
      byte[] info = hex(t, "info");
      int len = ((Long) t.get("L")).intValue();
      byte[] okm = hex(t, "okm");
      assertThat(Hkdf.derive(salt, ikm, info, len)).as((String) t.get("name")).isEqualTo(okm);
      // PRK = HMAC(salt or 32 zeros, ikm)
      byte[] prkKey = salt.length == 0 ? new byte[32] : salt;
      assertThat(Hkdf.hmacSha256(prkKey, ikm)).isEqualTo(hex(t, "prk"));
      if (info.length == 0) {
        checkHkdf2(prkKey, ikm, okm);
      }
      n++;
    }
    assertThat(n).isEqualTo(3);
  }

  @Test
  void wycheproofHkdf() {
    Map<String, Object> f = Vectors.json("wycheproof_hkdf_sha256_test.json");
    int valid = 0;
    int invalid = 0;
    int noise = 0;
    for (Object go : Json.array(f.get("testGroups"))) {
      for (Object to : Json.array(Json.object(go).get("tests"))) {
        Map<String, Object> t = Json.object(to);
        String what = "tcId " + t.get("tcId");
        byte[] ikm = hex(t, "ikm");
        byte[] salt = hex(t, "salt");
        byte[] info = hex(t, "info");
        int size = ((Long) t.get("size")).intValue();
        if (t.get("result").equals("valid")) {
          valid++;
          byte[] okm = hex(t, "okm");
          assertThat(Hkdf.derive(salt, ikm, info, size)).as(what).isEqualTo(okm);
          // Noise's HKDF is salt = ck (32 bytes), empty info.
          if (info.length == 0 && (salt.length == 32 || salt.length == 0)) {
            checkHkdf2(salt.length == 0 ? new byte[32] : salt, ikm, okm);
            noise++;
          }
        } else {
          invalid++;
          assertThatThrownBy(() -> Hkdf.derive(salt, ikm, info, size))
              .as(what)
              .isInstanceOf(IllegalArgumentException.class);
        }
      }
    }
    assertThat(valid).isEqualTo(83);
    assertThat(invalid).isEqualTo(3);
    assertThat(noise).isPositive();
  }

  @Test
  void wycheproofHmacSha256() {
    Map<String, Object> f = Vectors.json("wycheproof_hmac_sha256_test.json");
    int n = 0;
    for (Object go : Json.array(f.get("testGroups"))) {
      Map<String, Object> g = Json.object(go);
      int tagBytes = ((Long) g.get("tagSize")).intValue() / 8;
      for (Object to : Json.array(g.get("tests"))) {
        Map<String, Object> t = Json.object(to);
        byte[] mac = Arrays.copyOf(Hkdf.hmacSha256(hex(t, "key"), hex(t, "msg")), tagBytes);
        boolean equal = Arrays.equals(mac, hex(t, "tag"));
        assertThat(equal).as("tcId " + t.get("tcId")).isEqualTo(t.get("result").equals("valid"));
        n++;
      }
    }
    assertThat(n).isEqualTo(174);
  }

  /** hkdf2(ck, ikm) must equal the first 64 bytes of RFC 5869 HKDF(salt = ck, info = empty). */
  private static void checkHkdf2(byte[] ck, byte[] ikm, byte[] okm) {
    byte[] o1 = new byte[32];
    byte[] o2 = new byte[32];
    Hkdf h = new Hkdf();
    h.hkdf2(ck, ikm, 0, ikm.length, o1, o2);
    byte[] both = Arrays.copyOf(o1, 64);
    System.arraycopy(o2, 0, both, 32, 32);
    int n = Math.min(64, okm.length);
    assertThat(Arrays.copyOf(both, n)).isEqualTo(Arrays.copyOf(okm, n));
    // Output aliasing the chaining key (MixKey writes ck in place).
    byte[] ck2 = ck.clone();
    h.hkdf2(ck2, ikm, 0, ikm.length, ck2, o2);
    assertThat(ck2).isEqualTo(o1);
  }

  private static byte[] hex(Map<String, Object> t, String k) {
    return Hex.decode((String) t.get(k));
  }
  @Test
  void deriveBoundsAndDefaults() {
    byte[] ikm = {1, 2, 3};
    assertThat(Hkdf.derive(null, ikm, null, 0)).isEmpty();
    assertThat(Hkdf.derive(null, ikm, null, 255 * 32)).hasSize(255 * 32);
    assertThatThrownBy(() -> Hkdf.derive(null, ikm, null, 255 * 32 + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hkdf.derive(null, ikm, null, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hkdf.derive(null, null, null, 1)).isInstanceOf(NullPointerException.class);
    // A null or empty salt is 32 zero bytes, a null info is empty (RFC 5869 §2.2).
    byte[] zeros = Hkdf.derive(new byte[32], ikm, new byte[0], 100);
    assertThat(Hkdf.derive(null, ikm, null, 100)).isEqualTo(zeros);
    assertThat(Hkdf.derive(new byte[0], ikm, null, 100)).isEqualTo(zeros);
    // Outputs are prefixes of one another (T(1) ‖ T(2) ‖ ...).
    assertThat(Hkdf.derive(null, ikm, null, 33)).isEqualTo(Arrays.copyOf(zeros, 33));
  }

  @Test
  void hkdf2LeavesNoKeyDependentStateAndAllocatesNothing() throws Exception {
    Hkdf h = new Hkdf();
    byte[] ck = new byte[32];
    Arrays.fill(ck, (byte) 0x77);
    byte[] ikm = new byte[40];
    Arrays.fill(ikm, (byte) 0x11);
    byte[] o1 = new byte[32];
    byte[] o2 = new byte[32];
    // ikm at an offset: only ikm[5, 37) is keyed.
    h.hkdf2(ck, ikm, 5, 32, o1, o2);
    byte[] expected = Hkdf.derive(ck, Arrays.copyOfRange(ikm, 5, 37), null, 64);
    assertThat(o1).isEqualTo(Arrays.copyOf(expected, 32));
    assertThat(o2).isEqualTo(Arrays.copyOfRange(expected, 32, 64));
    for (String name : new String[] {"t", "u", "pad"}) {
      assertThat((byte[]) field(h, name)).as(name).containsOnly(0);
    }
    // Both digests were finished or reset (which zeroes the JDK digest's buffered input): nothing
    // of ck, t or the pads is left in them.
    for (String name : new String[] {"inner", "outer"}) {
      assertThat(((Sha256) field(h, name)).isReset()).as(name).isTrue();
    }
    // out1 may be ck itself (MixKey), and the object keeps working after destroy.
    h.destroy();
    byte[] ck2 = ck.clone();
    h.hkdf2(ck2, ikm, 5, 32, ck2, o2);
    assertThat(ck2).isEqualTo(Arrays.copyOf(expected, 32));
    assertThat(o2).isEqualTo(Arrays.copyOfRange(expected, 32, 64));

    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      h.hkdf2(ck, ikm, 5, 32, o1, o2); // warm-up, so that the JIT has compiled it
    }
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 1_000; i++) {
      h.hkdf2(ck, ikm, 5, 32, o1, o2);
    }
    long perCall = (mx.getThreadAllocatedBytes(tid) - before) / 1_000;
    assertThat(perCall).as("bytes allocated per hkdf2").isZero();
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  @Test
  void wipeCheckNoticesEachKindOfLeftoverAndDestroyClearsIt() throws Exception {
    Hkdf h = new Hkdf();
    assertThat(h.isWiped()).isTrue();
    for (String name : new String[] {"t", "u", "pad"}) {
      byte[] a = (byte[]) field(h, name);
      a[a.length - 1] = 1;
      assertThat(h.isWiped()).as(name).isFalse();
      h.destroy();
      assertThat(h.isWiped()).as(name).isTrue();
    }
    for (String name : new String[] {"inner", "outer"}) {
      ((Sha256) field(h, name)).update(new byte[] {1}, 0, 1);
      assertThat(h.isWiped()).as(name).isFalse();
      h.destroy();
      assertThat(((Sha256) field(h, name)).isReset()).as(name).isTrue();
      assertThat(h.isWiped()).as(name).isTrue();
    }
  }
}
