package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sv2j.framing.Sv2Frame;

/** Feeds a byte stream to a decoder in pieces of a given size, through either API. */
final class Drive {
  private Drive() {}

  /**
   * Pull API: each {@code writable()} region is filled by "reads" of at most {@code piece} bytes, as a
   * socket would deliver them. Stops at the end of {@code wire}; a partial region at the end stays
   * outstanding.
   */
  static List<Sv2Frame> pull(StandardDecoder d, ByteBuffer wire, int piece) {
    List<Sv2Frame> out = new ArrayList<>();
    while (wire.hasRemaining()) {
      ByteBuffer w = d.writable();
      if (w.remaining() > StandardDecoder.RESERVATION_STEP) {
        throw new AssertionError("writable() reserved " + w.remaining() + " bytes at once");
      }
      while (w.hasRemaining() && wire.hasRemaining()) {
        int n = Math.min(piece, Math.min(w.remaining(), wire.remaining()));
        w.put(w.position(), wire, wire.position(), n);
        w.position(w.position() + n);
        wire.position(wire.position() + n);
      }
      if (w.hasRemaining()) {
        break; // the stream ended inside a region
      }
      Sv2Frame f = d.nextFrame();
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** Push API: {@code feed} with pieces of at most {@code piece} bytes (no copies: a moving limit). */
  static List<Sv2Frame> push(StandardDecoder d, ByteBuffer wire, int piece) {
    List<Sv2Frame> out = new ArrayList<>();
    int end = wire.limit();
    while (wire.position() < end) {
      wire.limit(Math.min(end, wire.position() + piece));
      d.feed(wire, out::add);
    }
    wire.limit(end);
    return out;
  }
}
