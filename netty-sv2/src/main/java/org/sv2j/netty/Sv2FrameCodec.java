package org.sv2j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.buffer.BufferPool;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;

/**
 * The plaintext Sv2 frame codec: inbound bytes (split anywhere) become {@link Sv2Frame}s, outbound {@code
 * Sv2Frame}s (any form: received, payload, or {@link Sv2Frame#fromMessage message}) become bytes.
 *
 * <h2>Memory and ownership</h2>
 *
 * A partial frame waits in Netty's cumulation buffer (the channel's {@code ByteBufAllocator}; released as
 * soon as it is empty, so an idle connection holds none). The payload length is checked against {@link
 * #maxPayloadLength()} from the 6-byte header, before anything is reserved for the payload. A complete frame
 * is copied once into a buffer-sv2 {@link BufferPool} kept per event-loop thread and handed on as a
 * received-form {@code Sv2Frame} that owns its pool slot: <b>whoever receives a frame closes it</b> (or
 * hands it back with {@link #recycle(Sv2Frame)}, or writes it), which gives the slot back from any thread.
 * Frames larger than the pool (327,680 bytes) or more than eight frames alive per thread are served from
 * heap memory instead (still correct, no longer allocation-free).
 *
 * <p>Writing an {@code Sv2Frame} hands it to the codec: it is encoded into a buffer of the channel's
 * allocator and closed (with {@link Builder#recycleWrittenFrames(boolean)}, recycled for the next inbound
 * frame). Anything else written is refused with an {@link IllegalArgumentException} (and released).
 *
 * <h2>Errors</h2>
 *
 * A payload over the limit fails the codec for good: an {@link org.sv2j.codec.CodecException} is fired
 * down the pipeline, auto-read is switched off, nothing more is read or decoded, and the channel is closed
 * ({@link CloseCause#CODEC_ERROR}). A write while more than {@link #maxQueuedBytes()} are queued for the
 * peer fails with {@link Sv2OutboundLimitException} and closes the channel ({@link
 * CloseCause#OUTBOUND_LIMIT}).
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@code Sv2Frame} is not {@code ReferenceCounted}: Netty's pipeline tail does not release frames
 *       nobody handled. The last handler must close every frame it gets ({@link Sv2Server} and {@link
 *       Sv2Client} end their pipelines with a handler that does).
 *   <li>Do not touch a frame after writing it (it is closed, and with recycling on it may already hold the
 *       next inbound message).
 * </ul>
 */
public final class Sv2FrameCodec extends AbstractSv2FrameCodec {

  private Sv2FrameCodec(Builder b) {
    super(b.maxPayloadLength, b.maxQueuedBytes, b.recycleWritten, b.metrics);
  }

  /**
   * A codec with the defaults: any u24 payload, {@value #DEFAULT_MAX_QUEUED_BYTES} queued bytes, no
   * recycling of written frames, no metrics.
   *
   * @return a new codec (one per channel)
   */
  public static Sv2FrameCodec create() {
    return builder().build();
  }

  /**
   * A builder with the defaults of {@link #create()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void decodeOne(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int avail = in.readableBytes();
    if (avail < Header.SIZE) {
      return;
    }
    int r = in.readerIndex();
    int len = in.getUnsignedMediumLE(r + 3);
    checkLength(len, "frame");
    int total = Header.SIZE + len;
    if (avail < total) {
      return;
    }
    BufferPool pool = FramePool.current();
    ByteBuffer w = pool.getWritable(total);
    copy(in, r, w, total);
    in.skipBytes(total);
    if (metrics != null) {
      metrics.frameIn(total);
    }
    out.add(takeFrame(pool));
  }

  @Override
  int encodedLength(Sv2Frame frame) {
    return frame.encodedLength();
  }

  @Override
  void encode(Sv2Frame frame, ByteBuffer dst) {
    frame.encodeTo(dst);
  }

  @Override
  public String toString() {
    return "Sv2FrameCodec[maxPayload=" + maxPayloadLength + (isFailed() ? ", failed" : "") + "]";
  }

  /** Options of a {@link Sv2FrameCodec} (and, through {@link Sv2NoiseHandler}, of the encrypted one). */
  public static final class Builder {
    int maxPayloadLength = Header.MAX_PAYLOAD_LENGTH;
    long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    boolean recycleWritten;
    Sv2Metrics metrics;

    Builder() {}

    /**
     * The largest payload accepted from the peer, 0 to 2^24 − 1 (default 2^24 − 1).
     *
     * @param max the limit in bytes
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
     * The bound on bytes queued for a peer that does not read (default {@value
     * AbstractSv2FrameCodec#DEFAULT_MAX_QUEUED_BYTES}). One frame is always accepted when nothing is
     * queued.
     *
     * @param max the bound in bytes, positive
     * @return this builder
     */
    public Builder maxQueuedBytes(long max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxQueuedBytes must be positive: " + max);
      }
      this.maxQueuedBytes = max;
      return this;
    }

    /**
     * Whether written frames that this codec decoded are recycled for later inbound frames instead of just
     * closed (default false). Turn it on only if no handler touches a frame after writing it; echo-style
     * handlers then run without allocating per frame.
     *
     * @param recycle true to recycle
     * @return this builder
     */
    public Builder recycleWrittenFrames(boolean recycle) {
      this.recycleWritten = recycle;
      return this;
    }

    /**
     * Counters to update (frames and bytes in and out); {@code null} for none.
     *
     * @param metrics the counters, or null
     * @return this builder
     */
    public Builder metrics(Sv2Metrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * A plaintext codec with these options.
     *
     * @return a new codec (one per channel)
     */
    public Sv2FrameCodec build() {
      return new Sv2FrameCodec(this);
    }

    /**
     * An encrypted codec with these options over {@code session}, which the codec takes over (it is
     * closed, wiping its keys, when the codec leaves the pipeline).
     *
     * @param session an established Noise transport session
     * @return a new codec (one per channel)
     */
    public Sv2NoiseFrameCodec buildEncrypted(org.sv2j.noise.NoiseSession session) {
      return new Sv2NoiseFrameCodec(this, session);
    }
  }
}
