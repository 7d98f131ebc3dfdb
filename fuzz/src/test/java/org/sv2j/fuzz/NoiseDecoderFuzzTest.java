package org.sv2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sv2j.buffer.BufferPool;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.NoiseEncoder;
import org.sv2j.codec.StandardNoiseDecoder;
import org.sv2j.framing.Frame;
import org.sv2j.framing.Sv2Frame;

/**
 * Target 2: the encrypted decoder after a real (deterministic) handshake, fed arbitrary ciphertext
 * streams. The seeds are real encryptions of {@link #PLAINTEXTS} under the fixed session; the fuzzer
 * mutates, splices and truncates them. Properties: only frames or a {@link CodecException}; the i-th frame
 * delivered is exactly the i-th plaintext (anything else would be plaintext from a frame whose tag did not
 * verify); after an error nothing more is delivered; no pool slot leaks.
 */
class NoiseDecoderFuzzTest {
  /** The frames the seed streams encrypt, in order. */
  static final List<Sv2Frame> PLAINTEXTS = plaintexts();

  static List<Sv2Frame> plaintexts() {
    List<Sv2Frame> l = new ArrayList<>();
    int[] sizes = {0, 1, 16, 100, 65_519, 3, 65_520, 0, 40};
    for (int i = 0; i < sizes.length; i++) {
      byte[] p = new byte[sizes[i]];
      for (int k = 0; k < p.length; k++) {
        p[k] = (byte) (k * 7 + i);
      }
      l.add(Sv2Frame.fromPayload(i, 0x10 + i, (i & 1) == 1, p));
    }
    return l;
  }

  /** The seed stream: every plaintext encrypted in order with the fixed initiator session. */
  static byte[] validStream() {
    try (Fixed.Sessions s = Fixed.handshake();
        NoiseEncoder enc = NoiseEncoder.transport(s.initiator())) {
      List<byte[]> parts = new ArrayList<>();
      int total = 0;
      for (Sv2Frame f : PLAINTEXTS) {
        byte[] b = new byte[enc.encodedLength(f)];
        enc.encodeTo(f, ByteBuffer.wrap(b));
        parts.add(b);
        total += b.length;
      }
      ByteBuffer all = ByteBuffer.allocate(total);
      parts.forEach(all::put);
      return all.array();
    }
  }

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] input) {
    if (input.length < 1) {
      return;
    }
    SplittableRandom split = new SplittableRandom(input[0]);
    byte[] stream = Arrays.copyOfRange(input, 1, input.length);
    try (Fixed.Sessions s = Fixed.handshake();
        BufferPool pool = new BufferPool(4096);
        StandardNoiseDecoder d = StandardNoiseDecoder.builder().buffer(pool).maxPayloadLength(200_000).forTransport(s.responder())) {
      List<Frame> got = new ArrayList<>();
      ByteBuffer in = ByteBuffer.wrap(stream);
      boolean failed = false;
      int delivered = 0;
      while (in.hasRemaining() && !failed) {
        int k = Math.min(in.remaining(), 1 + split.nextInt(70_000));
        try {
          d.feed(in.slice(in.position(), k), got::add);
        } catch (CodecException e) {
          failed = true;
          if (!d.isFailed()) {
            throw new AssertionError("decoder not failed after " + e.kind());
          }
        }
        in.position(in.position() + k);
        for (Frame f : got) {
          expect(f.asSv2Frame(), delivered++);
          f.close();
        }
        got.clear();
      }
      if (failed) {
        try {
          d.feed(ByteBuffer.wrap(validStream()), got::add);
          throw new AssertionError("a failed decoder accepted input");
        } catch (CodecException expected) {
          if (expected.kind() != CodecException.Kind.DECODER_FAILED || !got.isEmpty()) {
            throw new AssertionError("after failure: " + expected.kind() + ", " + got.size() + " frames");
          }
        }
      }
      d.close();
      if (pool.liveSlices() != 0) {
        throw new AssertionError("leaked " + pool.liveSlices() + " slots");
      }
    }
  }

  private static void expect(Sv2Frame f, int index) {
    if (index >= PLAINTEXTS.size()) {
      throw new AssertionError("frame #" + index + " decrypted, but only " + PLAINTEXTS.size() + " were ever encrypted");
    }
    Sv2Frame want = PLAINTEXTS.get(index);
    if (!f.header().equals(want.header()) || !Arrays.equals(f.payloadToArray(), want.payloadToArray())) {
      throw new AssertionError("frame #" + index + " is not the plaintext that was encrypted at that position");
    }
  }
}
