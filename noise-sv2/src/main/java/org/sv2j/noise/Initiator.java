package org.sv2j.noise;

import java.time.Clock;
import java.util.Objects;
import org.sv2j.noise.crypto.ElligatorSwift;
import org.sv2j.noise.crypto.Secp256k1;
import org.sv2j.noise.crypto.SymmetricState;

/**
 * The client side of the Sv2 Noise NX handshake ({@code
 * Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256}): sends a 64-byte ephemeral key, receives the
 * responder's 234-byte answer, checks the responder's certificate against the pool's authority key,
 * and yields the {@link NoiseSession}.
 *
 * <pre>{@code
 * Initiator initiator = Initiator.create(authorityKey);   // 32-byte x-only key of the pool
 * write(initiator.step0());                                // 64 bytes
 * NoiseSession session = initiator.step2(read(234));       // throws NoiseException if refused
 * }</pre>
 *
 * <h2>Life cycle and threads</h2>
 *
 * One object per connection attempt, used once: {@link #step0()} then {@link #step2(byte[])}, each
 * exactly once and in that order; anything else throws {@link IllegalStateException}. The ephemeral
 * secret is drawn when the object is built. After {@code step2} returns or throws, the object has
 * wiped its ephemeral secret, chaining key, handshake hash and the split keys (the session keeps
 * its own cipher state) and is spent. {@link #close()} wipes an abandoned handshake. Not
 * thread-safe.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@link #createUnauthenticated()} accepts any certificate: the session is encrypted but the
 *       server is not authenticated, so anyone on the path can impersonate it. Use it only where the
 *       pool publishes no authority key.
 *   <li>The certificate window is checked against this side's {@link Clock} with 10 s of leeway; a
 *       client clock off by more than that refuses valid pools. Keep clocks NTP-synchronised.
 *   <li>Any failure (including a message of the wrong length) ends the handshake: build a new
 *       initiator to retry, never reuse one.
 * </ul>
 */
public final class Initiator implements AutoCloseable {
  /** Size of the first handshake message (the ElligatorSwift-encoded ephemeral key). */
  public static final int STEP0_MESSAGE_SIZE = 64;
  /** Size of the responder's message that {@link #step2} takes. */
  public static final int STEP2_MESSAGE_SIZE = Responder.STEP1_MESSAGE_SIZE;

  private enum Stage {
    NEW,
    SENT,
    DONE
  }

  private final byte[] authorityKey;
  private final Clock clock;
  private final HandshakeKey ephemeral;
  private final SymmetricState state = new SymmetricState();
  private Stage stage = Stage.NEW;

  private final boolean failStop;

  private Initiator(byte[] authorityKey, Clock clock, RandomSource random, boolean failStop) {
    this.failStop = failStop;
    this.authorityKey = authorityKey;
    this.clock = clock;
    this.ephemeral = HandshakeKey.draw(random);
  }

  /**
   * An initiator that accepts only certificates signed by {@code authorityXOnlyPublicKey} (32-byte
   * x-only key; copied), with a {@link java.security.SecureRandom} and the system clock.
   *
   * @param authorityXOnlyPublicKey the pool authority's 32-byte x-only public key; copied
   * @return a new initiator
   * @throws NoiseException INVALID_PUBLIC_KEY if the key is not a valid x-only key
   */
  public static Initiator create(byte[] authorityXOnlyPublicKey) {
    return builder(authorityXOnlyPublicKey).build();
  }

  /**
   * An initiator that accepts <b>any</b> certificate without checking it: encrypted, but not
   * authenticated (see the class Pitfalls).
   *
   * @return a new unauthenticated initiator
   */
  public static Initiator createUnauthenticated() {
    return unauthenticatedBuilder().build();
  }

  /**
   * A builder for an authenticating initiator; see {@link #create(byte[])}.
   *
   * @param authorityXOnlyPublicKey the pool authority's 32-byte x-only public key; copied
   * @return a new builder
   */
  public static Builder builder(byte[] authorityXOnlyPublicKey) {
    Objects.requireNonNull(authorityXOnlyPublicKey, "authorityXOnlyPublicKey");
    if (!Secp256k1.isValidXOnlyPublicKey(authorityXOnlyPublicKey)) {
      throw NoiseException.of(
          NoiseException.Kind.INVALID_PUBLIC_KEY, "authority key is not a valid x-only key");
    }
    return new Builder(authorityXOnlyPublicKey.clone());
  }

  /**
   * A builder for an initiator that accepts any certificate; see {@link #createUnauthenticated()}.
   *
   * @return a new builder
   */
  public static Builder unauthenticatedBuilder() {
    return new Builder(null);
  }

  /**
   * True if this initiator checks the responder's certificate.
   *
   * @return whether certificates are checked
   */
  public boolean isAuthenticated() {
    return authorityKey != null;
  }

  /**
   * Act 1: returns the 64-byte message to send (this side's ephemeral ElligatorSwift encoding).
   *
   * @return the 64-byte message
   * @throws IllegalStateException if called twice or after close
   */
  public byte[] step0() {
    if (stage != Stage.NEW) {
      throw new IllegalStateException("step0 already done or initiator closed");
    }
    stage = Stage.SENT;
    state.mixHash(ephemeral.encoding, 0, 64);
    state.mixHash(ephemeral.encoding, 0, 0); // EncryptAndHash(empty payload) without a key
    return ephemeral.encoding.clone();
  }

  /**
   * Act 3: processes the responder's 234-byte message and returns the transport session
   * (initiator→responder with the first split key, back with the second). The message array is not
   * modified.
   *
   * @param message the responder's 234-byte reply
   * @return the transport session
   * @throws NoiseException BAD_TAG if the message was corrupted or not meant for this handshake,
   *     INVALID_CERTIFICATE if the certificate is refused, WRONG_MESSAGE_LENGTH if {@code message}
   *     is not 234 bytes; the initiator is spent in every case
   * @throws IllegalStateException if {@link #step0()} has not run, or step2 ran already
   */
  public NoiseSession step2(byte[] message) {
    Objects.requireNonNull(message, "message");
    if (stage != Stage.SENT) {
      throw new IllegalStateException(
          stage == Stage.NEW ? "step2 before step0" : "step2 already done or initiator closed");
    }
    stage = Stage.DONE;
    byte[] ee = null;
    byte[] es = null;
    StepScratch sc = null;
    try {
      if (message.length != STEP2_MESSAGE_SIZE) {
        throw NoiseException.of(
            NoiseException.Kind.WRONG_MESSAGE_LENGTH,
            "handshake message 1 must be 234 bytes, got " + message.length);
      }
      sc = StepScratch.take();
      byte[] work = sc.work;
      System.arraycopy(message, 0, work, 0, STEP2_MESSAGE_SIZE);
      byte[] e = ephemeral.encoding;
      byte[] remoteEphemeral = sc.remoteEphemeral;
      System.arraycopy(work, 0, remoteEphemeral, 0, 64);
      state.mixHash(work, 0, 64);
      ee = ElligatorSwift.xdh(e, remoteEphemeral, ephemeral.secret, true);
      state.mixKey(ee);

      state.decryptAndHash(work, 64, 80);
      byte[] remoteStatic = sc.remoteStatic;
      System.arraycopy(work, 64, remoteStatic, 0, 64);
      // The ECDH decodes the responder's static key anyway; it hands back its x-only form for the
      // certificate (one inversion for both).
      byte[] subjectKey = new byte[32];
      es = ElligatorSwift.xdh(e, remoteStatic, ephemeral.secret, true, subjectKey);
      state.mixKey(es);

      state.decryptAndHash(work, 144, 90);
      Certificate cert = Certificate.parseOwned(work, 144, subjectKey);
      if (authorityKey != null) {
        cert.verify(authorityKey, clock.instant());
      }

      state.split(sc.k1, sc.k2);
      return NoiseSession.of(true, sc.k1, sc.k2, cert, failStop);
    } finally {
      Wipe.all(ee, es);
      if (sc != null) {
        sc.release();
      }
      destroySecrets();
    }
  }

  /** Wipes the handshake secrets if the handshake is abandoned; idempotent. */
  @Override
  public void close() {
    stage = Stage.DONE;
    destroySecrets();
  }

  private void destroySecrets() {
    ephemeral.destroy();
    state.destroy();
  }

  /** True once every handshake secret is wiped; for tests. */
  boolean isWiped() {
    return ephemeral.isWiped() && state.isWiped();
  }

  /** The handshake state; for tests. */
  SymmetricState state() {
    return state;
  }

  @Override
  public String toString() {
    return "Initiator[stage="
        + stage
        + ", authenticated="
        + (authorityKey != null)
        + "]";
  }

  /**
   * Configures an {@link Initiator}: randomness and clock. Reusable; each {@link #build()} draws a
   * new ephemeral key.
   */
  public static final class Builder {
    private final byte[] authorityKey;
    private RandomSource random = Defaults.SECURE_RANDOM;
    private Clock clock = Defaults.CLOCK;
    private boolean failStop = true;

    private Builder(byte[] authorityKey) {
      this.authorityKey = authorityKey;
    }

    /**
     * The randomness source (default {@link RandomSource#secure()}); one 32-byte draw per build.
     *
     * @param random the randomness source
     * @return this builder
     */
    public Builder random(RandomSource random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The clock for the certificate check (default the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether the session fails for good after its first authentication failure (default true);
     * see {@link NoiseSession}. False gives the lenient mode, where a BAD_TAG leaves the session
     * usable.
     *
     * @param failStop true for fail-stop sessions
     * @return this builder
     */
    public Builder failStop(boolean failStop) {
      this.failStop = failStop;
      return this;
    }

    /**
     * A new initiator; draws its ephemeral secret now.
     *
     * @return a new initiator
     */
    public Initiator build() {
      // The builder's key is private and never modified: initiators share it.
      return new Initiator(authorityKey, clock, random, failStop);
    }
  }
}
