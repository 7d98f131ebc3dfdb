package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Vectors;

/** Negative paths of the handshake: tampering, keys, certificates, sizes, order. */
class HandshakeTest {
  private final ReferenceTranscript t = ReferenceTranscript.load();

  static void assertNoise(ThrowingCallable call, Kind kind) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  static void assertNoise(ThrowingCallable call, Kind kind, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.reason()).isEqualTo(reason);
            });
  }

  private Initiator sentInitiator() {
    Initiator i = t.initiator(t.authorityPublic(), t.number(t.fixed, "initiator_now"));
    i.step0();
    return i;
  }

  @Test
  void flippingAnySingleByteOfMessage1FailsStep2() {
    byte[] msg1 = t.msg1();
    for (int at = 0; at < msg1.length; at++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] m = msg1.clone();
        m[at] ^= (byte) bit;
        Initiator i = sentInitiator();
        assertThatThrownBy(() -> i.step2(m))
            .as("byte %d bit %x", at, bit)
            .isInstanceOfSatisfying(
                NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_TAG));
        assertThat(i.isWiped()).isTrue();
      }
    }
    // The untampered message still works.
    assertThat(sentInitiator().step2(msg1)).isNotNull();
  }

  @Test
  void unauthenticatedInitiatorAcceptsAnyCertificateButStillDetectsTampering() {
    // Far outside the validity window, and a certificate no authority key would verify.
    Initiator i = t.initiator(null, 0);
    assertThat(i.isAuthenticated()).isFalse();
    i.step0();
    NoiseSession s = i.step2(t.msg1());
    assertThat(s.certificate().validFrom()).isEqualTo(t.number(t.fixed, "responder_now_valid_from"));
    byte[] bad = t.msg1();
    bad[229] ^= 1; // the reference's own tamper test index
    Initiator j = t.initiator(null, 0);
    j.step0();
    assertNoise(() -> j.step2(bad), Kind.BAD_TAG);
  }

  @Test
  void wrongLengthsAreRefused() {
    for (int len : new int[] {0, 63, 65, 234}) {
      Responder r = t.responder();
      assertNoise(() -> r.step1(new byte[len]), Kind.WRONG_MESSAGE_LENGTH);
      assertThat(r.isWiped()).isTrue();
      assertThatThrownBy(() -> r.step1(t.msg0())).isInstanceOf(IllegalStateException.class);
    }
    byte[] msg1 = t.msg1();
    for (int len : new int[] {0, 64, 233, 235, 300}) {
      Initiator i = sentInitiator();
      byte[] m = java.util.Arrays.copyOf(msg1, len);
      assertNoise(() -> i.step2(m), Kind.WRONG_MESSAGE_LENGTH);
      assertThat(i.isWiped()).isTrue();
      assertThatThrownBy(() -> i.step2(msg1)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void stepsRunOnceAndInOrder() {
    Initiator fresh = t.initiator(t.authorityPublic(), 1_700_000_000L);
    assertThatThrownBy(() -> fresh.step2(t.msg1()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before step0");
    Initiator i = t.initiator(t.authorityPublic(), t.number(t.fixed, "initiator_now"));
    i.step0();
    assertThatThrownBy(i::step0).isInstanceOf(IllegalStateException.class);
    i.step2(t.msg1());
    assertThatThrownBy(() -> i.step2(t.msg1())).isInstanceOf(IllegalStateException.class);

    Responder r = t.responder();
    r.step1(t.msg0());
    assertThatThrownBy(() -> r.step1(t.msg0())).isInstanceOf(IllegalStateException.class);

    Initiator closed = t.initiator(t.authorityPublic(), 0);
    closed.close();
    assertThat(closed.isWiped()).isTrue();
    assertThatThrownBy(closed::step0).isInstanceOf(IllegalStateException.class);
    Responder rc = t.responder();
    rc.close();
    assertThat(rc.isWiped()).isTrue();
    assertThatThrownBy(() -> rc.step1(t.msg0())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unknownCertificateVersionIsRefused() {
    Responder r =
        Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofHours(1))
            .certificateVersion(1)
            .random(t.responderRandom())
            .clock(ReferenceTranscript.clockAt(1_700_000_000L))
            .build();
    Initiator i = t.initiator(t.authorityPublic(), 1_700_000_000L);
    Responder.Reply reply = r.step1(i.step0());
    assertThat(reply.session().certificate().version()).isEqualTo(1);
    assertThatThrownBy(() -> i.step2(reply.message()))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INVALID_CERTIFICATE);
              assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_VERSION);
              assertThat(e.certificate().version()).isEqualTo(1);
            });
  }

  @Test
  void expiredAndNotYetValidCertificates() {
    long from = 1_000_000L;
    for (long now : new long[] {from - 11, from + 60 + 11, 0, 0xffff_ffffL}) {
      Responder r =
          Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofSeconds(60))
              .clock(ReferenceTranscript.clockAt(from))
              .build();
      Initiator i =
          Initiator.builder(t.authorityPublic()).clock(ReferenceTranscript.clockAt(now)).build();
      Responder.Reply reply = r.step1(i.step0());
      Reason want = now < from ? Reason.NOT_YET_VALID : Reason.EXPIRED;
      assertNoise(() -> i.step2(reply.message()), Kind.INVALID_CERTIFICATE, want);
    }
  }

  @Test
  void hugeValiditySaturatesInsteadOfOverflowing() {
    // Reference #2103: validity u32::MAX panicked on overflow; now it saturates.
    long from = 4_000_000_000L;
    Responder r =
        Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofDays(365_000))
            .clock(ReferenceTranscript.clockAt(from))
            .build();
    Initiator i =
        Initiator.builder(t.authorityPublic())
            .clock(java.time.Clock.fixed(java.time.Instant.MAX, java.time.ZoneOffset.UTC))
            .build();
    Responder.Reply reply = r.step1(i.step0());
    assertThat(reply.session().certificate().notValidAfter()).isEqualTo(0xffff_ffffL);
    assertThat(i.step2(reply.message()).certificate().notValidAfter()).isEqualTo(0xffff_ffffL);
    assertThatThrownBy(
            () -> Responder.create(t.authorityPublic(), t.authoritySecret(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidAndMismatchedKeysAreRefused() {
    // x-only keys the BIP-340 vectors mark as not on the curve / not below p.
    List<Map<String, String>> rows = Vectors.csv("bip340-test-vectors.csv");
    int bad = 0;
    for (Map<String, String> row : rows) {
      String comment = row.get("comment");
      if (comment.contains("public key not on the curve") || comment.contains("exceeds the field size")) {
        byte[] pk = Hex.decode(row.get("public key"));
        assertNoise(() -> Initiator.create(pk), Kind.INVALID_PUBLIC_KEY);
        assertNoise(() -> Initiator.builder(pk), Kind.INVALID_PUBLIC_KEY);
        bad++;
      }
    }
    assertThat(bad).isEqualTo(2);
    assertNoise(() -> Initiator.create(new byte[31]), Kind.INVALID_PUBLIC_KEY);

    byte[] sk = t.authoritySecret();
    byte[] pk = t.authorityPublic();
    Duration d = Duration.ofMinutes(1);
    byte[] otherPk = Hex.decode((String) t.step2Checks().stream()
        .filter(c -> c.get("name").equals("wrong_authority_key"))
        .findFirst().orElseThrow().get("authority_xonly_public_key"));
    assertNoise(() -> Responder.create(otherPk, sk, d), Kind.INVALID_PUBLIC_KEY);
    assertNoise(() -> Responder.create(new byte[32], sk, d), Kind.INVALID_PUBLIC_KEY);
    assertNoise(() -> Responder.create(pk, new byte[32], d), Kind.INVALID_SECRET_KEY);
    byte[] n = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    assertNoise(() -> Responder.create(pk, n, d), Kind.INVALID_SECRET_KEY);
    assertNoise(() -> Responder.create(pk, new byte[31], d), Kind.INVALID_SECRET_KEY);
    assertThat(Responder.create(pk, sk, d)).isNotNull();
  }

  @Test
  void invalidRandomDrawsAreDrawnAgain() {
    byte[] zero = new byte[32];
    byte[] n = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    byte[] good = t.rng("initiator_ephemeral");
    ScriptedRandom r = ScriptedRandom.of(zero, n, good);
    Initiator i = Initiator.builder(t.authorityPublic()).random(r).build();
    assertThat(r.draws()).isEqualTo(3);
    assertThat(i.step0()).isEqualTo(t.msg0());
    assertThatThrownBy(() -> Initiator.builder(t.authorityPublic()).random(b -> {}).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("64 invalid");
  }

  @Test
  void builderSharedAcrossResponders() {
    Responder.Builder b =
        Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(5));
    for (int k = 0; k < 3; k++) {
      Responder r = b.build();
      Initiator i = Initiator.create(t.authorityPublic());
      Responder.Reply reply = r.step1(i.step0());
      NoiseSession is = i.step2(reply.message());
      byte[] buf = new byte[20];
      buf[0] = (byte) k;
      is.encrypt(buf, 0, 4);
      reply.session().decrypt(buf, 0, 20);
      assertThat(buf[0]).isEqualTo((byte) k);
    }
    Responder pending = b.build();
    b.destroy();
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pending.step1(t.msg0())).isInstanceOf(IllegalStateException.class);
  }
}
