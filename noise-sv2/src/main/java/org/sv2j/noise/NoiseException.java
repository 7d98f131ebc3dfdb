package org.sv2j.noise;

import java.util.Objects;

/**
 * The one exception of noise-sv2: a handshake or transport operation failed, or a key or certificate
 * is invalid. Unchecked; {@link #kind()} says what went wrong, {@link #reason()} refines certificate
 * and key-text failures, and {@link #certificate()} carries the certificate that was refused.
 *
 * <p>Messages never contain secret bytes: at most public values (a certificate's fields, a
 * character position in a key string).
 *
 * <h2>What to do with it</h2>
 *
 * <ul>
 *   <li>During a handshake every kind is final: the {@link Initiator} or {@link Responder} has wiped
 *       its secrets and must be dropped; close the connection.
 *   <li>From {@link NoiseSession#decrypt(byte[], int, int)}, {@link Kind#BAD_TAG} leaves the buffer
 *       and counter unchanged. A fail-stop session (the default) then wipes its keys and answers
 *       every later call with {@link Kind#SESSION_FAILED}; a lenient one ({@code failStop(false)})
 *       stays usable, but the Sv2 specification asks to terminate the session either way: a peer
 *       that sends a forged or corrupted frame is not to be trusted with the next one.
 *   <li>{@link Kind#INTERNAL_ERROR} is a fault in this process, not the peer's doing: nothing was
 *       sent; drop the handshake and report it if it repeats.
 *   <li>{@link Kind#NONCE_EXHAUSTED} means the direction has used 2<sup>64</sup>−1 nonces; the only
 *       way on is a new handshake (Sv2 has no rekey).
 * </ul>
 */
public final class NoiseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** ChaCha20-Poly1305 authentication failed: corrupted or forged data, or the wrong key. */
    BAD_TAG,
    /** The responder's certificate was refused; see {@link #reason()} and {@link #certificate()}. */
    INVALID_CERTIFICATE,
    /** A 32-byte x-only public key is not a secp256k1 x coordinate, or does not match its secret. */
    INVALID_PUBLIC_KEY,
    /** A secret key is 0 or not below the group order n (or not 32 bytes). */
    INVALID_SECRET_KEY,
    /** A key's text form (base58check) cannot be decoded; see {@link #reason()}. */
    INVALID_KEY_ENCODING,
    /** A handshake message or ciphertext has the wrong size (truncated, oversized, or shorter than a tag). */
    WRONG_MESSAGE_LENGTH,
    /** The direction's nonce counter reached 2<sup>64</sup>−1, the value Noise reserves. */
    NONCE_EXHAUSTED,
    /**
     * An internal check failed in this process (a BIP-340 signature did not verify right after it
     * was computed: a fault or a bug); nothing was sent. Drop the handshake; report it if it
     * repeats.
     */
    INTERNAL_ERROR,
    /**
     * A fail-stop {@link NoiseSession} refused a call because an earlier message failed to
     * authenticate (its keys are already wiped); close the connection.
     */
    SESSION_FAILED,
    /** A server credential file is malformed or inconsistent; see the message. */
    INVALID_CREDENTIAL
  }

  /** Detail for {@link Kind#INVALID_CERTIFICATE} and {@link Kind#INVALID_KEY_ENCODING}. */
  public enum Reason {
    /** The kind says it all. */
    NONE,
    /** Certificate: now is after not_valid_after + 10 s. */
    EXPIRED,
    /** Certificate: now is before valid_from − 10 s. */
    NOT_YET_VALID,
    /** Certificate: the BIP-340 signature does not verify under the authority key. */
    BAD_SIGNATURE,
    /** Certificate: version other than 0. */
    UNKNOWN_VERSION,
    /** Key text: a character outside the base58 alphabet. */
    BAD_BASE58_CHARACTER,
    /** Key text: the 4-byte double-SHA-256 checksum does not match. */
    BAD_CHECKSUM,
    /** Public key text: the u16 version prefix is not 1. */
    UNSUPPORTED_KEY_VERSION,
    /** Key text: the decoded payload has the wrong length (34 bytes public, 32 secret). */
    WRONG_KEY_LENGTH,
    /** Credential: signed by (or naming) another authority key than the one expected. */
    WRONG_AUTHORITY
  }

  /** What failed (part of the serialized form). */
  private final Kind kind;
  /** Why, for certificate and key-text failures (part of the serialized form). */
  private final Reason reason;
  private final transient Certificate certificate;

  private NoiseException(Kind kind, Reason reason, Certificate certificate, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.certificate = certificate;
  }

  /**
   * An exception of {@code kind} with no further reason. Internal helpers use this.
   *
   * @param kind what failed
   * @param message the details; never key material
   * @return the exception
   */
  public static NoiseException of(Kind kind, String message) {
    return new NoiseException(kind, Reason.NONE, null, message);
  }

  /**
   * A key-text failure ({@link Kind#INVALID_KEY_ENCODING}).
   *
   * @param reason what is wrong with the key text
   * @param message the details; never the key text itself
   * @return the exception
   */
  public static NoiseException keyEncoding(Reason reason, String message) {
    return new NoiseException(Kind.INVALID_KEY_ENCODING, reason, null, message);
  }

  static NoiseException invalidCertificate(Reason reason, Certificate certificate, String detail) {
    return new NoiseException(
        Kind.INVALID_CERTIFICATE,
        reason,
        certificate,
        "invalid certificate (" + detail + "): " + certificate);
  }

  /**
   * What failed.
   *
   * @return the kind of failure
   */
  public Kind kind() {
    return kind;
  }

  /**
   * {@link Reason#NONE} unless the kind is INVALID_CERTIFICATE or INVALID_KEY_ENCODING.
   *
   * @return the reason, or {@link Reason#NONE}
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The refused certificate for {@link Kind#INVALID_CERTIFICATE}, else null.
   *
   * @return the certificate, or {@code null}
   */
  public Certificate certificate() {
    return certificate;
  }
}
