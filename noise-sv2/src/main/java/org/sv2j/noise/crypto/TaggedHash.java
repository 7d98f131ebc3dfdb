package org.sv2j.noise.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * BIP-340 tagged hashes: TaggedHash(tag, m) = SHA256(SHA256(tag) ‖ SHA256(tag) ‖ m). Each instance
 * keeps the SHA-256 state after the 64-byte tag prefix (one compression) and starts every hash from
 * a copy of it. Instances are immutable and thread-safe.
 */
final class TaggedHash {
  static final TaggedHash BIP340_AUX = new TaggedHash("BIP0340/aux");
  static final TaggedHash BIP340_NONCE = new TaggedHash("BIP0340/nonce");
  static final TaggedHash BIP340_CHALLENGE = new TaggedHash("BIP0340/challenge");
  static final TaggedHash ELLSWIFT_CREATE = new TaggedHash("secp256k1_ellswift_create");
  static final TaggedHash ELLSWIFT_ENCODE = new TaggedHash("secp256k1_ellswift_encode");
  static final TaggedHash BIP324_ELLSWIFT_XONLY_ECDH = new TaggedHash("bip324_ellswift_xonly_ecdh");

  private final SHA256Digest prefix;

  TaggedHash(String tag) {
    byte[] t = tag.getBytes(StandardCharsets.UTF_8);
    SHA256Digest d = new SHA256Digest();
    d.update(t, 0, t.length);
    byte[] h = new byte[32];
    d.doFinal(h, 0);
    d.update(h, 0, 32);
    d.update(h, 0, 32);
    prefix = d;
  }

  /** A fresh digest that has absorbed the tag prefix; the caller adds the message and finishes. */
  SHA256Digest start() {
    return new SHA256Digest(prefix);
  }

  /** Resets {@code reuse} to the tag prefix (no allocation) and returns it. */
  SHA256Digest start(SHA256Digest reuse) {
    reuse.reset(prefix);
    return reuse;
  }

  byte[] hash(byte[]... parts) {
    SHA256Digest d = start();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
