package org.sv2j.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;

/**
 * Reads an authority key pair from a file as {@code sv2 keys generate --out FILE} writes it: lines {@code
 * authority_public_key = "…"} and {@code authority_secret_key = "…"} (base58check), {@code #} comments and
 * blank lines ignored. A file holding only the secret key line is fine; when both are present they must
 * belong together. The file's bytes are wiped after parsing; errors never quote the secret.
 */
public final class KeyFile {
  private KeyFile() {}

  /** The largest key file read (bytes); a bigger file is refused without reading it all. */
  public static final int MAX_FILE_SIZE = 64 * 1024;

  /**
   * Reads the key pair.
   *
   * @param file the key file
   * @return the keys (the caller destroys them)
   * @throws IOException if the file cannot be read, is over {@link #MAX_FILE_SIZE} bytes, or has no valid
   *     secret key, or the public key does not match
   */
  public static AuthorityKeys read(Path file) throws IOException {
    byte[] raw;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      // A key file is a few hundred bytes: do not let a wrong path (a log, /dev/zero) fill the heap.
      raw = in.readNBytes(MAX_FILE_SIZE + 1);
    }
    if (raw.length > MAX_FILE_SIZE) {
      Arrays.fill(raw, (byte) 0);
      throw new IOException(file + ": over " + MAX_FILE_SIZE + " bytes, not a key file");
    }
    try {
      return parse(new String(raw, StandardCharsets.US_ASCII), file.toString());
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Reads the secret key from text in the same format (or the bare base58check secret key), for example
   * taken from an environment variable.
   *
   * @param text the text
   * @param source what to call it in error messages
   * @return the keys
   * @throws IOException if there is no valid secret key, or the public key does not match
   */
  public static AuthorityKeys parse(String text, String source) throws IOException {
    String secret = null;
    String pub = null;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq < 0) {
        if (secret == null && !l.contains(" ")) {
          secret = l;
          continue;
        }
        throw new IOException(source + ": a line is neither 'name = \"value\"' nor a key");
      }
      String name = l.substring(0, eq).strip();
      String value = l.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (name.equals("authority_secret_key")) {
        secret = value;
      } else if (name.equals("authority_public_key")) {
        pub = value;
      }
    }
    if (secret == null) {
      throw new IOException(source + ": no authority_secret_key");
    }
    AuthorityKeys keys;
    try {
      keys = AuthorityKeys.fromSecretKeyText(secret);
    } catch (NoiseException e) {
      throw new IOException(source + ": authority_secret_key is not a valid secret key (" + e.reason() + ")");
    }
    if (pub != null && !pub.equals(keys.publicKeyText())) {
      keys.destroy();
      throw new IOException(source + ": authority_public_key does not belong to authority_secret_key");
    }
    return keys;
  }
}
