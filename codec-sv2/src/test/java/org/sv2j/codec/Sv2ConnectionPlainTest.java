package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.PlainFrameCases;

/**
 * {@link Sv2Connection} in plaintext over loopback TCP: the reference's bytes on the wire, buffer growth as
 * documented, recycling, end of stream, truncation, the payload limit, timed receives and close.
 */
@Timeout(30)
class Sv2ConnectionPlainTest {
  private static final Sv2Connection.Options DEFAULTS = Sv2Connection.Options.defaults();

  private volatile Thread workerThread;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sv2connection-test-worker");
        t.setDaemon(true);
        workerThread = t;
        return t;
      });

  @AfterEach
  void stopWorker() throws InterruptedException {
    worker.shutdownNow();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static Sv2Frame frame(int len, int seed) {
    return Sv2Frame.fromPayload(seed & 0x7fff, seed & 0xff, (seed & 1) == 1, Loopback.pattern(len, seed));
  }

  private static void assertSame(Sv2Frame got, Sv2Frame sent) {
    assertThat(got.extensionType()).isEqualTo(sent.extensionType());
    assertThat(got.msgType()).isEqualTo(sent.msgType());
    assertThat(got.channelMsg()).isEqualTo(sent.channelMsg());
    assertThat(got.msgLength()).isEqualTo(sent.msgLength());
    assertThat(got.payloadToArray()).isEqualTo(sent.payloadToArray());
  }

  /** Sends {@code f} on {@code from} and checks that {@code to} receives it unchanged. */
  private static void roundTrip(Sv2Connection from, Sv2Connection to, Sv2Frame f) throws IOException {
    from.send(f);
    try (Sv2Frame got = to.receive()) {
      assertSame(got, f);
    }
  }

  @Test
  void theReferenceBytesCrossTheSocketBothWays() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = Sv2Connection.plain(p.server())) {
      assertThat(c.isEncrypted()).isFalse();
      assertThat(c.certificate()).isEmpty();
      assertThat(c.channel()).isSameAs(p.server());
      assertThat(c).hasToString("Sv2Connection[plain]");
      int checked = 0;
      for (PlainFrameCases.Case k : PlainFrameCases.cases()) {
        if (!k.hasEncodedBytes()) {
          continue;
        }
        byte[] wire = Hex.decode(k.encodedHex());
        c.send(Sv2Frame.fromPayload(k.extensionType(), k.msgType(), k.channelMsg(), k.payload()));
        assertThat(Loopback.read(p.client(), k.encodedLength())).as(k.name()).isEqualTo(wire);
        Loopback.write(p.client(), wire);
        try (Sv2Frame got = c.receive()) {
          assertThat(got.msgType()).as(k.name()).isEqualTo(k.msgType());
          assertThat(got.channelMsg()).as(k.name()).isEqualTo(k.channelMsg());
          assertThat(got.msgLength()).as(k.name()).isEqualTo(k.payload().length);
          assertThat(got.payloadToArray()).as(k.name()).isEqualTo(k.payload());
          assertThat(Loopback.plainBytes(got)).as(k.name()).isEqualTo(wire);
        }
        checked++;
      }
      assertThat(checked).isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void aNonBlockingChannelIsMadeBlocking() throws Exception {
    try (Loopback.Pair p = Loopback.pair()) {
      p.server().configureBlocking(false);
      try (Sv2Connection c = Sv2Connection.plain(p.server(), DEFAULTS)) {
        assertThat(p.server().isBlocking()).isTrue();
        Sv2Frame f = frame(40, 3);
        Loopback.write(p.client(), Loopback.plainBytes(f));
        try (Sv2Frame got = c.receive()) {
          assertSame(got, f);
        }
      }
    }
  }

  @Test
  void theReceivePoolGrowsAsDocumented() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      Sv2Connection rx = cs.server();
      assertThat(rx.bufferCapacity()).isZero(); // nothing reserved up front
      roundTrip(cs.client(), rx, frame(100, 1));
      assertThat(rx.bufferCapacity()).isZero(); // decoded on the heap; growth waits for the next frame
      // The next receive grows the pool to the initial 1 KiB (twice 106 bytes is less); 3,006 bytes do
      // not fit in it, so the frame after grows it to twice that frame's length.
      roundTrip(cs.client(), rx, frame(3000, 2));
      assertThat(rx.bufferCapacity()).isEqualTo(Sv2Connection.INITIAL_BUFFER);
      roundTrip(cs.client(), rx, frame(10, 3));
      assertThat(rx.bufferCapacity()).isEqualTo(2 * 3006);
      // Frames that fit change nothing, the largest that fits included.
      roundTrip(cs.client(), rx, frame(2 * 3006 - 6, 4));
      roundTrip(cs.client(), rx, frame(0, 5));
      roundTrip(cs.client(), rx, frame(3000, 6));
      assertThat(rx.bufferCapacity()).isEqualTo(2 * 3006);
      // Twice the pool beats twice the frame: a 4,006-byte frame does not fit beside one still held.
      cs.client().send(frame(4000, 7));
      cs.client().send(frame(4000, 8));
      cs.client().send(frame(1, 9));
      Sv2Frame held = rx.receive();
      Sv2Frame second = rx.receive();
      assertSame(held, frame(4000, 7));
      assertSame(second, frame(4000, 8));
      assertThat(rx.bufferCapacity()).isEqualTo(2 * 3006);
      held.close();
      second.close();
      try (Sv2Frame got = rx.receive()) {
        assertSame(got, frame(1, 9));
      }
      assertThat(rx.bufferCapacity()).isEqualTo(4 * 3006);
      // A frame bigger than the doubled pool: its own size doubled wins.
      roundTrip(cs.client(), rx, frame(20_000, 10));
      roundTrip(cs.client(), rx, frame(1, 11));
      assertThat(rx.bufferCapacity()).isEqualTo(2 * 20_006);
    }
  }

  @Test
  void theReceivePoolStopsAtItsMaximum() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withDecoderPoolCapacity(2000))) {
      Sv2Connection rx = cs.server();
      roundTrip(cs.client(), rx, frame(100, 1));
      roundTrip(cs.client(), rx, frame(3000, 2));
      assertThat(rx.bufferCapacity()).isEqualTo(1024);
      roundTrip(cs.client(), rx, frame(3000, 3));
      assertThat(rx.bufferCapacity()).isEqualTo(2000); // capped
      roundTrip(cs.client(), rx, frame(3000, 4));
      roundTrip(cs.client(), rx, frame(3000, 5));
      assertThat(rx.bufferCapacity()).isEqualTo(2000);
    }
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withDecoderPoolCapacity(0))) {
      for (int i = 0; i < 4; i++) {
        roundTrip(cs.client(), cs.server(), frame(500 * i, i));
      }
      assertThat(cs.server().bufferCapacity()).isZero();
    }
  }

  @Test
  void theSendBufferGrowsAsDocumentedAndBigFramesGoAlone() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withWriteBufferSize(4096))) {
      Sv2Connection tx = cs.client();
      assertThat(tx.bufferCapacity()).isZero();
      roundTrip(tx, cs.server(), frame(100, 1));
      assertThat(tx.bufferCapacity()).isEqualTo(1024); // at least the initial size
      roundTrip(tx, cs.server(), frame(1024 - 6, 2));
      assertThat(tx.bufferCapacity()).isEqualTo(1024); // exactly full: reused
      roundTrip(tx, cs.server(), frame(1025 - 6, 3));
      assertThat(tx.bufferCapacity()).isEqualTo(2048); // doubled
      roundTrip(tx, cs.server(), frame(2100, 4));
      assertThat(tx.bufferCapacity()).isEqualTo(4096); // doubled to 4,096, which is also the maximum
      roundTrip(tx, cs.server(), frame(4097 - 6, 5));
      assertThat(tx.bufferCapacity()).isEqualTo(4096); // one byte over: a one-off buffer
      roundTrip(tx, cs.server(), frame(20_000, 6));
      roundTrip(tx, cs.server(), frame(4096 - 6, 7));
      assertThat(tx.bufferCapacity()).isEqualTo(4096);
    }
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withWriteBufferSize(3500))) {
      // A first frame bigger than the initial size sets the size; the maximum caps a doubling.
      roundTrip(cs.client(), cs.server(), frame(3000, 1));
      assertThat(cs.client().bufferCapacity()).isEqualTo(3006);
      roundTrip(cs.client(), cs.server(), frame(3500 - 6, 2)); // exactly the maximum: still the buffer's
      assertThat(cs.client().bufferCapacity()).isEqualTo(3500);
      roundTrip(cs.client(), cs.server(), frame(3100, 3));
      assertThat(cs.client().bufferCapacity()).isEqualTo(3500);
    }
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withWriteBufferSize(3500))) {
      roundTrip(cs.client(), cs.server(), frame(3000, 1));
      roundTrip(cs.client(), cs.server(), frame(3100, 2)); // doubling capped at the maximum
      assertThat(cs.client().bufferCapacity()).isEqualTo(3500);
    }
  }

  @Test
  void recycledFramesComeBackReArmed() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withDecoderPoolCapacity(0))) {
      Sv2Frame a = frame(30, 1);
      Sv2Frame b = frame(70, 2);
      cs.client().send(a);
      cs.client().send(b);
      Sv2Frame first = cs.server().receive();
      assertSame(first, a);
      cs.server().recycle(first);
      assertThat(first.isOpen()).isFalse();
      Sv2Frame second = cs.server().receive();
      assertThat(second).isSameAs(first);
      assertSame(second, b);
      second.close();
    }
  }

  @Test
  void aPoolAtItsMaximumIsNotReplacedSoRecycledFramesSurvive() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withDecoderPoolCapacity(1024))) {
      roundTrip(cs.client(), cs.server(), frame(10, 1));
      roundTrip(cs.client(), cs.server(), frame(2000, 2)); // pool now 1,024: at its maximum, and too small
      assertThat(cs.server().bufferCapacity()).isEqualTo(1024);
      cs.client().send(frame(2000, 3));
      cs.client().send(frame(5, 4));
      Sv2Frame f = cs.server().receive();
      cs.server().recycle(f);
      Sv2Frame g = cs.server().receive();
      assertThat(g).isSameAs(f);
      assertSame(g, frame(5, 4));
      g.close();
    }
  }

  @Test
  void framesRecycledWhileAnotherThreadReceivesOrAfterCloseAreOnlyClosed() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS.withDecoderPoolCapacity(0))) {
      cs.client().send(frame(8, 1));
      Sv2Frame first = cs.server().receive();
      Future<Sv2Frame> next = worker.submit(() -> cs.server().receive());
      awaitBlockedIn(next);
      cs.server().recycle(first); // the worker holds the receive side: only closed
      assertThat(first.isOpen()).isFalse();
      cs.client().send(frame(9, 2));
      Sv2Frame second = next.get(10, TimeUnit.SECONDS);
      assertThat(second).isNotSameAs(first);
      assertSame(second, frame(9, 2));
      // The worker's receive released the lock: this thread can recycle and receive again.
      cs.server().recycle(second);
      cs.client().send(frame(10, 3));
      Sv2Frame third = cs.server().receive();
      assertThat(third).isSameAs(second);
      // Recycled here, received on the worker: the recycle released the receive side.
      cs.server().recycle(third);
      cs.client().send(frame(11, 4));
      Sv2Frame fourth = worker.submit(() -> cs.server().receive()).get(10, TimeUnit.SECONDS);
      assertThat(fourth).isSameAs(third);
      assertSame(fourth, frame(11, 4));
      cs.server().close();
      cs.server().recycle(fourth);
      assertThat(fourth.isOpen()).isFalse();
    }
  }

  /** Waits until the worker's receive is inside the channel's read (so it holds the receive lock). */
  private void awaitBlockedIn(Future<?> call) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end && !call.isDone()) {
      Thread t = workerThread;
      if (t != null && Loopback.insideChannelRead(t)) {
        return;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("the worker never blocked in receive (done: " + call.isDone() + ")");
  }

  @Test
  void anEndOfStreamBetweenFramesIsAnEofAndLeavesTheConnectionOpen() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = Sv2Connection.plain(p.server())) {
      Sv2Frame f = frame(12, 4);
      Loopback.write(p.client(), Loopback.plainBytes(f));
      p.client().shutdownOutput();
      try (Sv2Frame got = c.receive()) {
        assertSame(got, f);
      }
      assertThatThrownBy(c::receive).isInstanceOf(EOFException.class);
      assertThat(c.isClosed()).isFalse();
      assertThatThrownBy(() -> c.receive(Duration.ofSeconds(5))).isInstanceOf(EOFException.class);
      assertThat(c.isClosed()).isFalse();
      c.send(frame(3, 5)); // the other direction still works
      assertThat(Loopback.read(p.client(), 9)).isEqualTo(Loopback.plainBytes(frame(3, 5)));
    }
  }

  @Test
  void anEndOfStreamInsideAFrameIsTruncationAndClosesTheConnection() throws Exception {
    byte[] wire = Loopback.plainBytes(frame(20, 6));
    for (int cut : new int[] {3, 6, 10}) {
      try (Loopback.Pair p = Loopback.pair();
          Sv2Connection c = Sv2Connection.plain(p.server())) {
        Loopback.write(p.client(), Arrays.copyOf(wire, cut));
        p.client().shutdownOutput();
        assertThatThrownBy(c::receive)
            .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED))
            .hasMessageContaining("(" + cut + " bytes in)");
        assertThat(c.isClosed()).isTrue();
        assertThat(p.server().isOpen()).isFalse();
        assertThatThrownBy(c::receive).isInstanceOf(ClosedChannelException.class);
      }
    }
  }

  @Test
  void aPayloadOverTheLimitIsRefusedFromTheHeader() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = Sv2Connection.plain(p.server(), DEFAULTS.withMaxPayloadLength(10))) {
      Sv2Frame ok = frame(10, 7);
      Loopback.write(p.client(), Loopback.plainBytes(ok));
      try (Sv2Frame got = c.receive()) {
        assertSame(got, ok);
      }
      // Only the header of the oversized frame is sent: the limit is checked before the payload is read.
      Loopback.write(p.client(), Arrays.copyOf(Loopback.plainBytes(frame(11, 8)), 6));
      assertThatThrownBy(c::receive)
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE));
      assertThat(c.isClosed()).isTrue();
      assertThat(Loopback.peerClosed(p.client())).isTrue();
    }
  }

  @Test
  void aClosedFrameIsRefusedBeforeAnythingIsWritten() throws Exception {
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = Sv2Connection.plain(p.server())) {
      Sv2Frame dead = frame(5, 1);
      dead.close();
      assertThatThrownBy(() -> c.send(dead)).isInstanceOf(IllegalStateException.class);
      assertThat(c.isClosed()).isFalse();
      Sv2Frame live = frame(7, 2);
      c.send(live);
      byte[] expected = Loopback.plainBytes(live);
      assertThat(Loopback.read(p.client(), expected.length)).isEqualTo(expected);
      p.client().configureBlocking(false);
      assertThat(p.client().read(java.nio.ByteBuffer.allocate(1))).isZero(); // nothing else was sent
    }
  }

  @Test
  void timedReceiveChecksItsArgument() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      assertThatThrownBy(() -> cs.server().receive(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> cs.server().receive(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> cs.server().receive(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
      assertThat(cs.server().isClosed()).isFalse();
    }
  }

  @Test
  void timedReceiveWaitsTheWholeTimeThenReturnsNullAndKeepsTheConnection() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      long t0 = System.nanoTime();
      assertThat(cs.server().receive(Duration.ofMillis(60))).isNull();
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(55));
      assertThat(cs.server().isClosed()).isFalse();
      assertThat(cs.server().channel().socket().getSoTimeout()).isZero(); // restored for plain reads
      roundTrip(cs.client(), cs.server(), frame(33, 3));
    }
  }

  @Test
  void timedReceiveReturnsAFrameThatArrivesInTime() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      Sv2Frame f = frame(44, 4);
      Future<?> late = worker.submit(() -> {
        Thread.sleep(80);
        cs.client().send(f);
        return null;
      });
      try (Sv2Frame got = cs.server().receive(Duration.ofSeconds(10))) {
        assertSame(got, f);
      }
      late.get();
      // So long a wait that it overflows a nanosecond count.
      cs.client().send(frame(2, 5));
      try (Sv2Frame got = cs.server().receive(Duration.ofSeconds(Long.MAX_VALUE))) {
        assertSame(got, frame(2, 5));
      }
      assertThat(cs.server().channel().socket().getSoTimeout()).isZero();
    }
  }

  @Test
  void aTimeoutInsideAFrameKeepsItsBytesForTheNextCall() throws Exception {
    Sv2Frame f = frame(100, 9);
    byte[] wire = Loopback.plainBytes(f);
    try (Loopback.Pair p = Loopback.pair();
        Sv2Connection c = Sv2Connection.plain(p.server())) {
      Loopback.write(p.client(), Arrays.copyOf(wire, 3)); // inside the header
      assertThat(c.receive(Duration.ofMillis(30))).isNull();
      Loopback.write(p.client(), Arrays.copyOfRange(wire, 3, 50)); // inside the payload
      assertThat(c.receive(Duration.ofMillis(30))).isNull();
      Loopback.write(p.client(), Arrays.copyOfRange(wire, 50, wire.length));
      try (Sv2Frame got = c.receive()) { // an untimed receive carries on too
        assertSame(got, f);
      }
      // Bytes counted across timeouts: the cut frame says how far it got.
      Loopback.write(p.client(), Arrays.copyOf(wire, 4));
      assertThat(c.receive(Duration.ofMillis(30))).isNull();
      Loopback.write(p.client(), Arrays.copyOfRange(wire, 4, 60));
      assertThat(c.receive(Duration.ofMillis(30))).isNull();
      p.client().shutdownOutput();
      assertThatThrownBy(() -> c.receive(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED))
          .hasMessageContaining("(60 bytes in)");
      assertThat(c.isClosed()).isTrue();
    }
  }

  @Test
  void closeIsIdempotentAndEveryLaterCallFailsCleanly() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      Sv2Connection c = cs.client();
      c.send(frame(50, 1));
      Sv2Frame kept;
      cs.server().send(frame(60, 2));
      kept = c.receive();
      assertThat(c.bufferCapacity()).isEqualTo(1024);
      c.close();
      c.close();
      assertThat(c.isClosed()).isTrue();
      assertThat(c).hasToString("Sv2Connection[plain, closed]");
      assertThat(c.channel().isOpen()).isFalse();
      assertThat(c.bufferCapacity()).isZero(); // the send buffer is dropped
      assertThatThrownBy(() -> c.send(frame(1, 1))).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(c::receive).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(() -> c.receive(Duration.ofSeconds(1))).isInstanceOf(ClosedChannelException.class);
      assertSame(kept, frame(60, 2)); // frames already received stay readable
      kept.close();
      // The peer reads the frame, then the end of the stream.
      try (Sv2Frame got = cs.server().receive()) {
        assertSame(got, frame(50, 1));
      }
      assertThatThrownBy(cs.server()::receive).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void closeFromAnotherThreadUnblocksAReceive() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      Future<Sv2Frame> blocked = worker.submit(() -> cs.server().receive());
      awaitBlockedIn(blocked);
      cs.server().close();
      assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
      assertThat(cs.server().isClosed()).isTrue();
    }
  }

  @Test
  void sendAndReceiveOnOneThreadThenCloseOnAnother() throws Exception {
    try (Loopback.Connections cs = Loopback.plain(DEFAULTS)) {
      worker.submit(() -> {
        roundTrip(cs.client(), cs.server(), frame(20, 1));
        roundTrip(cs.server(), cs.client(), frame(21, 2));
        return null;
      }).get(10, TimeUnit.SECONDS);
      // Both locks were released by the worker: close (which takes them) does not wait for it.
      ExecutorService other = Executors.newSingleThreadExecutor();
      Future<?> closing;
      try {
        closing = other.submit(() -> {
          cs.client().close();
          cs.server().close();
        });
      } finally {
        other.shutdown();
      }
      closing.get(10, TimeUnit.SECONDS);
      assertThat(cs.client().isClosed()).isTrue();
      assertThat(cs.server().isClosed()).isTrue();
      // ...and released them again: this thread is refused at once instead of waiting.
      assertThatThrownBy(() -> cs.client().send(frame(1, 3))).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(cs.server()::receive).isInstanceOf(ClosedChannelException.class);
    }
  }
}
