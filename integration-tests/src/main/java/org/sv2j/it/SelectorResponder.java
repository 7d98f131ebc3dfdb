package org.sv2j.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.sv2j.buffer.BufferPool;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Encoder;
import org.sv2j.codec.NoiseEncoder;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.codec.StandardNoiseDecoder;
import org.sv2j.framing.Frame;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * A non-blocking Sv2 echo server on the codecs' push API: one acceptor thread and a fixed number of
 * selector threads serve any number of connections. Each connection performs the Noise handshake as
 * responder (or none, in plaintext mode) and then echoes every frame back unchanged.
 *
 * <p>Per connection it keeps a decoder with a small pool, an encoder without a pool, the session and
 * nothing else while idle: read and write buffers belong to the selector threads. Frames are recycled
 * through the decoder and echoed with {@code encodeTo} into the thread's write buffer, so steady traffic
 * allocates nothing per frame. A connection whose peer misbehaves is closed and its failure counted by
 * kind; the others are not affected. Connections that do not finish the handshake within the timeout are
 * closed, and so are connections that complete no frame within the idle timeout, if one is set.
 */
public final class SelectorResponder implements AutoCloseable {

  /**
   * Server settings. {@code idleTimeout}: a connection in transport that completes no frame for this long
   * is closed and counted as a {@link CodecException.Kind#TIMEOUT} ({@link Duration#ZERO}: never).
   */
  public record Config(
      int selectorThreads,
      int decoderPoolCapacity,
      int maxPayloadLength,
      Duration handshakeTimeout,
      Duration idleTimeout) {
    public Config {
      Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (idleTimeout.isNegative()) {
        throw new IllegalArgumentException("idleTimeout must not be negative");
      }
    }

    public static Config defaults() {
      return new Config(2, 16 * 1024, 1 << 20, Duration.ofSeconds(10), Duration.ZERO);
    }

    public Config withMaxPayloadLength(int max) {
      return new Config(selectorThreads, decoderPoolCapacity, max, handshakeTimeout, idleTimeout);
    }

    public Config withHandshakeTimeout(Duration timeout) {
      return new Config(selectorThreads, decoderPoolCapacity, maxPayloadLength, timeout, idleTimeout);
    }

    public Config withSelectorThreads(int n) {
      return new Config(n, decoderPoolCapacity, maxPayloadLength, handshakeTimeout, idleTimeout);
    }

    public Config withIdleTimeout(Duration timeout) {
      return new Config(selectorThreads, decoderPoolCapacity, maxPayloadLength, handshakeTimeout, timeout);
    }
  }

  private final ServerSocketChannel server;
  private final Responder.Builder responders;
  private final Config config;
  private final Thread acceptor;
  private final Worker[] workers;
  private volatile boolean running = true;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong handshakes = new AtomicLong();
  private final LongAdder framesEchoed = new LongAdder();
  private final LongAdder bytesEchoed = new LongAdder();
  private final AtomicLong closedCleanly = new AtomicLong();
  private final AtomicLong leakedSlots = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();
  private final Map<CodecException.Kind, AtomicLong> failures = new EnumMap<>(CodecException.Kind.class);
  private final AtomicLong otherFailures = new AtomicLong();

  private SelectorResponder(InetSocketAddress bind, Responder.Builder responders, Config config) throws IOException {
    this.responders = responders;
    this.config = Objects.requireNonNull(config, "config");
    for (CodecException.Kind k : CodecException.Kind.values()) {
      failures.put(k, new AtomicLong());
    }
    server = ServerSocketChannel.open();
    server.bind(bind, 4096);
    workers = new Worker[config.selectorThreads()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i);
    }
    acceptor = new Thread(this::acceptLoop, "sv2j-it-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    for (Worker w : workers) {
      w.thread.start();
    }
  }

  /** An encrypted echo server: a {@link Responder} per connection from {@code responders}. */
  public static SelectorResponder encrypted(InetSocketAddress bind, Responder.Builder responders, Config config)
      throws IOException {
    return new SelectorResponder(bind, Objects.requireNonNull(responders, "responders"), config);
  }

  /** A plaintext echo server. */
  public static SelectorResponder plain(InetSocketAddress bind, Config config) throws IOException {
    return new SelectorResponder(bind, null, config);
  }

  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) server.getLocalAddress();
  }

  public long accepted() {
    return accepted.get();
  }

  public long handshakes() {
    return handshakes.get();
  }

  public long framesEchoed() {
    return framesEchoed.sum();
  }

  public long bytesEchoed() {
    return bytesEchoed.sum();
  }

  public int liveConnections() {
    return live.get();
  }

  public long closedCleanly() {
    return closedCleanly.get();
  }

  /** Pool slots still held by a connection's decoder when it was closed (always 0 unless there is a bug). */
  public long leakedSlots() {
    return leakedSlots.get();
  }

  /** Connections closed for a protocol failure of {@code kind}. */
  public long failures(CodecException.Kind kind) {
    return failures.get(kind).get();
  }

  /** Connections closed for anything else (I/O errors). */
  public long otherFailures() {
    return otherFailures.get();
  }

  /** Total protocol failures. */
  public long totalFailures() {
    return failures.values().stream().mapToLong(AtomicLong::get).sum();
  }

  private void acceptLoop() {
    int next = 0;
    while (running) {
      try {
        SocketChannel ch = server.accept();
        accepted.incrementAndGet();
        Worker w = workers[next++ % workers.length];
        w.incoming.add(ch);
        w.selector.wakeup();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!running) {
          return;
        }
      }
    }
  }

  /** Stops accepting, closes every connection and waits for the server's threads to end. */
  @Override
  public void close() throws IOException {
    running = false;
    server.close();
    for (Worker w : workers) {
      w.selector.wakeup();
    }
    try {
      acceptor.join(5_000);
      for (Worker w : workers) {
        w.thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------------

  /** One connection's state; touched only by its worker thread. */
  private final class Conn {
    final SocketChannel ch;
    final BufferPool pool;
    final StandardNoiseDecoder noiseDecoder;
    final NoiseEncoder noiseEncoder;
    final StandardDecoder plainDecoder;
    final Encoder plainEncoder;
    Responder responder;
    NoiseSession session;
    final long deadline;
    /** When the last whole frame (or the handshake message) arrived; for the idle timeout. */
    long lastFrame;
    SelectionKey key;
    /** Bytes the socket did not take yet; null while the peer keeps up. */
    ByteBuffer backlog;

    Conn(SocketChannel ch) {
      this.ch = ch;
      this.pool = new BufferPool(config.decoderPoolCapacity());
      if (responders != null) {
        noiseDecoder = StandardNoiseDecoder.builder().buffer(pool).maxPayloadLength(config.maxPayloadLength()).forResponder();
        noiseEncoder = new NoiseEncoder(0);
        plainDecoder = null;
        plainEncoder = null;
        responder = responders.build();
      } else {
        plainDecoder = new StandardDecoder(pool, config.maxPayloadLength());
        plainEncoder = new Encoder(pool);
        noiseDecoder = null;
        noiseEncoder = null;
      }
      lastFrame = System.nanoTime();
      deadline = lastFrame + config.handshakeTimeout().toNanos();
    }

    boolean inTransport() {
      return noiseDecoder == null || noiseDecoder.inTransport();
    }

    boolean atFrameBoundary() {
      return noiseDecoder != null ? noiseDecoder.atFrameBoundary() : plainDecoder.atFrameBoundary();
    }
  }

  private final class Worker implements Runnable {
    final Thread thread;
    final Selector selector;
    final Queue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
    final Set<Conn> handshaking = new LinkedHashSet<>();
    final List<Conn> all = new ArrayList<>();
    final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    final ByteBuffer writeBuffer =
        ByteBuffer.allocate(Header.ENCRYPTED_SIZE + Header.encryptedLength(config.maxPayloadLength()));
    /** The connection whose input is being fed, for the sinks. */
    Conn current;
    final long idleNanos = config.idleTimeout().toNanos();
    long nextIdleScan = System.nanoTime();
    // Created once: a method reference evaluated per read would allocate.
    final java.util.function.Consumer<Frame> noiseSink = this::onNoiseFrame;
    final java.util.function.Consumer<Sv2Frame> plainSink = this::onPlainFrame;
    final java.util.function.Consumer<SelectionKey> onKey = this::onKey;

    Worker(int index) throws IOException {
      selector = Selector.open();
      thread = new Thread(this, "sv2j-it-selector-" + index);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (running) {
          // The action form of select does not fill the selected-key set, so a wake-up allocates nothing.
          selector.select(onKey, 100);
          SocketChannel ch;
          while ((ch = incoming.poll()) != null) {
            register(ch);
          }
          expireHandshakes();
          expireIdle();
        }
      } catch (IOException e) {
        otherFailures.incrementAndGet();
      } finally {
        for (Conn c : new ArrayList<>(all)) {
          close(c, null);
        }
        try {
          selector.close();
        } catch (IOException ignored) {
          // shutting down
        }
      }
    }

    private void onKey(SelectionKey k) {
      Conn c = (Conn) k.attachment();
      if (!k.isValid()) {
        return;
      }
      if (k.isWritable()) {
        flushBacklog(c);
      }
      if (k.isValid() && k.isReadable()) {
        read(c);
      }
    }

    private void register(SocketChannel ch) {
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Conn c = new Conn(ch);
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        all.add(c);
        live.incrementAndGet();
        if (!c.inTransport()) {
          handshaking.add(c);
        }
      } catch (IOException e) {
        otherFailures.incrementAndGet();
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
    }

    private void expireHandshakes() {
      if (handshaking.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      for (Iterator<Conn> it = handshaking.iterator(); it.hasNext(); ) {
        Conn c = it.next();
        if (c.inTransport()) {
          it.remove();
        } else if (now - c.deadline > 0) {
          it.remove();
          close(c, CodecException.Kind.TIMEOUT);
        }
      }
    }

    /**
     * Closes connections in transport that completed no frame within the idle timeout. Runs at most every
     * quarter of the timeout (and at least every select wake-up of 100 ms), so a connection is closed
     * between 1 and about 1.25 timeouts after its last frame.
     */
    private void expireIdle() {
      long idle = idleNanos;
      if (idle == 0) {
        return;
      }
      long now = System.nanoTime();
      if (now - nextIdleScan < 0) {
        return;
      }
      nextIdleScan = now + Math.max(idle / 4, 1_000_000);
      // Backwards: close() removes the connection from the list, shifting only the ones already seen.
      for (int i = all.size() - 1; i >= 0; i--) {
        Conn c = all.get(i);
        if (c.inTransport() && now - c.lastFrame > idle) {
          close(c, CodecException.Kind.TIMEOUT);
        }
      }
    }

    private void read(Conn c) {
      ByteBuffer in = readBuffer.clear();
      int n;
      try {
        n = c.ch.read(in);
      } catch (IOException e) {
        otherFailures.incrementAndGet();
        close(c, null, true);
        return;
      }
      if (n < 0) {
        close(c, c.atFrameBoundary() ? null : CodecException.Kind.TRUNCATED);
        return;
      }
      in.flip();
      current = c;
      try {
        if (c.noiseDecoder != null) {
          c.noiseDecoder.feed(in, noiseSink);
        } else {
          c.plainDecoder.feed(in, plainSink);
        }
      } catch (CodecException e) {
        close(c, e.kind());
      } catch (NoiseException e) {
        close(c, CodecException.Kind.HANDSHAKE_FAILED);
      } catch (RuntimeException e) {
        otherFailures.incrementAndGet();
        close(c, null, true);
      } finally {
        current = null;
      }
    }

    private void onNoiseFrame(Frame f) {
      Conn c = current;
      if (idleNanos != 0) {
        c.lastFrame = System.nanoTime();
      }
      if (f instanceof HandshakeFrame h) {
        Responder.Reply reply;
        try (h) {
          reply = c.responder.step1(h.payload());
        } finally {
          c.responder = null; // closed by step1 either way
        }
        c.session = reply.session();
        // Counted before the reply leaves: the initiator finishes as soon as it reads it, and a caller that
        // then asks handshakes() must already see this one.
        handshakes.incrementAndGet();
        send(c, HandshakeFrame.fromBytes(reply.message()));
        c.noiseDecoder.startTransport(c.session);
        c.noiseEncoder.startTransport(c.session);
        return;
      }
      Sv2Frame frame = (Sv2Frame) f;
      try {
        send(c, frame);
      } finally {
        c.noiseDecoder.recycle(frame);
      }
    }

    private void onPlainFrame(Sv2Frame frame) {
      Conn c = current;
      if (idleNanos != 0) {
        c.lastFrame = System.nanoTime();
      }
      try {
        send(c, frame);
      } finally {
        c.plainDecoder.recycle(frame);
      }
    }

    /** Encodes into the thread's write buffer and writes; what the socket does not take is queued. */
    private void send(Conn c, Frame f) {
      ByteBuffer out = writeBuffer.clear();
      if (c.noiseEncoder != null) {
        c.noiseEncoder.encodeTo(f, out);
      } else {
        c.plainEncoder.encodeTo((Sv2Frame) f, out);
      }
      out.flip();
      if (f instanceof Sv2Frame s) {
        framesEchoed.increment();
        bytesEchoed.add(s.msgLength());
      }
      try {
        if (c.backlog == null) {
          c.ch.write(out);
          if (!out.hasRemaining()) {
            return;
          }
          c.backlog = ByteBuffer.allocate(Math.max(out.remaining(), 4096));
          c.key.interestOps(SelectionKey.OP_WRITE); // stop reading until the peer catches up
        }
        if (c.backlog.remaining() < out.remaining()) {
          ByteBuffer bigger = ByteBuffer.allocate((c.backlog.position() + out.remaining()) * 2);
          c.backlog.flip();
          bigger.put(c.backlog);
          c.backlog = bigger;
        }
        c.backlog.put(out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private void flushBacklog(Conn c) {
      try {
        c.backlog.flip();
        c.ch.write(c.backlog);
        if (c.backlog.hasRemaining()) {
          c.backlog.compact();
          return;
        }
        c.backlog = null;
        c.key.interestOps(SelectionKey.OP_READ);
      } catch (IOException e) {
        otherFailures.incrementAndGet();
        close(c, null, true);
      }
    }

    private void close(Conn c, CodecException.Kind failure) {
      close(c, failure, false);
    }

    private void close(Conn c, CodecException.Kind failure, boolean counted) {
      if (!all.remove(c)) {
        return;
      }
      handshaking.remove(c);
      live.decrementAndGet();
      if (failure != null) {
        failures.get(failure).incrementAndGet();
      } else if (!counted) {
        closedCleanly.incrementAndGet();
      }
      if (c.key != null) {
        c.key.cancel();
      }
      try {
        c.ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      if (c.noiseDecoder != null) {
        c.noiseDecoder.close();
        c.noiseEncoder.close();
      } else {
        c.plainDecoder.close();
        c.plainEncoder.close();
      }
      leakedSlots.addAndGet(c.pool.liveSlices());
      c.pool.close();
      if (c.responder != null) {
        c.responder.close();
      }
      if (c.session != null) {
        c.session.close();
      }
    }
  }

  @Override
  public String toString() {
    return "SelectorResponder[accepted=" + accepted + ", live=" + live + ", handshakes=" + handshakes
        + ", frames=" + framesEchoed + ", failures=" + totalFailures() + "]";
  }
}
