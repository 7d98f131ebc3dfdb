package org.sv2j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VectorCopyTest {
  @Test
  void copyIsByteIdenticalToSharedVectors() throws IOException {
    Path shared = Vectors.sharedDirectory();
    assumeTrue(shared != null, "../shared/vectors is not beside this checkout");
    try (Stream<Path> files = Files.list(shared)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()))
          .as("every shared vector file has a copy")
          .containsExactlyInAnyOrderElementsOf(Vectors.FILES);
    }
    for (String name : Vectors.FILES) {
      assertThat(Vectors.bytes(name)).as(name).isEqualTo(Files.readAllBytes(shared.resolve(name)));
    }
  }

  @Test
  void readersParseTheVectorFiles() {
    assertThat(Json.array(Vectors.json("wycheproof_chacha20_poly1305_test.json").get("testGroups")))
        .hasSize(10);
    assertThat(Vectors.csv("bip340-test-vectors.csv")).hasSize(19);
    assertThat(Vectors.csv("xswiftec_inv_test_vectors.csv")).hasSize(32);
    assertThat(Vectors.csv("ellswift_decode_test_vectors.csv")).hasSize(76);
  }
}
