package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Schnorr;

/** Parsing, serialisation and the validity rules of the certificate. */
class CertificateTest {
  private final ReferenceTranscript t = ReferenceTranscript.load();

  private Certificate reference() {
    return Certificate.parse(
        ReferenceTranscript.hex(t.handshake, "signature_noise_message_plaintext_hex"),
        ReferenceTranscript.hex(t.key("responder_static"), "xonly_public_key"));
  }

  @Test
  void parsesAndSerialisesTheReferenceCertificate() {
    Certificate c = reference();
    assertThat(c.version()).isZero();
    assertThat(c.validFrom()).isEqualTo(t.number(t.fixed, "responder_now_valid_from"));
    assertThat(c.notValidAfter()).isEqualTo(t.number(t.fixed, "not_valid_after"));
    assertThat(c.toBytes())
        .isEqualTo(ReferenceTranscript.hex(t.handshake, "signature_noise_message_plaintext_hex"));
    c.verify(t.authorityPublic(), t.number(t.fixed, "initiator_now"));
    c.verify(t.authorityPublic(), Instant.ofEpochSecond(t.number(t.fixed, "initiator_now")));
    assertThat(c.toString()).contains("version=0", "validFrom=1700000000", "2023-11-14T22:13:20Z");
    assertThat(Certificate.parse(c.toBytes(), c.subjectKey())).isEqualTo(c).hasSameHashCodeAs(c);
    assertThatThrownBy(() -> Certificate.parse(new byte[73], c.subjectKey()))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.WRONG_MESSAGE_LENGTH));
  }

  @Test
  void windowEdgesWithLeeway() {
    Certificate c = reference();
    long from = c.validFrom();
    long until = c.notValidAfter();
    c.verify(t.authorityPublic(), from - 10);
    c.verify(t.authorityPublic(), until + 10);
    expect(() -> c.verify(t.authorityPublic(), from - 11), Reason.NOT_YET_VALID);
    expect(() -> c.verify(t.authorityPublic(), until + 11), Reason.EXPIRED);
    expect(() -> c.verify(t.authorityPublic(), -5), Reason.NOT_YET_VALID);
    expect(() -> c.verify(t.authorityPublic(), Long.MAX_VALUE), Reason.EXPIRED);
  }

  @Test
  void saturatingEdgesOfTheU32Range() {
    Schnorr.SigningKey key = Schnorr.signingKey(t.authoritySecret());
    byte[] subject = ReferenceTranscript.hex(t.key("responder_static"), "xonly_public_key");
    byte[] aux = new byte[32];
    // valid_from 5: 5 − 10 saturates at 0, so now = 0 is accepted.
    Certificate early = Certificate.sign(key, subject, 0, 5, 100, aux);
    early.verify(t.authorityPublic(), 0);
    early.verify(t.authorityPublic(), -1_000); // clamped to 0
    // not_valid_after = 2^32 − 1: + 10 saturates, and a now beyond u32 is clamped, so accepted.
    Certificate late = Certificate.sign(key, subject, 0, 0xffff_fff0L, 0xffff_ffffL, aux);
    late.verify(t.authorityPublic(), 0xffff_ffffL);
    late.verify(t.authorityPublic(), Long.MAX_VALUE);
    assertThatThrownBy(() -> Certificate.sign(key, subject, 0, -1, 0, aux))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Certificate.sign(key, subject, 0, 0, 1L << 32, aux))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionIsCheckedFirstThenSignature() {
    byte[] bytes = reference().toBytes();
    byte[] subject = reference().subjectKey();
    bytes[0] = 1;
    Certificate v1 = Certificate.parse(bytes, subject);
    expect(() -> v1.verify(t.authorityPublic(), 1_700_000_000L), Reason.UNKNOWN_VERSION);
    bytes[0] = 0;
    bytes[2] ^= 1; // valid_from changed: still inside the window, signature broken
    Certificate forged = Certificate.parse(bytes, subject);
    expect(() -> forged.verify(t.authorityPublic(), 1_700_000_000L), Reason.BAD_SIGNATURE);
    byte[] otherSubject = subject.clone();
    otherSubject[31] ^= 1;
    Certificate wrongSubject = Certificate.parse(reference().toBytes(), otherSubject);
    expect(() -> wrongSubject.verify(t.authorityPublic(), 1_700_000_000L), Reason.BAD_SIGNATURE);
    assertThatThrownBy(() -> reference().verify(new byte[32], 1_700_000_000L))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_PUBLIC_KEY));
  }

  private static void expect(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INVALID_CERTIFICATE);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.certificate()).isNotNull();
            });
  }
}
