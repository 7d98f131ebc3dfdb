package org.sv2j.noise;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.NoiseException.Reason;
import org.sv2j.noise.crypto.Schnorr;
import org.sv2j.noise.crypto.Secp256k1;

/**
 * A server credential: the responder's long-lived static key pair and a {@link Certificate} for it,
 * signed offline by the pool's authority key for a validity window. A {@link Responder} built
 * {@linkplain Responder#builder(ServerCredential) from a credential} serves handshakes with no
 * authority secret in the process; the wire format is unchanged (initiators see an ordinary
 * certificate; each handshake still has its own ephemeral key).
 *
 * <pre>{@code
 * // Offline, where the authority key lives (sv2 keys certify):
 * try (AuthorityKeys authority = AuthorityKeys.fromSecretKeyText(secretText);
 *     ServerCredential c = ServerCredential.issue(authority, Instant.now(), Duration.ofDays(30))) {
 *   c.write(Path.of("server.credential"));                     // mode 600, never overwrites
 * }
 * // On the server:
 * ServerCredential c = ServerCredential.read(Path.of("server.credential"));
 * c.check(expectedAuthority, Instant.now(), Duration.ofDays(7)); // refuses expired, wrong authority
 * Responder.Builder responders = Responder.builder(c);         // copies what it needs
 * c.destroy();
 * }</pre>
 *
 * <h2>File format</h2>
 *
 * UTF-8 text, one {@code key = value} per line in the TOML subset that {@code sv2 keys generate
 * --out} writes: {@code #} starts a comment, strings are double-quoted, numbers are bare. Keys (all
 * required, none repeated, no others): {@code format = "sv2j-server-credential/1"}, {@code
 * authority_public_key} and {@code server_public_key} (base58check public keys, as {@link
 * AuthorityKeys#encodePublicKey}), {@code server_secret_key} (base58check secret key), {@code
 * certificate_version} (0), {@code valid_from} and {@code not_valid_after} (u32 Unix seconds),
 * {@code signature} (64 bytes hex, the certificate's BIP-340 signature). Parsing checks that the
 * secret belongs to the public key and that the signature verifies under the authority key; the
 * validity window is checked by {@link #check} against a clock.
 *
 * <h2>Secrets and threads</h2>
 *
 * The object holds the static secret key until {@link #destroy()}; {@link #toString()} shows only
 * public data; {@link #toText()} includes the secret. Immutable until destroyed; do not race
 * {@code destroy()} with readers.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>The static secret is not the authority key, but whoever holds it can impersonate the server
 *       until the certificate expires: keep the file owner-only ({@link #read} refuses files that
 *       group or others can read or write) and keep windows short (days, not years).
 *   <li>Initiators allow 10 s of clock skew at both ends; {@link #check} and {@link Responder} apply
 *       the window strictly, so a server stops using a credential slightly before clients would.
 *   <li>Java strings cannot be wiped: {@link #toText()} and {@link #parse(String)} leave copies of
 *       the secret for the garbage collector; prefer {@link #write} and {@link #read}.
 * </ul>
 */
public final class ServerCredential implements AutoCloseable {
  /** The value of the {@code format} key. */
  public static final String FORMAT = "sv2j-server-credential/1";
  /** Lead time before expiry from which {@link Status#expiresSoon()} is true by default. */
  public static final Duration DEFAULT_WARNING_LEAD = Duration.ofDays(7);
  /** Largest credential file {@link #read} accepts, in bytes. */
  public static final int MAX_FILE_SIZE = 16 * 1024;

  private static final long U32_MAX = 0xffff_ffffL;
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<String> KEYS =
      Set.of(
          "format",
          "authority_public_key",
          "server_public_key",
          "server_secret_key",
          "certificate_version",
          "valid_from",
          "not_valid_after",
          "signature");

  private final byte[] authorityKey;
  private final byte[] staticSecret;
  private final byte[] staticPublic;
  private final Certificate certificate;

  private ServerCredential(
      byte[] authorityKey, byte[] staticSecret, byte[] staticPublic, Certificate certificate) {
    this.authorityKey = authorityKey;
    this.staticSecret = staticSecret;
    this.staticPublic = staticPublic;
    this.certificate = certificate;
  }

  /**
   * Issues a credential with a fresh static key pair (from a {@link java.security.SecureRandom})
   * valid from {@code validFrom} for {@code validity} (whole seconds; the end saturates at
   * 2<sup>32</sup>−1).
   *
   * @param authority the authority key pair (its secret is used, not kept)
   * @param validFrom the start of the window (not before 1970, not after 2106)
   * @param validity the length of the window, positive
   * @return the new credential
   * @throws IllegalArgumentException if the window is empty or out of the u32 range
   * @throws NoiseException INTERNAL_ERROR if the signature failed its self-check
   */
  public static ServerCredential issue(
      AuthorityKeys authority, Instant validFrom, Duration validity) {
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
    long from = Objects.requireNonNull(validFrom, "validFrom").getEpochSecond();
    long to = Math.min(U32_MAX, from + Math.min(U32_MAX, validity.getSeconds()));
    byte[] raw = HandshakeKey.drawSecret(Defaults.SECURE_RANDOM);
    try {
      return issue(
          authority, raw, validFrom, Instant.ofEpochSecond(to), Defaults.SECURE_RANDOM);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Issues a credential for a given static secret key (copied; normalised to even Y as handshake
   * keys are) and window {@code [validFrom, notValidAfter]} (whole seconds), drawing the 32 bytes
   * of BIP-340 auxiliary randomness from {@code random}.
   *
   * @param authority the authority key pair (its secret is used, not kept)
   * @param serverSecretKey the server's 32-byte static secret key
   * @param validFrom the start of the window
   * @param notValidAfter the end of the window, not before {@code validFrom}
   * @param random the source of the signature's auxiliary randomness
   * @return the new credential
   * @throws NoiseException INVALID_SECRET_KEY if the server key is not a valid key;
   *     INTERNAL_ERROR if the signature failed its self-check
   * @throws IllegalArgumentException if the window is reversed or outside the u32 range
   * @throws IllegalStateException if the authority's secret was destroyed
   */
  public static ServerCredential issue(
      AuthorityKeys authority,
      byte[] serverSecretKey,
      Instant validFrom,
      Instant notValidAfter,
      RandomSource random) {
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(random, "random");
    long from = Objects.requireNonNull(validFrom, "validFrom").getEpochSecond();
    long to = Objects.requireNonNull(notValidAfter, "notValidAfter").getEpochSecond();
    if (from < 0 || to > U32_MAX || to < from) {
      throw new IllegalArgumentException(
          "the window must satisfy 0 <= valid_from <= not_valid_after <= 2^32-1 (Unix seconds)");
    }
    if (!Secp256k1.isValidSecretKey(serverSecretKey)) {
      throw NoiseException.of(Kind.INVALID_SECRET_KEY, "server secret key is not a valid key");
    }
    HandshakeKey key = HandshakeKey.of(serverSecretKey);
    byte[] authoritySecret = authority.secretKey();
    Schnorr.SigningKey signer = Schnorr.signingKey(authoritySecret);
    byte[] aux = new byte[32];
    try {
      random.nextBytes(aux);
      Certificate cert =
          Certificate.sign(signer, key.xOnly, Certificate.VERSION_0, from, to, aux);
      return new ServerCredential(
          authority.publicKey(), key.secret.clone(), key.xOnly.clone(), cert);
    } finally {
      Wipe.all(authoritySecret, aux);
      signer.destroy();
      key.destroy();
    }
  }

  /**
   * Parses a credential's text form (see the class comment) and checks that it is consistent: the
   * secret belongs to the server key and the signature verifies under the authority key. The
   * window is not checked against any clock here.
   *
   * @param text the file's content
   * @return the credential
   * @throws NoiseException INVALID_CREDENTIAL (malformed, unknown/missing/repeated key, secret not
   *     matching the public key; messages name the line and key, never a value),
   *     INVALID_KEY_ENCODING, INVALID_PUBLIC_KEY, INVALID_SECRET_KEY, or INVALID_CERTIFICATE with
   *     reason BAD_SIGNATURE or UNKNOWN_VERSION
   */
  public static ServerCredential parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int lineNo = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw bad("line " + lineNo + ": expected key = value");
      }
      String key = line.substring(0, eq).strip();
      String rest = line.substring(eq + 1).strip();
      if (!KEYS.contains(key)) {
        throw bad("line " + lineNo + ": unknown key '" + printable(key) + "'");
      }
      String value;
      if (rest.startsWith("\"")) {
        int close = rest.indexOf('"', 1);
        if (close < 0) {
          throw bad("line " + lineNo + ": unterminated string for " + key);
        }
        value = rest.substring(1, close);
        rest = rest.substring(close + 1).strip();
      } else {
        int hash = rest.indexOf('#');
        value = (hash < 0 ? rest : rest.substring(0, hash)).strip();
        rest = hash < 0 ? "" : rest.substring(hash);
        if (value.isEmpty()) {
          throw bad("line " + lineNo + ": no value for " + key);
        }
      }
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        throw bad("line " + lineNo + ": unexpected text after the value of " + key);
      }
      if (values.put(key, value) != null) {
        throw bad("line " + lineNo + ": " + key + " given twice");
      }
    }
    for (String k : KEYS) {
      if (!values.containsKey(k)) {
        throw bad("missing key " + k);
      }
    }
    if (!FORMAT.equals(values.get("format"))) {
      throw bad("format must be \"" + FORMAT + "\"");
    }
    byte[] authority = AuthorityKeys.decodePublicKey(values.get("authority_public_key"));
    byte[] serverPublic = AuthorityKeys.decodePublicKey(values.get("server_public_key"));
    int version = (int) number(values, "certificate_version", 0xffff);
    long from = number(values, "valid_from", U32_MAX);
    long to = number(values, "not_valid_after", U32_MAX);
    if (to < from) {
      throw bad("not_valid_after is before valid_from");
    }
    byte[] sig;
    try {
      sig = HEX.parseHex(values.get("signature"));
    } catch (IllegalArgumentException e) {
      throw bad("signature is not hex");
    }
    if (sig.length != Schnorr.SIGNATURE_SIZE) {
      throw bad("signature must be 64 bytes, got " + sig.length);
    }
    byte[] secret = AuthorityKeys.decodeSecretKey(values.get("server_secret_key"));
    try {
      HandshakeKey key = HandshakeKey.of(secret);
      try {
        if (!Arrays.equals(key.xOnly, serverPublic)) {
          throw bad("server_secret_key does not belong to server_public_key");
        }
      } finally {
        key.destroy();
      }
      byte[] certBytes = new byte[Certificate.SIZE];
      certBytes[0] = (byte) version;
      certBytes[1] = (byte) (version >>> 8);
      putU32(certBytes, 2, from);
      putU32(certBytes, 6, to);
      System.arraycopy(sig, 0, certBytes, 10, 64);
      Certificate cert = Certificate.parse(certBytes, serverPublic);
      verifySignature(cert, authority);
      return new ServerCredential(authority, secret.clone(), serverPublic, cert);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Reads and {@linkplain #parse parses} a credential file. On file systems with POSIX permissions
   * the file must be a regular file that neither group nor others may read or write (mode 600 or
   * 400), as {@link #write} creates it.
   *
   * @param file the credential file
   * @return the credential
   * @throws IOException if the file cannot be read
   * @throws NoiseException INVALID_CREDENTIAL if it is too large, not a regular file or readable by
   *     others, and as {@link #parse}
   */
  public static ServerCredential read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw bad(file + " is not a regular file");
    }
    if (file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> allowed =
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      if (!allowed.containsAll(perms)) {
        throw bad(
            file
                + " is accessible to group or others (mode "
                + PosixFilePermissions.toString(perms)
                + "); it holds a secret key: chmod 600 it");
      }
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ)) {
      bytes = in.readNBytes(MAX_FILE_SIZE + 1);
    }
    try {
      if (bytes.length > MAX_FILE_SIZE) {
        throw bad(file + " is larger than " + MAX_FILE_SIZE + " bytes: not a credential");
      }
      return parse(new String(bytes, StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Writes {@link #toText()} to a new file created readable and writable by its owner only (mode
   * 600 where POSIX permissions exist); never overwrites.
   *
   * @param file the file to create
   * @throws FileAlreadyExistsException if the file exists
   * @throws IOException if it cannot be written
   * @throws IllegalStateException if this credential was destroyed
   */
  public void write(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] bytes = toText().getBytes(StandardCharsets.UTF_8);
    try {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      boolean posix =
          file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        // The umask can only remove bits; make sure of the result anyway.
        if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(ownerOnly)) {
          Files.setPosixFilePermissions(file, ownerOnly);
        }
      } else {
        Files.createFile(file);
      }
      try {
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The credential's text form, secret included (see the class comment for the format).
   *
   * @return the file content
   * @throws IllegalStateException if this credential was destroyed
   */
  public String toText() {
    checkNotDestroyed();
    return "# Stratum V2 server credential (sv2 keys certify). SECRET: holds the server's static"
        + " key;\n# keep it mode 600. The certificate below is signed by the authority key.\n"
        + "format = \"" + FORMAT + "\"\n"
        + "authority_public_key = \"" + AuthorityKeys.encodePublicKey(authorityKey) + "\"\n"
        + "server_public_key = \"" + AuthorityKeys.encodePublicKey(staticPublic) + "\"\n"
        + "server_secret_key = \"" + AuthorityKeys.encodeSecretKey(staticSecret) + "\"\n"
        + "certificate_version = " + certificate.version() + "\n"
        + "valid_from = " + certificate.validFrom()
        + " # " + Instant.ofEpochSecond(certificate.validFrom()) + "\n"
        + "not_valid_after = " + certificate.notValidAfter()
        + " # " + Instant.ofEpochSecond(certificate.notValidAfter()) + "\n"
        + "signature = \"" + HEX.formatHex(certificate.signature()) + "\"\n";
  }

  /**
   * The state of a credential at some instant, from {@link #check}.
   *
   * @param notValidAfter the end of the window
   * @param remaining the time left until then (positive: {@code check} refuses expired credentials)
   * @param expiresSoon true if {@code remaining} is at most the lead time given to {@code check}
   */
  public record Status(Instant notValidAfter, Duration remaining, boolean expiresSoon) {}

  /**
   * Checks the window at {@code now} (strictly: {@code valid_from ≤ now ≤ not_valid_after}) and
   * whether the credential names and is signed by {@code expectedAuthority}; says whether it
   * expires within {@code warningLead}.
   *
   * @param expectedAuthority the pool's 32-byte x-only authority key, or null to accept the one the
   *     credential names (its signature was checked when it was parsed)
   * @param now the current time
   * @param warningLead how long before expiry {@link Status#expiresSoon()} turns true
   * @return the status
   * @throws NoiseException INVALID_CERTIFICATE with reason WRONG_AUTHORITY, NOT_YET_VALID or
   *     EXPIRED
   */
  public Status check(byte[] expectedAuthority, Instant now, Duration warningLead) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(warningLead, "warningLead");
    if (expectedAuthority != null && !Arrays.equals(expectedAuthority, authorityKey)) {
      throw NoiseException.invalidCertificate(
          Reason.WRONG_AUTHORITY,
          certificate,
          "issued by authority " + HEX.formatHex(authorityKey) + ", expected "
              + (expectedAuthority.length == 32 ? HEX.formatHex(expectedAuthority) : "a 32-byte key"));
    }
    long t = now.getEpochSecond();
    if (t < certificate.validFrom()) {
      throw NoiseException.invalidCertificate(
          Reason.NOT_YET_VALID, certificate, "credential not yet valid at " + now);
    }
    if (t > certificate.notValidAfter()) {
      throw NoiseException.invalidCertificate(
          Reason.EXPIRED, certificate, "credential expired at " + now);
    }
    Instant end = Instant.ofEpochSecond(certificate.notValidAfter());
    Duration remaining = Duration.between(now, end);
    return new Status(end, remaining, remaining.compareTo(warningLead) <= 0);
  }

  /**
   * {@link #check(byte[], Instant, Duration)} with the authority the credential names.
   *
   * @param now the current time
   * @param warningLead how long before expiry {@link Status#expiresSoon()} turns true
   * @return the status
   * @throws NoiseException INVALID_CERTIFICATE with reason NOT_YET_VALID or EXPIRED
   */
  public Status check(Instant now, Duration warningLead) {
    return check(null, now, warningLead);
  }

  /**
   * The authority's x-only public key (a copy).
   *
   * @return 32 bytes
   */
  public byte[] authorityPublicKey() {
    return authorityKey.clone();
  }

  /**
   * The server's x-only static public key (a copy): the certificate's subject.
   *
   * @return 32 bytes
   */
  public byte[] serverPublicKey() {
    return staticPublic.clone();
  }

  /**
   * The certificate the responder sends.
   *
   * @return the certificate (immutable)
   */
  public Certificate certificate() {
    return certificate;
  }

  /**
   * The start of the window.
   *
   * @return valid_from as an instant
   */
  public Instant validFrom() {
    return Instant.ofEpochSecond(certificate.validFrom());
  }

  /**
   * The end of the window.
   *
   * @return not_valid_after as an instant
   */
  public Instant notValidAfter() {
    return Instant.ofEpochSecond(certificate.notValidAfter());
  }

  /** The static secret (a copy) for {@link Responder}; wipe it after use. */
  byte[] serverSecretKey() {
    checkNotDestroyed();
    return staticSecret.clone();
  }

  /** Wipes the static secret key; idempotent. Public data stays available. */
  public void destroy() {
    Arrays.fill(staticSecret, (byte) 0);
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  /**
   * True once {@link #destroy()} ran.
   *
   * @return whether the secret is wiped
   */
  public boolean isDestroyed() {
    int acc = 0;
    for (byte b : staticSecret) {
      acc |= b;
    }
    return acc == 0;
  }

  private void checkNotDestroyed() {
    if (isDestroyed()) {
      throw new IllegalStateException("credential destroyed");
    }
  }

  @Override
  public String toString() {
    return "ServerCredential[authority="
        + AuthorityKeys.encodePublicKey(authorityKey)
        + ", server="
        + HEX.formatHex(staticPublic)
        + ", validFrom="
        + validFrom()
        + ", notValidAfter="
        + notValidAfter()
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  static void verifySignature(Certificate cert, byte[] authority) {
    if (cert.version() != Certificate.VERSION_0) {
      throw NoiseException.invalidCertificate(Reason.UNKNOWN_VERSION, cert, "unknown version");
    }
    if (!Schnorr.verify(authority, cert.signedDigest(), cert.signature())) {
      throw NoiseException.invalidCertificate(
          Reason.BAD_SIGNATURE, cert, "not signed by the authority key it names");
    }
  }

  private static long number(Map<String, String> values, String key, long max) {
    String v = values.get(key);
    if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(key + " must be a decimal number in 0.." + max);
    }
    long n = Long.parseLong(v);
    if (n > max) {
      throw bad(key + " must be a decimal number in 0.." + max);
    }
    return n;
  }

  private static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  private static NoiseException bad(String message) {
    return NoiseException.of(Kind.INVALID_CREDENTIAL, "server credential: " + message);
  }
}
