package org.sv2j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;

/**
 * Where the authority secret key comes from: never the command line (every local user sees it in {@code
 * ps}), but a key file (the TOML that {@code sv2 keys generate --out} writes) or an environment variable.
 * A key file that its group or other users may read or write is refused, as ssh refuses such a private
 * key. Nothing here ever puts the secret into a message.
 */
final class SecretKeys {
  /** The environment variable read when no key file is given. */
  static final String ENV = "SV2_AUTHORITY_SECRET";

  /** A key file is a few lines; anything bigger is not one. */
  private static final int MAX_FILE_SIZE = 64 * 1024;

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private SecretKeys() {}

  /** The key pair of {@code file}'s {@code authority_secret_key}; checks the file's mode first. */
  static AuthorityKeys fromFile(Path file) throws Fail {
    checkPrivate(file);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_SIZE + 1);
    } catch (NoSuchFileException e) {
      throw new Fail(Sv2.INVALID_INPUT, "no such key file: " + file);
    } catch (IOException e) {
      throw new Fail(Sv2.INVALID_INPUT, "cannot read key file " + file + ": " + e.getMessage());
    }
    try {
      if (bytes.length > MAX_FILE_SIZE) {
        throw new Fail(Sv2.INVALID_INPUT, file + " is over " + MAX_FILE_SIZE + " bytes: not a key file");
      }
      String secret = tomlString(bytes, "authority_secret_key");
      if (secret == null) {
        throw new Fail(Sv2.INVALID_INPUT, file + " has no authority_secret_key = \"...\" line (the format of sv2 keys generate --out)");
      }
      try {
        return AuthorityKeys.fromSecretKeyText(secret);
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, "authority_secret_key in " + file + " refused: " + reason(e));
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The key pair of the secret in environment variable {@link #ENV}, or {@code null} if it is unset. */
  static AuthorityKeys fromEnvironment(Map<String, String> env) throws Fail {
    String secret = env.get(ENV);
    if (secret == null) {
      return null;
    }
    try {
      return AuthorityKeys.fromSecretKeyText(secret.strip());
    } catch (NoiseException e) {
      throw new Fail(Sv2.INVALID_INPUT, "the secret key in " + ENV + " is refused: " + reason(e));
    }
  }

  /** Refuses a file that its group or other users can access (POSIX file systems; elsewhere no check). */
  static void checkPrivate(Path file) throws Fail {
    try {
      if (!Files.exists(file)) {
        throw new Fail(Sv2.INVALID_INPUT, "no such key file: " + file);
      }
      if (!file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
        return;
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
      open.addAll(perms);
      open.retainAll(GROUP_OR_OTHERS);
      if (!open.isEmpty()) {
        throw new Fail(
            Sv2.INVALID_INPUT,
            "key file " + file + " is accessible to its group or other users (mode "
                + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                + "): refusing it; make it private with chmod 600 " + file);
      }
    } catch (IOException e) {
      throw new Fail(Sv2.INVALID_INPUT, "cannot check the mode of " + file + ": " + e.getMessage());
    }
  }

  /**
   * The value of a {@code key = "value"} line (TOML basic string without escapes, as {@code sv2 keys
   * generate} writes it); comments and other lines are skipped. {@code null} if absent.
   */
  static String tomlString(byte[] content, String key) throws Fail {
    String text = new String(content, StandardCharsets.UTF_8);
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq < 0 || !l.substring(0, eq).strip().equals(key)) {
        continue;
      }
      String v = l.substring(eq + 1).strip();
      int hash = v.indexOf('#', v.indexOf('"', 1) + 1);
      if (hash > 0) {
        v = v.substring(0, hash).strip();
      }
      if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
        throw new Fail(Sv2.INVALID_INPUT, key + " is not a quoted string");
      }
      return v.substring(1, v.length() - 1).strip();
    }
    return null;
  }

  private static String reason(NoiseException e) {
    // The messages of key decoding never contain the key itself; say which kind of problem it is.
    return e.reason() != null ? e.reason() + " (" + e.getMessage() + ")" : e.getMessage();
  }
}
