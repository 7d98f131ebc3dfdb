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
 * <h2>Without the authority key: credentials</h2>
 *
 * A responder {@linkplain #builder(ServerCredential) from a ServerCredential} presents a
 * certificate the authority signed offline for a long-lived static key ({@code sv2 keys
 * certify}); the server process then holds no authority secret and signs nothing per handshake.
 * Its static key is the builder's (wiped by {@link Builder#destroy()}, not by the responder); the
 * ephemeral key is still fresh per responder. Initiators cannot tell the difference.
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

  /** The signing authority, or null for a responder from a {@link ServerCredential}. */
  private final Schnorr.SigningKey authority;
  /** True if this responder wipes the authority key (built by {@link #create}). */
  private final boolean ownsAuthority;
  /** The pre-signed certificate of a credential-based responder, else null. */
  private final Certificate presigned;
  private final boolean failStop;
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
    this.presigned = b.certificate;
    this.failStop = b.failStop;
    HandshakeKey e = null;
    try {
      e = HandshakeKey.draw(b.random);
      this.ephemeral = e;
      this.staticKey = presigned != null ? b.staticKey : HandshakeKey.draw(b.random);
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
   * A builder of responders that present {@code credential}'s pre-signed certificate and static
   * key: no authority secret in this process and no signature per handshake (each responder still
   * draws its own ephemeral key). The builder copies the static secret, so the credential may be
   * destroyed afterwards; {@link Builder#destroy()} wipes the copy.
   *
   * <p>{@link Builder#build()} refuses to build once the credential is outside its window at the
   * builder's clock (strictly: {@code valid_from ≤ now ≤ not_valid_after}) and logs one warning
   * ({@link System.Logger} {@code org.sv2j.noise.Responder}, level WARNING) when it comes within
   * {@link Builder#expiryWarning(Duration)} of its end; {@link Builder#credentialStatus()} says
   * the same without building.
   *
   * @param credential a server credential, not destroyed
   * @return the builder
   * @throws IllegalStateException if the credential was destroyed
   * @throws NoiseException INVALID_CERTIFICATE (BAD_SIGNATURE) if the certificate does not verify
   *     under the authority key the credential names
   */
  public static Builder builder(ServerCredential credential) {
    Objects.requireNonNull(credential, "credential");
    byte[] secret = credential.serverSecretKey();
    HandshakeKey key;
    try {
      key = HandshakeKey.of(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    Certificate cert = credential.certificate();
    byte[] authority = credential.authorityPublicKey();
    try {
      if (!Arrays.equals(key.xOnly, cert.subjectKey())) {
        throw NoiseException.of(
            NoiseException.Kind.INVALID_CREDENTIAL, "credential's key is not its certificate's subject");
      }
      ServerCredential.verifySignature(cert, authority);
    } catch (RuntimeException e) {
      key.destroy();
      throw e;
    }
    return new Builder(key, cert, authority);
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
    if (presigned != null && staticKey.isWiped()) {
      destroySecrets();
      throw new IllegalStateException("builder destroyed");
    }
    byte[] out = new byte[STEP1_MESSAGE_SIZE];
    byte[] ee = null;
    byte[] es = null;
    StepScratch sc = null;
    try {
      if (message.length != STEP1_INPUT_SIZE) {
        throw NoiseException.of(
            NoiseException.Kind.WRONG_MESSAGE_LENGTH,
            "handshake message 0 must be 64 bytes, got " + message.length);
      }
      sc = StepScratch.take();
      byte[] remoteEphemeral = sc.remoteEphemeral;
      System.arraycopy(message, 0, remoteEphemeral, 0, 64);
      state.mixHash(remoteEphemeral, 0, 64);
      state.mixHash(remoteEphemeral, 0, 0); // DecryptAndHash(empty payload) without a key

      System.arraycopy(ephemeral.encoding, 0, out, 0, 64);
      state.mixHash(out, 0, 64);
      // Both ECDHs use the initiator's key: one decode, one table of its point, one inversion.
      byte[][] shared =
          ElligatorSwift.xdhPair(
              remoteEphemeral,
              ephemeral.encoding,
              ephemeral.secret,
              staticKey.encoding,
              staticKey.secret);
      ee = shared[0];
      es = shared[1];
      state.mixKey(ee);

      System.arraycopy(staticKey.encoding, 0, out, 64, 64);
      state.encryptAndHash(out, 64, 64);
      state.mixKey(es);

      Certificate cert;
      if (presigned != null) {
        cert = presigned;
      } else {
        long now = Math.max(0, Math.min(U32_MAX, clock.instant().getEpochSecond()));
        random.nextBytes(sc.aux);
        cert =
            Certificate.sign(
                authority,
                staticKey.xOnly,
                certificateVersion,
                now,
                Math.min(U32_MAX, now + validitySeconds),
                sc.aux);
      }
      cert.writeTo(out, 144);
      state.encryptAndHash(out, 144, Certificate.SIZE);

      state.split(sc.k1, sc.k2);
      return new Reply(out, NoiseSession.of(false, sc.k2, sc.k1, cert, failStop));
    } finally {
      Wipe.all(ee, es);
      if (sc != null) {
        sc.release();
      }
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
    if (presigned == null) {
      staticKey.destroy(); // a credential's static key belongs to the builder
    }
    if (ownsAuthority) {
      authority.destroy();
    }
    state.destroy();
  }

  /** True once every secret is wiped; for tests. */
  boolean isWiped() {
    return ephemeral.isWiped() && (presigned != null || staticKey.isWiped()) && state.isWiped();
  }

  SymmetricState state() {
    return state;
  }

  @Override
  public String toString() {
    return presigned != null
        ? "Responder[used=" + used + ", credential valid until "
            + java.time.Instant.ofEpochSecond(presigned.notValidAfter()) + "]"
        : "Responder[used=" + used + ", validitySeconds=" + validitySeconds + "]";
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
    private static final System.Logger LOG = System.getLogger(Responder.class.getName());

    private final Schnorr.SigningKey authority;
    private final long validitySeconds;
    private final HandshakeKey staticKey;
    private final Certificate certificate;
    private final byte[] authorityPublic;
    private Duration warningLead = ServerCredential.DEFAULT_WARNING_LEAD;
    private boolean failStop = true;
    private final java.util.concurrent.atomic.AtomicBoolean warned =
        new java.util.concurrent.atomic.AtomicBoolean();
    private RandomSource random = Defaults.SECURE_RANDOM;
    private Clock clock = Defaults.CLOCK;
    private int certificateVersion = Certificate.VERSION_0;
    private volatile boolean destroyed;
    private boolean transferred;

    private Builder(Schnorr.SigningKey authority, long validitySeconds) {
      this.authority = authority;
      this.validitySeconds = validitySeconds;
      this.staticKey = null;
      this.certificate = null;
      this.authorityPublic = authority.xOnlyPublicKey();
    }

    private Builder(HandshakeKey staticKey, Certificate certificate, byte[] authorityPublic) {
      this.authority = null;
      this.validitySeconds = certificate.notValidAfter() - certificate.validFrom();
      this.staticKey = staticKey;
      this.certificate = certificate;
      this.authorityPublic = authorityPublic;
    }

    /**
     * For a builder {@linkplain Responder#builder(ServerCredential) from a credential}: how long
     * before the credential's end {@link #build()} logs its one warning (default {@value
     * #DEFAULT_LEAD_DAYS} days). Ignored by signing builders.
     *
     * @param lead the lead time, not negative
     * @return this builder
     */
    public Builder expiryWarning(Duration lead) {
      Objects.requireNonNull(lead, "lead");
      if (lead.isNegative()) {
        throw new IllegalArgumentException("lead time must not be negative");
      }
      this.warningLead = lead;
      return this;
    }

    /**
     * Whether sessions fail for good after their first authentication failure (default true); see
     * {@link NoiseSession}. False gives the lenient mode, where a BAD_TAG leaves the session
     * usable.
     *
     * @param failStop true for fail-stop sessions
     * @return this builder
     */
    public Builder failStop(boolean failStop) {
      this.failStop = failStop;
      return this;
    }

    /** The default of {@link #expiryWarning(Duration)}, in days. */
    public static final int DEFAULT_LEAD_DAYS = 7;

    /**
     * The credential's state at the builder's clock, for a builder from a credential.
     *
     * @return the status, or empty for a builder that signs with an authority key
     * @throws NoiseException INVALID_CERTIFICATE (EXPIRED, NOT_YET_VALID) outside the window
     */
    public java.util.Optional<ServerCredential.Status> credentialStatus() {
      if (certificate == null) {
        return java.util.Optional.empty();
      }
      java.time.Instant now = clock.instant();
      long t = now.getEpochSecond();
      if (t < certificate.validFrom()) {
        throw NoiseException.invalidCertificate(
            NoiseException.Reason.NOT_YET_VALID, certificate, "credential not yet valid at " + now);
      }
      if (t > certificate.notValidAfter()) {
        throw NoiseException.invalidCertificate(
            NoiseException.Reason.EXPIRED, certificate, "credential expired at " + now);
      }
      java.time.Instant end = java.time.Instant.ofEpochSecond(certificate.notValidAfter());
      Duration remaining = Duration.between(now, end);
      return java.util.Optional.of(
          new ServerCredential.Status(end, remaining, remaining.compareTo(warningLead) <= 0));
    }

    /**
     * True if this builder serves a pre-signed credential (no authority secret).
     *
     * @return whether it was built from a {@link ServerCredential}
     */
    public boolean usesCredential() {
      return certificate != null;
    }

    /**
     * The randomness source (default {@link RandomSource#secure()}): two 32-byte draws per build,
     * one in {@link Responder#step1}; from a credential, one per build and none in step1.
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
     * A new responder; draws its ephemeral (and, when signing, its static) secret now.
     *
     * @return the responder
     * @throws IllegalStateException if the builder was destroyed
     * @throws NoiseException INVALID_CERTIFICATE (EXPIRED, NOT_YET_VALID) for a credential outside
     *     its window
     */
    public Responder build() {
      checkUsable();
      if (certificate != null) {
        ServerCredential.Status status = credentialStatus().orElseThrow();
        if (status.expiresSoon() && warned.compareAndSet(false, true)) {
          LOG.log(
              System.Logger.Level.WARNING,
              "server credential expires at {0} (in {1}): issue a new one with sv2 keys certify",
              status.notValidAfter(),
              status.remaining().withNanos(0));
        }
      }
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
      if (authority != null) {
        authority.destroy();
      }
      if (staticKey != null) {
        staticKey.destroy();
      }
    }

    @Override
    public String toString() {
      return "Responder.Builder[authority="
          + java.util.HexFormat.of().formatHex(authorityPublic)
          + (certificate != null
              ? ", credential valid until " + java.time.Instant.ofEpochSecond(certificate.notValidAfter())
              : ", validitySeconds=" + validitySeconds)
          + "]";
    }
  }
}
