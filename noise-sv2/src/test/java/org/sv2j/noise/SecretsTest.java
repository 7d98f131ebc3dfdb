package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.crypto.Base58;
import org.sv2j.testsupport.Hex;

/** Secrets are wiped when the handshake ends, and no public type prints them. */
class SecretsTest {
  private final ReferenceTranscript t = ReferenceTranscript.load();

  @Test
  void handshakeStateIsWipedOnSuccessAndOnFailure() {
    Initiator i = t.initiator(t.authorityPublic(), t.number(t.fixed, "initiator_now"));
    Responder r = t.responder();
    assertThat(i.isWiped()).isFalse();
    assertThat(r.isWiped()).isFalse();
    Responder.Reply reply = r.step1(i.step0());
    assertThat(r.isWiped()).isTrue();
    assertThat(r.state().isWiped()).isTrue();
    NoiseSession s = i.step2(reply.message());
    assertThat(i.isWiped()).isTrue();
    assertThat(i.state().ck()).containsOnly(0);
    assertThat(i.state().h()).containsOnly(0);

    Initiator failing = t.initiator(t.authorityPublic(), 0); // certificate not yet valid
    failing.step0();
    assertThatThrownBy(() -> failing.step2(t.msg1())).isInstanceOf(NoiseException.class);
    assertThat(failing.isWiped()).isTrue();

    s.close();
    assertThat(s.sendState().hasKey()).isFalse();
    reply.session().close();
  }

  @Test
  void toStringAndMessagesLeakNoSecret() {
    List<String> secrets = new ArrayList<>();
    secrets.add(Hex.encode(t.authoritySecret()));
    secrets.add(Base58.encodeCheck(t.authoritySecret()));
    for (String k : new String[] {"initiator_ephemeral", "responder_ephemeral", "responder_static"}) {
      secrets.add((String) t.key(k).get("rng_bytes"));
      secrets.add((String) t.key(k).get("effective_secret_key"));
    }

    List<Object> objects = new ArrayList<>();
    Responder.Builder rb =
        Responder.builder(t.authorityPublic(), t.authoritySecret(), Duration.ofHours(1))
            .random(t.responderRandom())
            .clock(ReferenceTranscript.clockAt(1_700_000_000L));
    Initiator.Builder ib =
        Initiator.builder(t.authorityPublic())
            .random(t.initiatorRandom())
            .clock(ReferenceTranscript.clockAt(1_700_000_000L));
    objects.add(rb);
    objects.add(ib);
    Responder r = rb.build();
    Initiator i = ib.build();
    objects.add(r);
    objects.add(i);
    Responder.Reply reply = r.step1(i.step0());
    objects.add(reply);
    objects.add(reply.session());
    objects.add(i.step2(reply.message()));
    objects.add(reply.session().certificate());
    objects.add(AuthorityKeys.fromSecretKey(t.authoritySecret()));

    // Exceptions from every failing path.
    Initiator late = t.initiator(t.authorityPublic(), 0);
    late.step0();
    objects.add(catchIt(() -> late.step2(t.msg1())));
    Initiator tampered = t.initiator(t.authorityPublic(), 1_700_000_100L);
    tampered.step0();
    byte[] bad = t.msg1();
    bad[100] ^= 1;
    objects.add(catchIt(() -> tampered.step2(bad)));
    byte[] n = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    objects.add(catchIt(() -> Responder.create(t.authorityPublic(), n, Duration.ZERO)));
    byte[] otherSecret = t.authoritySecret();
    otherSecret[31] ^= 1;
    secrets.add(Hex.encode(otherSecret));
    objects.add(catchIt(() -> Responder.create(t.authorityPublic(), otherSecret, Duration.ZERO)));
    String skText = Base58.encodeCheck(t.authoritySecret());
    String broken = skText.substring(0, 10) + "0" + skText.substring(11);
    objects.add(catchIt(() -> AuthorityKeys.decodeSecretKey(broken)));
    objects.add(catchIt(() -> AuthorityKeys.decodeSecretKey(skText.substring(0, 20))));

    for (Object o : objects) {
      String s = o instanceof Throwable ? String.valueOf(((Throwable) o).getMessage()) + o : o.toString();
      for (String secret : secrets) {
        assertThat(s)
            .as(o.getClass().getSimpleName())
            .doesNotContainIgnoringCase(secret)
            .doesNotContainIgnoringCase(secret.substring(0, 16));
      }
    }
    assertThat(objects).hasSize(15);
    // Public data is shown: the builder names its authority key.
    assertThat(objects.get(0).toString()).contains(HexFormat.of().formatHex(t.authorityPublic()));
  }

  private static Throwable catchIt(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an exception");
  }
}
