package org.sv2j.examples.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sv2j.buffer.PoolMode.ALLOC;
import static org.sv2j.buffer.PoolMode.BACK;
import static org.sv2j.buffer.PoolMode.FRONT;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each buffer example runs and goes through the modes the reference's examples show (brief §2.12). */
class BufferExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void basicUsage() {
    assertThat(BasicBufferPool.run(out)).containsExactly(BACK, BACK, BACK);
    assertThat(printed())
        .contains("wrote 12 bytes, pool length 12, state -------- BACK")
        .contains("\"Ciao, mundo!\"; pool length now 0, state 1------- BACK")
        .contains("released the slice: state -------- BACK");
  }

  @Test
  void exhaustionGoesBackFrontAlloc() {
    assertThat(BufferPoolExhaustion.run(out))
        .containsExactly(BACK, BACK, BACK, BACK, BACK, BACK, BACK, BACK, FRONT, ALLOC);
    assertThat(printed())
        .contains("released the first slice: -234---- BACK")
        .contains("state 12345678 FRONT")
        .contains("state 12345678 ALLOC");
  }

  @Test
  void variableSizesGoBackBackAllocBack() {
    assertThat(VariableSizedMessages.run(out)).containsExactly(BACK, BACK, ALLOC, BACK);
    assertThat(printed())
        .contains("63 bytes -> Slice[63 bytes, owned]")
        .contains("released everything: state -------- ALLOC")
        .contains(" 2 bytes -> Slice[2 bytes, pooled slot 1]");
  }
}
