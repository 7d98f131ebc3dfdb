package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sv2j.framing.Frame;

/** Feeds a byte stream to a {@link StandardNoiseDecoder} in pieces, through either API. */
final class NoiseDrive {
  private NoiseDrive() {}

  /** Region sizes handed out by {@code writable()} in the last {@link #pull} call. */
  static final ThreadLocal<List<Integer>> REGIONS = ThreadLocal.withInitial(ArrayList::new);

  /** Pull API with reads of at most {@code piece} bytes; stops when the stream ends. */
  static List<Frame> pull(StandardNoiseDecoder d, ByteBuffer wire, int piece) {
    List<Frame> out = new ArrayList<>();
    List<Integer> regions = REGIONS.get();
    regions.clear();
    while (true) {
      boolean zeroStep = d.inTransport() && d.missingBytes() == 0;
      if (!wire.hasRemaining() && !zeroStep) {
        return out;
      }
      ByteBuffer w = d.writable();
      regions.add(w.remaining());
      if (w.remaining() > StandardNoiseDecoder.READ_AHEAD_LIMIT) {
        throw new AssertionError("writable() reserved " + w.remaining() + " bytes at once");
      }
      while (w.hasRemaining() && wire.hasRemaining()) {
        int n = Math.min(piece, Math.min(w.remaining(), wire.remaining()));
        w.put(w.position(), wire, wire.position(), n);
        w.position(w.position() + n);
        wire.position(wire.position() + n);
      }
      if (w.hasRemaining()) {
        regions.remove(regions.size() - 1);
        return out;
      }
      Frame f = d.nextFrame();
      if (f != null) {
        out.add(f);
        if (!d.inTransport()) {
          return out; // a handshake frame: the caller installs the session first
        }
      }
    }
  }

  /** Push API with pieces of at most {@code piece} bytes. */
  static List<Frame> push(StandardNoiseDecoder d, ByteBuffer wire, int piece) {
    List<Frame> out = new ArrayList<>();
    int end = wire.limit();
    while (wire.position() < end) {
      wire.limit(Math.min(end, wire.position() + piece));
      d.feed(wire, out::add);
    }
    wire.limit(end);
    return out;
  }
}
