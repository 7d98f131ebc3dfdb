package org.sv2j.examples.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EncryptedTest {

  @Test
  @Timeout(30)
  void theReferenceEncryptedExample() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Encrypted.Received r;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      r = Encrypted.run(out);
    }
    assertThat(r.msgType()).isEqualTo(0xff);
    assertThat(r.nonce()).isEqualTo(1337);
    // 22-byte encrypted header, then the 2-byte payload with its 16-byte tag.
    assertThat(r.wireBytes()).isEqualTo(22 + 2 + 16);
    assertThat(r.reads()).containsExactly(22, 18);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("handshake done in memory (64 + 234 bytes)");
  }
}
