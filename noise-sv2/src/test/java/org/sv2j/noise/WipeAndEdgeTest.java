package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Base58;
import org.sv2j.noise.crypto.Schnorr;

/**
 * Secrets a caller's own objects can see (the arrays a {@link RandomSource} filled, a responder's
 * authority key) are wiped; certificate identity and the version's high byte; encoding edges.
 */
class WipeAndEdgeTest {
  private final ReferenceTranscript t = ReferenceTranscript.load();

  /** A secure source that remembers every array it filled. */
  private static final class Recording implements RandomSource {
    final List<byte[]> filled = new ArrayList<>();

    @Override
    public void nextBytes(byte[] out) {
      RandomSource.secure().nextBytes(out);
      filled.add(out);
    }
  }

  @Test
  void everyArrayTheRandomnessSourceFilledIsWipedAfterTheHandshake() {
    Recording rr = new Recording();
    Recording ir = new Recording();
    Responder r =
        Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(1)).random(rr).build();
    Initiator i = Initiator.builder(t.authorityPublic()).random(ir).build();
    Responder.Reply reply = r.step1(i.step0());
    NoiseSession s = i.step2(reply.message());
    assertThat(rr.filled).as("two key draws and the signature's aux randomness").hasSizeGreaterThanOrEqualTo(3);
    for (byte[] a : rr.filled) {
      assertThat(a).containsOnly(0);
    }
    for (byte[] a : ir.filled) {
      assertThat(a).containsOnly(0);
    }
    s.close();
    reply.session().close();
  }

  @Test
  void aResponderFromCreateWipesItsAuthorityKeyAfterStep1OrClose() throws Exception {
    Responder r = Responder.create(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(1));
    Schnorr.SigningKey key = (Schnorr.SigningKey) field(r, "authority");
    assertThat(Schnorr.sign(key, new byte[32], new byte[32])).hasSize(64);
    r.step1(Initiator.create(t.authorityPublic()).step0());
    assertThatThrownBy(() -> Schnorr.sign(key, new byte[32], new byte[32]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");

    Responder unused = Responder.create(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(1));
    Schnorr.SigningKey key2 = (Schnorr.SigningKey) field(unused, "authority");
    assertThat(unused.toString()).contains("used=false", "validitySeconds=60");
    unused.close();
    assertThat(unused.toString()).contains("used=true");
    assertThatThrownBy(() -> Schnorr.sign(key2, new byte[32], new byte[32]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedKeyDrawInABuilderLeavesTheBuilderUsable() {
    Responder.Builder b =
        Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(1)).random(out -> {});
    // Every draw is zero: not a valid key, 64 times in a row.
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("invalid");
    // A valid ephemeral, then only zeros for the static key.
    byte[] good = t.rng("responder_ephemeral");
    boolean[] first = {true};
    b.random(
        out -> {
          if (first[0]) {
            System.arraycopy(good, 0, out, 0, 32);
            first[0] = false;
          } else {
            Arrays.fill(out, (byte) 0);
          }
        });
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("invalid");
    // The builder's authority key was not wiped by those failures.
    assertThat(b.usesCredential()).as("a signing builder").isFalse();
    b.random(RandomSource.secure());
    Initiator i = Initiator.create(t.authorityPublic());
    Responder.Reply reply = b.build().step1(i.step0());
    assertThat(i.step2(reply.message()).certificate()).isEqualTo(reply.session().certificate());
  }

  @Test
  void aCredentialWhoseCertificateWasTamperedWithIsRefusedByTheBuilder() throws Exception {
    ServerCredential c;
    try (AuthorityKeys authority = AuthorityKeys.fromSecretKey(t.authoritySecret())) {
      c = ServerCredential.issue(authority, Instant.now(), Duration.ofHours(1));
    }
    Certificate good = c.certificate();
    byte[] bytes = good.toBytes();
    bytes[20] ^= 1; // the signature
    Field f = ServerCredential.class.getDeclaredField("certificate");
    f.setAccessible(true);
    f.set(c, Certificate.parse(bytes, good.subjectKey()));
    assertThatThrownBy(() -> Responder.builder(c))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INVALID_CERTIFICATE);
              assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
            });
    byte[] otherSubject = good.subjectKey();
    otherSubject[31] ^= 1;
    f.set(c, Certificate.parse(good.toBytes(), otherSubject));
    assertThatThrownBy(() -> Responder.builder(c))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CREDENTIAL));
  }

  @Test
  void certificateEqualityHashAndTheVersionsHighByte() {
    Schnorr.SigningKey key = Schnorr.signingKey(t.authoritySecret());
    byte[] subject = ReferenceTranscript.hex(t.key("responder_static"), "xonly_public_key");
    Certificate a = Certificate.sign(key, subject, 0, 100, 200, new byte[32]);
    Certificate same = Certificate.parse(a.toBytes(), subject);
    assertThat(a.equals(a)).isTrue();
    assertThat(a.equals(same)).isTrue();
    assertThat(a.hashCode()).isEqualTo(same.hashCode());
    assertThat(a.equals(null)).isFalse();
    assertThat(a.equals("certificate")).isFalse();
    byte[] otherSubject = subject.clone();
    otherSubject[0] ^= 1;
    List<Certificate> others =
        List.of(
            Certificate.sign(key, subject, 1, 100, 200, new byte[32]),
            Certificate.sign(key, subject, 0, 101, 200, new byte[32]),
            Certificate.sign(key, subject, 0, 100, 201, new byte[32]),
            Certificate.sign(key, subject, 0, 100, 200, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
            Certificate.parse(a.toBytes(), otherSubject));
    for (Certificate o : others) {
      assertThat(a.equals(o)).as(o.toString()).isFalse();
      assertThat(o.equals(a)).isFalse();
    }
    assertThat(others.get(3).hashCode()).as("the signature is hashed").isNotEqualTo(a.hashCode());
    // The version is a u16: its high byte is written and read.
    Certificate v = Certificate.sign(key, subject, 0x0102, 100, 200, new byte[32]);
    byte[] b = v.toBytes();
    assertThat(b[0]).isEqualTo((byte) 2);
    assertThat(b[1]).isEqualTo((byte) 1);
    assertThat(Certificate.parse(b, subject).version()).isEqualTo(0x0102);
    key.destroy();
  }

  @Test
  void encodingEdges() {
    // A character just outside ASCII is a bad character, not an index error.
    assertThatThrownBy(() -> Base58.decode("2\u0080"))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BASE58_CHARACTER));
    // A public key's version is a u16: 0x0101 is not version 1.
    byte[] payload = new byte[34];
    payload[0] = 1;
    payload[1] = 1;
    System.arraycopy(t.authorityPublic(), 0, payload, 2, 32);
    assertThatThrownBy(() -> AuthorityKeys.decodePublicKey(Base58.encodeCheck(payload)))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_KEY_VERSION))
        .hasMessageContaining("257");
    payload[1] = 0;
    assertThat(AuthorityKeys.decodePublicKey(Base58.encodeCheck(payload))).isEqualTo(t.authorityPublic());
    AuthorityKeys k = AuthorityKeys.generate();
    AuthorityKeys.KeyText kt = AuthorityKeys.parseKeyText(k.publicKeyText());
    byte[] raw = Base58.decode(k.publicKeyText());
    assertThat(kt.payload()).isEqualTo(Arrays.copyOf(raw, 34));
    assertThat(kt.checksum()).isEqualTo(Arrays.copyOfRange(raw, 34, 38));
    assertThat(AuthorityKeys.parseKeyText(k.secretKeyText()).payload()).isEqualTo(k.secretKey());
    k.close();
    assertThatThrownBy(k::secretKey).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(k::secretKeyText).isInstanceOf(IllegalStateException.class);
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
  @Test
  void anUnauthenticatedInitiatorAndTheInitiatorsName() {
    Initiator u = Initiator.createUnauthenticated();
    assertThat(u.isAuthenticated()).isFalse();
    assertThat(u.toString()).isEqualTo("Initiator[stage=NEW, authenticated=false]");
    Responder r = Responder.create(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(1));
    Responder.Reply reply = r.step1(u.step0());
    assertThat(u.toString()).contains("stage=SENT");
    NoiseSession s = u.step2(reply.message());
    assertThat(u.toString()).contains("stage=DONE");
    assertThat(s.isInitiator()).isTrue();
    byte[] buf = new byte[20];
    s.encrypt(buf, 0, 4);
    assertThat(reply.session().decrypt(buf, 0, 20)).isEqualTo(4);
    Initiator a = Initiator.create(t.authorityPublic());
    assertThat(a.isAuthenticated()).isTrue();
    assertThat(a.toString()).isEqualTo("Initiator[stage=NEW, authenticated=true]");
  }
  @Test
  void keyDrawsAreBoundedAndWipedAndSmallObjectsNameThemselves() {
    // A source that only yields invalid secrets (all ones, above the group order): exactly 64 draws.
    List<byte[]> filled = new ArrayList<>();
    RandomSource invalid =
        out -> {
          Arrays.fill(out, (byte) 0xff);
          filled.add(out);
        };
    assertThatThrownBy(() -> Initiator.builder(t.authorityPublic()).random(invalid).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("64 invalid");
    assertThat(filled).hasSize(Defaults.MAX_KEY_DRAWS);
    assertThat(filled.get(0)).as("the refused draw is wiped").containsOnly(0);

    Responder r = Responder.create(t.authorityPublic(), t.authoritySecret(), Duration.ofMinutes(1));
    Responder.Reply reply = r.step1(Initiator.create(t.authorityPublic()).step0());
    assertThat(reply.toString()).startsWith("Reply[message=234 bytes, session=NoiseSession[role=responder");

    AuthorityKeys.KeyText kt = AuthorityKeys.parseKeyText(AuthorityKeys.generate().publicKeyText());
    assertThat(kt.toString()).isEqualTo("KeyText[34-byte payload, 4-byte checksum]");
    kt.wipe();
    assertThat(kt.payload()).containsOnly(0).hasSize(34);
  }
}
