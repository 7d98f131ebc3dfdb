package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * Blocking {@link Sv2Connection}s over loopback TCP, plaintext and encrypted, frames of 0 B to 1 MiB
 * (including the chunk edges) in both directions at once, every payload checked by SHA-256.
 */
class ConnectionTest {
  static final int[] SIZES = {0, 1, 100, 4096, 65_518, 65_519, 65_520, 65_535, 131_039, 1 << 20};

  private static Sv2Connection open(boolean encrypted, SocketChannel ch, boolean server) throws Exception {
    if (!encrypted) {
      return Sv2Connection.plain(ch);
    }
    return server
        ? Sv2Connection.responder(ch, Fixtures.responders().build())
        : Sv2Connection.initiator(ch, Fixtures.initiator());
  }

  /** Sends every size with a payload from {@code seed}; returns the checksums in order. */
  private static List<String> sendAll(Sv2Connection c, long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> sums = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      byte[] p = Fixtures.payload(r, SIZES[i]);
      sums.add(Fixtures.sha256(p, 0, p.length));
      c.send(Sv2Frame.fromPayload(i, 0x40 + i, (i & 1) == 1, p));
    }
    return sums;
  }

  private static List<String> receiveAll(Sv2Connection c) throws Exception {
    List<String> sums = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      try (Sv2Frame f = c.receive()) {
        assertThat(f.msgType()).isEqualTo(0x40 + i);
        assertThat(f.extensionTypeWithoutChannelBit()).isEqualTo(i);
        assertThat(f.channelMsg()).isEqualTo((i & 1) == 1);
        assertThat(f.msgLength()).isEqualTo(SIZES[i]);
        sums.add(Fixtures.sha256(f));
      }
    }
    return sums;
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(60)
  void bothDirectionsAtOnceWithEverySize(boolean encrypted) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(Fixtures.LOOPBACK_ANY_PORT)) {
      InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
      Future<Sv2Connection> accepted = pool.submit(() -> open(encrypted, listener.accept(), true));
      try (Sv2Connection client = open(encrypted, SocketChannel.open(address), false);
          Sv2Connection server = accepted.get(20, TimeUnit.SECONDS)) {
        assertThat(client.isEncrypted()).isEqualTo(encrypted);
        if (encrypted) {
          assertThat(client.certificate()).isPresent();
          assertThat(client.certificate().get().subjectKey()).isEqualTo(server.certificate().get().subjectKey());
        }
        Future<List<String>> clientSent = pool.submit(() -> sendAll(client, 1));
        Future<List<String>> serverSent = pool.submit(() -> sendAll(server, 2));
        Future<List<String>> serverGot = pool.submit(() -> receiveAll(server));
        List<String> clientGot = receiveAll(client);
        assertThat(serverGot.get(30, TimeUnit.SECONDS)).isEqualTo(clientSent.get(30, TimeUnit.SECONDS));
        assertThat(clientGot).isEqualTo(serverSent.get(30, TimeUnit.SECONDS));
        // An orderly close between frames is an EOFException on the other side.
        client.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(server::receive).isInstanceOf(EOFException.class);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(60)
  void selectorResponderEchoesEverySize(boolean encrypted) throws Exception {
    NettyEchoServer.Config config = NettyEchoServer.Config.defaults().withMaxPayloadLength(1 << 20);
    try (NettyEchoServer server =
        encrypted
            ? NettyEchoServer.encrypted(Fixtures.LOOPBACK_ANY_PORT, Fixtures.responders(), config)
            : NettyEchoServer.plain(Fixtures.LOOPBACK_ANY_PORT, config)) {
      try (Sv2Connection c = open(encrypted, SocketChannel.open(server.address()), false)) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
          // Send everything while reading the echoes: the server must cope with a peer that writes
          // faster than it reads its answers.
          Future<List<String>> sent = pool.submit(() -> sendAll(c, 3));
          List<String> echoed = receiveAll(c);
          assertThat(echoed).isEqualTo(sent.get(30, TimeUnit.SECONDS));
        } finally {
          pool.shutdownNow();
        }
      }
      assertThat(server.framesEchoed()).isEqualTo(SIZES.length);
      assertThat(server.totalFailures()).isZero();
      assertThat(server.leakedSlots()).isZero();
    }
  }

  @Test
  @Timeout(30)
  void threadsEndWithTheServer() throws Exception {
    int before = Fixtures.sv2jThreads().size();
    NettyEchoServer server = NettyEchoServer.plain(Fixtures.LOOPBACK_ANY_PORT, NettyEchoServer.Config.defaults());
    assertThat(Fixtures.sv2jThreads().size()).isGreaterThan(before); // the acceptor; event loops start on demand
    server.close();
    assertThat(Fixtures.sv2jThreads()).hasSize(before);
  }
}
