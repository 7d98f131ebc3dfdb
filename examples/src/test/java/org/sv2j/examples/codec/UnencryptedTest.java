package org.sv2j.examples.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.testsupport.Hex;

class UnencryptedTest {

  @Test
  @Timeout(30)
  void serverReceivesTheClientsFrameOverLoopbackTcp() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Unencrypted.Received r;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      r = Unencrypted.run(out);
    }
    assertThat(r.msgType()).isEqualTo(0xff);
    assertThat(r.extensionType()).isZero();
    assertThat(r.nonce()).isEqualTo(1337);
    // The bytes the reference's example puts on the wire (brief §4.2 / §7.2).
    assertThat(Hex.encode(r.wire())).isEqualTo("0000ff0200003905");
    String printed = log.toString(StandardCharsets.UTF_8);
    // The pull sequence: the 6-byte header, then the 2-byte payload.
    assertThat(printed).contains("server: reading 6 bytes", "server: reading 2 bytes", "nonce 1337");
    assertThat(printed.indexOf("reading 6")).isLessThan(printed.indexOf("reading 2"));
  }
}
