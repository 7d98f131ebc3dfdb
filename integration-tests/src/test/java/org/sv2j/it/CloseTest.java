package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * {@link Sv2Connection#close()} from another thread: it unblocks a {@code receive} waiting for a silent
 * peer and a {@code send} stuck on a peer that does not read, both with an {@link IOException}; afterwards
 * both directions refuse with {@link ClosedChannelException}, and a frame received before the close stays
 * readable. Also the other side of closing: a closed frame given to {@code send} is refused harmlessly.
 */
@Timeout(60)
class CloseTest {
  private ServerSocketChannel listener;
  private Sv2Connection local;
  private Sv2Connection remote;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  private void open(boolean encrypted) throws Exception {
    listener = ServerSocketChannel.open().bind(Fixtures.LOOPBACK_ANY_PORT);
    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
    SocketChannel accepted = listener.accept();
    Future<Sv2Connection> server =
        pool.submit(
            () -> encrypted ? Sv2Connection.responder(accepted, Fixtures.responders().build()) : Sv2Connection.plain(accepted));
    local = encrypted ? Sv2Connection.initiator(client, Fixtures.initiator()) : Sv2Connection.plain(client);
    remote = server.get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeAll() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    if (local != null) {
      local.close();
    }
    if (remote != null) {
      remote.close();
    }
    if (listener != null) {
      listener.close();
    }
  }

  /** Waits until {@code task} has been blocked for a while, closes, and returns what the task threw. */
  private Throwable closeWhileBlocked(Future<?> task) throws Exception {
    Thread.sleep(200);
    assertThat(task.isDone()).as("blocked before the close").isFalse();
    local.close();
    try {
      task.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the blocked call returned normally");
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void closeUnblocksAReceiveAndKeepsEarlierFrames(boolean encrypted) throws Exception {
    open(encrypted);
    byte[] p = Fixtures.payload(new SplittableRandom(1), 3_000);
    remote.send(Sv2Frame.fromPayload(0, 5, false, p));
    Sv2Frame kept = local.receive();
    Throwable t = closeWhileBlocked(pool.submit(() -> local.receive()));
    assertThat(t).isInstanceOf(IOException.class);
    assertThat(local.isClosed()).isTrue();
    // Frames already received stay valid after the connection and its pool are closed.
    try (kept) {
      assertThat(kept.payloadToArray()).isEqualTo(p);
    }
    assertThatThrownBy(() -> local.receive()).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> local.receive(Duration.ofSeconds(1))).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> local.send(Sv2Frame.fromPayload(0, 5, false, p))).isInstanceOf(ClosedChannelException.class);
  }

  /** Refused before anything is written or a nonce is used: the next frame still reaches the peer intact. */
  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void sendRefusesAClosedFrameAndTheConnectionCarriesOn(boolean encrypted) throws Exception {
    open(encrypted);
    Sv2Frame closed = Sv2Frame.fromPayload(0, 5, false, new byte[10]);
    closed.close();
    assertThatThrownBy(() -> local.send(closed)).isInstanceOf(IllegalStateException.class);
    assertThat(local.isClosed()).isFalse();
    byte[] p = Fixtures.payload(new SplittableRandom(2), 500);
    local.send(Sv2Frame.fromPayload(0, 6, true, p));
    try (Sv2Frame f = remote.receive(Duration.ofSeconds(20))) {
      assertThat(f.msgType()).isEqualTo(6);
      assertThat(f.payloadToArray()).isEqualTo(p);
    }
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void closeUnblocksATimedReceive(boolean encrypted) throws Exception {
    open(encrypted);
    Throwable t = closeWhileBlocked(pool.submit(() -> local.receive(Duration.ofSeconds(50))));
    assertThat(t).isInstanceOf(IOException.class);
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void closeUnblocksASendToAPeerThatDoesNotRead(boolean encrypted) throws Exception {
    open(encrypted);
    byte[] big = new byte[256 * 1024];
    AtomicLong sent = new AtomicLong();
    Future<?> sender =
        pool.submit(
            () -> {
              // The remote end never reads: the socket buffers fill up and send blocks. Bounded in case
              // the buffers were unexpectedly huge (2 GiB).
              for (int i = 0; i < 8_192; i++) {
                local.send(Sv2Frame.fromPayload(0, 6, false, big));
                sent.incrementAndGet();
              }
              return null;
            });
    // Wait until the writer is stuck: no progress for 300 ms.
    long last = -1;
    while (sent.get() != last) {
      last = sent.get();
      Thread.sleep(300);
    }
    Throwable t = closeWhileBlocked(sender);
    assertThat(t).isInstanceOf(IOException.class);
    assertThat(sent.get()).as("frames sent before the socket buffers filled").isLessThan(8_192);
  }
}
