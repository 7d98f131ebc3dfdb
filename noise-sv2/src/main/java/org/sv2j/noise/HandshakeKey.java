package org.sv2j.noise;

import java.util.Arrays;
import org.sv2j.noise.crypto.ElligatorSwift;
import org.sv2j.noise.crypto.Secp256k1;

/**
 * A handshake key pair drawn from a {@link RandomSource} as the Sv2 reference draws it: 32 bytes,
 * redrawn while not a valid secret, negated if its point has odd Y, and encoded with ElligatorSwift
 * exactly as the reference encodes (deterministic, zero auxiliary randomness).
 */
final class HandshakeKey {
  final byte[] secret;
  final byte[] xOnly;
  final byte[] encoding;

  private HandshakeKey(byte[] secret, byte[] xOnly, byte[] encoding) {
    this.secret = secret;
    this.xOnly = xOnly;
    this.encoding = encoding;
  }

  static HandshakeKey draw(RandomSource random) {
    byte[] raw = drawSecret(random);
    ElligatorSwift.EvenYKeyPair pair = ElligatorSwift.evenYKeyPair(raw);
    Arrays.fill(raw, (byte) 0);
    try {
      return new HandshakeKey(pair.secretKey(), pair.xOnlyPublicKey(), pair.encoding());
    } finally {
      pair.destroy();
    }
  }

  /** The key pair of a given valid secret (copied; normalised to even Y), e.g. a credential's. */
  static HandshakeKey of(byte[] secretKey) {
    ElligatorSwift.EvenYKeyPair pair = ElligatorSwift.evenYKeyPair(secretKey);
    try {
      return new HandshakeKey(pair.secretKey(), pair.xOnlyPublicKey(), pair.encoding());
    } finally {
      pair.destroy();
    }
  }

  /** 32 random bytes forming a valid secret key (0 < k < n), redrawing invalid ones. */
  static byte[] drawSecret(RandomSource random) {
    byte[] raw = new byte[32];
    for (int i = 0; i < Defaults.MAX_KEY_DRAWS; i++) {
      random.nextBytes(raw);
      if (Secp256k1.isValidSecretKey(raw)) {
        return raw;
      }
    }
    Arrays.fill(raw, (byte) 0);
    throw new IllegalStateException(
        "randomness source produced " + Defaults.MAX_KEY_DRAWS + " invalid secret keys in a row");
  }

  void destroy() {
    Arrays.fill(secret, (byte) 0);
  }

  boolean isWiped() {
    int acc = 0;
    for (byte b : secret) {
      acc |= b;
    }
    return acc == 0;
  }
}
