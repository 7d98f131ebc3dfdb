package org.sv2j.noise;

import java.security.SecureRandom;

/**
 * Where the handshake gets its randomness: fills an array with random bytes.
 *
 * <p>The default, {@link #secure()}, is a shared {@link SecureRandom}. Any {@code SecureRandom}
 * fits as a method reference ({@code rng::nextBytes}). Tests script exact bytes with a lambda that
 * copies prepared values; the handshake draws exactly as the Sv2 reference does:
 *
 * <ul>
 *   <li>{@link Initiator}: one 32-byte draw (its ephemeral secret), when it is built;
 *   <li>{@link Responder}: a 32-byte draw for its ephemeral secret, then one for its static secret,
 *       both when it is built, then 32 bytes of BIP-340 auxiliary randomness in {@link
 *       Responder#step1(byte[])}.
 * </ul>
 *
 * <p>A secret-key draw that is not a valid secp256k1 secret (zero or not below the group order,
 * probability about 2<sup>−128</sup>) is discarded and drawn again, as the reference's key
 * generation does; after 64 invalid draws in a row the source is taken to be broken and the
 * build fails with {@link IllegalStateException}.
 *
 * <p>Implementations used by several handshakes at once must be thread-safe ({@code SecureRandom}
 * is).
 *
 * <h2>Pitfalls</h2>
 *
 * A predictable source gives away every session key: the ephemeral secrets are all that protects a
 * handshake. Scripted or seeded sources are for tests and benchmarks only.
 */
@FunctionalInterface
public interface RandomSource {
  /**
   * Fills {@code bytes} completely.
   *
   * @param bytes the array to fill
   */
  void nextBytes(byte[] bytes);

  /**
   * The default source: one shared {@link SecureRandom}.
   *
   * @return the shared secure source
   */
  static RandomSource secure() {
    return Defaults.SECURE_RANDOM;
  }
}
