package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Frame;
import org.sv2j.framing.FramingException;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;

/**
 * Writes the frames of one Noise-protected Sv2 connection, byte for byte as the reference's {@code
 * NoiseEncoder}.
 *
 * <ul>
 *   <li>During the handshake it takes {@link HandshakeFrame}s and sends them raw (64 bytes from the
 *       initiator, 234 from the responder; no header, no length).
 *   <li>Once {@link #startTransport(NoiseSession)} has installed the session, it takes {@link Sv2Frame}s:
 *       the 6-byte header is encrypted on its own (22 bytes), then the payload in chunks of at most
 *       {@value Header#NOISE_MAX_CHUNK_PLAINTEXT} bytes, each followed by its 16-byte tag. An empty payload
 *       has no payload ciphertext at all.
 * </ul>
 *
 * <p>{@link #encodeTo(Frame, ByteBuffer)} serializes and encrypts in place straight into the caller's
 * buffer and allocates nothing; {@link #encode(Frame)} does the same in the encoder's own {@link BufferPool}
 * (created on first use, so an encoder used only through {@code encodeTo} holds no pool) and hands the
 * bytes over as a {@link Slice}.
 *
 * <h2>Errors</h2>
 *
 * A frame that cannot be serialized (or does not fit the state) is refused before any nonce is used: the
 * encoder stays clean and the next frame is correct (the reference leaves bytes behind that corrupt it). An
 * encryption failure (send nonce exhausted) leaves the encoder <em>failed</em>: the peer's nonce no longer
 * matches, so every later call throws a {@link CodecException} of kind {@link
 * CodecException.Kind#ENCRYPTION_FAILED}; close the connection.
 *
 * <h2>Ownership and threads</h2>
 *
 * One owner thread (the connection's writer). The session is shared with the connection's decoder, which
 * uses only its receive direction; the encoder uses only the send direction, so the two may run on two
 * threads. The encoder does not close the session. Frames passed in stay the caller's.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Every transport frame encoded uses the next send nonce, whether or not its bytes reach the peer.
 *       Encode only what will be sent, in the order it is encoded: a frame encoded and then dropped (or
 *       half written when the socket failed) makes every later frame fail the peer's tag check. After a
 *       failed write, close the connection.
 *   <li>Slices from {@link #encode(Frame)} hold a slot of the encoder's pool until closed; with more than
 *       eight unsent slices the pool falls back to heap memory (still correct, no longer allocation-free).
 *   <li>Call {@link #startTransport(NoiseSession)} only after the last handshake frame has been encoded:
 *       from then on handshake frames are refused.
 * </ul>
 */
public final class NoiseEncoder implements AutoCloseable {
  private final int poolCapacity;
  private BufferPool pool;
  private NoiseSession session;
  private CodecException failure;
  private boolean closed;

  /** An encoder in handshake state whose {@link #encode(Frame)} pool has the default capacity. */
  public NoiseEncoder() {
    this(BufferPool.DEFAULT_CAPACITY);
  }

  /**
   * An encoder in handshake state whose {@link #encode(Frame)} pool (created on first use) has {@code poolCapacity} bytes.
   *
   * @param poolCapacity the pool's size in bytes, {@code >= 0}
   */
  public NoiseEncoder(int poolCapacity) {
    if (poolCapacity < 0) {
      throw new IllegalArgumentException("poolCapacity < 0: " + poolCapacity);
    }
    this.poolCapacity = poolCapacity;
  }

  /**
   * An encoder already in transport state with {@code session}.
   *
   * @param session the transport session whose send direction encrypts
   * @return the encoder
   */
  public static NoiseEncoder transport(NoiseSession session) {
    NoiseEncoder e = new NoiseEncoder();
    e.startTransport(session);
    return e;
  }

  /**
   * Ends the handshake state: from now on frames are Sv2 frames encrypted with {@code session}'s send
   * direction.
   *
   * @param session the session the handshake produced
   * @throws IllegalStateException if a session was already installed
   */
  public void startTransport(NoiseSession session) {
    Objects.requireNonNull(session, "session");
    checkOpen();
    if (this.session != null) {
      throw new IllegalStateException("transport already started");
    }
    this.session = session;
  }

  /**
   * Whether {@link #startTransport} has run.
   *
   * @return whether frames are now encrypted
   */
  public boolean inTransport() {
    return session != null;
  }

  /**
   * Bytes {@code frame} takes on the wire in the current state: its own length during the handshake;
   * {@code 22 + L + 16 × ceil(L / 65519)} in transport.
   *
   * @param frame a handshake frame during the handshake, an Sv2 frame in transport
   * @return the frame's length on the wire in bytes
   * @throws CodecException {@link CodecException.Kind#WRONG_STATE} for the wrong kind of frame
   */
  public int encodedLength(Frame frame) {
    return checkedLength(frame);
  }

  /**
   * Encodes {@code frame} into the encoder's own pool and hands the bytes over; the caller writes them out
   * and closes the slice.
   *
   * @param frame a handshake frame during the handshake, an Sv2 frame in transport; it stays the caller's
   * @return the wire bytes, owned by the caller
   * @throws CodecException {@link CodecException.Kind#WRONG_STATE} for the wrong kind of frame, {@link
   *     CodecException.Kind#FRAMING} if it cannot be serialized (encoder unchanged), {@link
   *     CodecException.Kind#ENCRYPTION_FAILED} (encoder failed for good)
   */
  public Slice encode(Frame frame) {
    checkUsable();
    int total = checkedLength(frame);
    if (pool == null) {
      pool = new BufferPool(poolCapacity);
    }
    ByteBuffer region = pool.getWritable(total);
    try {
      write(frame, region, total);
    } catch (RuntimeException | Error e) {
      pool.clear();
      throw e;
    }
    return pool.getDataOwned();
  }

  /**
   * Encodes {@code frame} at {@code dst}'s position and advances it by {@link #encodedLength(Frame)}; no
   * allocation. On failure {@code dst}'s position and limit are unchanged.
   *
   * @param frame a handshake frame during the handshake, an Sv2 frame in transport; it stays the caller's
   * @param dst the buffer to write into, at its position
   * @throws CodecException as {@link #encode(Frame)}, and {@link CodecException.Kind#FRAMING} if {@code
   *     dst} has too little room (nothing written, no nonce used)
   */
  public void encodeTo(Frame frame, ByteBuffer dst) {
    checkUsable();
    int total = checkedLength(frame);
    if (dst.remaining() < total) {
      throw new CodecException(
          CodecException.Kind.FRAMING,
          "cannot encode " + frame,
          new FramingException(
              FramingException.Kind.DESTINATION_TOO_SMALL,
              "encrypted frame needs " + total + " bytes, room for " + dst.remaining()));
    }
    write(frame, dst, total);
  }

  private int checkedLength(Frame frame) {
    Objects.requireNonNull(frame, "frame");
    if (session == null) {
      if (!(frame instanceof HandshakeFrame)) {
        throw new CodecException(CodecException.Kind.WRONG_STATE, "handshake in progress: expected a handshake frame, got " + frame);
      }
      return frame.encodedLength();
    }
    if (!(frame instanceof Sv2Frame f)) {
      throw new CodecException(CodecException.Kind.WRONG_STATE, "in transport: expected an Sv2 frame, got " + frame);
    }
    return Header.ENCRYPTED_SIZE + Header.encryptedLength(f.msgLength());
  }

  /** Writes {@code total} bytes at {@code dst}'s position (room checked by the caller). */
  private void write(Frame frame, ByteBuffer dst, int total) {
    int p = dst.position();
    int limit = dst.limit();
    if (session == null) {
      try {
        frame.encodeTo(dst);
      } catch (FramingException e) {
        dst.limit(limit).position(p);
        throw new CodecException(CodecException.Kind.FRAMING, "cannot encode " + frame, e);
      }
      return;
    }
    Sv2Frame f = (Sv2Frame) frame;
    int len = f.msgLength();
    // Serialize the plaintext frame 16 bytes in: its payload then already sits where the first chunk's
    // ciphertext goes, and only the 6 header bytes (and, for big frames, later chunks) move.
    try {
      dst.limit(p + total).position(p + Header.MAC_SIZE);
      f.encodeTo(dst);
    } catch (FramingException e) {
      dst.limit(limit).position(p);
      throw new CodecException(CodecException.Kind.FRAMING, "cannot encode " + frame, e);
    }
    dst.limit(limit);
    for (int i = 0; i < Header.SIZE; i++) {
      dst.put(p + i, dst.get(p + Header.MAC_SIZE + i));
    }
    int payloadAt = p + Header.ENCRYPTED_SIZE;
    int chunks = (len + Header.NOISE_MAX_CHUNK_PLAINTEXT - 1) / Header.NOISE_MAX_CHUNK_PLAINTEXT;
    // Make room for the tags: chunk k moves 16 × k bytes to the right, last chunk first.
    for (int k = chunks - 1; k > 0; k--) {
      int from = payloadAt + k * Header.NOISE_MAX_CHUNK_PLAINTEXT;
      int n = Math.min(Header.NOISE_MAX_CHUNK_PLAINTEXT, len - k * Header.NOISE_MAX_CHUNK_PLAINTEXT);
      moveRight(dst, from, from + k * Header.MAC_SIZE, n);
    }
    try {
      seal(dst, p, Header.SIZE);
      for (int k = 0; k < chunks; k++) {
        int n = Math.min(Header.NOISE_MAX_CHUNK_PLAINTEXT, len - k * Header.NOISE_MAX_CHUNK_PLAINTEXT);
        seal(dst, payloadAt + k * Header.NOISE_MAX_CHUNK, n);
      }
    } catch (NoiseException | IllegalStateException e) {
      dst.limit(limit).position(p);
      failure = new CodecException(CodecException.Kind.ENCRYPTION_FAILED, "encryption failed; the connection must be closed", e);
      throw failure;
    }
    dst.position(p + total);
  }

  private void seal(ByteBuffer b, int at, int len) {
    if (b.hasArray() && !b.isReadOnly()) {
      session.encrypt(b.array(), b.arrayOffset() + at, len);
      return;
    }
    int pos = b.position();
    int lim = b.limit();
    try {
      b.limit(at + len).position(at);
      session.encrypt(b);
    } finally {
      b.limit(lim).position(pos);
    }
  }

  private static void moveRight(ByteBuffer b, int from, int to, int len) {
    if (b.hasArray()) {
      int o = b.arrayOffset();
      System.arraycopy(b.array(), o + from, b.array(), o + to, len);
      return;
    }
    for (int i = len - 1; i >= 0; i--) {
      b.put(to + i, b.get(from + i));
    }
  }

  private void checkUsable() {
    checkOpen();
    if (failure != null) {
      throw new CodecException(CodecException.Kind.ENCRYPTION_FAILED, "encoder failed earlier: " + failure.getMessage(), failure);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("encoder closed");
    }
  }

  /** Closes the encoder's pool (slices already handed out stay valid); the session is left to its owner. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (pool != null) {
        pool.close();
      }
    }
  }

  @Override
  public String toString() {
    return "NoiseEncoder[" + (closed ? "closed" : failure != null ? "failed" : session == null ? "handshake" : "transport")
        + "]";
  }
}
