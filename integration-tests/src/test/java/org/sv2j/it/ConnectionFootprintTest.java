package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * {@link Sv2Connection} reserves nothing up front: no receive pool and no send buffer until traffic needs
 * them, then only as much as it needs (bounded by the options); frames handed out before the pool grew stay
 * intact.
 */
class ConnectionFootprintTest {

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(60)
  void buffersGrowWithTheTrafficAndFramesSurviveTheGrowth(boolean encrypted) throws Exception {
    NettyEchoServer.Config config = NettyEchoServer.Config.defaults().withIoThreads(1);
    try (NettyEchoServer server =
            encrypted
                ? NettyEchoServer.encrypted(Fixtures.LOOPBACK_ANY_PORT, Fixtures.responders(), config)
                : NettyEchoServer.plain(Fixtures.LOOPBACK_ANY_PORT, config);
        Sv2Connection c =
            encrypted
                ? Sv2Connection.initiator(SocketChannel.open(server.address()), Fixtures.initiator())
                : Sv2Connection.plain(SocketChannel.open(server.address()))) {
      // After the handshake (or none): nothing reserved. The reference holds 327,680 + 65,536 bytes here.
      assertThat(c.bufferCapacity()).isZero();

      // Small frames: a few KiB at most, reached after the first frames and then stable.
      SplittableRandom r = new SplittableRandom(14);
      for (int i = 0; i < 200; i++) {
        byte[] p = Fixtures.payload(r, 100 + r.nextInt(100));
        c.send(Sv2Frame.fromPayload(0, 0x40, false, p));
        try (Sv2Frame echo = c.receive()) {
          assertThat(echo.payloadToArray()).isEqualTo(p);
        }
      }
      int small = c.bufferCapacity();
      assertThat(small).isPositive().isLessThanOrEqualTo(2 * 1024);

      // Growing frames, with the previous echoes held open across every growth of the pool.
      List<Sv2Frame> held = new ArrayList<>();
      List<byte[]> expected = new ArrayList<>();
      for (int len : new int[] {1_000, 5_000, 20_000, 65_519, 65_520, 100_000, 131_039, 300_000}) {
        byte[] p = Fixtures.payload(r, len);
        c.send(Sv2Frame.fromPayload(0, 0x41, false, p));
        held.add(c.receive());
        expected.add(p);
        for (int i = 0; i < held.size(); i++) {
          assertThat(held.get(i).payloadToArray()).as("held frame %d after %d B", i, len).isEqualTo(expected.get(i));
        }
      }
      for (Sv2Frame f : held) {
        f.close();
      }
      // Bounded by the options: the pool by 327,680 B and the send buffer by 64 KiB.
      assertThat(c.bufferCapacity()).isLessThanOrEqualTo(Sv2Connection.Options.defaults().decoderPoolCapacity()
          + Sv2Connection.Options.defaults().writeBufferSize());
    }
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(60)
  void maximaOfZeroMeanHeapDecodingAndOneOffSendBuffers(boolean encrypted) throws Exception {
    NettyEchoServer.Config config = NettyEchoServer.Config.defaults().withIoThreads(1);
    Sv2Connection.Options options = Sv2Connection.Options.defaults().withDecoderPoolCapacity(0).withWriteBufferSize(64);
    try (NettyEchoServer server =
            encrypted
                ? NettyEchoServer.encrypted(Fixtures.LOOPBACK_ANY_PORT, Fixtures.responders(), config)
                : NettyEchoServer.plain(Fixtures.LOOPBACK_ANY_PORT, config);
        Sv2Connection c =
            encrypted
                ? Sv2Connection.initiator(SocketChannel.open(server.address()), Fixtures.initiator(), options)
                : Sv2Connection.plain(SocketChannel.open(server.address()), options)) {
      SplittableRandom r = new SplittableRandom(15);
      for (int len : new int[] {0, 10, 40, 1_000, 70_000}) {
        byte[] p = Fixtures.payload(r, len);
        c.send(Sv2Frame.fromPayload(0, 0x41, false, p));
        try (Sv2Frame echo = c.receive()) {
          assertThat(echo.payloadToArray()).isEqualTo(p);
        }
        assertThat(c.bufferCapacity()).isLessThanOrEqualTo(64);
      }
    }
  }
}
