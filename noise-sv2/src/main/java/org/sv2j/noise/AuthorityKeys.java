package org.sv2j.noise;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Base58;
import org.sv2j.noise.crypto.Secp256k1;

/**
 * A pool's authority key pair, and the text form of authority keys used by the Sv2 reference's key
 * tools and configuration files.
 *
 * <ul>
 *   <li>Public key: base58check of {@code 01 00} (u16 little-endian version 1) ‖ the 32-byte x-only
 *       key, e.g. {@code 9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72}.
 *   <li>Secret key: base58check of the 32 raw bytes.
 *   <li>base58check = Bitcoin's base58 of payload ‖ first 4 bytes of SHA256(SHA256(payload)).
 * </ul>
 *
 * <p>Decoding fails with {@link NoiseException} of kind {@link NoiseException.Kind#INVALID_KEY_ENCODING}
 * and a {@link Reason} (BAD_BASE58_CHARACTER, BAD_CHECKSUM, UNSUPPORTED_KEY_VERSION, WRONG_KEY_LENGTH),
 * or with INVALID_PUBLIC_KEY / INVALID_SECRET_KEY when the bytes decode but are not a key. Input is
 * not trimmed.
 *
 * <p>An instance holds the public key and the secret key. It is immutable until {@link #destroy()},
 * which wipes the secret; {@link #toString()} shows only the public key. Accessors return copies.
 * Thread-safe for reading; do not race {@code destroy()} with readers.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>The secret key's text form is as secret as its bytes: keep it out of logs and command lines.
 *   <li>Keys read from files usually end with a newline: {@code strip()} the text first; decoding
 *       reports whitespace as a bad base58 character.
 *   <li>Java strings cannot be wiped: prefer reading the secret once at start-up, handing the bytes
 *       to {@link Responder#builder}, and calling {@link #destroy()}.
 * </ul>
 */
public final class AuthorityKeys implements AutoCloseable {
  /** The version written before a public key in its text form. */
  public static final int PUBLIC_KEY_VERSION = 1;

  private final byte[] publicKey;
  private final byte[] secretKey;

  private AuthorityKeys(byte[] publicKey, byte[] secretKey) {
    this.publicKey = publicKey;
    this.secretKey = secretKey;
  }

  /**
   * A new random key pair, normalised to even Y, from a {@link java.security.SecureRandom}.
   *
   * @return the new key pair
   */
  public static AuthorityKeys generate() {
    return generate(Defaults.SECURE_RANDOM);
  }

  /**
   * A new key pair from {@code random} (one 32-byte draw, redrawn if invalid), normalised to even Y.
   *
   * @param random the randomness source
   * @return the new key pair
   */
  public static AuthorityKeys generate(RandomSource random) {
    byte[] raw = HandshakeKey.drawSecret(Objects.requireNonNull(random, "random"));
    try {
      byte[] even = Secp256k1.evenYSecretKey(raw);
      return new AuthorityKeys(Secp256k1.xOnlyPublicKey(even), even);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * The key pair of a 32-byte secret key (copied, kept as given: an odd-Y secret is not negated;
   * BIP-340 signing handles either).
   *
   * @param secretKey the 32-byte secret key; copied
   * @return the key pair
   * @throws NoiseException INVALID_SECRET_KEY
   */
  public static AuthorityKeys fromSecretKey(byte[] secretKey) {
    if (!Secp256k1.isValidSecretKey(secretKey)) {
      throw NoiseException.of(NoiseException.Kind.INVALID_SECRET_KEY, "not a valid secret key");
    }
    return new AuthorityKeys(Secp256k1.xOnlyPublicKey(secretKey), secretKey.clone());
  }

  /**
   * The key pair of a secret key in text form; see {@link #decodeSecretKey(String)}.
   *
   * @param secretKeyText the secret key's base58check text
   * @return the key pair
   */
  public static AuthorityKeys fromSecretKeyText(String secretKeyText) {
    byte[] sk = decodeSecretKey(secretKeyText);
    try {
      return fromSecretKey(sk);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
  }

  /**
   * The text form of a 32-byte x-only public key.
   *
   * @param xOnlyPublicKey the 32-byte x-only public key
   * @return the base58check text
   */
  public static String encodePublicKey(byte[] xOnlyPublicKey) {
    if (xOnlyPublicKey == null || xOnlyPublicKey.length != 32) {
      throw new IllegalArgumentException("x-only public key must be 32 bytes");
    }
    byte[] payload = new byte[34];
    payload[0] = (byte) PUBLIC_KEY_VERSION;
    payload[1] = (byte) (PUBLIC_KEY_VERSION >>> 8);
    System.arraycopy(xOnlyPublicKey, 0, payload, 2, 32);
    return Base58.encodeCheck(payload);
  }

  /**
   * The two parts of a key's base58check text: the payload (34 bytes for a public key: u16 version and
   * x-only key; 32 for a secret key) and the 4-byte checksum, already verified. For tools that explain a
   * key string; {@link #toString()} shows lengths only, since the payload may be a secret.
   *
   * @param payload the decoded payload
   * @param checksum the 4-byte checksum
   */
  public record KeyText(byte[] payload, byte[] checksum) {
    /**
     * Copies both arrays.
     *
     * @param payload the decoded payload
     * @param checksum the 4-byte checksum
     */
    public KeyText {
      payload = payload.clone();
      checksum = checksum.clone();
    }

    /**
     * The decoded payload.
     *
     * @return a copy of the payload
     */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /**
     * The 4-byte checksum.
     *
     * @return a copy of the checksum
     */
    @Override
    public byte[] checksum() {
      return checksum.clone();
    }

    /** Overwrites the payload held by this object. */
    public void wipe() {
      Arrays.fill(payload, (byte) 0);
    }

    @Override
    public String toString() {
      return "KeyText[" + payload.length + "-byte payload, 4-byte checksum]";
    }
  }

  /**
   * Splits a key's text form into payload and checksum, checking the alphabet and the checksum only.
   *
   * @param text a key's base58check text
   * @return the payload and checksum
   * @throws NoiseException INVALID_KEY_ENCODING with reason BAD_BASE58_CHARACTER or BAD_CHECKSUM
   */
  public static KeyText parseKeyText(String text) {
    Objects.requireNonNull(text, "text");
    byte[] payload = Base58.decodeCheck(text);
    byte[] raw = Base58.decode(text);
    try {
      return new KeyText(payload, Arrays.copyOfRange(raw, raw.length - 4, raw.length));
    } finally {
      Arrays.fill(payload, (byte) 0);
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * The 32-byte x-only key of a public key's text form.
   *
   * @param text a public key's base58check text
   * @return the 32-byte x-only public key
   * @throws NoiseException INVALID_KEY_ENCODING (bad character, bad checksum, payload not 34 bytes,
   *     version not 1) or INVALID_PUBLIC_KEY (not a curve x coordinate)
   */
  public static byte[] decodePublicKey(String text) {
    Objects.requireNonNull(text, "text");
    byte[] payload = Base58.decodeCheck(text);
    if (payload.length != 34) {
      throw NoiseException.keyEncoding(
          Reason.WRONG_KEY_LENGTH,
          "public key payload must be 34 bytes (version + key), got " + payload.length);
    }
    int version = (payload[0] & 0xff) | (payload[1] & 0xff) << 8;
    if (version != PUBLIC_KEY_VERSION) {
      throw NoiseException.keyEncoding(
          Reason.UNSUPPORTED_KEY_VERSION, "unsupported public key version " + version);
    }
    byte[] key = Arrays.copyOfRange(payload, 2, 34);
    if (!Secp256k1.isValidXOnlyPublicKey(key)) {
      throw NoiseException.of(
          NoiseException.Kind.INVALID_PUBLIC_KEY, "not a valid x-only public key");
    }
    return key;
  }

  /**
   * The text form of a 32-byte secret key. Treat the result as a secret.
   *
   * @param secretKey the 32-byte secret key
   * @return the base58check text
   */
  public static String encodeSecretKey(byte[] secretKey) {
    if (secretKey == null || secretKey.length != 32) {
      throw new IllegalArgumentException("secret key must be 32 bytes");
    }
    return Base58.encodeCheck(secretKey);
  }

  /**
   * The 32 bytes of a secret key's text form.
   *
   * @param text a secret key's base58check text
   * @return the 32-byte secret key; wipe it after use
   * @throws NoiseException INVALID_KEY_ENCODING (bad character, bad checksum, payload not 32 bytes)
   *     or INVALID_SECRET_KEY (0 or not below the group order)
   */
  public static byte[] decodeSecretKey(String text) {
    Objects.requireNonNull(text, "text");
    byte[] payload = Base58.decodeCheck(text);
    if (payload.length != 32) {
      Arrays.fill(payload, (byte) 0);
      throw NoiseException.keyEncoding(
          Reason.WRONG_KEY_LENGTH, "secret key payload must be 32 bytes, got " + payload.length);
    }
    if (!Secp256k1.isValidSecretKey(payload)) {
      Arrays.fill(payload, (byte) 0);
      throw NoiseException.of(NoiseException.Kind.INVALID_SECRET_KEY, "not a valid secret key");
    }
    return payload;
  }

  /**
   * The 32-byte x-only public key (a copy).
   *
   * @return a copy of the public key
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The 32-byte secret key (a copy; wipe it after use).
   *
   * @return a copy of the secret key
   */
  public byte[] secretKey() {
    checkNotDestroyed();
    return secretKey.clone();
  }

  /**
   * The public key's text form.
   *
   * @return the public key's base58check text
   */
  public String publicKeyText() {
    return encodePublicKey(publicKey);
  }

  /**
   * The secret key's text form.
   *
   * @return the secret key's base58check text; treat it as a secret
   */
  public String secretKeyText() {
    checkNotDestroyed();
    return encodeSecretKey(secretKey);
  }

  /** Wipes the secret key; idempotent. The public key stays available. */
  public void destroy() {
    Arrays.fill(secretKey, (byte) 0);
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  private void checkNotDestroyed() {
    int acc = 0;
    for (byte b : secretKey) {
      acc |= b;
    }
    if (acc == 0) {
      throw new IllegalStateException("secret key destroyed");
    }
  }

  @Override
  public String toString() {
    return "AuthorityKeys[public="
        + publicKeyText()
        + " ("
        + HexFormat.of().formatHex(publicKey)
        + ")]";
  }
}
