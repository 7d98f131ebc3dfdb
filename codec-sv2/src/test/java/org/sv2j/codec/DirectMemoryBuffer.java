package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.Slice;

/**
 * A caller's {@link Buffer} in direct (off-heap) memory, as an application with its own memory manager
 * might hand a decoder: {@link #data()} and {@link #getWritable(int)} have no backing array, so the
 * decoders take their {@code ByteBuffer} paths. Finished messages are copied out to heap slices.
 */
final class DirectMemoryBuffer implements Buffer {
  private ByteBuffer memory = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
  private int cursor;

  @Override
  public ByteBuffer getWritable(int len) {
    if (cursor + len > memory.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(2 * memory.capacity(), cursor + len)).order(ByteOrder.LITTLE_ENDIAN);
      bigger.put(0, memory, 0, cursor);
      memory = bigger;
    }
    memory.limit(cursor + len).position(cursor);
    cursor += len;
    return memory;
  }

  @Override
  public void write(byte[] src, int off, int len) {
    getWritable(len).put(src, off, len);
  }

  @Override
  public Slice getDataOwned() {
    byte[] out = new byte[cursor];
    memory.get(0, out);
    cursor = 0;
    return Slice.wrap(out);
  }

  @Override
  public Slice getDataOwned(Slice reuse) {
    return getDataOwned();
  }

  @Override
  public int length() {
    return cursor;
  }

  @Override
  public ByteBuffer data() {
    memory.limit(cursor).position(0);
    return memory;
  }

  @Override
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > cursor) {
      throw new IllegalArgumentException("newLength " + newLength);
    }
    cursor = newLength;
  }

  @Override
  public void clear() {
    cursor = 0;
  }
}
