package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;

/**
 * Turns a plaintext Sv2 byte stream into {@link Sv2Frame}s whose bytes live in a {@link Buffer}, by
 * default a {@link BufferPool} of {@value BufferPool#DEFAULT_CAPACITY} bytes as in the reference. Each
 * frame owns a {@link Slice} holding its header and payload, exactly as received.
 *
 * <h2>Two ways in</h2>
 *
 * <ul>
 *   <li><b>Pull</b>, as the reference, for blocking reads: fill {@link #writable()} completely (for
 *       example with {@code channel.read} until it has no remaining bytes), then call {@link #nextFrame()},
 *       which returns a frame or {@code null} when more bytes are needed. The first {@code writable()} of a
 *       frame is its 6-byte header; then the payload, in regions of at most {@value #RESERVATION_STEP}
 *       bytes. For payloads up to that size this is the reference's sequence (6, then the payload length); an
 *       empty payload completes right after the header.
 *   <li><b>Push</b>, for non-blocking I/O and pipelines: {@link #feed(ByteBuffer, Consumer)} takes whatever
 *       bytes arrived, split anywhere, and hands every completed frame to the sink.
 * </ul>
 *
 * The two may be mixed between frames, but not while a {@code writable()} region is outstanding.
 *
 * <h2>Limits and errors</h2>
 *
 * A header announcing more than {@link #maxPayloadLength()} bytes is refused with a {@link
 * CodecException} of kind {@link CodecException.Kind#PAYLOAD_TOO_LARGE} as soon as its 6 bytes are in,
 * before anything is reserved for the payload. Whatever the limit, memory is reserved only for bytes that
 * have arrived, plus at most one pull region of {@value #RESERVATION_STEP} bytes (the reference reserves the
 * announced length, up to 16 MiB, at once). After an error the decoder is <em>reset</em>: the partial frame
 * is discarded (its bytes are never delivered, no pool slot is kept) and the decoder expects a header
 * again. The byte stream itself cannot be resynchronized after a bad header, so the usual reaction is to
 * close the connection; the reset decoder is clean for a new stream.
 *
 * <h2>Ownership and threads</h2>
 *
 * One owner thread per decoder (as every {@link Buffer}). Returned frames belong to the caller, who closes
 * them when done; they may be handed to and closed on other threads. {@link #close()} closes the pool the
 * decoder created; frames already handed out stay valid until closed.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Frames that are never closed keep their pool slots: after 8 of them (or once the capacity is used
 *       up) the pool falls back to heap memory. Still correct, but no longer allocation-free.
 *   <li>The {@link #writable()} view is only valid until the next call on the decoder.
 *   <li>Frame objects passed to {@link #nextFrame(Sv2Frame)} or {@link #recycle} come back re-armed with
 *       new messages: only recycle frames nobody references any more.
 * </ul>
 */
public final class StandardDecoder implements AutoCloseable {
  /** Largest region {@link #writable()} hands out at once (64 KiB). */
  public static final int RESERVATION_STEP = 64 * 1024;

  private final Buffer buffer;
  private final BufferPool ownedPool;
  private final int maxPayloadLength;

  /** Bytes of the current frame confirmed so far (by {@link #nextFrame} or {@link #feed}). */
  private int received;
  /** Bytes needed to finish the current stage: 6 for the header, then 6 + payload length. */
  private int target = Header.SIZE;
  /** Whether the header of the current frame is complete (the payload is being read). */
  private boolean inPayload;
  /** Length of the {@link #writable()} region handed out and not yet confirmed by {@link #nextFrame}. */
  private int pending;
  /** Frames completed so far, for error messages. */
  private long frames;

  private boolean closed;

  /** Frame objects: re-armed from {@link #recycle}d ones where possible. */
  private final FrameStock stock = new FrameStock();

  /** A decoder on its own {@link BufferPool} of the default capacity, accepting any u24 payload length. */
  public StandardDecoder() {
    this(BufferPool.DEFAULT_CAPACITY, Header.MAX_PAYLOAD_LENGTH);
  }

  /**
   * A decoder on its own {@link BufferPool} of {@code poolCapacity} bytes, refusing payloads over {@code
   * maxPayloadLength}.
   *
   * @param poolCapacity the pool's size in bytes, {@code >= 0} (frames that do not fit go to the heap)
   * @param maxPayloadLength the largest payload accepted, 0 to 2^24 − 1
   */
  public StandardDecoder(int poolCapacity, int maxPayloadLength) {
    checkLimit(maxPayloadLength);
    BufferPool pool = new BufferPool(poolCapacity);
    this.buffer = pool;
    this.ownedPool = pool;
    this.maxPayloadLength = maxPayloadLength;
  }

  /**
   * A decoder on {@code buffer} (which stays the caller's), accepting any u24 payload length.
   *
   * @param buffer the buffer frames are decoded into; the caller keeps ownership
   */
  public StandardDecoder(Buffer buffer) {
    this(buffer, Header.MAX_PAYLOAD_LENGTH);
  }

  /**
   * A decoder on {@code buffer} (which stays the caller's), refusing payloads over {@code maxPayloadLength}.
   *
   * @param buffer the buffer frames are decoded into; the caller keeps ownership
   * @param maxPayloadLength the largest payload accepted, 0 to 2^24 − 1
   */
  public StandardDecoder(Buffer buffer, int maxPayloadLength) {
    checkLimit(maxPayloadLength);
    this.buffer = Objects.requireNonNull(buffer, "buffer");
    this.ownedPool = null;
    this.maxPayloadLength = maxPayloadLength;
    buffer.clear();
  }

  private static void checkLimit(int maxPayloadLength) {
    if (maxPayloadLength < 0 || maxPayloadLength > Header.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("maxPayloadLength outside [0, 2^24 - 1]: " + maxPayloadLength);
    }
  }

  /**
   * The largest payload this decoder accepts.
   *
   * @return the payload limit in bytes
   */
  public int maxPayloadLength() {
    return maxPayloadLength;
  }

  // ---------------------------------------------------------------------------------------------------
  // Pull API

  /**
   * The region to fill next: {@code position()} to {@code limit()} are exactly the bytes to write
   * (absolute indices are the buffer's own). Fill all of it, then call {@link #nextFrame()}. Calling it
   * again before {@code nextFrame()} returns the same region (nothing more is reserved).
   *
   * @return the region to fill, valid until {@link #nextFrame()}
   * @throws IllegalStateException if the decoder was closed
   */
  public ByteBuffer writable() {
    checkOpen();
    if (pending > 0) {
      ByteBuffer d = buffer.data();
      return d.position(d.limit() - pending);
    }
    int n = Math.min(target - received, RESERVATION_STEP);
    pending = n;
    return buffer.getWritable(n);
  }

  /**
   * Takes the filled {@link #writable()} region into account and returns the completed frame, or {@code
   * null} when more bytes are needed ({@link #missingBytes()} says how many).
   *
   * @return the frame, owned by the caller, or {@code null}
   * @throws CodecException of kind {@link CodecException.Kind#PAYLOAD_TOO_LARGE} if the header just
   *     completed announces more than {@link #maxPayloadLength()}; the decoder is reset
   */
  public Sv2Frame nextFrame() {
    return nextFrame(null);
  }

  /**
   * Closes {@code frame} and keeps the object so that a later frame (from {@link #nextFrame()} or {@link
   * #feed}) re-arms it instead of allocating: with every frame recycled, decoding allocates nothing per
   * frame. Call it on the decoder's owner thread, and only for a frame that nobody references any more.
   * Up to 16 frames are kept; beyond that the frame is just closed.
   *
   * @param frame a frame this decoder produced, which nobody references any more
   */
  public void recycle(Sv2Frame frame) {
    stock.recycle(frame);
  }


  /**
   * Like {@link #nextFrame()}, but re-arms {@code reuse} (a closed frame nobody else references, or
   * {@code null}) instead of allocating: with recycled frames the decoder allocates nothing per frame.
   *
   * @param reuse a closed frame nobody else references, or {@code null}
   * @return the frame ({@code reuse} when given), owned by the caller, or {@code null}
   */
  public Sv2Frame nextFrame(Sv2Frame reuse) {
    checkOpen();
    received += pending;
    pending = 0;
    if (received < target) {
      return null;
    }
    return advance(reuse);
  }

  /**
   * Bytes still needed before the decoder can make progress: the rest of the header, or, once the header
   * is in, the rest of the payload. Bytes of an outstanding {@link #writable()} region count only once
   * {@link #nextFrame()} has been called. 6 on a fresh decoder.
   *
   * @return the number of bytes still needed, {@code > 0}
   */
  public int missingBytes() {
    return target - received;
  }

  // ---------------------------------------------------------------------------------------------------
  // Push API

  /**
   * Consumes all of {@code input}'s remaining bytes and passes every frame they complete to {@code sink},
   * in stream order. Bytes of an unfinished frame are kept for the next call. The sink owns each frame it
   * receives (and closes it); if the sink throws, the exception propagates, that frame stays the sink's,
   * the decoder is consistent, and {@code input}'s position is just after that frame.
   *
   * @param input the bytes read, from its position to its limit; the position advances
   * @param sink receives each complete frame, which it then owns
   * @throws CodecException of kind {@link CodecException.Kind#PAYLOAD_TOO_LARGE} for a header over the
   *     limit; the decoder is reset and {@code input}'s position is just after that header
   * @throws IllegalStateException if a {@link #writable()} region is outstanding, or the decoder was closed
   */
  public void feed(ByteBuffer input, Consumer<? super Sv2Frame> sink) {
    checkOpen();
    Objects.requireNonNull(sink, "sink");
    if (pending > 0) {
      throw new IllegalStateException("a writable() region is outstanding: call nextFrame() first");
    }
    while (input.hasRemaining()) {
      int n = Math.min(target - received, input.remaining());
      FrameStock.append(buffer, input, n);
      received += n;
      if (received == target) {
        Sv2Frame f = advance(null);
        if (f != null) {
          sink.accept(f);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------

  /** The current stage is complete: parse the header, or hand the frame out. */
  private Sv2Frame advance(Sv2Frame reuse) {
    if (!inPayload) {
      ByteBuffer d = buffer.data();
      int len = Header.msgLengthAt(d, d.position());
      if (len > maxPayloadLength) {
        long index = frames;
        reset();
        throw new CodecException(
            CodecException.Kind.PAYLOAD_TOO_LARGE,
            "frame #" + index + " announces " + len + " payload bytes, limit " + maxPayloadLength);
      }
      if (len > 0) {
        inPayload = true;
        target = Header.SIZE + len;
        return null;
      }
    }
    inPayload = false;
    target = Header.SIZE;
    received = 0;
    frames++;
    return stock.frame(buffer, reuse);
  }

  /**
   * Discards any partial frame (its bytes are dropped, nothing is delivered) and expects a header again.
   * The decoder calls this itself after an error; call it to reuse the decoder on a new stream.
   */
  public void reset() {
    checkOpen();
    buffer.clear();
    received = 0;
    pending = 0;
    target = Header.SIZE;
    inPayload = false;
  }

  /**
   * Whether no byte of an unfinished frame is held and no pull region is outstanding: an end of stream here
   * is orderly, anywhere else it cuts a frame.
   *
   * @return whether the decoder is between frames
   */
  public boolean atFrameBoundary() {
    return received == 0 && pending == 0 && !inPayload;
  }

  /**
   * Number of frames this decoder has completed.
   *
   * @return the number of frames completed
   */
  public long framesDecoded() {
    return frames;
  }

  /** Closes the pool the decoder created (a caller's buffer is left alone); frames handed out stay valid. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stock.close();
    if (ownedPool != null) {
      ownedPool.close();
    } else {
      buffer.clear();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("decoder closed");
    }
  }

  @Override
  public String toString() {
    return "StandardDecoder[" + (closed ? "closed" : (inPayload ? "payload " : "header ") + received + "/" + target)
        + ", max payload " + maxPayloadLength + ", " + buffer + "]";
  }
}
