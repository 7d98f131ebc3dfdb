package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.ServerCredential;

/** Sv2Server from a pre-signed credential: miners verify the authority's certificate, the server holds no authority secret. */
class CredentialServerTest {

  @Test
  void aCredentialServerCompletesHandshakesThatCheckTheAuthority() throws Exception {
    AuthorityKeys authority = AuthorityKeys.generate();
    Sv2Server server;
    try (ServerCredential credential = ServerCredential.issue(authority, Instant.now(), Duration.ofDays(30))) {
      server = Sv2Server.builder().credential(credential).handler(() -> LoopbackTest.Echo.INSTANCE).ioThreads(1)
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } // the server keeps its own copy of the static key
    try (server) {
      for (int i = 0; i < 3; i++) {
        try (Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(server.localAddress()), Initiator.create(authority.publicKey()))) {
          c.send(Sv2Frame.fromPayload(0, 9, false, new byte[] {(byte) i, 1, 2}));
          try (Sv2Frame echo = c.receive(Duration.ofSeconds(10))) {
            assertThat(echo).isNotNull();
            assertThat(echo.payloadToArray()).containsExactly((byte) i, 1, 2);
          }
        }
      }
      // A miner that expects another authority refuses this server's certificate.
      AuthorityKeys other = AuthorityKeys.generate();
      assertThatThrownBy(() -> Sv2Connection.initiator(SocketChannel.open(server.localAddress()), Initiator.create(other.publicKey())))
          .isNotNull();
      assertThat(server.metrics().handshakesCompleted()).isGreaterThanOrEqualTo(3);
    }
  }
}
