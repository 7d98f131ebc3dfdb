package org.sv2j.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * The hostile case of the process's file limit: a server in a child JVM started with {@code ulimit -n
 * 200} is offered more connections than it has descriptors. It keeps serving the connections it holds,
 * leaves the rest waiting instead of failing, and serves them once descriptors are free again.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class FileLimitTest {

  /** The child: a plaintext echo server; prints its port, runs until stdin closes. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      try (Sv2Server s = Sv2Server.builder().plaintext().handler(() -> LoopbackTest.Echo.INSTANCE)
          .ioThreads(1).idleTimeout(Duration.ZERO).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        System.out.println("PORT " + s.localAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the parent to close our stdin
        }
        System.out.println("OPEN " + s.metrics().openConnections());
      }
    }
  }

  private static boolean echoes(SocketChannel ch, Duration timeout) {
    try {
      Sv2Connection c = Sv2Connection.plain(ch);
      c.send(Sv2Frame.fromPayload(0, 1, false, new byte[] {42}));
      try (Sv2Frame f = c.receive(timeout)) {
        return f != null && f.payloadToArray()[0] == 42;
      }
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void atTheFileLimitTheServerKeepsItsConnectionsAndServesTheRestLater() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder("bash", "-c", "ulimit -n 200 && exec \"$0\" -Xmx256m -cp \"$1\" \"$2\"",
            java, System.getProperty("java.class.path"), Child.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<SocketChannel> held = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("PORT ");
      InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(line.substring(5)));
      // Connect until one is not served: the server ran out of descriptors.
      SocketChannel waiting = null;
      for (int i = 0; i < 250 && waiting == null; i++) {
        SocketChannel ch = SocketChannel.open(server);
        held.add(ch);
        if (!echoes(ch, Duration.ofSeconds(3))) {
          waiting = ch;
        }
      }
      assertThat(waiting).as("the 200-descriptor server ran out").isNotNull();
      assertThat(held.size()).isBetween(100, 200);
      assertThat(child.isAlive()).isTrue();
      // The connections it holds still work.
      Sv2Connection first = Sv2Connection.plain(held.get(0));
      first.send(Sv2Frame.fromPayload(0, 1, false, new byte[] {7}));
      try (Sv2Frame f = first.receive(Duration.ofSeconds(5))) {
        assertThat(f).isNotNull();
      }
      // Free descriptors: the waiting connection is accepted (within the 1 s accept pause) and served.
      for (int i = 1; i < 40; i++) {
        held.get(i).close();
      }
      Sv2Connection late = Sv2Connection.plain(waiting);
      try (Sv2Frame f = late.receive(Duration.ofSeconds(10))) { // its frame was sent before it was accepted
        assertThat(f).as("the waiting connection is served once descriptors are free").isNotNull();
      }
    } finally {
      for (SocketChannel ch : held) {
        ch.close();
      }
      child.getOutputStream().close();
      child.waitFor(20, TimeUnit.SECONDS);
      child.destroyForcibly();
    }
  }
}
