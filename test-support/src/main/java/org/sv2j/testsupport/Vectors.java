package org.sv2j.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * The shared test vectors. The repository keeps one byte-identical copy of {@code ../shared/vectors}
 * under this module's resources ({@code /vectors/...}); {@code VectorCopyTest} proves the copy is
 * unchanged whenever {@code ../shared} sits beside the checkout.
 */
public final class Vectors {
  /** Names of the files in the copy (the upstream README included). */
  public static final List<String> FILES =
      List.of(
          "README.md",
          "bip340-test-vectors.csv",
          "ellswift_decode_test_vectors.csv",
          "hs1_transport_04.bin",
          "hs1_transport_05.bin",
          "hs1_transport_06.bin",
          "hs1_transport_08.bin",
          "packet_encoding_test_vectors.csv",
          "rfc5869_hkdf_sha256.json",
          "rfc8439_chacha20_poly1305_aead.json",
          "sv2_noise_vectors.json",
          "sv2_reference_handshake.json",
          "sv2_reference_messages.json",
          "sv2_reference_plain_frames.json",
          "wycheproof_chacha20_poly1305_test.json",
          "wycheproof_hkdf_sha256_test.json",
          "wycheproof_hmac_sha256_test.json",
          "xswiftec_inv_test_vectors.csv");

  private Vectors() {}

  /** Raw bytes of a vector file from the repository's copy. */
  public static byte[] bytes(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** A JSON vector file parsed with {@link Json}; the top level is an object. */
  public static Map<String, Object> json(String name) {
    return Json.object(Json.parse(text(name)));
  }

  public static List<Map<String, String>> csv(String name) {
    return Csv.rows(text(name));
  }

  /**
   * The {@code shared/vectors} folder beside the checkout, if present. The root comes from the
   * {@code sv2j.root} system property that the build passes to tests, or the working directory.
   */
  public static Path sharedDirectory() {
    String root = System.getProperty("sv2j.root");
    Path base = root != null ? Paths.get(root) : Paths.get("").toAbsolutePath();
    for (Path p = base; p != null; p = p.getParent()) {
      Path candidate = p.resolve("../shared/vectors").normalize();
      if (Files.isDirectory(candidate) && Files.exists(p.resolve("mvnw"))) {
        return candidate;
      }
    }
    return null;
  }
}
