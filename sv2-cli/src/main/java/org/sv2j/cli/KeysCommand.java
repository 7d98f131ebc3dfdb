package org.sv2j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sv2 keys generate} and {@code sv2 keys inspect}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Authority key pairs in the reference's base58check text format.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Inspect.class})
final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose 'generate' or 'inspect'");
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
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = "Validates a key string and explains it: kind, version, x-only key, checksum.")
  static final class Inspect extends Cli {
    @Parameters(paramLabel = "KEY", description = "A public or secret key in base58check text form.")
    String key;

    @Override
    int execute() throws Fail {
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

    private static String explain(NoiseException e) {
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
