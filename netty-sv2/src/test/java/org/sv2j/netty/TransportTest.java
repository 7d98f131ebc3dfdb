package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/** The native epoll transport is what a server gets on Linux x86-64 (netty-sv2 ships its native jar); NIO on request. */
class TransportTest {

  private static boolean echoes(Sv2Server s) throws Exception {
    try (Sv2Connection c = Sv2Connection.plain(SocketChannel.open(s.localAddress()))) {
      c.send(Sv2Frame.fromPayload(0, 1, false, new byte[] {7, 8}));
      try (Sv2Frame f = c.receive(Duration.ofSeconds(10))) {
        return f != null && f.payloadToArray().length == 2 && f.payloadToArray()[1] == 8;
      }
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
  void linuxX86ServersRunOnEpoll() throws Exception {
    assertThat(Transports.epoll()).as("netty-transport-native-epoll loads").isTrue();
    try (Sv2Server s = Sv2Server.builder().plaintext().handler(() -> LoopbackTest.Echo.INSTANCE).ioThreads(1)
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(s.isNativeTransport()).isTrue();
      assertThat(echoes(s)).isTrue();
    }
  }

  @Test
  void nioOnRequest() throws Exception {
    try (Sv2Server s = Sv2Server.builder().plaintext().handler(() -> LoopbackTest.Echo.INSTANCE).ioThreads(1)
        .preferNativeTransport(false).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(s.isNativeTransport()).isFalse();
      assertThat(echoes(s)).isTrue();
    }
  }
}
