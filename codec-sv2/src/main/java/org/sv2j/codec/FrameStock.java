package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.Sv2Frame;

/**
 * What the two decoders share: their supply of frame objects (the buffer's finished message becomes an
 * {@link Sv2Frame}, re-arming a frame the caller passed in or one handed back with {@code recycle}, and
 * allocating only when there is none) and the copy of pushed input into the buffer. Owner thread only,
 * like the decoder.
 */
final class FrameStock {
  static final int SIZE = 16;

  private final Sv2Frame[] spare = new Sv2Frame[SIZE];
  private int count;
  private boolean closed;

  /** Closes {@code frame} and keeps it for a later message (up to {@value #SIZE}; a frame is kept once). */
  void recycle(Sv2Frame frame) {
    frame.close();
    if (closed || count == SIZE) {
      return;
    }
    for (int i = 0; i < count; i++) {
      if (spare[i] == frame) {
        return;
      }
    }
    spare[count++] = frame;
  }

  /** The buffer's message as a frame: {@code reuse} if given, else a kept frame, else a new one. */
  Sv2Frame frame(Buffer buffer, Sv2Frame reuse) {
    if (reuse == null && count > 0) {
      reuse = spare[--count];
      spare[count] = null;
    }
    if (reuse == null) {
      return Sv2Frame.fromSlice(buffer.getDataOwned());
    }
    Slice old = reuse.recycledSlice();
    return Sv2Frame.fromSlice(old == null ? buffer.getDataOwned() : buffer.getDataOwned(old), reuse);
  }

  /** Drops the kept frames; later recycled frames are only closed. */
  void close() {
    closed = true;
    Arrays.fill(spare, null);
    count = 0;
  }

  /** Moves the next {@code n} bytes of {@code input} (heap or direct) to the end of {@code buffer}'s message. */
  static void append(Buffer buffer, ByteBuffer input, int n) {
    int at = input.position();
    if (input.hasArray()) {
      buffer.write(input.array(), input.arrayOffset() + at, n);
    } else {
      ByteBuffer w = buffer.getWritable(n);
      w.put(w.position(), input, at, n);
    }
    input.position(at + n);
  }
}
