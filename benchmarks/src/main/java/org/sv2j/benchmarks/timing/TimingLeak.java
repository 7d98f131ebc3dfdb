package org.sv2j.benchmarks.timing;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;
import org.sv2j.noise.crypto.ElligatorSwift;
import org.sv2j.noise.crypto.Schnorr;
import org.sv2j.noise.crypto.Secp256k1;

/**
 * A dudect-style timing-leak test (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant
 * time?", 2017) of the secret-dependent operations of noise-sv2. Not a JMH benchmark and not part
 * of CI: a measurement, run by hand (SECURITY.md has the command and the last results).
 *
 * <p>For each target, every measurement picks one of two input classes at random (interleaved, so
 * drifts of the machine hit both alike), times one call with {@link System#nanoTime()}, and feeds
 * the duration into Welch's t-test between the classes. The test is repeated on the samples below
 * a range of percentiles ("cropping", which discards the long tail of interrupts and GC pauses
 * that hides small effects). |t| above 4.5 (dudect's threshold) suggests a leak; above 10 it is
 * certain. Each target also runs an A/A control, where both classes draw from the same
 * distribution: its |t| shows what the harness reports when there is nothing to find. A positive
 * control ({@code bc-comb}: Bouncy Castle's fixed-point comb multiplier, which is not constant
 * time) shows the harness can find a leak.
 *
 * <p>Classes: for the multiplications, class 0 is a fixed secret with most bits zero (k = 2^64 +
 * 1) and class 1 a fresh random secret per call. Signing is fixed against fixed (the low-weight
 * key against one random key): its final verification caches the last public key, so fresh keys
 * would be measured as cache misses, a difference in public data; both classes draw fresh
 * auxiliary randomness, so the verification sees random signatures either way. For the tag check, both classes decrypt the same 64-byte message under a wrong tag,
 * wrong in its first byte (class 0) or in its last byte (class 1): an early-exit comparison would
 * take longer for the second.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.sv2j.benchmarks.timing.TimingLeak [samples] [target...]
 * </pre>
 *
 * targets: gen, sign, ecdh, tag, bc-comb (default: all); samples per target and run (default
 * 100000; the tag check takes 10 times as many).
 */
public final class TimingLeak {
  private static final double THRESHOLD = 4.5;
  private static final double[] CROPS = {1.0, 0.99, 0.95, 0.9, 0.8, 0.7, 0.5, 0.3};

  private TimingLeak() {}

  /** One operation under test: prepares an input of a class, then runs it (only the run is timed). */
  interface Target {
    /** Prepares the input of class {@code cls} (0 or 1) for the next {@link #run()}. */
    void prepare(int cls);

    /** The timed operation; returns something to keep the JIT from dropping it. */
    int run();
  }

  /** Welch's t statistic of two samples given by count, mean and M2 (Welford). */
  static double welch(long n0, double m0, double v0, long n1, double m1, double v1) {
    double s = Math.sqrt(v0 / n0 + v1 / n1);
    return s == 0 ? 0 : (m0 - m1) / s;
  }

  /** The result of one run: max |t| over the crops, and the t of each crop. */
  record Result(double maxAbsT, double[] t, double mean0, double mean1, int n) {}

  /**
   * Measures {@code samples} calls with classes drawn at random; with {@code aa} both classes are
   * prepared as class 1 (A/A control) while the labels stay random.
   */
  static Result measure(Target target, int samples, boolean aa, SplittableRandom rnd) {
    int warm = Math.min(samples, 20_000);
    for (int i = 0; i < warm; i++) {
      target.prepare(rnd.nextInt(2));
      sink += target.run();
    }
    long[] time = new long[samples];
    byte[] cls = new byte[samples];
    for (int i = 0; i < samples; i++) {
      int c = rnd.nextInt(2);
      cls[i] = (byte) c;
      target.prepare(aa ? 1 : c);
      long t0 = System.nanoTime();
      sink += target.run();
      time[i] = System.nanoTime() - t0;
    }
    long[] sorted = time.clone();
    Arrays.sort(sorted);
    double[] ts = new double[CROPS.length];
    double max = 0;
    double mean0 = 0;
    double mean1 = 0;
    for (int k = 0; k < CROPS.length; k++) {
      long limit = CROPS[k] >= 1.0 ? Long.MAX_VALUE : sorted[(int) (CROPS[k] * (samples - 1))];
      long[] n = new long[2];
      double[] mean = new double[2];
      double[] m2 = new double[2];
      for (int i = 0; i < samples; i++) {
        if (time[i] > limit) {
          continue;
        }
        int c = cls[i];
        n[c]++;
        double d = time[i] - mean[c];
        mean[c] += d / n[c];
        m2[c] += d * (time[i] - mean[c]);
      }
      if (n[0] < 2 || n[1] < 2) {
        continue;
      }
      double t = welch(n[0], mean[0], m2[0] / (n[0] - 1), n[1], mean[1], m2[1] / (n[1] - 1));
      ts[k] = t;
      if (Math.abs(t) > max) {
        max = Math.abs(t);
      }
      if (k == 0) {
        mean0 = mean[0];
        mean1 = mean[1];
      }
    }
    return new Result(max, ts, mean0, mean1, samples);
  }

  static volatile int sink;

  private static final BigInteger LOW_WEIGHT = BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE);

  private static byte[] lowWeightKey() {
    byte[] k = new byte[32];
    byte[] v = LOW_WEIGHT.toByteArray();
    System.arraycopy(v, 0, k, 32 - v.length, v.length);
    return k;
  }

  /** Fills {@code out} with a valid random secret key. */
  private static void randomKey(SplittableRandom rnd, byte[] out) {
    do {
      rnd.nextBytes(out);
    } while (!Secp256k1.isValidSecretKey(out));
  }

  static Target gen(SplittableRandom rnd) {
    byte[] fixed = lowWeightKey();
    byte[] random = new byte[32];
    return new Target() {
      byte[] in;

      @Override
      public void prepare(int cls) {
        if (cls == 0) {
          in = fixed;
        } else {
          randomKey(rnd, random);
          in = random;
        }
      }

      @Override
      public int run() {
        return Secp256k1.xOnlyPublicKey(in)[0];
      }
    };
  }

  static Target sign(SplittableRandom rnd, boolean aa) {
    // Fixed vs fixed: the final verification keeps a one-entry cache of prepared public keys, so a
    // fixed key against fresh random keys would measure cache hits (public data), not the secret.
    byte[] fixed = lowWeightKey();
    byte[] other = new byte[32];
    randomKey(rnd, other);
    byte[] msg = new byte[32];
    byte[] aux = new byte[32];
    rnd.nextBytes(msg);
    return new Target() {
      byte[] in;

      @Override
      public void prepare(int cls) {
        rnd.nextBytes(aux);
        in = cls == 0 && !aa ? fixed : other;
      }

      @Override
      public int run() {
        return Schnorr.sign(in, msg, aux)[0];
      }
    };
  }

  static Target ecdh(SplittableRandom rnd) {
    byte[] fixed = lowWeightKey();
    byte[] random = new byte[32];
    byte[] peerSecret = new byte[32];
    randomKey(rnd, peerSecret);
    byte[] peer = ElligatorSwift.create(peerSecret, null);
    byte[] ours = ElligatorSwift.create(fixed, null); // public and fixed: only the secret varies
    return new Target() {
      byte[] in;

      @Override
      public void prepare(int cls) {
        if (cls == 0) {
          in = fixed;
        } else {
          randomKey(rnd, random);
          in = random;
        }
      }

      @Override
      public int run() {
        return ElligatorSwift.xdh(peer, ours, in, false)[0];
      }
    };
  }

  static Target tag() {
    AuthorityKeys keys = AuthorityKeys.generate();
    Responder r =
        Responder.builder(keys.publicKey(), keys.secretKey(), Duration.ofMinutes(1))
            .failStop(false)
            .build();
    Initiator i = Initiator.builder(keys.publicKey()).failStop(false).build();
    Responder.Reply reply = r.step1(i.step0());
    NoiseSession sender = i.step2(reply.message());
    NoiseSession receiver = reply.session();
    byte[] good = new byte[64 + 16];
    sender.encrypt(good, 0, 64);
    byte[] first = good.clone();
    first[64] ^= 1;
    byte[] last = good.clone();
    last[79] ^= 1;
    byte[] buf = new byte[good.length];
    return new Target() {
      byte[] in;

      @Override
      public void prepare(int cls) {
        in = cls == 0 ? first : last;
        System.arraycopy(in, 0, buf, 0, buf.length);
      }

      @Override
      public int run() {
        try {
          return receiver.decrypt(buf, 0, buf.length);
        } catch (NoiseException e) {
          return e.kind().ordinal();
        }
      }
    };
  }

  /** Positive control: Bouncy Castle's comb multiplier on a low-weight vs a random scalar. */
  static Target bcComb(SplittableRandom rnd) {
    X9ECParameters x9 = CustomNamedCurves.getByName("secp256k1");
    ECPoint g = x9.getG();
    FixedPointCombMultiplier m = new FixedPointCombMultiplier();
    BigInteger n = x9.getN();
    return new Target() {
      BigInteger k;

      @Override
      public void prepare(int cls) {
        if (cls == 0) {
          k = LOW_WEIGHT;
        } else {
          byte[] b = new byte[32];
          rnd.nextBytes(b);
          k = new BigInteger(1, b).mod(n);
        }
      }

      @Override
      public int run() {
        return m.multiply(g, k).normalize().getAffineXCoord().toBigInteger().intValue();
      }
    };
  }

  /**
   * Runs the targets named on the command line (default: all).
   *
   * @param args {@code [samples] [target...]}
   */
  public static void main(String[] args) {
    int samples = 100_000;
    List<String> targets = new ArrayList<>();
    for (String a : args) {
      if (a.chars().allMatch(Character::isDigit)) {
        samples = Integer.parseInt(a);
      } else {
        targets.add(a);
      }
    }
    if (targets.isEmpty()) {
      targets = List.of("gen", "sign", "ecdh", "tag", "bc-comb");
    }
    SplittableRandom rnd = new SplittableRandom(new SecureRandom().nextLong());
    System.out.printf(
        Locale.ROOT,
        "dudect-style timing test: Welch's t, 2 classes interleaved at random, crops %s, threshold |t| > %.1f%n",
        Arrays.toString(CROPS),
        THRESHOLD);
    System.out.printf(
        Locale.ROOT,
        "%s %s, %d CPUs; %d samples per run%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        samples);
    System.out.printf(
        Locale.ROOT,
        "%-8s %-8s %10s %12s %12s  %s%n",
        "target",
        "run",
        "max |t|",
        "mean0 ns",
        "mean1 ns",
        "verdict (t per crop)");
    boolean anyLeak = false;
    for (String name : targets) {
      int n = name.equals("tag") ? samples * 10 : samples;
      for (boolean aa : new boolean[] {true, false}) {
        Target t =
            switch (name) {
              case "gen" -> gen(rnd);
              case "sign" -> sign(rnd, aa);
              case "ecdh" -> ecdh(rnd);
              case "tag" -> tag();
              case "bc-comb" -> bcComb(rnd);
              default -> throw new IllegalArgumentException("unknown target " + name);
            };
        Result r = measure(t, n, aa, rnd);
        boolean leak = r.maxAbsT() > THRESHOLD;
        if (leak && !aa && !name.equals("bc-comb")) {
          anyLeak = true;
        }
        StringBuilder ts = new StringBuilder();
        for (double v : r.t()) {
          ts.append(String.format(Locale.ROOT, " %.1f", v));
        }
        System.out.printf(
            Locale.ROOT,
            "%-8s %-8s %10.2f %12.0f %12.0f  %s (%s)%n",
            name,
            aa ? "A/A" : "fix/rand",
            r.maxAbsT(),
            r.mean0(),
            r.mean1(),
            leak ? "LEAK?" : "no leak found",
            ts.toString().strip());
      }
    }
    System.out.println(
        anyLeak
            ? "RESULT: |t| above threshold for a sv2j target (rerun on a quiet machine before concluding)"
            : "RESULT: no sv2j target above threshold");
  }
}
