package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The per-thread scratch of the curve code: results do not depend on which thread computes them or
 * on what that thread computed before, and the handshake's curve operations stay (almost)
 * allocation-free.
 */
class ScratchTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** One handshake's worth of curve work on fixed keys, as bytes to compare. */
  record Work(byte[] encA, byte[] encB, byte[] ecdh, byte[] decoded, byte[] sig, boolean valid) {}

  static Work run(byte[] a, byte[] b, byte[] msg) {
    ElligatorSwift.EvenYKeyPair ka = ElligatorSwift.evenYKeyPair(a);
    ElligatorSwift.EvenYKeyPair kb = ElligatorSwift.evenYKeyPair(b);
    byte[] ecdh = ElligatorSwift.xdh(ka.encoding(), kb.encoding(), ka.secretKey(), true);
    byte[] back = ElligatorSwift.xdh(ka.encoding(), kb.encoding(), kb.secretKey(), false);
    assertThat(back).isEqualTo(ecdh);
    byte[] sig = Schnorr.sign(a, msg, msg);
    boolean valid =
        Schnorr.verify(ka.xOnlyPublicKey(), msg, sig)
            && Schnorr.verify(ka.xOnlyPublicKey(), msg, sig)
            && !Schnorr.verify(kb.xOnlyPublicKey(), msg, sig);
    return new Work(
        ka.encoding(), kb.encoding(), ecdh, ElligatorSwift.decode(kb.encoding()), sig, valid);
  }

  static void assertSame(Work x, Work y) {
    assertThat(x.encA()).isEqualTo(y.encA());
    assertThat(x.encB()).isEqualTo(y.encB());
    assertThat(x.ecdh()).isEqualTo(y.ecdh());
    assertThat(x.decoded()).isEqualTo(y.decoded());
    assertThat(x.sig()).isEqualTo(y.sig());
    assertThat(x.valid()).isEqualTo(y.valid()).isTrue();
  }

  @Test
  void threadsSharingNoScratchAgreeWithOneThread() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    int cases = 24;
    byte[][] as = new byte[cases][];
    byte[][] bs = new byte[cases][];
    byte[][] msgs = new byte[cases][32];
    Work[] expected = new Work[cases];
    for (int i = 0; i < cases; i++) {
      as[i] = Secp256k1Test.randomKey(rnd);
      bs[i] = Secp256k1Test.randomKey(rnd);
      rnd.nextBytes(msgs[i]);
      expected[i] = run(as[i], bs[i], msgs[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int start = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 3; round++) {
                    for (int j = 0; j < cases; j++) {
                      int i = (start * 7 + j * (round + 1)) % cases;
                      assertSame(run(as[i], bs[i], msgs[i]), expected[i]);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void poolReusesGivenObjectsAndStaysBounded() {
    int[] made = {0};
    ScratchPool<int[]> pool =
        new ScratchPool<>(
            () -> {
              made[0]++;
              return new int[1];
            });
    int[] a = pool.take();
    int[] b = pool.take();
    assertThat(a).isNotSameAs(b);
    assertThat(made[0]).isEqualTo(2);
    pool.give(a);
    assertThat(pool.take()).isSameAs(a);
    assertThat(made[0]).isEqualTo(2);
    // More objects than slots: the surplus is dropped, and taking them all back makes new ones.
    List<int[]> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(new int[1]);
    }
    many.forEach(pool::give);
    int reused = 0;
    for (int i = 0; i < 1000; i++) {
      int[] t = pool.take();
      if (many.contains(t)) {
        reused++;
      }
    }
    assertThat(reused).isBetween(4, 999);
  }

  interface Op {
    void run(int i);
  }

  /** Bytes allocated per call of op once warm, the least over up to 12 rounds of 50 calls. */
  static long bytesPerCall(Op op) {
    long best = Long.MAX_VALUE;
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 200; i++) {
      op.run(i);
    }
    for (int round = 0; round < 12 && best > 0; round++) {
      long before = THREADS.getThreadAllocatedBytes(id);
      for (int i = 0; i < 50; i++) {
        op.run(i);
      }
      best = Math.min(best, (THREADS.getThreadAllocatedBytes(id) - before) / 50);
    }
    return best;
  }

  @Test
  void decodingEcdhAndPreparedVerificationAllocateUnderOneKilobyte() {
    SplittableRandom rnd = new SplittableRandom(11);
    byte[][] sks = new byte[8][];
    byte[][] encs = new byte[8][];
    for (int i = 0; i < 8; i++) {
      sks[i] = Secp256k1Test.randomKey(rnd);
      encs[i] = ElligatorSwift.create(sks[i], null);
    }
    byte[] msg = new byte[32];
    byte[] sig = Schnorr.sign(sks[0], msg, msg);
    Schnorr.VerificationKey key = Schnorr.verificationKey(Secp256k1.xOnlyPublicKey(sks[0]));
    // The results (32-byte arrays) and Bouncy Castle's inversion temporaries are what remains.
    assertThat(bytesPerCall(i -> ElligatorSwift.decode(encs[i & 7]))).isLessThan(1024);
    assertThat(
            bytesPerCall(
                i -> ElligatorSwift.xdh(encs[i & 7], encs[(i + 1) & 7], sks[i & 7], true)))
        .isLessThan(1024);
    assertThat(
            bytesPerCall(
                i -> {
                  if (!key.verify(msg, sig)) {
                    throw new AssertionError("valid signature refused");
                  }
                }))
        .isLessThan(1024);
  }
}
