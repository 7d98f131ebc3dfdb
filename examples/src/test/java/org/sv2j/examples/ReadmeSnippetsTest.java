package org.sv2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.buffer.Slice;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;
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

  @Test
  void encryptedConnection() throws Exception {
    AuthorityKeys authority = AuthorityKeys.generate();
    byte[] authorityPublicKey = authority.publicKey();
    byte[] authoritySecretKey = authority.secretKey();
    Sv2Message setupConnection =
        new Sv2Message() {
          @Override
          public int encodedLength() {
            return 1;
          }

          @Override
          public void encodeTo(ByteBuffer dst) {
            dst.put((byte) 2);
          }
        };
    try (ServerSocketChannel listener =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress poolAddress = (InetSocketAddress) listener.getLocalAddress();
      CompletableFuture<Integer> server =
          CompletableFuture.supplyAsync(
              () -> {
                Responder.Builder responders =
                    Responder.builder(authorityPublicKey, authoritySecretKey, Duration.ofHours(1));
                try (Sv2Connection s = Sv2Connection.responder(listener.accept(), responders.build());
                    Sv2Frame f = s.receive()) {
                  s.send(Sv2Frame.fromPayload(0, 0x01, false, f.payloadToArray()));
                  return f.msgType();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (Sv2Connection c =
          Sv2Connection.initiator(SocketChannel.open(poolAddress), Initiator.create(authorityPublicKey))) {
        c.send(Sv2Frame.fromMessage(0, 0x00, false, setupConnection));
        try (Sv2Frame reply = c.receive()) {
          assertThat(reply.msgType()).isEqualTo(1);
          assertThat(reply.payload().get(0)).isEqualTo((byte) 2);
        }
      }
      assertThat(server.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void decodingAPlaintextStream() throws Exception {
    byte[] wire = {0, 0, (byte) 0xff, 2, 0, 0, 0x39, 0x05, 0, 0, 1, 0, 0, 0};
    List<Integer> handled = new ArrayList<>();
    try (ServerSocketChannel listener =
            ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel writer = SocketChannel.open(listener.getLocalAddress());
        SocketChannel channel = listener.accept()) {
      writer.write(ByteBuffer.wrap(wire));
      StandardDecoder decoder = new StandardDecoder();
      Sv2Frame frame;
      do {
        ByteBuffer region = decoder.writable();
        while (region.hasRemaining()) channel.read(region);
      } while ((frame = decoder.nextFrame()) == null);
      assertThat(frame.msgType()).isEqualTo(0xff);
      assertThat(frame.payload().getShort(0)).isEqualTo((short) 1337);
      frame.close();
      ByteBuffer readBuffer = ByteBuffer.allocate(64);
      channel.read(readBuffer);
      readBuffer.flip();
      decoder.feed(readBuffer, f -> { try (f) { handled.add(f.msgType()); } });
      assertThat(handled).containsExactly(1);
      decoder.close();
    }
  }
}
