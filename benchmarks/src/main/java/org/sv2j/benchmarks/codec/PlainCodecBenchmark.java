package org.sv2j.benchmarks.codec;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sv2j.buffer.Slice;
import org.sv2j.codec.Encoder;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;

/**
 * One plaintext Sv2 frame through the codec per operation: {@link Encoder} serializes a payload-form
 * {@link Sv2Frame} (extension 0, message type 1, no channel bit, a payload of {@code payload} bytes),
 * {@link StandardDecoder} (on its own {@link org.sv2j.buffer.BufferPool} of the default 320 KiB) turns the
 * bytes back into a received frame, and the benchmark reads its length and first payload byte, then
 * closes it.
 *
 * <ul>
 *   <li>{@link #roundTripPull}: {@code encodeTo} into a reused heap buffer, then the pull API (fill {@code
 *       writable()}, call {@code nextFrame(reuse)} until a frame comes out), recycling the frame object:
 *       the allocation-free path (0 B/op expected).
 *   <li>{@link #roundTripPullNewFrame}: the same with {@code nextFrame()}, so a new {@link Sv2Frame} and
 *       {@link Slice} per frame.
 *   <li>{@link #roundTripPush}: {@code encodeTo}, then {@code feed(wire, sink)}, a new frame object per
 *       frame.
 *   <li>{@link #roundTripPushRecycled}: the same, the sink handing each frame back with {@code
 *       decoder.recycle(frame)}: the push API's allocation-free path (0 B/op expected).
 *   <li>{@link #encodeSlice}: encode only, into the encoder's own pool ({@value Encoder#DEFAULT_CAPACITY}
 *       bytes, as the reference): frames larger than that are serialized on the heap (the pool's ALLOC
 *       mode), so this path allocates a copy of the frame per operation from 1 KiB on.
 * </ul>
 *
 * <p>Reference figures (the Rust reference's codec benchmark, encode + decode + frame parse of one
 * plaintext frame): 253, 296, 1,046 and 3,771 ns per frame for 64 B, 1 KiB, 16 KiB and 60 KiB payloads;
 * 246, 285, 990 and 3,525 ns with its {@code with_buffer_pool} feature. The closest counterparts here are
 * {@link #roundTripPull} (pool, recycled frame) and {@link #roundTripPullNewFrame}. Different machines:
 * compare shapes and ratios, not absolute numbers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlainCodecBenchmark {
  @Param({"64", "1024", "16384", "61440"})
  public int payload;

  private Sv2Frame frame;
  private Encoder encoder;
  private StandardDecoder decoder;
  /** The wire: one encoded frame, rewritten every operation. */
  private ByteBuffer wire;
  /** Frame object recycled by {@link #roundTripPull} (closed between operations). */
  private Sv2Frame reuse;
  /** Where the push sink drops the frame it receives. */
  private Sv2Frame received;

  private Consumer<Sv2Frame> sink;

  @Setup
  public void setup() {
    byte[] payloadBytes = new byte[payload];
    for (int k = 0; k < payload; k++) {
      payloadBytes[k] = (byte) k;
    }
    frame = Sv2Frame.fromPayload(0, 1, false, payloadBytes);
    encoder = new Encoder();
    decoder = new StandardDecoder();
    wire = ByteBuffer.allocate(Header.SIZE + payload);
    reuse = null;
    received = null;
    sink = f -> received = f;
  }

  @TearDown
  public void tearDown() {
    if (reuse != null) {
      reuse.close();
    }
    decoder.close();
    encoder.close();
  }

  /** Writes the frame into {@link #wire}, flipped for reading. */
  private void encodeToWire() {
    ByteBuffer w = wire;
    w.clear();
    encoder.encodeTo(frame, w);
    w.flip();
  }

  /** Copies {@link #wire} into the decoder's pull regions until a frame completes. */
  private Sv2Frame pull(Sv2Frame recycle) {
    ByteBuffer in = wire;
    StandardDecoder d = decoder;
    Sv2Frame f;
    do {
      ByteBuffer w = d.writable();
      int n = Math.min(w.remaining(), in.remaining());
      if (n == 0) {
        throw new IllegalStateException("wire exhausted before a frame completed: " + d);
      }
      int wp = w.position();
      int ip = in.position();
      w.put(wp, in, ip, n);
      w.position(wp + n);
      in.position(ip + n);
      f = d.nextFrame(recycle);
    } while (f == null);
    return f;
  }

  private static void consume(Sv2Frame f, Blackhole bh) {
    bh.consume(f.msgLength());
    bh.consume(f.slice().get(Header.SIZE));
  }

  /** Encode into a reused buffer, decode with the pull API recycling the frame object: 0 B/op. */
  @Benchmark
  public void roundTripPull(Blackhole bh) {
    encodeToWire();
    Sv2Frame f = pull(reuse);
    consume(f, bh);
    f.close();
    reuse = f;
  }

  /** As {@link #roundTripPull}, with a new frame (and slice) object per decoded frame. */
  @Benchmark
  public void roundTripPullNewFrame(Blackhole bh) {
    encodeToWire();
    Sv2Frame f = pull(null);
    consume(f, bh);
    f.close();
  }

  /** Encode into a reused buffer, decode with {@code feed(wire, sink)}. */
  @Benchmark
  public void roundTripPush(Blackhole bh) {
    encodeToWire();
    decoder.feed(wire, sink);
    Sv2Frame f = received;
    received = null;
    consume(f, bh);
    f.close();
  }

  /** As {@link #roundTripPush}, recycling the frame through the decoder: 0 B/op. */
  @Benchmark
  public void roundTripPushRecycled(Blackhole bh) {
    encodeToWire();
    decoder.feed(wire, sink);
    Sv2Frame f = received;
    received = null;
    consume(f, bh);
    decoder.recycle(f);
  }

  /** Encode into the encoder's own pool and close the slice. */
  @Benchmark
  public void encodeSlice(Blackhole bh) {
    Slice s = encoder.encode(frame);
    bh.consume(s.length());
    s.close();
  }
}
