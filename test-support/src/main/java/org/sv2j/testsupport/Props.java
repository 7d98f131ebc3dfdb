package org.sv2j.testsupport;

import java.util.SplittableRandom;

/**
 * A minimal seeded property runner: runs a property a number of times, each try with its own random
 * source derived from a base seed, and reports the failing try's seed so it can be replayed exactly.
 *
 * <p>CI runs the fixed default seed and try count. Longer or different runs:
 *
 * <ul>
 *   <li>{@code -Dsv2j.props.factor=N} multiplies every property's try count (e.g. 100 for a soak);
 *   <li>{@code -Dsv2j.props.seed=S} replaces the base seed ({@code random} picks a fresh one);
 *   <li>{@code -Dsv2j.props.replay=S} runs only the single try whose seed is {@code S} (as printed).
 * </ul>
 */
public final class Props {
  /** Base seed used when none is given: fixed so that CI is reproducible. */
  public static final long DEFAULT_SEED = 0x5f3759df_2b7e1516L;

  /** One try of a property. */
  @FunctionalInterface
  public interface Property {
    void check(SplittableRandom random) throws Exception;
  }

  private Props() {}

  /** Runs {@code property} {@code tries} times (times the configured factor). */
  public static void forAll(int tries, Property property) {
    String replay = System.getProperty("sv2j.props.replay");
    if (replay != null && !replay.isBlank()) {
      long seed = Long.parseUnsignedLong(replay.strip(), 16);
      runOne(property, seed, 0);
      return;
    }
    long base = baseSeed();
    int factor = Integer.getInteger("sv2j.props.factor", 1);
    long total = (long) tries * Math.max(1, factor);
    SplittableRandom seeds = new SplittableRandom(base);
    for (long i = 0; i < total; i++) {
      runOne(property, seeds.nextLong(), i);
    }
  }

  private static long baseSeed() {
    String s = System.getProperty("sv2j.props.seed");
    if (s == null || s.isBlank()) {
      return DEFAULT_SEED;
    }
    if (s.equals("random")) {
      long seed = new SplittableRandom().nextLong();
      System.out.println("sv2j.props.seed=" + Long.toHexString(seed));
      return seed;
    }
    return Long.parseUnsignedLong(s.strip(), 16);
  }

  private static void runOne(Property property, long seed, long index) {
    try {
      property.check(new SplittableRandom(seed));
    } catch (Throwable t) {
      AssertionError e =
          new AssertionError(
              "property failed on try "
                  + index
                  + "; replay with -Dsv2j.props.replay="
                  + Long.toHexString(seed)
                  + ": "
                  + t,
              t);
      throw e;
    }
  }
}
