package org.sv2j.noise;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.sv2j.noise.crypto.ElligatorSwift;
import org.sv2j.noise.crypto.Schnorr;
import org.sv2j.noise.crypto.Secp256k1;
import org.sv2j.noise.crypto.SymmetricState;

/**
 * The server side of the Sv2 Noise NX handshake: takes the initiator's 64-byte ephemeral key and
 * answers with 234 bytes (its ephemeral key, its encrypted static key, and a certificate for that
 * static key signed by the pool's authority key), then hands over the {@link NoiseSession}.
 *
 * <pre>{@code
 * Responder responder = Responder.create(authorityPublic, authoritySecret, Duration.ofHours(1));
 * Responder.Reply reply = responder.step1(read(64));
 * write(reply.message());                                  // 234 bytes
 * NoiseSession session = reply.session();
 * }</pre>
 *
 * <h2>Life cycle and threads</h2>
 *
 * One object per incoming connection, used once. Building one draws its ephemeral and its static
 * secret (the "static" key is fresh per responder, as in the Sv2 reference: the server's identity is
 * the authority's signature, not this key). {@link #step1(byte[])} runs exactly once; it draws 32
 * bytes of BIP-340 auxiliary randomness, signs the certificate {@code [now, now + validity]}, and
 * then wipes the ephemeral and static secrets, chaining key and handshake hash and split keys, and
 * (for a responder from {@link #create}) the authority secret, whether it succeeds or throws.
 * Responders from a {@link Builder} share the builder's authority secret, which the builder wipes in
 * {@link Builder#destroy()}. {@link #close()} wipes an unused responder. Not thread-safe.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>The certificate starts at this side's clock; initiators allow 10 s of skew. A server clock
 *       ahead by more than that is refused by every client until their clocks catch up.
 *   <li>{@link #create} costs three secp256k1 multiplications (authority key, two key pairs) and
 *       {@code step1} three more; a server should keep one {@link Builder}, which prepares the
 *       authority key once. Run handshakes off the I/O thread if they arrive in bursts.
 *   <li>The validity is truncated to whole seconds and saturates at 2<sup>32</sup>−1 seconds;
 *       not_valid_after saturates at 2<sup>32</sup>−1 (year 2106) rather than wrapping.
 * </ul>
 */
public final class Responder implements AutoCloseable {
  /** Size of the initiator's message that {@link #step1} takes. */
  public static final int STEP1_INPUT_SIZE = 64;
  /** Size of the answer: 64 (ephemeral) + 80 (encrypted static) + 90 (encrypted certificate). */
  public static final int STEP1_MESSAGE_SIZE = 234;

  private static final long U32_MAX = 0xffff_ffffL;

  private final Schnorr.SigningKey authority;
  /** True if this responder wipes the authority key (built by {@link #create}). */
  private final boolean ownsAuthority;
  private final long validitySeconds;
  private final int certificateVersion;
  private final Clock clock;
  private final RandomSource random;
  private final HandshakeKey ephemeral;
  private final HandshakeKey staticKey;
  private final SymmetricState state = new SymmetricState();
  private boolean used;

  private Responder(Builder b, boolean ownsAuthority) {
    this.authority = b.authority;
    this.ownsAuthority = ownsAuthority;
    this.validitySeconds = b.validitySeconds;
    this.certificateVersion = b.certificateVersion;
    this.clock = b.clock;
    this.random = b.random;
    HandshakeKey e = null;
    try {
      e = HandshakeKey.draw(b.random);
      this.ephemeral = e;
      this.staticKey = HandshakeKey.draw(b.random);
    } catch (RuntimeException ex) {
      if (ownsAuthority) {
        authority.destroy();
      }
      if (e != null) {
        e.destroy();
      }
      throw ex;
    }
  }

  /**
   * A responder for the authority key pair ({@code authorityXOnlyPublicKey}, 32 bytes, must be the
   * x-only key of {@code authoritySecretKey}, 32 bytes; both copied), signing certificates valid
   * for {@code certificateValidity}, with a {@link java.security.SecureRandom} and the system clock.
   *
   * @param authorityXOnlyPublicKey the authority's 32-byte x-only public key
   * @param authoritySecretKey the authority's 32-byte secret key
   * @param certificateValidity how long the signed certificates are valid, {@code >= 0}
   * @return a new responder
   * @throws NoiseException INVALID_SECRET_KEY if the secret is not a valid key, INVALID_PUBLIC_KEY
   *     if the public key is not its x-only public key
   * @throws IllegalArgumentException if the validity is negative
   */
  public static Responder create(
      byte[] authorityXOnlyPublicKey, byte[] authoritySecretKey, Duration certificateValidity) {
    Builder b = builder(authorityXOnlyPublicKey, authoritySecretKey, certificateValidity);
    b.checkUsable();
    b.transferred = true; // the responder takes the authority key and wipes it after step1
    return new Responder(b, true);
  }

  /**
   * A builder; arguments and checks as {@link #create}.
   *
   * @param authorityXOnlyPublicKey the authority's 32-byte x-only public key
   * @param authoritySecretKey the authority's 32-byte secret key
   * @param certificateValidity how long the signed certificates are valid, {@code >= 0}
   * @return a new builder
   */
  public static Builder builder(
      byte[] authorityXOnlyPublicKey, byte[] authoritySecretKey, Duration certificateValidity) {
    Objects.requireNonNull(authorityXOnlyPublicKey, "authorityXOnlyPublicKey");
    Objects.requireNonNull(authoritySecretKey, "authoritySecretKey");
    Objects.requireNonNull(certificateValidity, "certificateValidity");
    if (certificateValidity.isNegative()) {
      throw new IllegalArgumentException("certificate validity must not be negative");
    }
    if (!Secp256k1.isValidSecretKey(authoritySecretKey)) {
      throw NoiseException.of(
          NoiseException.Kind.INVALID_SECRET_KEY, "authority secret key is not a valid key");
    }
    Schnorr.SigningKey key = Schnorr.signingKey(authoritySecretKey);
    if (!Arrays.equals(key.xOnlyPublicKey(), authorityXOnlyPublicKey)) {
      key.destroy();
      throw NoiseException.of(
          NoiseException.Kind.INVALID_PUBLIC_KEY,
          "authority public key does not belong to the secret key");
    }
    return new Builder(key, Math.min(U32_MAX, certificateValidity.getSeconds()));
  }

  /**
   * Act 2: processes the initiator's 64-byte message and returns the 234-byte answer with the
   * session (responder→initiator with the second split key, back with the first). Draws the 32
   * bytes of BIP-340 auxiliary randomness.
   *
   * @param message the initiator's 64-byte message
   * @return the reply message and the transport session
   * @throws NoiseException WRONG_MESSAGE_LENGTH if {@code message} is not 64 bytes (the responder
   *     is spent)
   * @throws IllegalStateException if called twice or after close
   */
  public Reply step1(byte[] message) {
    Objects.requireNonNull(message, "message");
    if (used) {
      throw new IllegalStateException("step1 already done or responder closed");
    }
    used = true;
    byte[] out = new byte[STEP1_MESSAGE_SIZE];
    byte[] ee = null;
    byte[] es = null;
    byte[] aux = new byte[32];
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    try {
      if (message.length != STEP1_INPUT_SIZE) {
        throw NoiseException.of(
            NoiseException.Kind.WRONG_MESSAGE_LENGTH,
            "handshake message 0 must be 64 bytes, got " + message.length);
      }
      byte[] remoteEphemeral = message.clone();
      state.mixHash(remoteEphemeral, 0, 64);
      state.mixHash(remoteEphemeral, 0, 0); // DecryptAndHash(empty payload) without a key

      System.arraycopy(ephemeral.encoding, 0, out, 0, 64);
      state.mixHash(out, 0, 64);
      ee = ElligatorSwift.xdh(remoteEphemeral, ephemeral.encoding, ephemeral.secret, false);
      state.mixKey(ee);

      System.arraycopy(staticKey.encoding, 0, out, 64, 64);
      state.encryptAndHash(out, 64, 64);
      es = ElligatorSwift.xdh(remoteEphemeral, staticKey.encoding, staticKey.secret, false);
      state.mixKey(es);

      long now = Math.max(0, Math.min(U32_MAX, clock.instant().getEpochSecond()));
      random.nextBytes(aux);
      Certificate cert =
          Certificate.sign(
              authority,
              staticKey.xOnly,
              certificateVersion,
              now,
              Math.min(U32_MAX, now + validitySeconds),
              aux);
      cert.writeTo(out, 144);
      state.encryptAndHash(out, 144, Certificate.SIZE);

      state.split(k1, k2);
      return new Reply(out, NoiseSession.of(false, k2, k1, cert));
    } finally {
      Wipe.all(ee, es, aux, k1, k2);
      destroySecrets();
    }
  }

  /** Wipes the handshake secrets and the authority secret if unused; idempotent. */
  @Override
  public void close() {
    used = true;
    destroySecrets();
  }

  private void destroySecrets() {
    ephemeral.destroy();
    staticKey.destroy();
    if (ownsAuthority) {
      authority.destroy();
    }
    state.destroy();
  }

  /** True once every secret is wiped; for tests. */
  boolean isWiped() {
    return ephemeral.isWiped() && staticKey.isWiped() && state.isWiped();
  }

  SymmetricState state() {
    return state;
  }

  @Override
  public String toString() {
    return "Responder[used=" + used + ", validitySeconds=" + validitySeconds + "]";
  }

  /** The answer of {@link #step1}: the message to send and the session. */
  public static final class Reply {
    private final byte[] message;
    private final NoiseSession session;

    Reply(byte[] message, NoiseSession session) {
      this.message = message;
      this.session = session;
    }

    /**
     * The 234-byte message for the initiator (the caller's array; not copied).
     *
     * @return the 234-byte message
     */
    public byte[] message() {
      return message;
    }

    /**
     * The transport session of this handshake.
     *
     * @return the transport session
     */
    public NoiseSession session() {
      return session;
    }

    @Override
    public String toString() {
      return "Reply[message=" + message.length + " bytes, session=" + session + "]";
    }
  }

  /**
   * Configures {@link Responder}s for one authority key pair: randomness, clock, validity. A server
   * keeps one builder and calls {@link #build()} per connection: the authority key is checked and
   * prepared for signing once, here, so each build costs only the two handshake key pairs.
   *
   * <p>The builder holds the prepared authority secret until {@link #destroy()}; responders it
   * builds use that copy and do not wipe it. Configure it once, then share it between threads only
   * for {@code build()} calls.
   */
  public static final class Builder {
    private final Schnorr.SigningKey authority;
    private final long validitySeconds;
    private RandomSource random = Defaults.SECURE_RANDOM;
    private Clock clock = Defaults.CLOCK;
    private int certificateVersion = Certificate.VERSION_0;
    private volatile boolean destroyed;
    private boolean transferred;

    private Builder(Schnorr.SigningKey authority, long validitySeconds) {
      this.authority = authority;
      this.validitySeconds = validitySeconds;
    }

    /**
     * The randomness source (default {@link RandomSource#secure()}): two 32-byte draws per build,
     * one in {@link Responder#step1}.
     *
     * @param random the randomness source
     * @return this builder
     */
    public Builder random(RandomSource random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The clock that dates certificates (default the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Signs certificates with another version; for tests of the initiator's version check. */
    Builder certificateVersion(int version) {
      this.certificateVersion = version;
      return this;
    }

    /**
     * A new responder; draws its ephemeral and static secrets now.
     *
     * @return a new responder
     */
    public Responder build() {
      checkUsable();
      return new Responder(this, false);
    }

    private void checkUsable() {
      if (destroyed || transferred) {
        throw new IllegalStateException("builder destroyed");
      }
    }

    /**
     * Wipes the authority secret; {@link #build()} fails afterwards, and so does {@code step1} of
     * responders built and not yet used.
     */
    public void destroy() {
      destroyed = true;
      authority.destroy();
    }

    @Override
    public String toString() {
      return "Responder.Builder[authority="
          + java.util.HexFormat.of().formatHex(authority.xOnlyPublicKey())
          + ", validitySeconds="
          + validitySeconds
          + "]";
    }
  }
}
