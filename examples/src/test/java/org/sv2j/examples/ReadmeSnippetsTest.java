package org.sv2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.buffer.Slice;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/** The code shown in README.md compiles and does what the README says. */
class ReadmeSnippetsTest {
  @Test
  void noiseHandshakeInMemory() {
    AuthorityKeys authority = AuthorityKeys.generate();
    Responder responder =
        Responder.create(authority.publicKey(), authority.secretKey(), Duration.ofHours(1));
    Initiator initiator = Initiator.create(authority.publicKey());

    byte[] msg0 = initiator.step0();
    Responder.Reply reply = responder.step1(msg0);
    NoiseSession client = initiator.step2(reply.message());
    NoiseSession server = reply.session();

    assertThat(msg0).hasSize(64);
    assertThat(reply.message()).hasSize(234);
    byte[] frame = new byte[6 + 16];
    byte[] header = {0, 0, (byte) 0xff, 2, 0, 0};
    System.arraycopy(header, 0, frame, 0, 6);
    int sealed = client.encrypt(frame, 0, 6);
    assertThat(sealed).isEqualTo(22);
    assertThat(Arrays.copyOf(frame, 6)).isNotEqualTo(header);
    int opened = server.decrypt(frame, 0, sealed);
    assertThat(opened).isEqualTo(6);
    assertThat(Arrays.copyOf(frame, 6)).isEqualTo(header);
  }

  @Test
  void bufferPoolUsage() {
    byte[] bytes = {1, 2, 3};
    try (BufferPool pool = new BufferPool(BufferPool.DEFAULT_CAPACITY)) {
      pool.write(bytes, 0, bytes.length);
      try (Slice message = pool.getDataOwned()) {
        ByteBuffer view = message.buffer();
        assertThat(view.remaining()).isEqualTo(3);
        assertThat(view.get(2)).isEqualTo((byte) 3);
        assertThat(pool.mode()).isEqualTo(PoolMode.BACK);
        assertThat(pool.liveSlices()).isEqualTo(1);
      }
      assertThat(pool.liveSlices()).isZero();
    }
  }
}
