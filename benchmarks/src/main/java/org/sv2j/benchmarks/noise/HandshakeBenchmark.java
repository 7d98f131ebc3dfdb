package org.sv2j.benchmarks.noise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.RandomSource;
import org.sv2j.noise.Responder;
import org.sv2j.noise.ServerCredential;

/**
 * The Noise NX handshake: both sides together, and each side alone (object construction included:
 * that is where the ephemeral and static keys are drawn).
 *
 * <ul>
 *   <li>{@code full}: Initiator + Responder from scratch, step0, step1, step2 (authenticated).
 *   <li>{@code fullUnauthenticated}: the same with an initiator that skips the certificate check,
 *       as the reference's handshake benchmark does.
 *   <li>{@code initiator}: build, step0, step2 of a fixed responder message (the initiator's
 *       randomness is fixed so the message fits).
 *   <li>{@code initiatorStep0}: build + step0 (the ephemeral key pair and its encoding are made at
 *       build time, so this is the initiator's cost before its first message); {@code initiator}
 *       minus this is step2 (two ECDHs, the certificate's decode and check).
 *   <li>{@code responder}: build from a server-wide {@link Responder.Builder} and step1.
 *   <li>{@code responderCreate}: {@link Responder#create} (checks and prepares the authority key
 *       every time) and step1.
 *   <li>{@code responderCredential}: build from a {@link ServerCredential}-based builder and step1:
 *       no signature per handshake (one ephemeral key pair and two ECDH).
 *   <li>{@code fullCredential}: {@code full} with that responder.
 * </ul>
 *
 * <p>Randomness comes from a seeded {@link SplittableRandom} so that SecureRandom's cost and
 * blocking do not blur the curve arithmetic being measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandshakeBenchmark {
  private static final long NOW = 1_700_000_000L;
  private static final Duration VALIDITY = Duration.ofHours(1);

  private final SplittableRandom rnd = new SplittableRandom(0xdeadbeefL);
  private final RandomSource random = rnd::nextBytes;
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private byte[] authorityPublic;
  private byte[] authoritySecret;
  private Responder.Builder server;
  private byte[] fixedEphemeral;
  private RandomSource fixedRandom;
  private byte[] msg0;
  private byte[] msg1;
  private Responder.Builder credentialServer;

  @Setup
  public void setup() {
    AuthorityKeys keys = AuthorityKeys.generate(random);
    authorityPublic = keys.publicKey();
    authoritySecret = keys.secretKey();
    server = Responder.builder(authorityPublic, authoritySecret, VALIDITY).random(random).clock(clock);
    fixedEphemeral = new byte[32];
    rnd.nextBytes(fixedEphemeral);
    fixedRandom = b -> System.arraycopy(fixedEphemeral, 0, b, 0, 32);
    Initiator i = initiatorWithFixedKey();
    msg0 = i.step0();
    msg1 = server.build().step1(msg0).message();
    i.step2(msg1);
    byte[] staticSecret = new byte[32];
    do {
      rnd.nextBytes(staticSecret);
    } while ((staticSecret[0] & 0xff) == 0xff); // below n, certainly
    ServerCredential credential =
        ServerCredential.issue(
            keys, staticSecret, Instant.ofEpochSecond(NOW - 60), Instant.ofEpochSecond(NOW + 86_400), random);
    credentialServer =
        Responder.builder(credential).random(random).clock(clock).expiryWarning(Duration.ZERO);
    credential.destroy();
  }

  private Initiator initiatorWithFixedKey() {
    return Initiator.builder(authorityPublic).random(fixedRandom).clock(clock).build();
  }

  @Benchmark
  public NoiseSession full() {
    Initiator i = Initiator.builder(authorityPublic).random(random).clock(clock).build();
    Responder r = server.build();
    Responder.Reply reply = r.step1(i.step0());
    i.step2(reply.message());
    return reply.session();
  }

  @Benchmark
  public NoiseSession fullUnauthenticated() {
    Initiator i = Initiator.unauthenticatedBuilder().random(random).clock(clock).build();
    Responder r = server.build();
    Responder.Reply reply = r.step1(i.step0());
    i.step2(reply.message());
    return reply.session();
  }

  @Benchmark
  public NoiseSession initiator() {
    Initiator i = initiatorWithFixedKey();
    i.step0();
    return i.step2(msg1);
  }

  @Benchmark
  public byte[] initiatorStep0() {
    return initiatorWithFixedKey().step0();
  }

  @Benchmark
  public Responder.Reply responder() {
    return server.build().step1(msg0);
  }

  @Benchmark
  public Responder.Reply responderCreate() {
    return Responder.builder(authorityPublic, authoritySecret, VALIDITY)
        .random(random)
        .clock(clock)
        .build()
        .step1(msg0);
  }

  @Benchmark
  public Responder.Reply responderCredential() {
    return credentialServer.build().step1(msg0);
  }

  @Benchmark
  public NoiseSession fullCredential() {
    Initiator i = Initiator.builder(authorityPublic).random(random).clock(clock).build();
    Responder r = credentialServer.build();
    Responder.Reply reply = r.step1(i.step0());
    i.step2(reply.message());
    return reply.session();
  }
}
