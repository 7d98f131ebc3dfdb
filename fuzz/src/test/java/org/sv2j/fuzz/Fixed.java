package org.sv2j.fuzz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.RandomSource;
import org.sv2j.noise.Responder;

/** Deterministic keys, randomness and clocks, so that every fuzz input replays exactly. */
final class Fixed {
  /** The reference's test authority key pair (brief §7.1). */
  static final byte[] AUTHORITY_PUBLIC = AuthorityKeys.decodePublicKey("9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72");
  static final byte[] AUTHORITY_SECRET = AuthorityKeys.decodeSecretKey("mkDLTBBRxdBv998612qipDYoTK3YUrqLe8uWw7gu3iXbSrn2n");
  static final long NOW = 1_700_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  static final Responder.Builder RESPONDERS =
      Responder.builder(AUTHORITY_PUBLIC, AUTHORITY_SECRET, Duration.ofHours(1)).clock(CLOCK).random(random(2));

  private Fixed() {}

  static RandomSource random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return r::nextBytes;
  }

  static Initiator initiator() {
    return Initiator.builder(AUTHORITY_PUBLIC).random(random(1)).clock(CLOCK).build();
  }

  static synchronized Responder responder() {
    // A fresh builder each time keeps the draws, and so every output, identical across runs.
    return Responder.builder(AUTHORITY_PUBLIC, AUTHORITY_SECRET, Duration.ofHours(1)).clock(CLOCK).random(random(2)).build();
  }

  /** Both ends of the same deterministic handshake. */
  record Sessions(NoiseSession initiator, NoiseSession responder, byte[] msg0, byte[] msg1) implements AutoCloseable {
    @Override
    public void close() {
      initiator.close();
      responder.close();
    }
  }

  static Sessions handshake() {
    try (Initiator i = initiator();
        Responder r = responder()) {
      byte[] m0 = i.step0();
      Responder.Reply reply = r.step1(m0);
      return new Sessions(i.step2(reply.message()), reply.session(), m0, reply.message());
    }
  }
}
