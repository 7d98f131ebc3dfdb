package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one complete handshake (both sides, in one thread, compiled) allocates, measured with the
 * thread's allocation counter: at most 8 KB (issue 12 allows 16 KB), for the signing responder, the
 * credential responder and the unauthenticated initiator. The counts are deterministic once the JIT
 * has compiled the handshake; the best of a few rounds keeps a stray compilation or class load out.
 * The pooled temporaries that the handshake borrows come back wiped, and handshakes on many threads
 * sharing one builder (and so the pools) stay correct.
 */
class HandshakeAllocationTest {
  /**
   * Issue 12 allows 16 KB for {@code HandshakeBenchmark.full}, both sides; a handshake allocates
   * 5.5–5.8 KB (JDK 25 / 17), and a pooled engine or scratch that is not given back costs about 1 KB
   * per operation, so the tighter bound also catches a lost return.
   */
  private static final long MAX_BYTES_PER_HANDSHAKE = 8 * 1024;

  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final long NOW = 1_700_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  private static final SplittableRandom RND = new SplittableRandom(12);
  private static final RandomSource RANDOM = b -> {
    synchronized (RND) {
      RND.nextBytes(b);
    }
  };
  private static byte[] authorityPublic;
  private static Responder.Builder signing;
  private static Responder.Builder credential;

  @BeforeAll
  static void keys() {
    AuthorityKeys keys = AuthorityKeys.generate(RANDOM);
    authorityPublic = keys.publicKey();
    signing =
        Responder.builder(authorityPublic, keys.secretKey(), Duration.ofHours(1))
            .random(RANDOM)
            .clock(CLOCK);
    byte[] staticSecret = HandshakeKey.drawSecret(RANDOM);
    ServerCredential c =
        ServerCredential.issue(
            keys,
            staticSecret,
            Instant.ofEpochSecond(NOW - 60),
            Instant.ofEpochSecond(NOW + 86_400),
            RANDOM);
    credential = Responder.builder(c).random(RANDOM).clock(CLOCK).expiryWarning(Duration.ZERO);
    c.destroy();
    java.util.Arrays.fill(staticSecret, (byte) 0);
  }

  /** One handshake, both sides; returns the initiator's session after checking both agree. */
  private static NoiseSession handshake(Initiator.Builder client, Responder.Builder server) {
    Initiator i = client.build();
    Responder r = server.build();
    Responder.Reply reply = r.step1(i.step0());
    NoiseSession s = i.step2(reply.message());
    if (s.certificate().notValidAfter() != reply.session().certificate().notValidAfter()) {
      throw new AssertionError("sides disagree on the certificate");
    }
    return s;
  }

  /** Bytes allocated per handshake on this thread: the best of 3 rounds of 200, after warm-up. */
  private static long bytesPerHandshake(Initiator.Builder client, Responder.Builder server) {
    long id = Thread.currentThread().getId();
    for (int k = 0; k < 3_000; k++) {
      handshake(client, server);
    }
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      long before = MX.getThreadAllocatedBytes(id);
      for (int k = 0; k < 200; k++) {
        handshake(client, server);
      }
      best = Math.min(best, (MX.getThreadAllocatedBytes(id) - before) / 200);
    }
    return best;
  }

  @Test
  void signingHandshakeAllocatesAtMost8Kb() {
    Initiator.Builder client = Initiator.builder(authorityPublic).random(RANDOM).clock(CLOCK);
    assertThat(bytesPerHandshake(client, signing))
        .as("bytes per handshake, signing responder")
        .isPositive()
        .isLessThanOrEqualTo(MAX_BYTES_PER_HANDSHAKE);
  }

  @Test
  void credentialHandshakeAllocatesAtMost8Kb() {
    Initiator.Builder client = Initiator.builder(authorityPublic).random(RANDOM).clock(CLOCK);
    assertThat(bytesPerHandshake(client, credential))
        .as("bytes per handshake, credential responder")
        .isPositive()
        .isLessThanOrEqualTo(MAX_BYTES_PER_HANDSHAKE);
  }

  @Test
  void unauthenticatedHandshakeAllocatesAtMost8Kb() {
    Initiator.Builder client = Initiator.unauthenticatedBuilder().random(RANDOM).clock(CLOCK);
    assertThat(bytesPerHandshake(client, signing))
        .as("bytes per handshake, unauthenticated initiator")
        .isPositive()
        .isLessThanOrEqualTo(MAX_BYTES_PER_HANDSHAKE);
  }

  @Test
  void borrowedTemporariesComeBackWipedAfterSuccessAndFailure() {
    Initiator.Builder client = Initiator.builder(authorityPublic).random(RANDOM).clock(CLOCK);
    handshake(client, signing);
    assertThat(StepScratch.pooledIsWiped()).as("after a handshake").isTrue();

    // A corrupted certificate fails step2 after both ECDHs and the decryption of the static key.
    Initiator i = client.build();
    byte[] reply = signing.build().step1(i.step0()).message();
    reply[200] ^= 1;
    assertThatThrownBy(() -> i.step2(reply)).isInstanceOf(NoiseException.class);
    assertThat(i.isWiped()).isTrue();
    assertThat(StepScratch.pooledIsWiped()).as("after a failed step2").isTrue();

    // A certificate refused by its window (clock far ahead) fails after the parse.
    Initiator late =
        Initiator.builder(authorityPublic)
            .random(RANDOM)
            .clock(Clock.fixed(Instant.ofEpochSecond(NOW + 86_400), ZoneOffset.UTC))
            .build();
    byte[] ok = signing.build().step1(late.step0()).message();
    assertThatThrownBy(() -> late.step2(ok))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.kind()).isEqualTo(NoiseException.Kind.INVALID_CERTIFICATE));
    assertThat(StepScratch.pooledIsWiped()).as("after a refused certificate").isTrue();
  }

  @Test
  void handshakesOnManyThreadsSharingOneBuilderStayCorrect() throws Exception {
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Responder.Builder server = t % 2 == 0 ? signing : credential;
        futures.add(
            pool.submit(
                () -> {
                  Initiator.Builder client =
                      Initiator.builder(authorityPublic).random(RANDOM).clock(CLOCK);
                  int done = 0;
                  for (int k = 0; k < 40; k++) {
                    Initiator i = client.build();
                    Responder.Reply reply = server.build().step1(i.step0());
                    NoiseSession a = i.step2(reply.message());
                    NoiseSession b = reply.session();
                    byte[] buf = new byte[48];
                    buf[0] = (byte) k;
                    buf[31] = 7;
                    a.encrypt(buf, 0, 32);
                    b.decrypt(buf, 0, 48);
                    b.encrypt(buf, 0, 32);
                    a.decrypt(buf, 0, 48);
                    if (buf[0] == (byte) k && buf[31] == 7) {
                      done++;
                    }
                  }
                  return done;
                }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get()).isEqualTo(40);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stepScratchWipeCheckNoticesLeftoversAndReleaseClearsThem() {
    StepScratch sc = StepScratch.take();
    assertThat(sc.isWiped()).isTrue();
    for (byte[] a : new byte[][] {sc.work, sc.remoteEphemeral, sc.remoteStatic, sc.aux, sc.k1, sc.k2}) {
      a[a.length - 1] = 1;
      assertThat(sc.isWiped()).isFalse();
      a[a.length - 1] = 0;
    }
    sc.work[7] = 3;
    sc.k2[0] = 4;
    sc.release();
    assertThat(sc.isWiped()).isTrue();
    assertThat(StepScratch.pooledIsWiped()).isTrue();
  }
}
