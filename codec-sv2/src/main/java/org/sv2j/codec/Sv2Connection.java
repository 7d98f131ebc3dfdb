package org.sv2j.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.PoolMode;
import org.sv2j.framing.Frame;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Certificate;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * One Sv2 connection over a blocking {@link SocketChannel}: plaintext, or Noise-encrypted after a handshake
 * as initiator (client) or responder (server). The factories perform the handshake before they return,
 * bounded by {@link Options#handshakeTimeout()}; then {@link #send(Sv2Frame)} and {@link #receive()} move
 * whole frames. {@link #receive(Duration)} waits for a frame only so long (an idle timeout for servers, a
 * poll for loops with other work to do).
 *
 * <pre>{@code
 * try (Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(address), Initiator.create(authorityKey))) {
 *   c.send(Sv2Frame.fromMessage(0, 0x00, false, setupConnection));
 *   try (Sv2Frame reply = c.receive()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <h2>Threads and ownership</h2>
 *
 * {@code send} and {@code receive} may run at the same time on two threads (each direction has its own
 * lock, codec and cipher state); concurrent calls of the same method are serialized. Received frames
 * belong to the caller, who closes them (from any thread). {@code send} does not keep or close the frame it
 * is given. The connection owns the channel and the Noise session: {@link #close()} closes the channel
 * (unblocking a blocked {@code receive}) and wipes the session's keys.
 *
 * <h2>Errors</h2>
 *
 * I/O errors are {@link IOException}s; an orderly end of stream between frames is an {@link EOFException}.
 * Protocol errors are {@link CodecException}s: a failed handshake ({@link
 * CodecException.Kind#HANDSHAKE_FAILED}, with the {@link NoiseException} as cause), a handshake that did
 * not finish in time ({@link CodecException.Kind#TIMEOUT}), the peer closing mid-frame ({@link
 * CodecException.Kind#TRUNCATED}), a bad tag or an oversized payload. After a protocol error the
 * connection is closed: an Sv2 stream cannot be resynchronized.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@link #receive(Duration)} returns {@code null} on timeout; only {@link #receive()} never does.
 *   <li>A {@code send} that fails with an {@link IOException} may have written part of a frame: the peer
 *       can no longer parse (or, encrypted, authenticate) what follows, so close the connection. A closed
 *       frame is different: {@code send} refuses it before writing anything and the connection is fine.
 *   <li>{@code send} blocks while the peer does not read (its receive window is full); there is no send
 *       timeout. A watchdog that calls {@link #close()} from another thread unblocks it.
 *   <li>Do not read or write {@link #channel()} directly: the decoders track every byte of the stream.
 *   <li>{@link #recycle(Sv2Frame)} re-arms the frame object with a later message: recycle only frames that
 *       nothing references any more.
 * </ul>
 */
public final class Sv2Connection implements AutoCloseable {

  /**
   * Tunables. {@code decoderPoolCapacity} is the most the receive pool grows to (frames that do not fit
   * are still decoded, on the heap); {@code writeBufferSize} is the most the reusable send buffer grows to
   * (bigger frames use a one-off buffer). Neither is allocated up front: a connection starts with no pool
   * and no send buffer, and each grows (doubling, from {@value #INITIAL_BUFFER} bytes or the first frame's
   * size) only when a frame did not fit, so an idle or silent connection costs a few hundred bytes and a
   * connection moving small frames a few KiB, while steady traffic still allocates nothing per frame once
   * the buffers have grown to fit it.
   *
   * @param handshakeTimeout bound for the whole handshake (positive)
   * @param maxPayloadLength largest payload accepted, checked from the header before anything is reserved
   * @param decoderPoolCapacity the receive pool's maximum capacity in bytes (0: always decode on the heap)
   * @param writeBufferSize the reusable send buffer's maximum size in bytes (at least 22)
   */
  public record Options(
      Duration handshakeTimeout, int maxPayloadLength, int decoderPoolCapacity, int writeBufferSize) {

    /**
     * 10 s handshake timeout, any u24 payload, a receive pool growing up to the reference's 327,680 bytes and
     * a send buffer growing up to 64 KiB.
     *
     * @return the default options
     */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(10), Header.MAX_PAYLOAD_LENGTH, BufferPool.DEFAULT_CAPACITY, 64 * 1024);
    }

    /**
     * Checks the values.
     *
     * @param handshakeTimeout how long the Noise handshake may take, {@code > 0}
     * @param maxPayloadLength the largest payload accepted, 0 to 2^24 − 1
     * @param decoderPoolCapacity the receive pool's size in bytes, {@code >= 0}
     * @param writeBufferSize the reusable send buffer's size in bytes, at least 22
     * @throws IllegalArgumentException if a value is out of range
     */
    public Options {
      Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout must be positive");
      }
      if (maxPayloadLength < 0 || maxPayloadLength > Header.MAX_PAYLOAD_LENGTH) {
        throw new IllegalArgumentException("maxPayloadLength outside [0, 2^24 - 1]: " + maxPayloadLength);
      }
      if (decoderPoolCapacity < 0 || writeBufferSize < Header.ENCRYPTED_SIZE) {
        throw new IllegalArgumentException("pool capacity < 0 or write buffer below 22 bytes");
      }
    }

    /**
     * A copy with another handshake timeout.
     *
     * @param timeout the new bound (positive)
     * @return the new options
     */
    public Options withHandshakeTimeout(Duration timeout) {
      return new Options(timeout, maxPayloadLength, decoderPoolCapacity, writeBufferSize);
    }

    /**
     * A copy with another maximum payload length.
     *
     * @param max the new limit, 0 to 2^24 − 1
     * @return the new options
     */
    public Options withMaxPayloadLength(int max) {
      return new Options(handshakeTimeout, max, decoderPoolCapacity, writeBufferSize);
    }

    /**
     * A copy with another maximum receive-pool capacity.
     *
     * @param capacity the new maximum in bytes (0 or more)
     * @return the new options
     */
    public Options withDecoderPoolCapacity(int capacity) {
      return new Options(handshakeTimeout, maxPayloadLength, capacity, writeBufferSize);
    }

    /**
     * A copy with another maximum send-buffer size.
     *
     * @param size the new maximum in bytes (at least 22)
     * @return the new options
     */
    public Options withWriteBufferSize(int size) {
      return new Options(handshakeTimeout, maxPayloadLength, decoderPoolCapacity, size);
    }
  }

  private final SocketChannel channel;
  private final InputStream in;
  private final ReentrantLock readLock = new ReentrantLock();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Options options;

  /** First size of a grown pool or send buffer (bigger if the frame that did not fit needs more). */
  static final int INITIAL_BUFFER = 1024;

  private final boolean encrypted;

  // Exactly one of the two codec pairs is used. The decoder is replaced (between frames, under readLock)
  // when its pool grows; the pool is the connection's, the decoder only borrows it.
  private StandardDecoder plainDecoder;
  private final Encoder plainEncoder;
  private StandardNoiseDecoder noiseDecoder;
  private final NoiseEncoder noiseEncoder;
  private NoiseSession session;
  private BufferPool pool;
  /** Set when a frame went to the heap because the pool was too small; acted on before the next frame. */
  private int growTo;

  /** Grown on demand up to {@link Options#writeBufferSize()}; guarded by writeLock. */
  private ByteBuffer writeBuffer;
  private volatile boolean closed;

  // Receive state carried from a timed-out receive(Duration) to the next call; guarded by readLock.
  private ByteBuffer pendingRegion;
  private long frameBytes;

  private Sv2Connection(SocketChannel channel, Options options, boolean encrypted, boolean initiator) throws IOException {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.options = Objects.requireNonNull(options, "options");
    channel.configureBlocking(true);
    // The socket adaptor's stream honours SO_TIMEOUT, which bounds the handshake without a timer thread.
    this.in = channel.socket().getInputStream();
    this.encrypted = encrypted;
    // No pool yet: the handshake message and the first frames are decoded on the heap, and the pool is
    // created at the size the traffic shows it needs (see growIfDue).
    this.pool = new BufferPool(0);
    if (encrypted) {
      StandardNoiseDecoder.Builder b =
          StandardNoiseDecoder.builder().buffer(pool).maxPayloadLength(options.maxPayloadLength());
      noiseDecoder = initiator ? b.forInitiator() : b.forResponder();
      noiseEncoder = new NoiseEncoder(0);
      plainDecoder = null;
      plainEncoder = null;
    } else {
      plainDecoder = new StandardDecoder(pool, options.maxPayloadLength());
      plainEncoder = new Encoder(new org.sv2j.buffer.BufferFromSystemMemory(0));
      noiseDecoder = null;
      noiseEncoder = null;
    }
  }

  /**
   * After a frame that did not fit in the pool: the size the pool should grow to (0 if it cannot or need
   * not grow). Doubling, at least {@link #INITIAL_BUFFER} and twice the frame, at most the option.
   */
  private int growthFor(Frame f) {
    if (pool.mode() != PoolMode.ALLOC) {
      return 0;
    }
    int cap = pool.capacity();
    int max = options.decoderPoolCapacity();
    if (cap >= max) {
      return 0;
    }
    long want = Math.max(Math.max((long) cap * 2, INITIAL_BUFFER), 2L * f.encodedLength());
    return (int) Math.min(max, want);
  }

  /** Between frames (no region outstanding): moves decoding to a bigger pool if one is due. */
  private void growIfDue() {
    int size = growTo;
    if (size == 0) {
      return;
    }
    growTo = 0;
    BufferPool old = pool;
    BufferPool bigger = new BufferPool(size);
    if (encrypted) {
      StandardNoiseDecoder before = noiseDecoder;
      noiseDecoder =
          StandardNoiseDecoder.builder().buffer(bigger).maxPayloadLength(options.maxPayloadLength()).forTransport(session);
      before.close();
    } else {
      plainDecoder.close();
      plainDecoder = new StandardDecoder(bigger, options.maxPayloadLength());
    }
    pool = bigger;
    // Frames already handed out stay readable: a closed pool only stops handing out memory.
    old.close();
  }

  /**
   * Bytes of receive pool and send buffer this connection holds now (they grow with the traffic up to the
   * {@link Options}' maxima; frames handed out and one-off buffers for oversized frames are not counted).
   *
   * @return the capacity of the receive pool plus that of the send buffer
   */
  public int bufferCapacity() {
    BufferPool p = pool;
    ByteBuffer w = writeBuffer;
    return (p == null ? 0 : p.capacity()) + (w == null ? 0 : w.capacity());
  }

  /**
   * A plaintext connection with default options (no handshake).
   *
   * @param channel a connected channel; the connection owns it from now on
   * @return the connection
   * @throws IOException if the channel cannot be put in blocking mode or is not connected
   */
  public static Sv2Connection plain(SocketChannel channel) throws IOException {
    return plain(channel, Options.defaults());
  }

  /**
   * A plaintext connection.
   *
   * @param channel a connected channel; the connection owns it from now on
   * @param options the tunables
   * @return the connection
   * @throws IOException if the channel cannot be put in blocking mode or is not connected
   */
  public static Sv2Connection plain(SocketChannel channel, Options options) throws IOException {
    return new Sv2Connection(channel, options, false, false);
  }

  /**
   * Connects as the Noise initiator: sends {@code initiator}'s first message, reads the responder's answer,
   * checks its certificate (as configured in {@code initiator}) and switches to transport. The initiator
   * object is used up and closed either way.
   *
   * @param channel a connected channel; the connection owns it from now on
   * @param initiator a fresh initiator, used up by the handshake
   * @return the encrypted connection, in transport
   * @throws CodecException {@link CodecException.Kind#HANDSHAKE_FAILED}, {@link
   *     CodecException.Kind#TIMEOUT} or {@link CodecException.Kind#TRUNCATED}; the channel is then closed
   * @throws IOException on I/O errors; the channel is then closed
   */
  public static Sv2Connection initiator(SocketChannel channel, Initiator initiator) throws IOException {
    return initiator(channel, initiator, Options.defaults());
  }

  /**
   * As {@link #initiator(SocketChannel, Initiator)} with options.
   *
   * @param channel a connected channel; the connection owns it from now on
   * @param initiator a fresh initiator, used up by the handshake
   * @param options the tunables
   * @return the encrypted connection, in transport
   * @throws IOException on I/O errors; the channel is then closed
   */
  public static Sv2Connection initiator(SocketChannel channel, Initiator initiator, Options options)
      throws IOException {
    Objects.requireNonNull(initiator, "initiator");
    Sv2Connection c = new Sv2Connection(channel, options, true, true);
    try (initiator) {
      long deadline = System.nanoTime() + options.handshakeTimeout().toNanos();
      c.writeRaw(HandshakeFrame.fromBytes(initiator.step0()));
      HandshakeFrame reply = c.readHandshake(deadline);
      NoiseSession s;
      try (reply) {
        s = initiator.step2(reply.payload());
      } catch (NoiseException e) {
        throw new CodecException(CodecException.Kind.HANDSHAKE_FAILED, "responder's handshake refused: " + e.getMessage(), e);
      }
      c.startTransport(s);
      return c;
    } catch (IOException | RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /**
   * Accepts as the Noise responder: reads the initiator's first message, answers with the signed
   * certificate and switches to transport. A {@link Responder} serves one connection: it is used up and
   * closed either way (a server keeps one {@link Responder.Builder} and builds one per connection).
   *
   * @param channel an accepted channel; the connection owns it from now on
   * @param responder a fresh responder, used up by the handshake
   * @return the encrypted connection, in transport
   * @throws CodecException {@link CodecException.Kind#HANDSHAKE_FAILED}, {@link
   *     CodecException.Kind#TIMEOUT} or {@link CodecException.Kind#TRUNCATED}; the channel is then closed
   * @throws IOException on I/O errors; the channel is then closed
   */
  public static Sv2Connection responder(SocketChannel channel, Responder responder) throws IOException {
    return responder(channel, responder, Options.defaults());
  }

  /**
   * As {@link #responder(SocketChannel, Responder)} with options.
   *
   * @param channel an accepted channel; the connection owns it from now on
   * @param responder a fresh responder, used up by the handshake
   * @param options the tunables
   * @return the encrypted connection, in transport
   * @throws IOException on I/O errors; the channel is then closed
   */
  public static Sv2Connection responder(SocketChannel channel, Responder responder, Options options)
      throws IOException {
    Objects.requireNonNull(responder, "responder");
    Sv2Connection c = new Sv2Connection(channel, options, true, false);
    try (responder) {
      long deadline = System.nanoTime() + options.handshakeTimeout().toNanos();
      HandshakeFrame hello = c.readHandshake(deadline);
      Responder.Reply reply;
      try (hello) {
        reply = responder.step1(hello.payload());
      } catch (NoiseException e) {
        throw new CodecException(CodecException.Kind.HANDSHAKE_FAILED, "initiator's handshake refused: " + e.getMessage(), e);
      }
      try {
        c.writeRaw(HandshakeFrame.fromBytes(reply.message()));
      } catch (IOException | RuntimeException e) {
        reply.session().close();
        throw e;
      }
      c.startTransport(reply.session());
      return c;
    } catch (IOException | RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private void startTransport(NoiseSession s) {
    session = s;
    noiseDecoder.startTransport(s);
    noiseEncoder.startTransport(s);
  }

  private void writeRaw(HandshakeFrame f) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    noiseEncoder.encodeTo(f, b);
    b.flip();
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  private HandshakeFrame readHandshake(long deadline) throws IOException {
    Frame f;
    int got = 0;
    do {
      ByteBuffer w = noiseDecoder.writable();
      while (w.hasRemaining()) {
        int n = readUntil(w, deadline);
        if (n == 0) {
          throw timeout(got);
        }
        if (n < 0) {
          throw new CodecException(
              CodecException.Kind.TRUNCATED, "peer closed the connection during the handshake after " + got + " bytes");
        }
        got += n;
      }
      f = noiseDecoder.nextFrame();
    } while (f == null);
    return f.asHandshakeFrame();
  }

  private CodecException timeout(int got) {
    return new CodecException(
        CodecException.Kind.TIMEOUT,
        "handshake not completed within " + options.handshakeTimeout().toMillis() + " ms (" + got + " bytes received)");
  }

  // ---------------------------------------------------------------------------------------------------

  /**
   * Sends one frame (encrypted if the connection is), blocking until it is written.
   *
   * @param frame the frame to send; it stays the caller's
   * @throws IllegalStateException if {@code frame} is closed (nothing was sent; the connection stays usable)
   * @throws CodecException {@link CodecException.Kind#ENCRYPTION_FAILED} once the send nonce is exhausted
   *     (after 2^64 − 1 frames; the encoder fails for good: close the connection)
   * @throws IOException on I/O errors, or {@link ClosedChannelException} once closed
   */
  public void send(Sv2Frame frame) throws IOException {
    Objects.requireNonNull(frame, "frame");
    writeLock.lock();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      int total =
          noiseEncoder != null ? noiseEncoder.encodedLength(frame) : frame.encodedLength();
      ByteBuffer b;
      if (writeBuffer != null && total <= writeBuffer.capacity()) {
        b = writeBuffer.clear();
      } else if (total <= options.writeBufferSize()) {
        int size = (int) Math.min(options.writeBufferSize(),
            Math.max(Math.max(INITIAL_BUFFER, writeBuffer == null ? 0 : 2L * writeBuffer.capacity()), total));
        writeBuffer = ByteBuffer.allocate(size);
        b = writeBuffer;
      } else {
        b = ByteBuffer.allocate(total);
      }
      if (noiseEncoder != null) {
        noiseEncoder.encodeTo(frame, b);
      } else {
        plainEncoder.encodeTo(frame, b);
      }
      b.flip();
      while (b.hasRemaining()) {
        channel.write(b);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Blocks until the next frame has arrived and returns it; the caller closes it.
   *
   * @return the frame, owned by the caller
   * @throws EOFException if the peer closed the connection between frames
   * @throws CodecException on a protocol error (truncated frame, bad tag, payload over the limit); the
   *     connection is then closed
   * @throws IOException on I/O errors, or {@link ClosedChannelException} once closed
   */
  public Sv2Frame receive() throws IOException {
    return receive(false, 0);
  }

  /**
   * Waits at most {@code timeout} for the next frame, like {@link java.util.concurrent.BlockingQueue#poll
   * BlockingQueue.poll}: returns the frame (the caller closes it), or {@code null} if no whole frame arrived
   * in time. A timeout is not an error: the connection stays open, and the bytes of a partly received frame
   * are kept, so the next {@code receive} carries on where this one stopped. A server that wants an idle
   * timeout closes the connection when this returns {@code null}. Like {@link #receive()} it allocates
   * nothing per frame when frames are recycled; only a timeout that fires costs an exception inside the JDK.
   *
   * @param timeout how long to wait, {@code > 0}
   * @return the frame, owned by the caller, or {@code null} on timeout
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   * @throws EOFException if the peer closed the connection between frames
   * @throws CodecException on a protocol error; the connection is then closed
   * @throws IOException on I/O errors, or {@link ClosedChannelException} once closed
   */
  public Sv2Frame receive(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    return receive(true, System.nanoTime() + nanos);
  }

  /** {@code deadline}, a {@link System#nanoTime()} value, applies only if {@code timed}. */
  private Sv2Frame receive(boolean timed, long deadline) throws IOException {
    readLock.lock();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      while (true) {
        ByteBuffer w = pendingRegion;
        if (w == null) {
          if (frameBytes == 0) {
            growIfDue();
          }
          w = noiseDecoder != null ? noiseDecoder.writable() : plainDecoder.writable();
        }
        while (w.hasRemaining()) {
          int n = timed ? readUntil(w, deadline) : channel.read(w);
          if (n == 0) {
            // Timed out: keep the half-filled region for the next call.
            pendingRegion = w;
            return null;
          }
          if (n < 0) {
            pendingRegion = null;
            // Pull reads never run ahead of a frame, so the bytes counted here all belong to one frame.
            if (frameBytes == 0) {
              throw new EOFException("peer closed the connection");
            }
            throw new CodecException(
                CodecException.Kind.TRUNCATED,
                "peer closed the connection in the middle of a frame (" + frameBytes + " bytes in)");
          }
          frameBytes += n;
        }
        pendingRegion = null;
        Frame f = noiseDecoder != null ? noiseDecoder.nextFrame() : plainDecoder.nextFrame();
        if (f != null) {
          frameBytes = 0;
          growTo = growthFor(f);
          return f.asSv2Frame();
        }
      }
    } catch (CodecException e) {
      close();
      throw e;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * One read bounded by the deadline (for the handshake and timed receives) through the socket adaptor,
   * whose stream honours SO_TIMEOUT (a plain channel read would not). Returns the byte count, -1 at end of
   * stream, or 0 once the deadline passed; SO_TIMEOUT is back to 0 afterwards.
   */
  private int readUntil(ByteBuffer w, long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return 0;
    }
    // The connection's decoders always fill heap regions (pool block or heap buffer).
    channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
    try {
      int n = in.read(w.array(), w.arrayOffset() + w.position(), w.remaining());
      if (n > 0) {
        w.position(w.position() + n);
      }
      return n;
    } catch (SocketTimeoutException e) {
      return 0;
    } finally {
      channel.socket().setSoTimeout(0);
    }
  }

  /**
   * Hands a received frame back so that a later {@link #receive()} re-arms the object instead of allocating
   * one: with every frame recycled, receiving allocates nothing per frame. Any thread may call it: the frame
   * is recycled when no other thread is inside {@code receive} at that moment, and just closed otherwise
   * (or once the connection is closed). Call it only for a frame nobody references any more.
   *
   * @param frame a frame this connection received, which nobody references any more
   */
  public void recycle(Sv2Frame frame) {
    if (readLock.tryLock()) {
      try {
        if (!closed) {
          if (noiseDecoder != null) {
            noiseDecoder.recycle(frame);
          } else {
            plainDecoder.recycle(frame);
          }
          return;
        }
      } finally {
        readLock.unlock();
      }
    }
    frame.close();
  }

  /**
   * Whether the connection is Noise-encrypted.
   *
   * @return whether the connection is encrypted
   */
  public boolean isEncrypted() {
    return noiseDecoder != null;
  }

  /**
   * The certificate of the handshake (encrypted connections), as signed by the responder.
   *
   * @return the responder's certificate, or empty for a plaintext connection
   */
  public Optional<Certificate> certificate() {
    NoiseSession s = session;
    return s == null ? Optional.empty() : Optional.ofNullable(s.certificate());
  }

  /** The Noise session ({@code null} for a plaintext connection), for the tests that check close wipes it. */
  NoiseSession session() {
    return session;
  }

  /**
   * The channel (for addresses and socket options; do not read or write it directly).
   *
   * @return the underlying channel
   */
  public SocketChannel channel() {
    return channel;
  }

  /**
   * Whether {@link #close()} has been called (or a protocol error closed the connection).
   *
   * @return whether the connection is closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the channel (a blocked {@code receive} fails with an {@link IOException}), then releases the
   * codecs' pools and wipes the session keys. Idempotent; frames already received stay valid.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    readLock.lock();
    writeLock.lock();
    try {
      if (noiseDecoder != null) {
        noiseDecoder.close();
        noiseEncoder.close();
      } else {
        plainDecoder.close();
        plainEncoder.close();
      }
      pool.close();
      writeBuffer = null;
      if (session != null) {
        session.close();
      }
    } finally {
      writeLock.unlock();
      readLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Sv2Connection[" + (noiseDecoder != null ? "encrypted" : "plain") + (closed ? ", closed" : "") + "]";
  }
}
