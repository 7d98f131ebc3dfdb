package org.sv2j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sv2j.noise.Certificate;
import org.sv2j.noise.NoiseException;

/**
 * Target 4: certificate parsing and verification with arbitrary fields, keys and clocks, including the
 * u32 edges of the validity window (reference #2103 was an overflow there). Properties: parse accepts
 * exactly 74 bytes; verify returns or throws {@link NoiseException} (never anything else); a certificate
 * accepted at {@code now} has {@code validFrom - 10 <= now <= notValidAfter + 10} after saturation.
 */
class CertificateFuzzTest {
  private static final long U32 = 0xffff_ffffL;

  @FuzzTest(maxDuration = "10m")
  void parseAndVerify(FuzzedDataProvider data) {
    byte[] cert = data.consumeBytes(74);
    byte[] subject = data.consumeBytes(32);
    byte[] authority = data.consumeBoolean() ? Fixed.AUTHORITY_PUBLIC : data.consumeBytes(32);
    long now =
        switch (data.consumeInt(0, 4)) {
          case 0 -> data.consumeLong();
          case 1 -> U32 - data.consumeInt(0, 20);
          case 2 -> data.consumeInt(0, 20);
          default -> data.consumeLong(0, U32 + 20);
        };
    if (subject.length != 32) {
      return;
    }
    Certificate c;
    try {
      c = Certificate.parse(cert, subject);
    } catch (NoiseException e) {
      if (cert.length == 74) {
        throw new AssertionError("74 bytes refused", e);
      }
      return;
    }
    if (cert.length != 74) {
      throw new AssertionError("parsed " + cert.length + " bytes");
    }
    try {
      c.verify(authority, now);
    } catch (NoiseException e) {
      return;
    }
    long t = Math.max(0, Math.min(U32, now));
    if (t < Math.max(0, c.validFrom() - 10) || t > Math.min(U32, c.notValidAfter() + 10)) {
      throw new AssertionError("accepted outside its window: now " + now + ", " + c);
    }
  }
}
