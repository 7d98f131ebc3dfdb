package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.BufferPool;
import org.sv2j.framing.Frame;
import org.sv2j.framing.HandshakeFrame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * Reads the frames of one Noise-protected Sv2 connection: first the peer's handshake message as a {@link
 * HandshakeFrame} ({@value Responder#STEP1_MESSAGE_SIZE} bytes for an initiator, {@value
 * Initiator#STEP0_MESSAGE_SIZE} for a responder), then, once {@link #startTransport(NoiseSession)} has
 * installed the session, {@link Sv2Frame}s: the 22-byte encrypted header is decrypted, then the payload
 * chunks, <b>in place in a pool slice</b> that the frame then owns (header and plaintext payload, exactly as
 * a plaintext frame).
 *
 * <h2>Two ways in</h2>
 *
 * <ul>
 *   <li><b>Pull</b>, as the reference: fill {@link #writable()} completely, then {@link #nextFrame()}. The
 *       transport sequence is the reference's: 22 bytes, then the whole encrypted payload ({@link
 *       #missingBytes()} = {@code L + 16 × chunks}, possibly 0: a 0-byte {@code writable()} is a normal
 *       step), handed out in regions of at most {@value #READ_AHEAD_LIMIT} bytes (4 full chunks), which
 *       covers the reference's executed sequences for 65,519, 65,520 and 131,039-byte payloads.
 *   <li><b>Push</b>: {@link #feed(ByteBuffer, Consumer)} takes any bytes, split anywhere, and emits every
 *       completed frame. After the handshake frame it stops (leaving the rest of the input unread) unless
 *       the sink installed the session meanwhile, which it typically does: {@code
 *       decoder.startTransport(initiator.step2(frame.payload()))}.
 * </ul>
 *
 * <h2>Limits and errors</h2>
 *
 * The maximum payload length is checked on the decrypted header, before any payload byte is reserved or
 * decrypted; memory is reserved only for bytes that arrived, plus at most one pull region. Any error — a bad
 * tag on the header or a chunk, a payload over the limit — closes the decoder for good: the exception (a
 * {@link CodecException}) says which transport frame failed (counted from 0) and where; no byte of the
 * failed frame is ever delivered; the pool holds nothing for it; every later call throws {@link
 * CodecException.Kind#DECODER_FAILED} with the first failure as its cause. The Sv2 specification requires
 * the connection to be closed.
 *
 * <h2>Ownership and threads</h2>
 *
 * One owner thread (the connection's reader). The decoder uses only the session's receive direction, so a
 * writer thread may use the send direction through a {@link NoiseEncoder} at the same time. The decoder
 * does not close the session. Frames belong to the caller, who closes them (or {@link #recycle}s them).
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Frames that are never closed keep pool slots: after 8 the pool falls back to heap memory.
 *   <li>A fresh transport decoder asks for 22 bytes right away; the reference's first {@code writable()}
 *       there is 0 bytes long (and 2 when a decoder is reused after a handshake). Callers that loop on
 *       {@code writable()} until a frame comes out see no difference.
 * </ul>
 */
public final class StandardNoiseDecoder implements AutoCloseable {
  /** Largest pull region: 4 full chunks (262,140 bytes). */
  public static final int READ_AHEAD_LIMIT = 4 * Header.NOISE_MAX_CHUNK;

  private enum Stage {
    HANDSHAKE,
    AWAIT_SESSION,
    HEADER,
    PAYLOAD,
    FAILED,
    CLOSED
  }

  private final Buffer buffer;
  private final BufferPool ownedPool;
  private final int maxPayloadLength;

  private NoiseSession session;
  private Stage stage;
  /** Bytes the current stage needs: the handshake length, 22, or the payload ciphertext length. */
  private int target;
  /** Bytes of the current stage received (and confirmed) so far. */
  private int received;
  /** Length of an outstanding pull region. */
  private int pending;
  /** Plaintext bytes at the start of the message: 6 header bytes plus the chunks decrypted so far. */
  private int plainEnd;
  /** Payload ciphertext bytes already decrypted (tags included). */
  private int ctDone;
  /** Payload chunks decrypted so far in the current frame. */
  private int chunk;
  /** Transport frames completed. */
  private long frames;
  private CodecException failure;

  private final FrameStock stock = new FrameStock();

  private StandardNoiseDecoder(Buffer buffer, BufferPool ownedPool, int maxPayloadLength, int handshakeLength, NoiseSession session) {
    this.buffer = buffer;
    this.ownedPool = ownedPool;
    this.maxPayloadLength = maxPayloadLength;
    buffer.clear();
    if (session != null) {
      this.session = session;
      enterHeader();
    } else {
      stage = Stage.HANDSHAKE;
      target = handshakeLength;
    }
  }

  /**
   * A decoder for an initiator: it first reads the responder's 234-byte handshake message. Default pool and limit.
   *
   * @return a new decoder in handshake state
   */
  public static StandardNoiseDecoder forInitiator() {
    return builder().forInitiator();
  }

  /**
   * A decoder for a responder: it first reads the initiator's 64-byte handshake message. Default pool and limit.
   *
   * @return a new decoder in handshake state
   */
  public static StandardNoiseDecoder forResponder() {
    return builder().forResponder();
  }

  /**
   * A decoder already in transport state. Default pool and limit.
   *
   * @param session the transport session whose receive direction decrypts
   * @return a new decoder in transport state
   */
  public static StandardNoiseDecoder forTransport(NoiseSession session) {
    return builder().forTransport(session);
  }

  /**
   * Options: buffer (or pool capacity) and maximum payload length.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds decoders; the defaults are the reference's: a pool of 327,680 bytes, any u24 payload. */
  public static final class Builder {
    private int poolCapacity = BufferPool.DEFAULT_CAPACITY;
    private Buffer buffer;
    private int maxPayloadLength = Header.MAX_PAYLOAD_LENGTH;

    private Builder() {}

    /**
     * Capacity of the decoder's own pool.
     *
     * @param capacity the pool's size in bytes, {@code >= 0}
     * @return this builder
     */
    public Builder poolCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity < 0: " + capacity);
      }
      this.poolCapacity = capacity;
      this.buffer = null;
      return this;
    }

    /**
     * Decode into {@code buffer} (which stays the caller's) instead of an own pool.
     *
     * @param buffer the buffer frames are decoded into; the caller keeps ownership
     * @return this builder
     */
    public Builder buffer(Buffer buffer) {
      this.buffer = Objects.requireNonNull(buffer, "buffer");
      return this;
    }

    /**
     * Largest payload accepted, 0 to 2^24 − 1.
     *
     * @param max the largest payload accepted, 0 to 2^24 − 1
     * @return this builder
     */
    public Builder maxPayloadLength(int max) {
      if (max < 0 || max > Header.MAX_PAYLOAD_LENGTH) {
        throw new IllegalArgumentException("maxPayloadLength outside [0, 2^24 - 1]: " + max);
      }
      this.maxPayloadLength = max;
      return this;
    }

    /**
     * A decoder for an initiator, which first reads the responder's 234-byte handshake message.
     *
     * @return a new decoder in handshake state
     */
    public StandardNoiseDecoder forInitiator() {
      return build(Responder.STEP1_MESSAGE_SIZE, null);
    }

    /**
     * A decoder for a responder, which first reads the initiator's 64-byte handshake message.
     *
     * @return a new decoder in handshake state
     */
    public StandardNoiseDecoder forResponder() {
      return build(Initiator.STEP0_MESSAGE_SIZE, null);
    }

    /**
     * A decoder already in transport state.
     *
     * @param session the transport session whose receive direction decrypts
     * @return a new decoder in transport state
     */
    public StandardNoiseDecoder forTransport(NoiseSession session) {
      return build(0, Objects.requireNonNull(session, "session"));
    }

    private StandardNoiseDecoder build(int handshakeLength, NoiseSession session) {
      if (buffer != null) {
        return new StandardNoiseDecoder(buffer, null, maxPayloadLength, handshakeLength, session);
      }
      BufferPool pool = new BufferPool(poolCapacity);
      return new StandardNoiseDecoder(pool, pool, maxPayloadLength, handshakeLength, session);
    }
  }

  /**
   * Installs the transport session after the handshake frame was delivered (or before any handshake byte,
   * to skip the handshake read).
   *
   * @param session the session the handshake produced
   * @throws IllegalStateException if a session is installed already or a handshake message is half read
   */
  public void startTransport(NoiseSession session) {
    Objects.requireNonNull(session, "session");
    checkUsable();
    boolean fresh = stage == Stage.HANDSHAKE && received == 0 && pending == 0;
    if (stage != Stage.AWAIT_SESSION && !fresh) {
      throw new IllegalStateException("startTransport is only valid right after the handshake frame");
    }
    this.session = session;
    enterHeader();
  }

  /**
   * Whether the decoder is reading transport frames.
   *
   * @return whether frames are now decrypted
   */
  public boolean inTransport() {
    return stage == Stage.HEADER || stage == Stage.PAYLOAD;
  }

  /**
   * The largest payload this decoder accepts.
   *
   * @return the payload limit in bytes
   */
  public int maxPayloadLength() {
    return maxPayloadLength;
  }

  /**
   * Whether no byte of an unfinished frame (or handshake message) is held and no pull region is
   * outstanding: an end of stream here is orderly, anywhere else it cuts a message.
   *
   * @return whether the decoder is between frames
   */
  public boolean atFrameBoundary() {
    return pending == 0 && (stage == Stage.HEADER || stage == Stage.HANDSHAKE || stage == Stage.AWAIT_SESSION) && received == 0;
  }

  /**
   * Transport frames completed so far.
   *
   * @return the number of transport frames completed
   */
  public long framesDecoded() {
    return frames;
  }

  // ---------------------------------------------------------------------------------------------------
  // Pull API

  /**
   * The region to fill next ({@code position()} to {@code limit()}, possibly empty); fill it completely,
   * then call {@link #nextFrame()}. Asking again before {@code nextFrame()} returns the same region.
   *
   * @return the region to fill, valid until {@link #nextFrame()}
   * @throws IllegalStateException after the handshake frame, until {@link #startTransport} is called; or
   *     once closed
   * @throws CodecException {@link CodecException.Kind#DECODER_FAILED} after an earlier failure
   */
  public ByteBuffer writable() {
    checkUsable();
    if (stage == Stage.AWAIT_SESSION) {
      throw new IllegalStateException("handshake frame delivered: call startTransport first");
    }
    if (pending > 0) {
      ByteBuffer d = buffer.data();
      return d.position(d.limit() - pending);
    }
    int n = target - received;
    if (stage == Stage.PAYLOAD) {
      n = Math.min(n, READ_AHEAD_LIMIT);
    }
    pending = n;
    return buffer.getWritable(n);
  }

  /**
   * Accounts for the filled region and returns the next frame, or {@code null} when more bytes are needed
   * ({@link #missingBytes()}). In transport a successful header step returns {@code null} too, with the
   * payload ciphertext length as the missing count.
   *
   * @return the frame (the handshake frame, then Sv2 frames), owned by the caller, or {@code null}
   * @throws CodecException {@link CodecException.Kind#DECRYPTION_FAILED} or {@link
   *     CodecException.Kind#PAYLOAD_TOO_LARGE}, after which the decoder is failed for good
   */
  public Frame nextFrame() {
    return nextFrame(null);
  }

  /**
   * Like {@link #nextFrame()}, re-arming {@code reuse} (a closed frame nobody references) for a transport frame.
   *
   * @param reuse a closed frame nobody else references, or {@code null}
   * @return the frame ({@code reuse} for a transport frame when given), owned by the caller, or {@code null}
   */
  public Frame nextFrame(Sv2Frame reuse) {
    checkUsable();
    if (stage == Stage.AWAIT_SESSION) {
      return null;
    }
    received += pending;
    pending = 0;
    return progress(false, reuse);
  }

  /**
   * Ciphertext bytes still needed to finish the current step (handshake message, header, or payload).
   *
   * @return the number of ciphertext bytes still needed, {@code > 0}
   */
  public int missingBytes() {
    return stage == Stage.FAILED || stage == Stage.CLOSED || stage == Stage.AWAIT_SESSION ? 0 : target - received;
  }

  // ---------------------------------------------------------------------------------------------------
  // Push API

  /**
   * Consumes {@code input} and passes every completed frame to {@code sink}, in order. After the handshake
   * frame, it continues only if the sink called {@link #startTransport}; otherwise it returns with the
   * remaining input unread. If the sink throws, the exception propagates; the frame is the sink's and the
   * decoder is consistent.
   *
   * @param input the bytes read, from its position to its limit; the position advances
   * @param sink receives each complete frame, which it then owns
   * @throws CodecException as {@link #nextFrame()}; the decoder is then failed for good
   * @throws IllegalStateException if a pull region is outstanding, or the decoder is closed
   */
  public void feed(ByteBuffer input, Consumer<? super Frame> sink) {
    checkUsable();
    Objects.requireNonNull(sink, "sink");
    if (pending > 0) {
      throw new IllegalStateException("a writable() region is outstanding: call nextFrame() first");
    }
    while (stage != Stage.AWAIT_SESSION) {
      if (stage == Stage.PAYLOAD && received == target) {
        sink.accept(progress(true, null)); // an empty payload needs no input
        continue;
      }
      if (!input.hasRemaining()) {
        return;
      }
      int n = Math.min(target - received, input.remaining());
      FrameStock.append(buffer, input, n);
      received += n;
      Frame f = progress(true, null);
      if (f != null) {
        sink.accept(f);
      }
    }
  }

  /**
   * Hands a transport frame back for reuse: it is closed, and a later frame re-arms the object instead of
   * allocating one. Owner thread only; nobody may reference the frame afterwards.
   *
   * @param frame a transport frame this decoder produced, which nobody references any more
   */
  public void recycle(Sv2Frame frame) {
    stock.recycle(frame);
  }


  // ---------------------------------------------------------------------------------------------------

  private Frame progress(boolean eager, Sv2Frame reuse) {
    switch (stage) {
      case HANDSHAKE:
        if (received < target) {
          return null;
        }
        stage = Stage.AWAIT_SESSION;
        received = 0;
        target = 0;
        return HandshakeFrame.fromSlice(buffer.getDataOwned());
      case HEADER:
        if (received < Header.ENCRYPTED_SIZE) {
          return null;
        }
        openHeader();
        if (!eager || target > 0) {
          return null;
        }
        return finishFrame(reuse); // empty payload, push API
      case PAYLOAD:
        openChunks();
        return received == target ? finishFrame(reuse) : null;
      default:
        throw new IllegalStateException("decoder is " + stage);
    }
  }

  private void openHeader() {
    ByteBuffer d = buffer.data();
    int base = d.position();
    try {
      decryptAt(d, base, Header.ENCRYPTED_SIZE);
    } catch (NoiseException e) {
      throw fail(CodecException.Kind.DECRYPTION_FAILED, "transport frame #" + frames + ": header failed authentication", e);
    }
    buffer.truncate(Header.SIZE);
    d = buffer.data();
    int len = Header.msgLengthAt(d, d.position());
    if (len > maxPayloadLength) {
      throw fail(
          CodecException.Kind.PAYLOAD_TOO_LARGE,
          "transport frame #" + frames + " announces " + len + " payload bytes, limit " + maxPayloadLength,
          null);
    }
    stage = Stage.PAYLOAD;
    target = Header.encryptedLength(len);
    received = 0;
    plainEnd = Header.SIZE;
    ctDone = 0;
    chunk = 0;
  }

  /** Decrypts every complete chunk received so far and packs the plaintext after the header. */
  private void openChunks() {
    int avail = received - ctDone;
    if (avail == 0) {
      return;
    }
    ByteBuffer d = buffer.data();
    int base = d.position();
    int ct = plainEnd;
    while (true) {
      int len = Math.min(Header.NOISE_MAX_CHUNK, target - ctDone);
      if (len == 0 || avail < len) {
        break;
      }
      int n;
      try {
        n = decryptAt(d, base + ct, len);
      } catch (NoiseException e) {
        throw fail(
            CodecException.Kind.DECRYPTION_FAILED,
            "transport frame #" + frames + ": payload chunk " + chunk + " failed authentication",
            e);
      }
      if (ct != plainEnd) {
        moveLeft(d, base + ct, base + plainEnd, n);
      }
      plainEnd += n;
      ct += len;
      ctDone += len;
      avail -= len;
      chunk++;
    }
    if (ct != plainEnd) {
      if (avail > 0) {
        moveLeft(d, base + ct, base + plainEnd, avail);
      }
      buffer.truncate(plainEnd + avail);
    }
  }

  private Sv2Frame finishFrame(Sv2Frame reuse) {
    frames++;
    enterHeader();
    return stock.frame(buffer, reuse);
  }

  private void enterHeader() {
    stage = Stage.HEADER;
    target = Header.ENCRYPTED_SIZE;
    received = 0;
  }

  private int decryptAt(ByteBuffer d, int at, int len) {
    if (d.hasArray() && !d.isReadOnly()) {
      return session.decrypt(d.array(), d.arrayOffset() + at, len);
    }
    int pos = d.position();
    int lim = d.limit();
    try {
      d.limit(at + len).position(at);
      return session.decrypt(d);
    } finally {
      d.limit(lim).position(pos);
    }
  }

  private static void moveLeft(ByteBuffer d, int from, int to, int len) {
    if (d.hasArray()) {
      int o = d.arrayOffset();
      System.arraycopy(d.array(), o + from, d.array(), o + to, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      d.put(to + i, d.get(from + i));
    }
  }

  private CodecException fail(CodecException.Kind kind, String message, Throwable cause) {
    buffer.clear();
    pending = 0;
    stage = Stage.FAILED;
    failure = cause == null ? new CodecException(kind, message) : new CodecException(kind, message, cause);
    return failure;
  }

  private void checkUsable() {
    if (stage == Stage.CLOSED) {
      throw new IllegalStateException("decoder closed");
    }
    if (stage == Stage.FAILED) {
      throw new CodecException(
          CodecException.Kind.DECODER_FAILED, "decoder failed earlier: " + failure.getMessage(), failure);
    }
  }

  /**
   * Whether an earlier error failed the decoder for good.
   *
   * @return whether the decoder is failed
   */
  public boolean isFailed() {
    return stage == Stage.FAILED;
  }

  /**
   * Closes the decoder and the pool it created (a caller's buffer is cleared); frames handed out stay valid.
   * The session is left to its owner.
   */
  @Override
  public void close() {
    if (stage == Stage.CLOSED) {
      return;
    }
    stage = Stage.CLOSED;
    stock.close();
    if (ownedPool != null) {
      ownedPool.close();
    } else {
      buffer.clear();
    }
  }

  @Override
  public String toString() {
    return "StandardNoiseDecoder[" + stage + (stage == Stage.HEADER || stage == Stage.PAYLOAD || stage == Stage.HANDSHAKE
            ? " " + received + "/" + target : "")
        + ", frames " + frames + "]";
  }
}
