package org.sv2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sv2j.buffer.BufferPool;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;

/**
 * Target 1: the plaintext decoder, pull and push APIs, on arbitrary bytes split arbitrarily. Input: two
 * control bytes (split seed, payload limit), then the stream. Properties: only frames or {@link
 * CodecException}; every frame re-encodes to exactly the bytes it came from; both APIs agree; the pool
 * never holds more than the limit allows and no slot leaks.
 */
class PlainDecoderFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int max = (input[1] & 0xff) * 64; // 0 .. 16,320
    byte[] stream = Arrays.copyOfRange(input, 2, input.length);
    List<String> push = run(stream, max, new SplittableRandom(input[0]), true);
    List<String> pull = run(stream, max, new SplittableRandom(input[0]), false);
    if (!push.equals(pull)) {
      throw new AssertionError("push and pull disagree:\n" + push + "\n" + pull);
    }
  }

  /** Decodes the stream; returns a description of each frame / error in order. */
  private static List<String> run(byte[] stream, int max, SplittableRandom split, boolean pushApi) {
    List<String> events = new ArrayList<>();
    BufferPool pool = new BufferPool(split.nextBoolean() ? 512 : 4096);
    try (StandardDecoder d = new StandardDecoder(pool, max)) {
      int[] offset = {0};
      ByteBuffer in = ByteBuffer.wrap(stream);
      while (in.hasRemaining()) {
        try {
          if (pushApi) {
            int k = Math.min(in.remaining(), 1 + split.nextInt(300));
            ByteBuffer piece = in.slice(in.position(), k);
            d.feed(piece, f -> events.add(check(f, stream, offset, max)));
            in.position(in.position() + k);
          } else {
            ByteBuffer w = d.writable();
            if (w.remaining() > StandardDecoder.RESERVATION_STEP) {
              throw new AssertionError("reserved " + w.remaining());
            }
            int k = Math.min(w.remaining(), in.remaining());
            w.put(w.position(), in, in.position(), k);
            in.position(in.position() + k);
            if (k < w.remaining()) {
              break; // stream ends inside a region
            }
            Sv2Frame f = d.nextFrame();
            if (f != null) {
              events.add(check(f, stream, offset, max));
            }
          }
        } catch (CodecException e) {
          if (e.kind() != CodecException.Kind.PAYLOAD_TOO_LARGE) {
            throw new AssertionError("unexpected kind " + e.kind(), e);
          }
          // The decoder reset; the stream continues right after the refused header (both APIs).
          events.add("refused@" + offset[0]);
          in.position(offset[0] + Header.SIZE);
          offset[0] = in.position();
        }
        if (pool.length() > Header.SIZE + max) {
          throw new AssertionError("pool holds " + pool.length() + " bytes, limit " + max);
        }
      }
    }
    if (pool.liveSlices() != 0) {
      throw new AssertionError("leaked " + pool.liveSlices() + " slots");
    }
    return events;
  }

  private static String check(Sv2Frame f, byte[] stream, int[] offset, int max) {
    try (f) {
      if (f.msgLength() > max) {
        throw new AssertionError("frame over the limit: " + f.msgLength());
      }
      byte[] again = new byte[f.encodedLength()];
      f.encodeTo(ByteBuffer.wrap(again));
      byte[] original = Arrays.copyOfRange(stream, offset[0], offset[0] + again.length);
      if (!Arrays.equals(again, original)) {
        throw new AssertionError("frame at " + offset[0] + " does not re-encode to its bytes");
      }
      String e = "frame@" + offset[0] + ":" + f.msgLength();
      offset[0] += again.length;
      return e;
    }
  }
}
