package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.buffer.BufferPool;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Props;

/** Properties of the plaintext codec over random frame sequences, random splits and random bytes. */
class PlainCodecPropertyTest {

  private record Spec(int ext, boolean channel, int type, byte[] payload) {}

  private static int payloadLength(SplittableRandom r) {
    int k = r.nextInt(100);
    if (k < 10) {
      return 0;
    }
    if (k < 80) {
      return r.nextInt(1, 300);
    }
    if (k < 97) {
      return r.nextInt(300, 20_000);
    }
    return r.nextInt(60_000, 200_000);
  }

  private static Buffer randomBuffer(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> new BufferFromSystemMemory(r.nextInt(0, 64));
      case 1 -> new BufferPool(r.nextInt(0, 2_000));
      default -> new BufferPool(BufferPool.DEFAULT_CAPACITY);
    };
  }

  @Test
  void anySequenceOfValidFramesSplitAnywhereDecodesToTheSameFrames() {
    Props.forAll(
        150,
        r -> {
          int n = r.nextInt(1, 40);
          List<Spec> specs = new ArrayList<>();
          ByteArrayOutputStream wire = new ByteArrayOutputStream();
          try (Encoder enc = new Encoder()) {
            for (int i = 0; i < n; i++) {
              byte[] p = new byte[payloadLength(r)];
              r.nextBytes(p);
              Spec s = new Spec(r.nextInt(1 << 16), r.nextBoolean(), r.nextInt(256), p);
              specs.add(s);
              try (var slice = enc.encode(Sv2Frame.fromPayload(s.ext, s.type, s.channel, p))) {
                wire.writeBytes(slice.toByteArray());
              }
            }
          }
          ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
          boolean closeEarly = r.nextBoolean();
          Buffer buffer = randomBuffer(r);
          List<Sv2Frame> got = new ArrayList<>();
          try (StandardDecoder d = new StandardDecoder(buffer)) {
            while (in.hasRemaining()) {
              int piece = r.nextInt(4) == 0 ? 1 : r.nextInt(1, 5_000);
              if (r.nextBoolean()) {
                int k = Math.min(piece, in.remaining());
                d.feed(in.slice(in.position(), k), got::add);
                in.position(in.position() + k);
              } else {
                Sv2Frame f = pullStep(d, in, piece, r);
                if (f != null) {
                  got.add(f);
                }
              }
            }
            assertThat(d.missingBytes()).isEqualTo(Header.SIZE);
          }
          assertThat(got).hasSize(n);
          for (int i = 0; i < n; i++) {
            Spec s = specs.get(i);
            Sv2Frame f = got.get(i);
            assertThat(f.extensionType()).isEqualTo(Header.withChannelBit(s.ext, s.channel));
            assertThat(f.msgType()).isEqualTo(s.type);
            assertThat(f.payloadToArray()).isEqualTo(s.payload);
            if (closeEarly) {
              f.close();
            }
          }
          got.forEach(Sv2Frame::close);
          if (buffer instanceof BufferPool pool) {
            assertThat(pool.liveSlices()).isZero();
          }
        });
  }

  /**
   * One step of the pull API: fills the decoder's region from {@code in} in reads of random sizes up to
   * {@code piece}, then asks for the frame.
   */
  private static Sv2Frame pullStep(StandardDecoder d, ByteBuffer in, int piece, SplittableRandom r) {
    ByteBuffer w = d.writable();
    int want = w.remaining();
    assertThat(want).isLessThanOrEqualTo(StandardDecoder.RESERVATION_STEP).isLessThanOrEqualTo(in.remaining());
    int start = in.position();
    int off = 0;
    while (off < want) {
      int k = Math.min(want - off, r.nextInt(1, piece + 1));
      w.put(w.position() + off, in, start + off, k);
      off += k;
    }
    in.position(start + want);
    return d.nextFrame();
  }

  @Test
  void randomBytesYieldOnlyFramesOrCodecExceptionsAndNeverExceedTheLimit() {
    long[] seen = new long[2]; // frames, refusals: both must occur for the property to mean anything
    Props.forAll(
        400,
        r -> {
          byte[] junk = new byte[r.nextInt(0, 6_000)];
          r.nextBytes(junk);
          // Bias some lengths small so that real frames appear among the junk.
          for (int i = 5; i < junk.length; i += r.nextInt(6, 400)) {
            junk[i] = 0;
            junk[i - 1] = (byte) r.nextInt(0, 4);
          }
          int max = r.nextInt(0, 3_000);
          BufferPool pool = new BufferPool(r.nextBoolean() ? 512 : BufferPool.DEFAULT_CAPACITY);
          ByteBuffer in = ByteBuffer.wrap(junk);
          int expectedOffset = 0;
          List<Sv2Frame> frames = new ArrayList<>();
          try (StandardDecoder d = new StandardDecoder(pool, max)) {
            int guard = 0;
            while (in.hasRemaining()) {
              if (++guard > junk.length + 10) {
                throw new AssertionError("no progress");
              }
              int piece = r.nextInt(1, 700);
              int end = Math.min(junk.length, in.position() + piece);
              ByteBuffer view = in.slice(in.position(), end - in.position());
              frames.clear();
              try {
                d.feed(view, frames::add);
              } catch (CodecException e) {
                assertThat(e.kind()).isEqualTo(CodecException.Kind.PAYLOAD_TOO_LARGE);
                seen[1]++;
                seen[0] += frames.size();
                checkFrames(frames, junk, expectedOffset, max);
                expectedOffset = in.position() + view.position(); // just after the offending header
                in.position(expectedOffset);
                assertThat(pool.length()).isZero();
                continue;
              }
              seen[0] += frames.size();
              expectedOffset = checkFrames(frames, junk, expectedOffset, max);
              in.position(end);
              assertThat(pool.length()).isLessThanOrEqualTo(Header.SIZE + max);
            }
          }
          assertThat(pool.liveSlices()).isZero();
        });
    assertThat(seen[0]).as("frames found in random bytes").isGreaterThan(100);
    assertThat(seen[1]).as("headers refused").isGreaterThan(100);
  }

  /** Every frame is the next bytes of the input, within the limit; returns the offset after them. */
  private static int checkFrames(List<Sv2Frame> frames, byte[] input, int offset, int max) {
    for (Sv2Frame f : frames) {
      assertThat(f.msgLength()).isLessThanOrEqualTo(max);
      ByteBuffer again = ByteBuffer.allocate(f.encodedLength());
      f.encodeTo(again);
      assertThat(again.array()).isEqualTo(Arrays.copyOfRange(input, offset, offset + f.encodedLength()));
      offset += f.encodedLength();
      f.close();
    }
    return offset;
  }
}
