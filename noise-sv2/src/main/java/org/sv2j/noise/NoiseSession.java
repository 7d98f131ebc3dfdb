package org.sv2j.noise;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;
import org.sv2j.noise.crypto.Aead;
import org.sv2j.noise.crypto.Aeads;
import org.sv2j.noise.crypto.CipherState;

/**
 * The transport state after a completed handshake: one ChaCha20-Poly1305 cipher and nonce counter
 * for each direction. Every call protects or opens one Noise transport message, in place, with the
 * 16-byte tag appended.
 *
 * <p>Sv2 sends each frame as the encrypted 6-byte header (22 bytes on the wire) followed by the
 * payload cut into chunks of at most {@value #MAX_CHUNK_PLAINTEXT} bytes, each encrypted on its own
 * ({@value #MAX_CHUNK_CIPHERTEXT} bytes with its tag). That is one {@link #encrypt(byte[], int,
 * int)} per piece on the sub-ranges of a frame buffer, in order: the session neither frames nor
 * chunks.
 *
 * <h2>Ownership and threads</h2>
 *
 * A session is not thread-safe. Sending and receiving use separate counters and keys, and so may run
 * on two threads only if each direction stays on its own thread and the session was handed to them
 * safely; the usual split is a reader calling only {@code decrypt} and a writer calling only {@code
 * encrypt}. {@link #close()} must not race with either.
 *
 * <h2>Nonces</h2>
 *
 * Each direction's counter starts at 0 and counts messages: it is used, then incremented. A failed
 * call consumes nothing. {@link #sendNonce()} and {@link #receiveNonce()} show the next values. When
 * a counter reaches 2<sup>64</sup>−1 (reserved by Noise) that direction throws {@link
 * NoiseException.Kind#NONCE_EXHAUSTED}; Sv2 has no rekey, so reconnect.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@code encrypt} needs 16 free bytes after the plaintext, inside the array (or below the
 *       buffer's capacity); it throws {@link IndexOutOfBoundsException} or {@link
 *       BufferOverflowException} before touching anything otherwise.
 *   <li>A {@link NoiseException.Kind#BAD_TAG} from {@code decrypt} leaves the buffer holding the
 *       unchanged ciphertext and the counter where it was. By default sessions are <em>fail-stop</em>:
 *       the first BAD_TAG wipes both keys and every later call (either direction) throws {@link
 *       NoiseException.Kind#SESSION_FAILED}, so code that forgets to close the connection cannot
 *       keep talking to a peer whose frame failed to authenticate (the Sv2 specification requires
 *       disconnecting). Builders offer {@code failStop(false)} for the lenient mode, where the
 *       session stays usable; never retry by skipping the message: every later one would fail.
 *   <li>Ciphertexts must be decrypted in the order they were produced, with nothing skipped.
 *   <li>After {@link #close()} every call throws {@link IllegalStateException}.
 * </ul>
 *
 * <h2>Backends</h2>
 *
 * By default ({@code auto}) messages below 512 plaintext bytes use sv2j's own pure-Java
 * ChaCha20-Poly1305 (RFC 8439, no allocation). Larger ones use OpenSSL's libcrypto where the
 * application has JNA ({@code net.java.dev.jna:jna}, an optional dependency) on Linux: about three
 * times faster on AVX2 servers, no allocation. Without it, they use the JDK's cipher where HotSpot
 * runs both its ChaCha20 and Poly1305 stubs (JDK 20+ on CPUs with AVX-512 IFMA, or AVX-IFMA from JDK
 * 23; several times faster, about 4.4 KB of garbage per message), and the pure-Java cipher
 * everywhere else. The choice is logged once (logger {@code org.sv2j.noise.crypto.Aeads}); {@code
 * -Dsv2j.noise.aead=java}, {@code =bc} (Bouncy Castle), {@code =jdk} or {@code =native} forces one
 * backend (benchmarks/README.md, "Encrypted codec and sockets"). In {@code auto} mode buffers without
 * an accessible array never take the JDK cipher.
 */
public final class NoiseSession implements AutoCloseable {
  /** Poly1305 tag size, added by every {@code encrypt}. */
  public static final int MAC_SIZE = 16;
  /** Largest Sv2 payload chunk, in plaintext bytes (65,535 − 16). */
  public static final int MAX_CHUNK_PLAINTEXT = 65_519;
  /** Largest Sv2 transport message, in ciphertext bytes. */
  public static final int MAX_CHUNK_CIPHERTEXT = 65_535;

  private final boolean initiator;
  private final CipherState send;
  private final CipherState receive;
  private final Certificate certificate;
  private final boolean failStop;
  private boolean closed;
  private boolean failed;

  NoiseSession(boolean initiator, Aead send, Aead receive, Certificate certificate) {
    this(initiator, send, receive, certificate, true);
  }

  NoiseSession(
      boolean initiator, Aead send, Aead receive, Certificate certificate, boolean failStop) {
    this.initiator = initiator;
    this.failStop = failStop;
    this.send = new CipherState(send);
    this.receive = new CipherState(receive);
    this.certificate = certificate;
  }

  /** A session whose keys are {@code sendKey} and {@code receiveKey}; the arrays are copied. */
  static NoiseSession of(
      boolean initiator, byte[] sendKey, byte[] receiveKey, Certificate certificate) {
    return of(initiator, sendKey, receiveKey, certificate, true);
  }

  /** As {@link #of(boolean, byte[], byte[], Certificate)}, fail-stop or lenient. */
  static NoiseSession of(
      boolean initiator,
      byte[] sendKey,
      byte[] receiveKey,
      Certificate certificate,
      boolean failStop) {
    return new NoiseSession(
        initiator, Aeads.create(sendKey, 0), Aeads.create(receiveKey, 0), certificate, failStop);
  }

  /**
   * Encrypts {@code buf[off, off+len)} in place and writes the tag at {@code buf[off+len,
   * off+len+16)}; returns {@code len + 16}.
   *
   * @param buf the array holding the plaintext, with 16 bytes of room after it
   * @param off index of the plaintext's first byte in {@code buf}
   * @param len the plaintext length
   * @return the ciphertext length, {@code len + 16}
   * @throws IndexOutOfBoundsException if the range plus 16 bytes does not fit in {@code buf}
   * @throws NoiseException NONCE_EXHAUSTED
   */
  public int encrypt(byte[] buf, int off, int len) {
    checkOpen();
    Objects.checkFromIndexSize(off, len, buf.length);
    Objects.checkFromIndexSize(off + len, MAC_SIZE, buf.length);
    return send.encryptWithAd(null, 0, 0, buf, off, len);
  }

  /**
   * Authenticates and decrypts {@code buf[off, off+len)} (ciphertext with its tag) in place;
   * returns {@code len − 16}, the plaintext being at {@code buf[off, off+len−16)}.
   *
   * @param buf the array holding the ciphertext and tag
   * @param off index of the ciphertext's first byte in {@code buf}
   * @param len the ciphertext length, tag included
   * @return the plaintext length, {@code len − 16}
   * @throws NoiseException BAD_TAG (buffer and counter unchanged), WRONG_MESSAGE_LENGTH if {@code
   *     len < 16}, NONCE_EXHAUSTED
   */
  public int decrypt(byte[] buf, int off, int len) {
    checkOpen();
    Objects.checkFromIndexSize(off, len, buf.length);
    try {
      return receive.decryptWithAd(null, 0, 0, buf, off, len);
    } catch (NoiseException e) {
      throw failed(e);
    }
  }

  /**
   * Encrypts the plaintext between {@code buf}'s position and limit in place and moves the limit 16
   * bytes on, over the tag; the position stays. Returns the ciphertext length. Heap buffers are
   * processed in their array; direct ones without allocation through Bouncy Castle.
   *
   * @param buf the buffer holding the plaintext from position to limit
   * @return the ciphertext length, tag included
   * @throws BufferOverflowException if fewer than 16 bytes lie between limit and capacity
   * @throws ReadOnlyBufferException if {@code buf} is read-only
   */
  public int encrypt(ByteBuffer buf) {
    checkOpen();
    if (buf.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    int pos = buf.position();
    int len = buf.limit() - pos;
    if (buf.capacity() - buf.limit() < MAC_SIZE) {
      throw new BufferOverflowException();
    }
    int n;
    if (buf.hasArray()) {
      n = send.encryptWithAd(null, 0, 0, buf.array(), buf.arrayOffset() + pos, len);
    } else {
      int limit = buf.limit();
      buf.limit(limit + MAC_SIZE);
      try {
        n = send.encrypt(buf, pos, len);
      } catch (RuntimeException e) {
        buf.limit(limit);
        throw e;
      }
    }
    buf.limit(pos + n);
    return n;
  }

  /**
   * Authenticates and decrypts the ciphertext between {@code buf}'s position and limit in place and
   * moves the limit back 16 bytes; the position stays. Returns the plaintext length. On failure
   * the buffer's content, position and limit are unchanged.
   *
   * @param buf the buffer holding the ciphertext and tag from position to limit
   * @return the plaintext length
   * @throws ReadOnlyBufferException if {@code buf} is read-only
   * @throws NoiseException as {@link #decrypt(byte[], int, int)}
   */
  public int decrypt(ByteBuffer buf) {
    checkOpen();
    if (buf.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    int pos = buf.position();
    int len = buf.limit() - pos;
    int n;
    try {
      n =
          buf.hasArray()
              ? receive.decryptWithAd(null, 0, 0, buf.array(), buf.arrayOffset() + pos, len)
              : receive.decrypt(buf, pos, len);
    } catch (NoiseException e) {
      throw failed(e);
    }
    buf.limit(pos + n);
    return n;
  }

  /**
   * The next send nonce (unsigned): how many messages this side has encrypted.
   *
   * @return the send nonce
   */
  public long sendNonce() {
    return send.nonce();
  }

  /**
   * The next receive nonce (unsigned): how many messages this side has decrypted.
   *
   * @return the receive nonce
   */
  public long receiveNonce() {
    return receive.nonce();
  }

  /**
   * True for the initiator's (client's) session, false for the responder's.
   *
   * @return whether this is the initiator's session
   */
  public boolean isInitiator() {
    return initiator;
  }

  /**
   * The certificate of this handshake: the one the responder signed, or that the initiator received
   * (checked unless the initiator was {@linkplain Initiator#createUnauthenticated() unauthenticated}).
   *
   * @return the certificate
   */
  public Certificate certificate() {
    return certificate;
  }

  /**
   * Backend name of the ciphers (both directions use the same), for diagnostics.
   *
   * @return the backend's name
   */
  public String backend() {
    return send.backend();
  }

  /** Wipes both keys; idempotent. Every later call except this one throws IllegalStateException. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      send.destroy();
      receive.destroy();
    }
  }

  /** Same as {@link #close()}. */
  public void destroy() {
    close();
  }

  /**
   * True if this session stops for good after its first authentication failure (the default of
   * both builders).
   *
   * @return whether the session is fail-stop
   */
  public boolean isFailStop() {
    return failStop;
  }

  /**
   * True once a fail-stop session saw an authentication failure: its keys are wiped and every
   * call but {@link #close()} throws {@link NoiseException.Kind#SESSION_FAILED}.
   *
   * @return whether the session has failed
   */
  public boolean isFailed() {
    return failed;
  }

  /** On BAD_TAG in fail-stop mode: wipe both keys and refuse everything from now on. */
  private NoiseException failed(NoiseException e) {
    if (failStop && e.kind() == NoiseException.Kind.BAD_TAG) {
      failed = true;
      send.destroy();
      receive.destroy();
    }
    return e;
  }

  /**
   * True once {@link #close()} ran.
   *
   * @return whether the session is closed
   */
  public boolean isClosed() {
    return closed;
  }

  /** Test hooks. */
  CipherState sendState() {
    return send;
  }

  CipherState receiveState() {
    return receive;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session closed");
    }
    if (failed) {
      throw NoiseException.of(
          NoiseException.Kind.SESSION_FAILED,
          "session stopped after a message failed to authenticate; close the connection");
    }
  }

  @Override
  public String toString() {
    return "NoiseSession[role="
        + (initiator ? "initiator" : "responder")
        + ", sendNonce="
        + Long.toUnsignedString(send.nonce())
        + ", receiveNonce="
        + Long.toUnsignedString(receive.nonce())
        + ", backend="
        + (closed ? "closed" : failed ? "failed" : send.backend())
        + "]";
  }
}
