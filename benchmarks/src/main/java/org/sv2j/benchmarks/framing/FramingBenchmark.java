package org.sv2j.benchmarks.framing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * The reference's framing benchmark groups ({@code framing_sv2}'s criterion bench), per payload size. The
 * frame bytes are those of the reference's {@code frame_from_payload_size}: header {@code 00 00 00} + u24
 * length, then {@code size} bytes of {@code 0x02}.
 *
 * <ul>
 *   <li>{@link #fromMessage}: {@link Sv2Frame#fromMessage} around a message of {@code size} bytes of {@code
 *       0x02} (written with {@code dst.put(array)} only when encoded, so nothing is serialized here).
 *       The reference clones its {@code Vec<u8>} message every iteration, which is most of its time at
 *       16 KiB and above; this one is constant-time.
 *   <li>{@link #serializeFresh}: {@code encodeTo} of a received-form frame (built once with {@link
 *       Sv2Frame#fromBytes}) into a reused heap buffer: one copy of header and payload. The reference clones
 *       the frame and then serializes it.
 *   <li>{@link #fromBytes}: {@link Sv2Frame#fromSlice} over {@link Slice#wrap} of the frame bytes (no copy;
 *       the reference clones the input {@code Vec} first), reading the length back.
 *   <li>{@link #sizeHint}: {@link Sv2Frame#sizeHint(byte[])} of the complete frame (0).
 *   <li>{@link #encryptedLength}: {@link Header#encryptedLength(int)} of the payload size.
 * </ul>
 *
 * <p>Reference figures, Vec backend (criterion medians, ns) for 64 B, 1 KiB, 16 KiB, 60 KiB and 16 MiB − 1:
 * {@code from_message} 15.4, 25.1, 373, 2,477, 2,797,400; {@code serialize_fresh} 32.1, 79.1, 1,209,
 * 5,373, 7,570,000; {@code from_bytes} 22.3, 36.4, 288, 2,232, 1,914,300; {@code size_hint} 1.1–1.6 for
 * every size; {@code encrypted_len} 0.55–0.70 for every size. With {@code with_buffer_pool}: {@code
 * from_message} 16.1, 28.9, 317, 1,791, 2,710,900; {@code serialize_fresh} 53.9, 124, 1,249, 6,063,
 * 8,509,200; {@code from_bytes} 28.0, 39.9, 424, 1,780, 2,541,200.
 *
 * <p>Sizes: the reference also runs 16,777,215 (the largest u24 payload). It is left out of the default
 * parameters to keep runs short; run it with {@code -p size=16777215} (about 48 MB of setup: the frame
 * bytes, the message payload and the serialization buffer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramingBenchmark {
  @Param({"64", "1024", "16384", "61440"})
  public int size;

  /** A message of N bytes of 0x02, serialized with one bulk put. */
  static final class FillMessage implements Sv2Message {
    private final byte[] bytes;

    FillMessage(int size) {
      bytes = new byte[size];
      Arrays.fill(bytes, (byte) 2);
    }

    @Override
    public int encodedLength() {
      return bytes.length;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      dst.put(bytes);
    }
  }

  private FillMessage message;
  /** Header {@code 00 00 00} + u24 length, then {@code size} bytes of 0x02. */
  private byte[] frameBytes;

  private Sv2Frame received;
  private ByteBuffer out;

  @Setup
  public void setup() {
    message = new FillMessage(size);
    frameBytes = new byte[Header.SIZE + size];
    frameBytes[3] = (byte) size;
    frameBytes[4] = (byte) (size >>> 8);
    frameBytes[5] = (byte) (size >>> 16);
    Arrays.fill(frameBytes, Header.SIZE, frameBytes.length, (byte) 2);
    received = Sv2Frame.fromBytes(frameBytes);
    out = ByteBuffer.allocate(received.encodedLength());
  }

  /** A message-form frame around the message (not serialized). */
  @Benchmark
  public Sv2Frame fromMessage() {
    return Sv2Frame.fromMessage(0, 1, false, message);
  }

  /** A received-form frame's bytes copied into a reused buffer. */
  @Benchmark
  public int serializeFresh() {
    ByteBuffer b = out;
    b.clear();
    received.encodeTo(b);
    return b.position();
  }

  /** Parsing the frame bytes into a frame, without copying them. */
  @Benchmark
  public int fromBytes() {
    return Sv2Frame.fromSlice(Slice.wrap(frameBytes)).msgLength();
  }

  /** Signed distance of the frame bytes from one complete frame. */
  @Benchmark
  public int sizeHint() {
    return Sv2Frame.sizeHint(frameBytes);
  }

  /** Encrypted size of a payload of {@code size} bytes. */
  @Benchmark
  public int encryptedLength() {
    return Header.encryptedLength(size);
  }
}
