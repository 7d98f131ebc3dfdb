package org.sv2j.noise;

import java.security.SecureRandom;
import java.time.Clock;

/** Shared defaults of the handshake builders. */
final class Defaults {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final RandomSource SECURE_RANDOM = RANDOM::nextBytes;
  static final Clock CLOCK = Clock.systemUTC();
  /** Invalid secret-key draws in a row after which a randomness source is deemed broken. */
  static final int MAX_KEY_DRAWS = 64;

  private Defaults() {}
}
