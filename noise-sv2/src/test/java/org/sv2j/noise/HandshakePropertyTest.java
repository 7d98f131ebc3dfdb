package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.testsupport.Props;

/**
 * In the spirit of the reference's fuzz target {@code fuzz_noise_handshake_and_roundtrip_encryption}:
 * random authority keys, validity, clock, peer mode (right key, no key, wrong key), and an optional
 * single-byte corruption (XOR 0xFF) of message 1 and of a transport ciphertext. The handshake
 * succeeds iff message 1 is intact and the key is right or absent; a corrupted ciphertext always
 * fails, leaving a lenient session usable and stopping a fail-stop one for good; clean round trips are exact.
 */
class HandshakePropertyTest {
  private enum Peer {
    KNOWN,
    UNAUTHENTICATED,
    WRONG_KEY
  }

  @Test
  void handshakeSucceedsIffNothingIsCorruptedAndTheKeyIsRight() {
    Props.forAll(
        40,
        (SplittableRandom r) -> {
          RandomSource rnd = r::nextBytes;
          AuthorityKeys authority = AuthorityKeys.generate(rnd);
          Peer peer = Peer.values()[r.nextInt(3)];
          long validity = r.nextBoolean() ? r.nextLong(0, 1L << 32) : r.nextLong(0, 3600);
          long now = r.nextLong(0, 1L << 32);
          Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);

          boolean failStop = r.nextBoolean();
          Responder responder =
              Responder.builder(
                      authority.publicKey(), authority.secretKey(), Duration.ofSeconds(validity))
                  .random(rnd)
                  .clock(clock)
                  .failStop(failStop)
                  .build();
          Initiator initiator =
              (peer == Peer.UNAUTHENTICATED
                      ? Initiator.unauthenticatedBuilder()
                      : Initiator.builder(
                          peer == Peer.KNOWN
                              ? authority.publicKey()
                              : AuthorityKeys.generate(rnd).publicKey()))
                  .random(rnd)
                  .clock(clock)
                  .failStop(failStop)
                  .build();

          Responder.Reply reply = responder.step1(initiator.step0());
          byte[] msg1 = reply.message();
          boolean corruptMsg1 = r.nextInt(3) == 0;
          if (corruptMsg1) {
            msg1[r.nextInt(msg1.length)] ^= (byte) 0xff;
          }
          boolean expectOk = !corruptMsg1 && peer != Peer.WRONG_KEY;
          if (!expectOk) {
            Kind want = corruptMsg1 ? Kind.BAD_TAG : Kind.INVALID_CERTIFICATE;
            assertThatThrownBy(() -> initiator.step2(msg1))
                .isInstanceOfSatisfying(
                    NoiseException.class, e -> assertThat(e.kind()).isEqualTo(want));
            assertThat(initiator.isWiped()).isTrue();
            return;
          }
          NoiseSession i = initiator.step2(msg1);
          NoiseSession s = reply.session();
          assertThat(i.certificate()).isEqualTo(s.certificate());

          for (int round = 0; round < 3; round++) {
            boolean fromInitiator = r.nextBoolean();
            NoiseSession a = fromInitiator ? i : s;
            NoiseSession b = fromInitiator ? s : i;
            byte[] msg = new byte[r.nextInt(0, 2000)];
            r.nextBytes(msg);
            byte[] buf = Arrays.copyOf(msg, msg.length + 16);
            a.encrypt(buf, 0, msg.length);
            if (r.nextInt(3) == 0) {
              byte[] bad = buf.clone();
              bad[r.nextInt(bad.length)] ^= (byte) 0xff;
              long before = b.receiveNonce();
              assertThatThrownBy(() -> b.decrypt(bad, 0, bad.length))
                  .isInstanceOfSatisfying(
                      NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_TAG));
              assertThat(b.receiveNonce()).isEqualTo(before);
              if (failStop) {
                // Fail-stop: the good message is refused too, in both directions, for good.
                assertThatThrownBy(() -> b.decrypt(buf, 0, buf.length))
                    .isInstanceOfSatisfying(
                        NoiseException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.SESSION_FAILED));
                assertThatThrownBy(() -> b.encrypt(new byte[16], 0, 0))
                    .isInstanceOfSatisfying(
                        NoiseException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.SESSION_FAILED));
                assertThat(b.isFailed()).isTrue();
                return;
              }
            }
            assertThat(b.decrypt(buf, 0, buf.length)).isEqualTo(msg.length);
            assertThat(Arrays.copyOf(buf, msg.length)).isEqualTo(msg);
          }
        });
  }
}
