package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Schnorr;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;

/** Server credentials: issue, text round trip, refusals, and responders that use them. */
class ServerCredentialTest {
  private final ReferenceTranscript t = ReferenceTranscript.load();

  private ServerCredential vectorCredential() {
    try (AuthorityKeys authority = AuthorityKeys.fromSecretKey(t.authoritySecret())) {
      long from = t.number(t.fixed, "responder_now_valid_from");
      return ServerCredential.issue(
          authority,
          t.rng("responder_static"),
          Instant.ofEpochSecond(from),
          Instant.ofEpochSecond(t.number(t.fixed, "not_valid_after")),
          ScriptedRandom.of(t.auxRand()));
    }
  }

  private Responder credentialResponder(ServerCredential c, long now) {
    return Responder.builder(c)
        .expiryWarning(Duration.ZERO)
        .random(ScriptedRandom.of(t.rng("responder_ephemeral")))
        .clock(ReferenceTranscript.clockAt(now))
        .build();
  }

  @Test
  void aCredentialResponderSendsTheReferencesMessageByteForByte() {
    ServerCredential c = vectorCredential();
    // Same authority, static key, window and aux randomness as the reference's transcript: the
    // offline-signed certificate is the reference's, and so is the whole 234-byte answer.
    assertThat(c.certificate().toBytes())
        .isEqualTo(ReferenceTranscript.hex(t.handshake, "signature_noise_message_plaintext_hex"));
    assertThat(c.serverPublicKey()).isEqualTo(ReferenceTranscript.hex(t.key("responder_static"), "xonly_public_key"));
    Responder r = credentialResponder(c, t.number(t.fixed, "responder_now_valid_from") + 1234);
    Responder.Reply reply = r.step1(t.msg0());
    assertThat(reply.message()).isEqualTo(t.msg1());
    assertThat(r.isWiped()).isTrue();
    reply.session().close();
  }

  @Test
  void everyReferenceStep2CheckAcceptsOrRefusesTheCredentialResponder() {
    ServerCredential c = vectorCredential();
    List<Map<String, Object>> checks = t.step2Checks();
    assertThat(checks).hasSize(10);
    for (Map<String, Object> check : checks) {
      String name = (String) check.get("name");
      byte[] msg1 = credentialResponder(c, 1_700_000_500L).step1(t.msg0()).message();
      if (check.get("tamper") != null) {
        Map<String, Object> tamper = Json.object(check.get("tamper"));
        msg1[((Long) tamper.get("msg1_offset")).intValue()] ^= (byte) (long) (Long) tamper.get("xor");
      }
      String key = (String) check.get("authority_xonly_public_key");
      Initiator i = t.initiator(key == null ? null : Hex.decode(key), (Long) check.get("initiator_now"));
      i.step0();
      byte[] m = msg1;
      if (check.get("expected").equals("accept")) {
        NoiseSession s = i.step2(m);
        assertThat(s.certificate()).as(name).isEqualTo(c.certificate());
      } else {
        Kind kind =
            ((String) check.get("reference_error")).contains("InvalidCertificate")
                ? Kind.INVALID_CERTIFICATE
                : Kind.BAD_TAG;
        assertThatThrownBy(() -> i.step2(m))
            .as(name)
            .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(kind));
      }
    }
  }

  @Test
  void manyHandshakesShareTheStaticKeyButNotTheEphemeral() {
    try (AuthorityKeys authority = AuthorityKeys.generate()) {
      ServerCredential c = ServerCredential.issue(authority, Instant.now().minusSeconds(60), Duration.ofDays(30));
      Responder.Builder rb = Responder.builder(c);
      c.destroy(); // the builder has its own copy
      assertThat(rb.usesCredential()).isTrue();
      List<byte[]> ephemerals = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        Initiator i = Initiator.create(authority.publicKey());
        Responder r = rb.build();
        Responder.Reply reply = r.step1(i.step0());
        NoiseSession client = i.step2(reply.message());
        assertThat(client.certificate()).isEqualTo(c.certificate());
        assertThat(client.certificate().subjectKey()).isEqualTo(c.serverPublicKey());
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[hello.length + 16];
        System.arraycopy(hello, 0, buf, 0, hello.length);
        client.encrypt(buf, 0, hello.length);
        reply.session().decrypt(buf, 0, buf.length);
        assertThat(new String(buf, 0, hello.length, StandardCharsets.US_ASCII)).isEqualTo("hello");
        byte[] e = java.util.Arrays.copyOf(reply.message(), 64);
        for (byte[] seen : ephemerals) {
          assertThat(e).isNotEqualTo(seen);
        }
        ephemerals.add(e);
      }
      rb.destroy();
      assertThatThrownBy(rb::build).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void textRoundTripAndFileModes(@TempDir Path dir) throws Exception {
    ServerCredential c = vectorCredential();
    String text = c.toText();
    ServerCredential back = ServerCredential.parse(text);
    assertThat(back.certificate()).isEqualTo(c.certificate());
    assertThat(back.authorityPublicKey()).isEqualTo(t.authorityPublic());
    assertThat(back.toText()).isEqualTo(text);
    assertThat(back.validFrom()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(back.notValidAfter()).isEqualTo(Instant.ofEpochSecond(1_700_003_600L));

    Path f = dir.resolve("server.credential");
    c.write(f);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    assertThat(ServerCredential.read(f).certificate()).isEqualTo(c.certificate());
    assertThatThrownBy(() -> c.write(f)).isInstanceOf(FileAlreadyExistsException.class);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ServerCredential.read(f))
        .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CREDENTIAL))
        .hasMessageContaining("chmod 600");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
    assertThat(ServerCredential.read(f).certificate()).isEqualTo(c.certificate());
    Path big = dir.resolve("big");
    Files.write(big, new byte[ServerCredential.MAX_FILE_SIZE + 1]);
    Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> ServerCredential.read(big)).hasMessageContaining("larger than");
    assertThatThrownBy(() -> ServerCredential.read(dir)).hasMessageContaining("not a regular file");
  }

  @Test
  void wronglySignedAndMalformedCredentialsAreRefused() {
    ServerCredential c = vectorCredential();
    String text = c.toText();
    String sigHex = Hex.encode(c.certificate().signature());
    String flipped = sigHex.substring(0, 70) + (sigHex.charAt(70) == '0' ? '1' : '0') + sigHex.substring(71);
    assertReason(text.replace(sigHex, flipped), Reason.BAD_SIGNATURE);
    // A window changed after signing: the signature no longer covers it.
    assertReason(text.replace("not_valid_after = 1700003600", "not_valid_after = 1800003600"), Reason.BAD_SIGNATURE);
    // Signed by another authority than the one the file names.
    try (AuthorityKeys other = AuthorityKeys.generate()) {
      String renamed =
          text.replace(AuthorityKeys.encodePublicKey(t.authorityPublic()), other.publicKeyText());
      assertReason(renamed, Reason.BAD_SIGNATURE);
    }
    assertReason(text.replace("certificate_version = 0", "certificate_version = 1"), Reason.UNKNOWN_VERSION);

    // A secret that does not belong to the server key.
    String sk = AuthorityKeys.encodeSecretKey(t.rng("responder_static"));
    String written = text.lines().filter(l -> l.startsWith("server_secret_key")).findFirst().orElseThrow();
    String otherSecret = AuthorityKeys.encodeSecretKey(t.authoritySecret());
    assertKind(text.replace(written, "server_secret_key = \"" + otherSecret + "\""), Kind.INVALID_CREDENTIAL, "does not belong");
    // The reference's un-normalised (odd-Y) form of the same secret is accepted.
    assertThat(ServerCredential.parse(text.replace(written, "server_secret_key = \"" + sk + "\"")).certificate())
        .isEqualTo(c.certificate());

    assertKind(text.replace("format = \"" + ServerCredential.FORMAT + "\"", "format = \"x/2\""), Kind.INVALID_CREDENTIAL, "format");
    assertKind(text + "valid_from = 1\n", Kind.INVALID_CREDENTIAL, "given twice");
    assertKind(text + "colour = \"blue\"\n", Kind.INVALID_CREDENTIAL, "unknown key");
    assertKind(text.replace("valid_from = 1700000000", "valid_from = -5"), Kind.INVALID_CREDENTIAL, "decimal");
    assertKind(text.replace("valid_from = 1700000000", "valid_from = 99999999999"), Kind.INVALID_CREDENTIAL, "decimal");
    assertKind(text.replace("valid_from = 1700000000", "valid_from = 1800000000"), Kind.INVALID_CREDENTIAL, "before valid_from");
    assertKind(text.replace(written + "\n", ""), Kind.INVALID_CREDENTIAL, "missing key server_secret_key");
    assertKind(text.replace("signature = \"", "signature = \"zz"), Kind.INVALID_CREDENTIAL, "hex");
    assertKind(text.replace("signature = \"", "signature = \"00"), Kind.INVALID_CREDENTIAL, "64 bytes");
    assertKind(text.replace("format = ", "format ="  + " \"unterminated\n#"), Kind.INVALID_CREDENTIAL, "");
    assertKind("just text\n", Kind.INVALID_CREDENTIAL, "key = value");
    assertKind(text.replace(written, "server_secret_key = \"abc\""), Kind.INVALID_KEY_ENCODING, "");
    // No failure message repeats the secret.
    for (String bad : new String[] {text.replace(written, "server_secret_key = \"" + otherSecret + "\""),
        text.replace(written, written + " trailing")}) {
      assertThatThrownBy(() -> ServerCredential.parse(bad))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(otherSecret).doesNotContain(sk));
    }
  }

  @Test
  void expiredNotYetValidAndWrongAuthorityAreRefusedAndExpiryIsAnnounced() {
    ServerCredential c = vectorCredential();
    Instant from = c.validFrom();
    Instant end = c.notValidAfter();
    ServerCredential.Status ok = c.check(t.authorityPublic(), from.plusSeconds(100), Duration.ofMinutes(10));
    assertThat(ok.expiresSoon()).isFalse();
    assertThat(ok.remaining()).isEqualTo(Duration.ofSeconds(3500));
    assertThat(c.check(end.minusSeconds(60), Duration.ofMinutes(10)).expiresSoon()).isTrue();
    assertThat(c.check(end, Duration.ZERO).expiresSoon()).isTrue();
    assertCheck(() -> c.check(end.plusSeconds(1), Duration.ZERO), Reason.EXPIRED);
    assertCheck(() -> c.check(from.minusSeconds(1), Duration.ZERO), Reason.NOT_YET_VALID);
    try (AuthorityKeys other = AuthorityKeys.generate()) {
      assertCheck(() -> c.check(other.publicKey(), from, Duration.ZERO), Reason.WRONG_AUTHORITY);
    }

    // The responder builder applies the same window at its clock.
    Responder.Builder late = Responder.builder(c).clock(ReferenceTranscript.clockAt(end.getEpochSecond() + 1));
    assertCheck(late::build, Reason.EXPIRED);
    assertCheck(late::credentialStatus, Reason.EXPIRED);
    Responder.Builder early = Responder.builder(c).clock(ReferenceTranscript.clockAt(from.getEpochSecond() - 1));
    assertCheck(early::build, Reason.NOT_YET_VALID);

    // Inside the lead time: one WARNING through System.Logger (JUL backend), then silence.
    Logger jul = Logger.getLogger(Responder.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(h);
    try {
      Responder.Builder quiet =
          Responder.builder(c).clock(ReferenceTranscript.clockAt(from.getEpochSecond() + 10)).expiryWarning(Duration.ofMinutes(5));
      quiet.build().close();
      assertThat(records).isEmpty();
      assertThat(quiet.credentialStatus().orElseThrow().expiresSoon()).isFalse();
      Responder.Builder soon =
          Responder.builder(c).clock(ReferenceTranscript.clockAt(end.getEpochSecond() - 120)).expiryWarning(Duration.ofMinutes(5));
      assertThat(soon.credentialStatus().orElseThrow().expiresSoon()).isTrue();
      soon.build().close();
      soon.build().close();
      soon.build().close();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    } finally {
      jul.removeHandler(h);
    }
    // A signing builder has no credential status.
    assertThat(Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofHours(1)).credentialStatus()).isEmpty();
  }

  @Test
  void secretsOfCredentialsStayOutOfStringsAndAreWiped() {
    ServerCredential c = vectorCredential();
    String effective = (String) t.key("responder_static").get("effective_secret_key");
    String raw = (String) t.key("responder_static").get("rng_bytes");
    Responder.Builder rb = Responder.builder(c).clock(ReferenceTranscript.clockAt(1_700_000_100L));
    Responder r = rb.build();
    for (Object o : new Object[] {c, rb, r}) {
      assertThat(o.toString())
          .doesNotContainIgnoringCase(effective)
          .doesNotContainIgnoringCase(raw)
          .doesNotContain(AuthorityKeys.encodeSecretKey(Hex.decode(effective)));
    }
    assertThat(c.toString()).contains(AuthorityKeys.encodePublicKey(t.authorityPublic()));
    c.destroy();
    assertThat(c.isDestroyed()).isTrue();
    assertThatThrownBy(c::toText).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Responder.builder(c)).isInstanceOf(IllegalStateException.class);
    // A responder built before the builder is destroyed cannot run on a wiped key.
    rb.destroy();
    assertThatThrownBy(() -> r.step1(t.msg0())).isInstanceOf(IllegalStateException.class);
    assertThat(r.isWiped()).isTrue();
  }

  @Test
  void aSignatureFailingItsSelfCheckIsAnInternalErrorAndNothingIsSent() {
    Responder r = t.responder();
    try {
      Schnorr.injectFaultForTests(sig -> sig[63] ^= 1);
      assertThatThrownBy(() -> r.step1(t.msg0()))
          .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INTERNAL_ERROR));
      assertThat(r.isWiped()).isTrue();
      try (AuthorityKeys authority = AuthorityKeys.fromSecretKey(t.authoritySecret())) {
        assertThatThrownBy(
                () -> ServerCredential.issue(authority, t.rng("responder_static"), Instant.EPOCH, Instant.EPOCH, ScriptedRandom.of(t.auxRand())))
            .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INTERNAL_ERROR));
      }
    } finally {
      Schnorr.injectFaultForTests(null);
    }
    assertThat(t.responder().step1(t.msg0()).message()).isEqualTo(t.msg1());
  }

  @Test
  void issueArgumentsAreChecked() {
    try (AuthorityKeys authority = AuthorityKeys.generate()) {
      assertThatThrownBy(() -> ServerCredential.issue(authority, Instant.now(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> ServerCredential.issue(authority, new byte[32], Instant.EPOCH, Instant.EPOCH, RandomSource.secure()))
          .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_SECRET_KEY));
      byte[] sk = t.rng("responder_static");
      assertThatThrownBy(
              () -> ServerCredential.issue(authority, sk, Instant.ofEpochSecond(10), Instant.ofEpochSecond(9), RandomSource.secure()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> ServerCredential.issue(authority, sk, Instant.EPOCH, Instant.ofEpochSecond(1L << 32), RandomSource.secure()))
          .isInstanceOf(IllegalArgumentException.class);
      ServerCredential far = ServerCredential.issue(authority, Instant.ofEpochSecond(0xffff_fff0L), Duration.ofDays(3650));
      assertThat(far.certificate().notValidAfter()).isEqualTo(0xffff_ffffL);
    }
  }

  private static void assertReason(String text, Reason reason) {
    assertThatThrownBy(() -> ServerCredential.parse(text))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INVALID_CERTIFICATE);
              assertThat(e.reason()).isEqualTo(reason);
            });
  }

  private static void assertKind(String text, Kind kind, String message) {
    assertThatThrownBy(() -> ServerCredential.parse(text))
        .isInstanceOfSatisfying(NoiseException.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessageContaining(message);
  }

  private static void assertCheck(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INVALID_CERTIFICATE);
              assertThat(e.reason()).isEqualTo(reason);
            });
  }
  @Test
  void parserEdgesNumbersAndMessages() {
    ServerCredential c = vectorCredential();
    String text = c.toText();
    Kind k = Kind.INVALID_CREDENTIAL;
    assertKind("# comment\n\njust text\n", k, "line 3: expected key = value");
    assertKind("=value\n", k, "line 1: expected key = value");
    assertKind(text.replace("valid_from = 1700000000", "valid_from = # none"), k, "no value for valid_from");
    // Only the ten digits: '/' and ':' are their neighbours in ASCII.
    assertKind(text.replace("valid_from = 1700000000", "valid_from = 17000000/0"), k, "decimal");
    assertKind(text.replace("valid_from = 1700000000", "valid_from = 17000000:0"), k, "decimal");
    // Well-formed numbers up to each field's maximum get as far as the signature or version check.
    assertReason(text.replace("valid_from = 1700000000", "valid_from = 1699999999"), Reason.BAD_SIGNATURE);
    assertReason(text.replace("not_valid_after = 1700003600", "not_valid_after = 4294967295"), Reason.BAD_SIGNATURE);
    assertKind(text.replace("not_valid_after = 1700003600", "not_valid_after = 4294967296"), k, "decimal");
    assertReason(text.replace("certificate_version = 0", "certificate_version = 65535"), Reason.UNKNOWN_VERSION);
    assertReason(text.replace("certificate_version = 0", "certificate_version = 256"), Reason.UNKNOWN_VERSION);
    assertKind(text.replace("certificate_version = 0", "certificate_version = 65536"), k, "decimal");
    // Unknown keys are quoted escaped and cut at 40 characters.
    String key = "a\u0001b c~d\u007fe" + "x".repeat(50);
    assertKind(text + key + " = 1\n", k, "unknown key 'a?b c~d?e" + "x".repeat(31) + "'");
  }

  @Test
  void aOneInstantWindowIsValidAtThatInstantOnly() {
    try (AuthorityKeys authority = AuthorityKeys.fromSecretKey(t.authoritySecret())) {
      Instant at = Instant.ofEpochSecond(1_800_000_000L);
      byte[][] aux = new byte[1][];
      RandomSource recording =
          b -> {
            java.util.Arrays.fill(b, (byte) 7);
            aux[0] = b;
          };
      ServerCredential c = ServerCredential.issue(authority, t.rng("responder_static"), at, at, recording);
      assertThat(aux[0]).as("auxiliary randomness wiped after signing").containsOnly(0);
      ServerCredential back = ServerCredential.parse(c.toText());
      assertThat(back.certificate()).isEqualTo(c.certificate());
      ServerCredential.Status s = back.check(t.authorityPublic(), at, Duration.ZERO);
      assertThat(s.remaining()).isZero();
      assertThat(s.expiresSoon()).isTrue();
      assertCheck(() -> back.check(t.authorityPublic(), at.minusSeconds(1), Duration.ZERO), Reason.NOT_YET_VALID);
      assertCheck(() -> back.check(t.authorityPublic(), at.plusSeconds(1), Duration.ZERO), Reason.EXPIRED);
      // The wrong-authority message shows a wrong 32-byte key, and says what was expected otherwise.
      byte[] other = t.authorityPublic();
      other[0] ^= 1;
      assertThatThrownBy(() -> back.check(other, at, Duration.ZERO))
          .hasMessageContaining("expected " + Hex.encode(other));
      assertThatThrownBy(() -> back.check(new byte[31], at, Duration.ZERO))
          .hasMessageContaining("expected a 32-byte key");
      back.close();
      assertThat(back.isDestroyed()).isTrue();
      assertThat(c.isDestroyed()).isFalse();
    }
  }

  @Test
  void aFileOfExactlyTheMaximumSizeIsRead(@TempDir Path dir) throws Exception {
    String text = vectorCredential().toText();
    int pad = ServerCredential.MAX_FILE_SIZE - text.getBytes(StandardCharsets.UTF_8).length;
    String padded = text + "#" + "x".repeat(pad - 2) + "\n";
    assertThat(padded.getBytes(StandardCharsets.UTF_8)).hasSize(ServerCredential.MAX_FILE_SIZE);
    Path f = dir.resolve("max");
    Files.writeString(f, padded);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThat(ServerCredential.read(f).toText()).isEqualTo(text);
  }
  @Test
  void aCredentialBuilderWorksOnBothEdgesOfTheWindowAndWarnsFromExactlyTheLead() {
    ServerCredential c = vectorCredential();
    long from = c.validFrom().getEpochSecond();
    long end = c.notValidAfter().getEpochSecond();
    for (long now : new long[] {from, end}) {
      Responder.Builder b = Responder.builder(c).clock(ReferenceTranscript.clockAt(now));
      assertThat(b.usesCredential()).isTrue();
      Initiator i =
          Initiator.builder(t.authorityPublic()).clock(ReferenceTranscript.clockAt(now)).build();
      Responder.Reply reply = b.build().step1(i.step0());
      assertThat(i.step2(reply.message()).certificate()).isEqualTo(c.certificate());
    }
    Duration lead = Duration.ofMinutes(5);
    Responder.Builder atLead =
        Responder.builder(c).clock(ReferenceTranscript.clockAt(end - 300)).expiryWarning(lead);
    assertThat(atLead.credentialStatus().orElseThrow().remaining()).isEqualTo(lead);
    assertThat(atLead.credentialStatus().orElseThrow().expiresSoon()).isTrue();
    Responder.Builder before =
        Responder.builder(c).clock(ReferenceTranscript.clockAt(end - 301)).expiryWarning(lead);
    assertThat(before.credentialStatus().orElseThrow().expiresSoon()).isFalse();
    assertThat(before.toString()).contains("credential valid until " + c.notValidAfter());
    Responder r = before.build();
    assertThat(r.toString()).contains("used=false", "credential valid until");
    r.close();
    assertThat(r.toString()).contains("used=true");
  }
}
