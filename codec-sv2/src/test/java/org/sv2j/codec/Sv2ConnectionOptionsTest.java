package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Sv2Connection.Options}: the documented defaults, every bound of the checks, the copies. */
class Sv2ConnectionOptionsTest {
  private static final int U24_MAX = (1 << 24) - 1;

  @Test
  void defaultsAreTheDocumentedOnes() {
    Sv2Connection.Options d = Sv2Connection.Options.defaults();
    assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.maxPayloadLength()).isEqualTo(U24_MAX);
    assertThat(d.decoderPoolCapacity()).isEqualTo(327_680); // the reference's decoder pool
    assertThat(d.writeBufferSize()).isEqualTo(64 * 1024);
  }

  @Test
  void handshakeTimeoutMustBePositive() {
    Sv2Connection.Options d = Sv2Connection.Options.defaults();
    assertThatThrownBy(() -> d.withHandshakeTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> d.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("handshakeTimeout");
    assertThatThrownBy(() -> d.withHandshakeTimeout(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(d.withHandshakeTimeout(Duration.ofNanos(1)).handshakeTimeout()).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void maxPayloadLengthIsAU24() {
    Sv2Connection.Options d = Sv2Connection.Options.defaults();
    assertThatThrownBy(() -> d.withMaxPayloadLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> d.withMaxPayloadLength(U24_MAX + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(U24_MAX + 1));
    assertThat(d.withMaxPayloadLength(0).maxPayloadLength()).isZero();
    assertThat(d.withMaxPayloadLength(U24_MAX).maxPayloadLength()).isEqualTo(U24_MAX);
  }

  @Test
  void poolCapacityAndWriteBufferHaveLowerBounds() {
    Sv2Connection.Options d = Sv2Connection.Options.defaults();
    assertThatThrownBy(() -> d.withDecoderPoolCapacity(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(d.withDecoderPoolCapacity(0).decoderPoolCapacity()).isZero();
    // 22 bytes: an encrypted empty frame (its header and tag).
    assertThatThrownBy(() -> d.withWriteBufferSize(21)).isInstanceOf(IllegalArgumentException.class);
    assertThat(d.withWriteBufferSize(22).writeBufferSize()).isEqualTo(22);
  }

  @Test
  void eachCopyChangesOneFieldOnly() {
    Sv2Connection.Options o = new Sv2Connection.Options(Duration.ofMillis(1234), 5000, 7000, 9000);
    assertThat(o.withHandshakeTimeout(Duration.ofMillis(99)))
        .isEqualTo(new Sv2Connection.Options(Duration.ofMillis(99), 5000, 7000, 9000));
    assertThat(o.withMaxPayloadLength(77)).isEqualTo(new Sv2Connection.Options(Duration.ofMillis(1234), 77, 7000, 9000));
    assertThat(o.withDecoderPoolCapacity(66)).isEqualTo(new Sv2Connection.Options(Duration.ofMillis(1234), 5000, 66, 9000));
    assertThat(o.withWriteBufferSize(55)).isEqualTo(new Sv2Connection.Options(Duration.ofMillis(1234), 5000, 7000, 55));
  }
}
