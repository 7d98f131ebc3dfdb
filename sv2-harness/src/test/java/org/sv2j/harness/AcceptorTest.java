package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness' accept loop: its cap, and that no accept or thread failure ends it. */
@Timeout(60)
final class AcceptorTest {
  @Test
  void acceptFailuresSuchAsAFullFileTableAreRetriedNotFatal() throws Exception {
    try (ServerSocketChannel listener = listener()) {
      AtomicInteger calls = new AtomicInteger();
      CountDownLatch handled = new CountDownLatch(1);
      Acceptor.Source failingThrice = () -> {
        if (calls.incrementAndGet() <= 3) {
          throw new IOException("Too many open files");
        }
        return listener.accept();
      };
      Acceptor a = new Acceptor("test", failingThrice, 4, (id, ch) -> {
        close(ch);
        handled.countDown();
      }, () -> false, Acceptor.daemonThreads("t"));
      Thread loop = start(a);
      try (SocketChannel peer = SocketChannel.open(listener.getLocalAddress())) {
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(a.acceptFailures()).isEqualTo(3);
      assertThat(loop.isAlive()).isTrue();
      listener.close();
      loop.join(5_000);
      assertThat(loop.isAlive()).as("a closed listener ends the loop").isFalse();
    }
  }

  @Test
  void pastTheCapAConnectionIsClosedOnArrivalAndTheOpenOnesCarryOn() throws Exception {
    try (ServerSocketChannel listener = listener()) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch twoRunning = new CountDownLatch(2);
      List<Integer> ids = java.util.Collections.synchronizedList(new ArrayList<>());
      Acceptor a = new Acceptor("test", listener::accept, 2, (id, ch) -> {
        ids.add(id);
        twoRunning.countDown();
        try {
          release.await();
          ch.write(ByteBuffer.wrap(new byte[] {42}));
        } catch (InterruptedException | IOException e) {
          Thread.currentThread().interrupt();
        } finally {
          close(ch);
        }
      }, () -> false, Acceptor.daemonThreads("t"));
      Thread loop = start(a);
      SocketChannel first = SocketChannel.open(listener.getLocalAddress());
      SocketChannel second = SocketChannel.open(listener.getLocalAddress());
      assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();
      try (SocketChannel third = SocketChannel.open(listener.getLocalAddress())) {
        assertThat(third.read(ByteBuffer.allocate(1))).as("refused: end of stream").isEqualTo(-1);
      }
      assertThat(a.refused()).isEqualTo(1);
      assertThat(a.open()).isEqualTo(2);
      release.countDown();
      for (SocketChannel c : List.of(first, second)) {
        ByteBuffer b = ByteBuffer.allocate(1);
        assertThat(c.read(b)).isEqualTo(1);
        assertThat(b.get(0)).isEqualTo((byte) 42);
        c.close();
      }
      awaitZero(a);
      // a slot given back is usable again
      try (SocketChannel fourth = SocketChannel.open(listener.getLocalAddress())) {
        ByteBuffer b = ByteBuffer.allocate(1);
        assertThat(fourth.read(b)).as("served, not refused").isEqualTo(1);
      }
      assertThat(ids).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(a.refused()).isEqualTo(1);
      listener.close();
      loop.join(5_000);
    }
  }

  @Test
  void aThreadThatCannotStartCostsOnlyItsConnection() throws Exception {
    try (ServerSocketChannel listener = listener()) {
      AtomicInteger made = new AtomicInteger();
      CountDownLatch handled = new CountDownLatch(1);
      java.util.concurrent.ThreadFactory flaky = r -> {
        if (made.incrementAndGet() == 1) {
          throw new OutOfMemoryError("unable to create native thread (simulated)");
        }
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
      };
      Acceptor a = new Acceptor("test", listener::accept, 4, (id, ch) -> {
        close(ch);
        handled.countDown();
      }, () -> false, flaky);
      Thread loop = start(a);
      try (SocketChannel unlucky = SocketChannel.open(listener.getLocalAddress())) {
        assertThat(unlucky.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      }
      awaitZero(a);
      try (SocketChannel next = SocketChannel.open(listener.getLocalAddress())) {
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(loop.isAlive()).isTrue();
      listener.close();
      loop.join(5_000);
      assertThat(loop.isAlive()).isFalse();
    }
  }

  @Test
  void theLoopEndsOnClosedChannelOrWhenTheServerSaysItIsClosing() throws Exception {
    Acceptor ends = new Acceptor("test", () -> {
      throw new ClosedChannelException();
    }, 1, (id, ch) -> close(ch), () -> false, Acceptor.daemonThreads("t"));
    Thread t = start(ends);
    t.join(5_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(ends.acceptFailures()).isZero();

    boolean[] closing = {false};
    AtomicInteger calls = new AtomicInteger();
    Acceptor stops = new Acceptor("test", () -> {
      calls.incrementAndGet();
      closing[0] = true;
      throw new IOException("the listener went away while closing");
    }, 1, (id, ch) -> close(ch), () -> closing[0], Acceptor.daemonThreads("t"));
    Thread u = start(stops);
    u.join(5_000);
    assertThat(u.isAlive()).isFalse();
    assertThat(calls.get()).isEqualTo(1);
    assertThat(stops.acceptFailures()).as("a failure while closing is not counted").isZero();
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> new Acceptor("test", () -> null, 0, (id, ch) -> {}, () -> false, Acceptor.daemonThreads("t")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestPool.builder().maxConnections(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sniffer.builder(new InetSocketAddress("127.0.0.1", 1)).maxConnections(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTestPoolRefusesPastItsCap() throws Exception {
    try (TestPool pool = TestPool.builder().maxConnections(1).build().start();
        RawClient held = new RawClient(pool.address(), Endpoints.Client.plain())) {
      held.openStandard(Targets.max());
      try (SocketChannel extra = SocketChannel.open(pool.address())) {
        assertThat(extra.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      }
      assertThat(pool.connectionsRefused()).isEqualTo(1);
      assertThat(pool.connectionsOpen()).isEqualTo(1);
    }
  }

  @Test
  void theSnifferRefusesDownstreamsPastItsCap() throws Exception {
    // a silent upstream: the sniffer's one pair stays open (both pumps wait for frames)
    try (ServerSocketChannel upstream = listener();
        Sniffer sniffer = Sniffer.builder((InetSocketAddress) upstream.getLocalAddress()).maxConnections(1).build().start();
        SocketChannel first = SocketChannel.open(sniffer.address());
        SocketChannel upstreamSide = upstream.accept()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sniffer.connectionsOpen() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(sniffer.connectionsOpen()).isEqualTo(1);
      try (SocketChannel second = SocketChannel.open(sniffer.address())) {
        assertThat(second.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      }
      assertThat(sniffer.connectionsRefused()).isEqualTo(1);
      assertThat(sniffer.connectionsOpen()).isEqualTo(1);
    }
  }

  private static void awaitZero(Acceptor a) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (a.open() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(a.open()).isZero();
  }

  private static ServerSocketChannel listener() throws IOException {
    ServerSocketChannel l = ServerSocketChannel.open();
    l.bind(new InetSocketAddress("127.0.0.1", 0));
    return l;
  }

  private static Thread start(Acceptor a) {
    Thread t = new Thread(a, "acceptor-under-test");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void close(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // test cleanup
    }
  }
}
