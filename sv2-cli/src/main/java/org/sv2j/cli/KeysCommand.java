package org.sv2j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.RandomSource;
import org.sv2j.noise.ServerCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sv2 keys generate}, {@code sv2 keys certify} and {@code sv2 keys inspect}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Authority key pairs in the reference's base58check text format, and server credentials (a static key pair with a certificate the authority signed offline).",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Certify.class, KeysCommand.Inspect.class})
final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose 'generate', 'certify' or 'inspect'");
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Generates an authority key pair. Public key: base58check of 01 00 || x-only key (32 bytes); secret key: base58check of the 32-byte secret. With --out the pair goes to a new file readable by its owner only, and only the public key is printed.")
  static final class Generate extends Cli {
    @Option(names = "--out", paramLabel = "FILE", description = "Write both keys to FILE (created with mode 600; never overwritten).")
    Path out;

    @Override
    int execute() throws Fail {
      try (AuthorityKeys keys = AuthorityKeys.generate()) {
        String pub = keys.publicKeyText();
        if (out == null) {
          out().println("authority_public_key = \"" + pub + "\"");
          out().println("authority_secret_key = \"" + keys.secretKeyText() + "\"");
          return Sv2.OK;
        }
        String content =
            "# Stratum V2 authority key pair (sv2 keys generate)\n"
                + "authority_public_key = \"" + pub + "\"\n"
                + "authority_secret_key = \"" + keys.secretKeyText() + "\"\n";
        writeOwnerOnly(out, content);
        out().println("authority_public_key = \"" + pub + "\"");
        out().println("wrote the key pair to " + out + " (owner read/write only)");
        return Sv2.OK;
      }
    }

    private static void writeOwnerOnly(Path file, String content) throws Fail {
      byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
      try {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
          Files.createFile(file);
        }
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        if (posix && !Files.getPosixFilePermissions(file).equals(EnumSet.copyOf(ownerOnly))) {
          Files.setPosixFilePermissions(file, ownerOnly);
        }
      } catch (FileAlreadyExistsException e) {
        throw new Fail(Sv2.INVALID_INPUT, file + " already exists; not overwriting a key file");
      } catch (IOException e) {
        throw new Fail(Sv2.INTERNAL, "cannot write " + file + ": " + e.getMessage());
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  @Command(
      name = "certify",
      mixinStandardHelpOptions = true,
      description = "Signs a server's static key with the authority key for a validity window, offline, and writes a server credential file (static key pair + certificate; mode 600, never overwritten) for sv2 serve --credential. A server using it holds no authority secret. The authority secret is read from a file (the output of sv2 keys generate --out, or a file holding just the base58check secret), never from the command line.")
  static final class Certify extends Cli {
    @Option(names = "--authority-secret-file", required = true, paramLabel = "FILE",
        description = "File with the authority secret key: an 'authority_secret_key = \"...\"' line (sv2 keys generate --out) or the bare base58check key.")
    Path authorityFile;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The credential file to create (mode 600; never overwritten).")
    Path out;

    @Option(names = "--valid-for", paramLabel = "DURATION", defaultValue = "30d", converter = LongDurationConverter.class,
        description = "Length of the validity window: 30d, 12h, 90m, 3600s (default: ${DEFAULT-VALUE}).")
    Duration validFor;

    @Option(names = "--valid-from", paramLabel = "INSTANT",
        description = "Start of the window, ISO-8601 UTC such as 2026-12-01T00:00:00Z (default: now).")
    String validFrom;

    @Option(names = "--server-secret-file", paramLabel = "FILE",
        description = "Re-certify an existing static key: a file with a 'server_secret_key = \"...\"' line (an old credential) or the bare base58check key. Default: a fresh key.")
    Path serverSecretFile;

    @Override
    int execute() throws Fail {
      if (validFor.isNegative() || validFor.isZero()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--valid-for must be positive");
      }
      Instant from;
      try {
        from = validFrom == null ? Instant.now() : Instant.parse(validFrom.strip());
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--valid-from: expected an ISO-8601 instant such as 2026-12-01T00:00:00Z");
      }
      byte[] authoritySecret = readSecret(authorityFile, "authority_secret_key");
      byte[] serverSecret = serverSecretFile == null ? null : readSecret(serverSecretFile, "server_secret_key");
      ServerCredential credential;
      try (AuthorityKeys authority = AuthorityKeys.fromSecretKey(authoritySecret)) {
        if (serverSecret == null) {
          credential = ServerCredential.issue(authority, from, validFor);
        } else {
          long to = Math.min(0xffff_ffffL, from.getEpochSecond() + validFor.getSeconds());
          credential = ServerCredential.issue(authority, serverSecret, from, Instant.ofEpochSecond(to), RandomSource.secure());
        }
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, "cannot certify: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new Fail(Sv2.INVALID_INPUT, "cannot certify: " + e.getMessage());
      } finally {
        Arrays.fill(authoritySecret, (byte) 0);
        if (serverSecret != null) {
          Arrays.fill(serverSecret, (byte) 0);
        }
      }
      try (credential) {
        try {
          credential.write(out);
        } catch (FileAlreadyExistsException e) {
          throw new Fail(Sv2.INVALID_INPUT, out + " already exists; not overwriting a credential");
        } catch (IOException e) {
          throw new Fail(Sv2.INTERNAL, "cannot write " + out + ": " + e.getMessage());
        }
        out().println("wrote the server credential to " + out + " (owner read/write only)");
        describe(credential, out(), ServerCredential.DEFAULT_WARNING_LEAD, null);
        out().println("next: sv2 serve --credential " + out + " ... (keep the authority secret offline)");
        return Sv2.OK;
      }
    }

    /** The secret of a key file: the value of {@code key = "..."} if present, else the whole (stripped) text. */
    private byte[] readSecret(Path file, String key) throws Fail {
      byte[] raw;
      try {
        if (Files.size(file) > 16 * 1024) {
          throw new Fail(Sv2.INVALID_INPUT, file + " is too large to be a key file");
        }
        raw = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new Fail(Sv2.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
      }
      try {
        warnIfShared(file);
        String text = new String(raw, StandardCharsets.UTF_8);
        String value = null;
        for (String line : text.split("\n")) {
          String l = line.strip();
          if (l.startsWith(key)) {
            int q1 = l.indexOf('"');
            int q2 = l.lastIndexOf('"');
            if (q1 < 0 || q2 <= q1) {
              throw new Fail(Sv2.INVALID_INPUT, file + ": the " + key + " line has no quoted value");
            }
            value = l.substring(q1 + 1, q2);
          }
        }
        if (value == null) {
          value = text.strip();
        }
        try {
          return AuthorityKeys.decodeSecretKey(value);
        } catch (NoiseException e) {
          throw new Fail(Sv2.INVALID_INPUT, file + ": no usable secret key (" + Inspect.explain(e) + ")");
        }
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }

    private void warnIfShared(Path file) {
      try {
        if (file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
          if (!EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE).containsAll(p)) {
            err().println("warning: " + file + " holds a secret key but is accessible to others (mode " + PosixFilePermissions.toString(p) + "); chmod 600 it");
          }
        }
      } catch (IOException ignored) {
        // reading it worked; the mode is advisory here
      }
    }
  }

  /** Prints a credential's public facts and its state now; returns false if it is unusable now. */
  static boolean describe(ServerCredential c, java.io.PrintWriter to, Duration lead, byte[] expectedAuthority) {
    Instant now = Instant.now();
    to.println("authority:       " + AuthorityKeys.encodePublicKey(c.authorityPublicKey()));
    to.println("authority x-only " + Cli.HEX.formatHex(c.authorityPublicKey()));
    to.println("server key:      " + Cli.HEX.formatHex(c.serverPublicKey()) + " (x-only, static)");
    to.println("certificate:     version " + c.certificate().version() + ", signature verified under the authority key");
    to.println("valid from:      " + c.validFrom() + " (" + c.certificate().validFrom() + ")");
    to.println("valid until:     " + c.notValidAfter() + " (" + c.certificate().notValidAfter() + ")");
    try {
      ServerCredential.Status st = c.check(expectedAuthority, now, lead);
      long days = st.remaining().toDays();
      to.println("status:          valid now; expires in " + (days > 0 ? days + " d " : "") + st.remaining().toHoursPart() + " h"
          + (st.expiresSoon() ? " (WARNING: within " + lead.toDays() + " d; certify a new one)" : ""));
      return true;
    } catch (NoiseException e) {
      to.println("status:          " + switch (e.reason()) {
        case EXPIRED -> "EXPIRED";
        case NOT_YET_VALID -> "not yet valid";
        case WRONG_AUTHORITY -> "WRONG AUTHORITY (not the expected key)";
        default -> e.getMessage();
      });
      return false;
    }
  }

  /** Durations as {@link Cli.DurationConverter} plus days: {@code 30d}. */
  static final class LongDurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
      String t = s.strip().toLowerCase(java.util.Locale.ROOT);
      if (t.endsWith("d")) {
        try {
          return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
        } catch (NumberFormatException e) {
          throw new picocli.CommandLine.TypeConversionException("expected a duration such as 30d, 12h, 90m or 3600s, got '" + s + "'");
        }
      }
      return new Cli.DurationConverter().convert(s);
    }
  }

  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = "Validates a key string and explains it: kind, version, x-only key, checksum. Given a server credential file (sv2 keys certify) instead, shows its authority, server key and validity window, and whether it is usable now (exit status 5 if expired, not yet valid or not from --authority).")
  static final class Inspect extends Cli {
    @Parameters(paramLabel = "KEY|FILE", description = "A public or secret key in base58check text form, or a server credential file.")
    String key;

    @Option(names = "--authority", paramLabel = "KEY", description = "For a credential: the authority public key it must come from.")
    String authority;

    @Option(names = "--warn-before", paramLabel = "DURATION", defaultValue = "7d", converter = LongDurationConverter.class,
        description = "For a credential: warn when it expires within this time (default: ${DEFAULT-VALUE}).")
    Duration warnBefore;

    @Override
    int execute() throws Fail {
      Path file = asFile(key);
      if (file != null) {
        return inspectCredential(file);
      }
      if (authority != null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--authority applies to credential files only");
      }
      AuthorityKeys.KeyText text;
      try {
        text = AuthorityKeys.parseKeyText(key.strip());
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, explain(e));
      }
      byte[] payload = text.payload();
      try {
        out().println("encoding:  base58check, " + (payload.length + 4) + " bytes decoded");
        out().println("checksum:  " + HEX.formatHex(text.checksum()) + " (double SHA-256, matches)");
        if (payload.length == 34) {
          int version = (payload[0] & 0xff) | (payload[1] & 0xff) << 8;
          out().println("kind:      public key");
          out().println("version:   " + version + " (u16 little-endian prefix " + HEX.formatHex(payload, 0, 2) + ")");
          out().println("x-only:    " + HEX.formatHex(payload, 2, 34));
          try {
            AuthorityKeys.decodePublicKey(key.strip());
          } catch (NoiseException e) {
            throw new Fail(Sv2.INVALID_INPUT, explain(e));
          }
          out().println("valid:     yes (a secp256k1 x coordinate; usable as an authority key)");
          return Sv2.OK;
        }
        if (payload.length == 32) {
          out().println("kind:      secret key (not shown)");
          try (AuthorityKeys keys = AuthorityKeys.fromSecretKeyText(key.strip())) {
            out().println("public:    " + keys.publicKeyText());
            out().println("x-only:    " + HEX.formatHex(keys.publicKey()));
          } catch (NoiseException e) {
            throw new Fail(Sv2.INVALID_INPUT, explain(e));
          }
          out().println("valid:     yes (in range 1..n-1)");
          return Sv2.OK;
        }
        throw new Fail(
            Sv2.INVALID_INPUT,
            "payload is " + payload.length + " bytes: a public key has 34 (version + x-only key), a secret key 32");
      } finally {
        Arrays.fill(payload, (byte) 0);
        text.wipe();
      }
    }

    private static Path asFile(String arg) {
      try {
        Path p = Path.of(arg);
        return Files.exists(p) ? p : null;
      } catch (java.nio.file.InvalidPathException e) {
        return null;
      }
    }

    private int inspectCredential(Path file) throws Fail {
      byte[] expected = null;
      if (authority != null) {
        try {
          expected = AuthorityKeys.decodePublicKey(authority.strip());
        } catch (NoiseException e) {
          throw new Fail(Sv2.INVALID_INPUT, "--authority: " + explain(e));
        }
      }
      try (ServerCredential c = ServerCredential.read(file)) {
        out().println("file:            " + file + " (server credential, " + ServerCredential.FORMAT + ")");
        return describe(c, out(), warnBefore, expected) ? Sv2.OK : Sv2.CERTIFICATE;
      } catch (NoiseException e) {
        throw new Fail(
            e.kind() == NoiseException.Kind.INVALID_CERTIFICATE ? Sv2.CERTIFICATE : Sv2.INVALID_INPUT,
            file + ": " + (e.kind() == NoiseException.Kind.INVALID_CERTIFICATE ? e.getMessage() : explain(e)));
      } catch (IOException e) {
        throw new Fail(Sv2.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
      }
    }

    static String explain(NoiseException e) {
      return switch (e.reason()) {
        case BAD_BASE58_CHARACTER -> "not base58: " + e.getMessage() + " (0, O, I and l are not in the alphabet)";
        case BAD_CHECKSUM -> "checksum does not match: a character is wrong or missing";
        case UNSUPPORTED_KEY_VERSION -> e.getMessage() + " (public keys carry version 1, bytes 01 00)";
        case WRONG_KEY_LENGTH -> e.getMessage();
        default ->
            switch (e.kind()) {
              case INVALID_PUBLIC_KEY -> "not a public key: the 32 bytes are not an x coordinate on secp256k1";
              case INVALID_SECRET_KEY -> "not a secret key: zero or not below the group order";
              default -> e.getMessage();
            };
      };
    }
  }
}
