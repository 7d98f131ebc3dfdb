package org.sv2j.noise.crypto;

import java.nio.ByteBuffer;

/**
 * ChaCha20-Poly1305 (RFC 8439) bound to one 32-byte key, working in place with the 16-byte tag
 * appended. Internal to noise-sv2; {@link CipherState} owns the nonce counter, an {@code Aead} only
 * sees the 12-byte nonce it is given.
 *
 * <p><b>In place.</b> {@code encrypt} turns {@code buf[off, off+len)} into ciphertext and writes the
 * tag at {@code buf[off+len, off+len+16)}; the caller provides that room. {@code decrypt} takes
 * ciphertext‖tag in {@code buf[off, off+len)} and leaves the plaintext in {@code buf[off,
 * off+len-16)}.
 *
 * <p><b>Failed decryption.</b> The tag is checked before a single byte is decrypted: on {@link
 * org.sv2j.noise.NoiseException.Kind#BAD_TAG} the buffer still holds the ciphertext, unchanged
 * (both backends; tested). Nothing of an unauthenticated message is ever delivered.
 *
 * <p>Not thread-safe: one instance per direction, driven by one thread at a time.
 */
public interface Aead {
  int KEY_SIZE = 32;
  int NONCE_SIZE = 12;
  int TAG_SIZE = 16;

  /**
   * Encrypts {@code buf[off, off+len)} in place and appends the tag; returns {@code len + 16}.
   * {@code ad} may be null when {@code adLen} is 0.
   */
  int encrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len);

  /**
   * Authenticates, then decrypts {@code buf[off, off+len)} (ciphertext‖tag) in place; returns
   * {@code len - 16}. Throws {@code NoiseException} BAD_TAG (buffer untouched) or
   * WRONG_MESSAGE_LENGTH when {@code len < 16}.
   */
  int decrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len);

  /**
   * As {@link #encrypt(byte[], byte[], int, int, byte[], int, int)} with empty AD on the absolute
   * range {@code buf[index, index+len)} of any buffer, direct or heap; the tag goes to {@code
   * index+len}, which must also be below the limit. Position and limit are not used or changed.
   */
  int encrypt(byte[] nonce, ByteBuffer buf, int index, int len);

  /** As {@link #decrypt(byte[], byte[], int, int, byte[], int, int)} on an absolute range. */
  int decrypt(byte[] nonce, ByteBuffer buf, int index, int len);

  /** Short backend name for diagnostics ({@code "bc"}, {@code "jdk"}, {@code "auto"}). */
  String backend();

  /** Overwrites the key material this object holds; the object is unusable afterwards. */
  void destroy();
}
