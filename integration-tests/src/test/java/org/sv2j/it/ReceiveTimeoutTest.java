package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Encoder;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * {@link Sv2Connection#receive(Duration)}: a timeout returns {@code null} and loses nothing, whether it
 * strikes before a frame, inside its header or inside its payload; the stream stays in step afterwards;
 * the end of stream is still told apart from a truncated frame. The peer is driven by hand (raw bytes for
 * plaintext, {@link Fixtures.RawClient} for Noise) so that it can stop anywhere in a frame.
 */
@Timeout(60)
class ReceiveTimeoutTest {
  private static final Duration SHORT = Duration.ofMillis(100);

  private ServerSocketChannel listener;
  private Sv2Connection conn;
  private Peer peer;
  private ExecutorService pool;

  /** The far end: writes the encoded bytes of frames, all at once or in pieces. */
  private interface Peer extends AutoCloseable {
    byte[] encode(Sv2Frame f);

    void write(byte[] bytes) throws IOException;

    @Override
    void close() throws IOException;
  }

  private void open(boolean encrypted) throws Exception {
    listener = ServerSocketChannel.open().bind(Fixtures.LOOPBACK_ANY_PORT);
    pool = Executors.newSingleThreadExecutor();
    if (encrypted) {
      Fixtures.RawClient raw = new Fixtures.RawClient((java.net.InetSocketAddress) listener.getLocalAddress());
      SocketChannel accepted = listener.accept();
      Future<Sv2Connection> responder =
          pool.submit(() -> Sv2Connection.responder(accepted, Fixtures.responders().build()));
      raw.handshake(false);
      conn = responder.get(20, TimeUnit.SECONDS);
      peer =
          new Peer() {
            @Override
            public byte[] encode(Sv2Frame f) {
              return raw.encode(f);
            }

            @Override
            public void write(byte[] bytes) throws IOException {
              raw.write(bytes);
            }

            @Override
            public void close() throws IOException {
              raw.close();
            }
          };
    } else {
      SocketChannel client = SocketChannel.open(listener.getLocalAddress());
      conn = Sv2Connection.plain(listener.accept());
      Encoder encoder = new Encoder();
      peer =
          new Peer() {
            @Override
            public byte[] encode(Sv2Frame f) {
              ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
              encoder.encodeTo(f, b);
              return b.array();
            }

            @Override
            public void write(byte[] bytes) throws IOException {
              ByteBuffer b = ByteBuffer.wrap(bytes);
              while (b.hasRemaining()) {
                client.write(b);
              }
            }

            @Override
            public void close() throws IOException {
              client.close();
              encoder.close();
            }
          };
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    if (conn != null) {
      conn.close();
    }
    if (peer != null) {
      peer.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    if (listener != null) {
      listener.close();
    }
  }

  private static Sv2Frame frame(int seed, int size) {
    return Sv2Frame.fromPayload(0, 0x1f, true, Fixtures.payload(new SplittableRandom(seed), size));
  }

  private static void assertSameFrame(Sv2Frame got, int seed, int size) {
    byte[] expected = Fixtures.payload(new SplittableRandom(seed), size);
    assertThat(got).isNotNull();
    assertThat(got.msgType()).isEqualTo(0x1f);
    assertThat(got.channelMsg()).isTrue();
    assertThat(got.msgLength()).isEqualTo(size);
    assertThat(Fixtures.sha256(got)).isEqualTo(Fixtures.sha256(expected, 0, expected.length));
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void silencePastTheTimeoutGivesNullAndTheConnectionCarriesOn(boolean encrypted) throws Exception {
    open(encrypted);
    long t0 = System.nanoTime();
    assertThat(conn.receive(SHORT)).isNull();
    Duration waited = Duration.ofNanos(System.nanoTime() - t0);
    // A lower bound with slack for the millisecond rounding of SO_TIMEOUT; the upper one is only a sanity bound.
    assertThat(waited).isGreaterThanOrEqualTo(SHORT.minusMillis(5)).isLessThan(Duration.ofSeconds(10));
    assertThat(conn.isClosed()).isFalse();

    peer.write(peer.encode(frame(1, 300)));
    try (Sv2Frame f = conn.receive(Duration.ofSeconds(20))) {
      assertSameFrame(f, 1, 300);
    }
    peer.write(peer.encode(frame(2, 0)));
    try (Sv2Frame f = conn.receive()) {
      assertSameFrame(f, 2, 0);
    }
  }

  /** Cut points: inside the header, right after it, inside the first payload chunk, one byte short. */
  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void aTimeoutInsideAFrameKeepsItsBytes(boolean encrypted) throws Exception {
    open(encrypted);
    int size = 1_000;
    int header = encrypted ? 22 : 6;
    int seed = 10;
    for (int cut : new int[] {3, header, header + 17, -1}) {
      byte[] bytes = peer.encode(frame(seed, size));
      int at = cut < 0 ? bytes.length - 1 : cut;
      peer.write(Arrays.copyOfRange(bytes, 0, at));
      assertThat(conn.receive(SHORT)).as("cut at %d", at).isNull();
      assertThat(conn.receive(SHORT)).as("cut at %d, second wait", at).isNull();
      peer.write(Arrays.copyOfRange(bytes, at, bytes.length));
      // Alternately finished by a timed and by an untimed receive: both carry on from the kept bytes.
      try (Sv2Frame f = seed % 2 == 0 ? conn.receive(Duration.ofSeconds(20)) : conn.receive()) {
        assertSameFrame(f, seed, size);
      }
      seed++;
    }
    // Still in step: a whole frame goes through the untimed receive.
    peer.write(peer.encode(frame(99, 64)));
    try (Sv2Frame f = conn.receive()) {
      assertSameFrame(f, 99, 64);
    }
  }

  /** A frame of several Noise chunks trickling in over many timed receives, each of which may time out. */
  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void aLargeFrameArrivingInPiecesAcrossManyTimeouts(boolean encrypted) throws Exception {
    open(encrypted);
    int size = 150_000;
    byte[] bytes = peer.encode(frame(7, size));
    Future<?> writer =
        pool.submit(
            () -> {
              int step = bytes.length / 13 + 1;
              for (int off = 0; off < bytes.length; off += step) {
                peer.write(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + step)));
                Thread.sleep(15);
              }
              return null;
            });
    Sv2Frame got = null;
    int nulls = 0;
    for (int i = 0; i < 2_000 && got == null; i++) {
      got = conn.receive(Duration.ofMillis(5));
      if (got == null) {
        nulls++;
      }
    }
    writer.get(20, TimeUnit.SECONDS);
    try (Sv2Frame f = got) {
      assertSameFrame(f, 7, size);
    }
    assertThat(nulls).as("some receives timed out part-way").isPositive();
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void thePeerClosingAfterATimeoutInsideAFrameIsStillATruncatedFrame(boolean encrypted) throws Exception {
    open(encrypted);
    byte[] bytes = peer.encode(frame(3, 500));
    int header = encrypted ? 22 : 6;
    peer.write(Arrays.copyOfRange(bytes, 0, header + 10));
    assertThat(conn.receive(SHORT)).isNull();
    peer.close();
    peer = null;
    assertThatThrownBy(() -> conn.receive(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.TRUNCATED))
        .hasMessageContaining("(" + (header + 10) + " bytes in)");
    assertThat(conn.isClosed()).isTrue();
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void thePeerClosingBetweenFramesIsAnEndOfStream(boolean encrypted) throws Exception {
    open(encrypted);
    peer.write(peer.encode(frame(4, 40)));
    try (Sv2Frame f = conn.receive(SHORT.multipliedBy(100))) {
      assertSameFrame(f, 4, 40);
    }
    assertThat(conn.receive(SHORT)).isNull();
    peer.close();
    peer = null;
    assertThatThrownBy(() -> conn.receive(Duration.ofSeconds(20))).isInstanceOf(EOFException.class);
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void aTimeoutMustBePositive(boolean encrypted) throws Exception {
    open(encrypted);
    assertThatThrownBy(() -> conn.receive(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> conn.receive(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> conn.receive((Duration) null)).isInstanceOf(NullPointerException.class);
    // A huge timeout is fine (saturated), and the connection was not disturbed by the refusals.
    peer.write(peer.encode(frame(5, 8)));
    try (Sv2Frame f = conn.receive(Duration.ofSeconds(Long.MAX_VALUE))) {
      assertSameFrame(f, 5, 8);
    }
  }
}
