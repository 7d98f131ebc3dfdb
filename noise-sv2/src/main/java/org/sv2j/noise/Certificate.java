package org.sv2j.noise;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Schnorr;
import org.sv2j.noise.crypto.ScratchPool;
import org.sv2j.noise.crypto.Secp256k1;

/**
 * The Sv2 certificate ("SIGNATURE_NOISE_MESSAGE", 74 bytes) by which a pool's authority vouches for
 * the static key a {@link Responder} uses in one handshake.
 *
 * <table>
 *   <caption>Wire layout (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>2</td><td>version, u16 (only 0 is defined)</td></tr>
 *   <tr><td>2</td><td>4</td><td>valid_from, u32 Unix seconds</td></tr>
 *   <tr><td>6</td><td>4</td><td>not_valid_after, u32 Unix seconds</td></tr>
 *   <tr><td>10</td><td>64</td><td>BIP-340 signature by the authority key</td></tr>
 * </table>
 *
 * <p>The signature covers {@code SHA256(bytes 0..10 ‖ subject key)}, where the subject key is the
 * x-only form of the responder's static key. That key travels separately (encrypted in the same
 * handshake message), so a {@code Certificate} object carries it alongside the 74 bytes: {@link
 * #parse(byte[], byte[])} takes both, {@link #toBytes()} writes only the 74.
 *
 * <p>Immutable, thread-safe, and public data only: {@link #toString()} shows every field.
 *
 * <h2>Validity</h2>
 *
 * {@link #verify(byte[], long)} accepts iff the version is 0, {@code valid_from − 10 ≤ now ≤
 * not_valid_after + 10} in saturating u32 arithmetic (the 10-second leeway for clock skew, as the
 * Sv2 reference since Dec 2025; now is clamped to the u32 range), and the signature verifies under
 * the authority key. Rejecting versions other than 0 follows the reference's hardening (PR #2283),
 * newer than the snapshot whose transcript the tests replay.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>A certificate proves nothing without its subject key: parse it with the static key that
 *       came in the same handshake, never with a key from elsewhere.
 *   <li>{@link NoiseSession#certificate()} of an unauthenticated initiator was never verified.
 * </ul>
 */
public final class Certificate {
  /** Size of the serialized certificate. */
  public static final int SIZE = 74;
  /** The only defined version. */
  public static final int VERSION_0 = 0;
  /** Clock skew tolerated on both ends of the validity window, in seconds. */
  public static final long LEEWAY_SECONDS = 10;

  private static final long U32_MAX = 0xffff_ffffL;
  private static final HexFormat HEX = HexFormat.of();

  private final int version;
  private final long validFrom;
  private final long notValidAfter;
  private final byte[] signature;
  private final byte[] subjectKey;

  private Certificate(
      int version, long validFrom, long notValidAfter, byte[] signature, byte[] subjectKey) {
    this.version = version;
    this.validFrom = validFrom;
    this.notValidAfter = notValidAfter;
    this.signature = signature;
    this.subjectKey = subjectKey;
  }

  /**
   * Parses the 74 bytes of a certificate for the given subject key (32-byte x-only). Every 74-byte
   * string parses; validity is {@link #verify}'s business. NoiseException WRONG_MESSAGE_LENGTH if
   * {@code bytes} is not 74 bytes long.
   *
   * @param bytes the 74 certificate bytes
   * @param subjectXOnlyKey the 32-byte x-only key the certificate is about
   * @return the parsed certificate
   */
  public static Certificate parse(byte[] bytes, byte[] subjectXOnlyKey) {
    if (bytes.length != SIZE) {
      throw NoiseException.of(
          NoiseException.Kind.WRONG_MESSAGE_LENGTH, "certificate must be 74 bytes");
    }
    return parse(bytes, 0, subjectXOnlyKey);
  }

  /**
   * Parses {@code bytes[off, off+74)}; see {@link #parse(byte[], byte[])}.
   *
   * @param bytes the array holding the certificate
   * @param off index of the certificate's first byte in {@code bytes}
   * @param subjectXOnlyKey the 32-byte x-only key the certificate is about
   * @return the parsed certificate
   */
  public static Certificate parse(byte[] bytes, int off, byte[] subjectXOnlyKey) {
    Objects.checkFromIndexSize(off, SIZE, bytes.length);
    int version = (bytes[off] & 0xff) | (bytes[off + 1] & 0xff) << 8;
    long validFrom = u32(bytes, off + 2);
    long notValidAfter = u32(bytes, off + 6);
    return parseOwned(bytes, off, checkSubject(subjectXOnlyKey));
  }

  /** As {@link #parse(byte[], int, byte[])}, taking ownership of a fresh 32-byte subject array. */
  static Certificate parseOwned(byte[] bytes, int off, byte[] subject) {
    Objects.checkFromIndexSize(off, SIZE, bytes.length);
    if (subject.length != 32) {
      throw new IllegalArgumentException("subject key must be a 32-byte x-only key");
    }
    int version = (bytes[off] & 0xff) | (bytes[off + 1] & 0xff) << 8;
    long validFrom = u32(bytes, off + 2);
    long notValidAfter = u32(bytes, off + 6);
    byte[] sig = Arrays.copyOfRange(bytes, off + 10, off + SIZE);
    return new Certificate(version, validFrom, notValidAfter, sig, subject);
  }

  /**
   * Signs a certificate (what a responder does). {@code validFrom} and {@code notValidAfter} must be
   * in the u32 range; {@code auxRand32} is the BIP-340 auxiliary randomness.
   */
  static Certificate sign(
      Schnorr.SigningKey authority,
      byte[] subjectXOnlyKey,
      int version,
      long validFrom,
      long notValidAfter,
      byte[] auxRand32) {
    checkU32(validFrom, "validFrom");
    checkU32(notValidAfter, "notValidAfter");
    byte[] subject = checkSubject(subjectXOnlyKey);
    byte[] sig;
    DigestScratch d = DIGESTS.take();
    try {
      sig = Schnorr.sign(authority, d.digest(version, validFrom, notValidAfter, subject), auxRand32);
    } catch (Schnorr.SigningFault e) {
      throw NoiseException.of(
          NoiseException.Kind.INTERNAL_ERROR,
          "certificate signature failed its self-check; not sent");
    } finally {
      DIGESTS.give(d);
    }
    return new Certificate(version, validFrom, notValidAfter, sig, subject);
  }

  /**
   * The 74 bytes of this certificate.
   *
   * @return a new 74-byte array
   */
  public byte[] toBytes() {
    byte[] out = new byte[SIZE];
    writeTo(out, 0);
    return out;
  }

  /**
   * Writes the 74 bytes to {@code dst[off, off+74)}.
   *
   * @param dst the array to write into
   * @param off index in {@code dst} of the first byte written
   */
  public void writeTo(byte[] dst, int off) {
    Objects.checkFromIndexSize(off, SIZE, dst.length);
    writeHeader(dst, off, version, validFrom, notValidAfter);
    System.arraycopy(signature, 0, dst, off + 10, 64);
  }

  /**
   * The version field (0 is the only one defined).
   *
   * @return the version
   */
  public int version() {
    return version;
  }

  /**
   * valid_from, Unix seconds (unsigned u32 as a long).
   *
   * @return valid_from in Unix seconds, 0 to 2^32 − 1
   */
  public long validFrom() {
    return validFrom;
  }

  /**
   * not_valid_after, Unix seconds (unsigned u32 as a long).
   *
   * @return not_valid_after in Unix seconds, 0 to 2^32 − 1
   */
  public long notValidAfter() {
    return notValidAfter;
  }

  /**
   * The 64-byte BIP-340 signature (a copy).
   *
   * @return a copy of the signature
   */
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The x-only static key this certificate is about (a copy).
   *
   * @return a copy of the 32-byte subject key
   */
  public byte[] subjectKey() {
    return subjectKey.clone();
  }

  /**
   * The 32-byte digest the authority signs: SHA256(bytes 0..10 ‖ subject key).
   *
   * @return the 32-byte digest
   */
  public byte[] signedDigest() {
    return digest(version, validFrom, notValidAfter, subjectKey);
  }

  /**
   * {@link #verify(byte[], long)} at {@code now}.
   *
   * @param authorityXOnlyPublicKey the authority's 32-byte x-only public key
   * @param now the time to check the validity window against
   */
  public void verify(byte[] authorityXOnlyPublicKey, Instant now) {
    verify(authorityXOnlyPublicKey, now.getEpochSecond());
  }

  /**
   * Checks version, validity window (±10 s) and signature; returns normally iff the certificate is
   * acceptable at {@code nowEpochSeconds}. NoiseException INVALID_CERTIFICATE with reason
   * UNKNOWN_VERSION, NOT_YET_VALID, EXPIRED or BAD_SIGNATURE (checked in that order), carrying this
   * certificate; INVALID_PUBLIC_KEY if the authority key is not a valid x-only key.
   *
   * @param authorityXOnlyPublicKey the authority's 32-byte x-only public key
   * @param nowEpochSeconds the time to check the validity window against, in Unix seconds
   */
  public void verify(byte[] authorityXOnlyPublicKey, long nowEpochSeconds) {
    if (!Secp256k1.isValidXOnlyPublicKey(authorityXOnlyPublicKey)) {
      throw NoiseException.of(
          NoiseException.Kind.INVALID_PUBLIC_KEY, "authority key is not a valid x-only key");
    }
    if (version != VERSION_0) {
      throw NoiseException.invalidCertificate(Reason.UNKNOWN_VERSION, this, "unknown version");
    }
    long now = Math.max(0, Math.min(U32_MAX, nowEpochSeconds));
    if (now < Math.max(0, validFrom - LEEWAY_SECONDS)) {
      throw NoiseException.invalidCertificate(
          Reason.NOT_YET_VALID, this, "not yet valid at " + now);
    }
    if (now > Math.min(U32_MAX, notValidAfter + LEEWAY_SECONDS)) {
      throw NoiseException.invalidCertificate(Reason.EXPIRED, this, "expired at " + now);
    }
    boolean valid;
    DigestScratch d = DIGESTS.take();
    try {
      valid =
          Schnorr.verify(
              authorityXOnlyPublicKey,
              d.digest(version, validFrom, notValidAfter, subjectKey),
              signature);
    } finally {
      DIGESTS.give(d);
    }
    if (!valid) {
      throw NoiseException.invalidCertificate(Reason.BAD_SIGNATURE, this, "bad signature");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Certificate)) {
      return false;
    }
    Certificate c = (Certificate) o;
    return version == c.version
        && validFrom == c.validFrom
        && notValidAfter == c.notValidAfter
        && Arrays.equals(signature, c.signature)
        && Arrays.equals(subjectKey, c.subjectKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, validFrom, notValidAfter, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "Certificate[version="
        + version
        + ", validFrom="
        + validFrom
        + " ("
        + Instant.ofEpochSecond(validFrom)
        + "), notValidAfter="
        + notValidAfter
        + " ("
        + Instant.ofEpochSecond(notValidAfter)
        + "), subjectKey="
        + HEX.formatHex(subjectKey)
        + ", signature="
        + HEX.formatHex(signature)
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private static byte[] digest(int version, long validFrom, long notValidAfter, byte[] subject) {
    DigestScratch d = DIGESTS.take();
    try {
      return d.digest(version, validFrom, notValidAfter, subject).clone();
    } finally {
      DIGESTS.give(d);
    }
  }

  /** The digest's temporaries (public data only), pooled so that sign and verify allocate none. */
  private static final class DigestScratch {
    final SHA256Digest sha = new SHA256Digest();
    final byte[] header = new byte[10];
    final byte[] out = new byte[32];

    /** The signed digest, in this scratch's array (valid until the scratch goes back). */
    byte[] digest(int version, long validFrom, long notValidAfter, byte[] subject) {
      writeHeader(header, 0, version, validFrom, notValidAfter);
      sha.update(header, 0, 10);
      sha.update(subject, 0, 32);
      sha.doFinal(out, 0);
      return out;
    }
  }

  private static final ScratchPool<DigestScratch> DIGESTS = new ScratchPool<>(DigestScratch::new);

  private static void writeHeader(
      byte[] dst, int off, int version, long validFrom, long notValidAfter) {
    dst[off] = (byte) version;
    dst[off + 1] = (byte) (version >>> 8);
    putU32(dst, off + 2, validFrom);
    putU32(dst, off + 6, notValidAfter);
  }

  private static long u32(byte[] b, int off) {
    return (b[off] & 0xffL)
        | (b[off + 1] & 0xffL) << 8
        | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24;
  }

  private static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  private static void checkU32(long v, String name) {
    if (v < 0 || v > U32_MAX) {
      throw new IllegalArgumentException(name + " must be in 0..2^32-1");
    }
  }

  private static byte[] checkSubject(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("subject key must be a 32-byte x-only key");
    }
    return key.clone();
  }
}
