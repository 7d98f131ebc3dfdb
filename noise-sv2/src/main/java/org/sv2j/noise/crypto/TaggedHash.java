package org.sv2j.noise.crypto;

/**
 * BIP-340 tagged hashes: TaggedHash(tag, m) = SHA256(SHA256(tag) ‖ SHA256(tag) ‖ m). Each instance
 * keeps the 64-byte tag prefix and feeds it to every hash it starts (one SHA-256 block, which the
 * JDK's hardware-accelerated digest does faster than Bouncy Castle copies a saved state; see {@link
 * Sha256}). Instances are immutable and thread-safe.
 */
final class TaggedHash {
  static final TaggedHash BIP340_AUX = new TaggedHash("BIP0340/aux");
  static final TaggedHash BIP340_NONCE = new TaggedHash("BIP0340/nonce");
  static final TaggedHash BIP340_CHALLENGE = new TaggedHash("BIP0340/challenge");

  private final byte[] prefix;

  TaggedHash(String tag) {
    prefix = Sha256.tagPrefix(tag);
  }

  /** A fresh digest that has absorbed the tag prefix; the caller adds the message and finishes. */
  Sha256 start() {
    return start(new Sha256());
  }

  /** Resets {@code reuse}, feeds it the tag prefix (no allocation) and returns it. */
  Sha256 start(Sha256 reuse) {
    reuse.reset();
    return reuse.update(prefix, 0, prefix.length);
  }

  byte[] hash(byte[]... parts) {
    Sha256 d = start();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
