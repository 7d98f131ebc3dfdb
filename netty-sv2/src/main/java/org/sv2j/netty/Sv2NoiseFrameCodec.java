package org.sv2j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.sv2j.buffer.BufferPool;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.NoiseEncoder;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;

/**
 * The encrypted Sv2 frame codec that {@link Sv2NoiseHandler} installs once the handshake is done (or that
 * you add yourself over a {@link NoiseSession} with {@link Sv2FrameCodec.Builder#buildEncrypted}).
 *
 * <p>Inbound: the 22-byte encrypted header is decrypted first and its payload length checked against
 * {@link #maxPayloadLength()} before anything is reserved; once the whole payload ciphertext has arrived
 * (in Netty's cumulation buffer, bounded by the limit plus tags) the header and the ciphertext chunks are
 * copied into the per-event-loop buffer-sv2 pool and <b>decrypted in place there</b>, in the slot the frame
 * then owns. Outbound: {@code Sv2Frame}s are serialized and encrypted in place straight into a buffer of
 * the channel's allocator, chunked exactly as the Rust reference ({@link NoiseEncoder}).
 *
 * <p>Ownership of frames, the outbound bound and the pitfalls are those of {@link Sv2FrameCodec}.
 *
 * <h2>Errors</h2>
 *
 * A bad tag (header or any chunk) or a payload over the limit fails the codec for good: no byte of the
 * failed frame is delivered, the pool holds nothing for it, an {@link CodecException} is fired down the
 * pipeline, auto-read is switched off, nothing more is read, and the channel is closed ({@link
 * CloseCause#CODEC_ERROR}). The session is closed (keys wiped) when the codec leaves the pipeline, which
 * Netty does when the channel is closed.
 */
public final class Sv2NoiseFrameCodec extends AbstractSv2FrameCodec {
  private final NoiseSession session;
  private final NoiseEncoder encoder;
  private final byte[] header = new byte[Header.ENCRYPTED_SIZE];
  /** Ciphertext bytes of the current payload, or -1 while waiting for a header. */
  private int payloadCiphertext = -1;

  Sv2NoiseFrameCodec(Sv2FrameCodec.Builder b, NoiseSession session) {
    super(b.maxPayloadLength, b.maxQueuedBytes, b.recycleWritten, b.metrics);
    this.session = Objects.requireNonNull(session, "session");
    this.encoder = NoiseEncoder.transport(session);
  }

  /**
   * An encrypted codec with the defaults of {@link Sv2FrameCodec#create()} over {@code session}, which the
   * codec takes over.
   *
   * @param session an established Noise transport session
   * @return a new codec
   */
  public static Sv2NoiseFrameCodec create(NoiseSession session) {
    return Sv2FrameCodec.builder().buildEncrypted(session);
  }

  @Override
  void decodeOne(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    if (payloadCiphertext < 0) {
      if (in.readableBytes() < Header.ENCRYPTED_SIZE) {
        return;
      }
      copy(in, r, header, 0, Header.ENCRYPTED_SIZE);
      try {
        session.decrypt(header, 0, Header.ENCRYPTED_SIZE);
      } catch (NoiseException e) {
        throw new CodecException(
            CodecException.Kind.DECRYPTION_FAILED,
            "transport frame #" + session.receiveNonce() + ": header failed authentication",
            e);
      }
      in.skipBytes(Header.ENCRYPTED_SIZE);
      int len = (header[3] & 0xff) | (header[4] & 0xff) << 8 | (header[5] & 0xff) << 16;
      checkLength(len, "transport frame");
      payloadCiphertext = Header.encryptedLength(len);
      if (payloadCiphertext > 0) {
        return;
      }
      r = in.readerIndex();
    }
    int ct = payloadCiphertext;
    if (in.readableBytes() < ct) {
      return;
    }
    BufferPool pool = FramePool.current();
    pool.write(header, 0, Header.SIZE);
    int at = r;
    int left = ct;
    while (left > 0) {
      int c = Math.min(Header.NOISE_MAX_CHUNK, left);
      ByteBuffer w = pool.getWritable(c);
      int p = w.position();
      copy(in, at, w, c);
      try {
        if (w.hasArray()) {
          session.decrypt(w.array(), w.arrayOffset() + p, c);
        } else {
          w.position(p);
          session.decrypt(w);
        }
      } catch (NoiseException e) {
        pool.clear();
        throw new CodecException(
            CodecException.Kind.DECRYPTION_FAILED, "transport frame payload chunk failed authentication", e);
      }
      pool.truncate(pool.length() - Header.MAC_SIZE);
      at += c;
      left -= c;
    }
    in.skipBytes(ct);
    payloadCiphertext = -1;
    if (metrics != null) {
      metrics.frameIn(Header.ENCRYPTED_SIZE + ct);
    }
    out.add(takeFrame(pool));
  }

  @Override
  boolean midFrame() {
    return payloadCiphertext >= 0;
  }

  /**
   * Heap memory: the session encrypts arrays with the tuned cipher (direct buffers would go through the
   * slower ByteBuffer path); the transport copies into its pooled direct buffer on write.
   */
  @Override
  ByteBuf allocate(ChannelHandlerContext ctx, int n) {
    return ctx.alloc().heapBuffer(n);
  }

  @Override
  int encodedLength(Sv2Frame frame) {
    return encoder.encodedLength(frame);
  }

  @Override
  void encode(Sv2Frame frame, ByteBuffer dst) {
    encoder.encodeTo(frame, dst);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    super.handlerRemoved0(ctx);
    encoder.close();
    session.close();
  }

  @Override
  public String toString() {
    return "Sv2NoiseFrameCodec[maxPayload=" + maxPayloadLength + (isFailed() ? ", failed" : "") + "]";
  }
}
