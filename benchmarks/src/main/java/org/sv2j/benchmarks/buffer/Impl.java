package org.sv2j.benchmarks.buffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.sv2j.buffer.Buffer;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;

/**
 * One way of holding messages, as the buffer benchmarks drive it: write a message in 10-byte pieces (as
 * the reference's benchmark does), take it as an owned handle, read it, release it (possibly on another
 * thread).
 */
interface Impl {
  /** Size of one write, as in the reference's benchmark. */
  int CHUNK = 10;

  Object take(byte[] input, int pos, int len);

  /** Reads the handle's bytes at a stride (what a consumer would touch); returns a checksum. */
  int read(Object handle);

  void release(Object handle);

  static Impl create(String name, int capacity) {
    switch (name) {
      case "BufferPool":
        return new OfBuffer(new BufferPool(capacity));
      case "BufferFromSystemMemory":
        return new OfBuffer(new BufferFromSystemMemory());
      case "PPool":
        return new PPool(capacity);
      case "MaxEfficiency":
        return new MaxEfficiency(capacity);
      case "NettyPooled":
        return new NettyPooled();
      case "NewByteArray":
        return new NewByteArray();
      default:
        throw new IllegalArgumentException(name);
    }
  }

  /** sv2j's {@link Buffer} implementations; handles are {@link Slice}s. */
  final class OfBuffer implements Impl {
    final Buffer buffer;

    OfBuffer(Buffer buffer) {
      this.buffer = buffer;
    }

    void write(byte[] input, int pos, int len) {
      for (int off = 0; off < len; off += CHUNK) {
        buffer.write(input, pos + off, Math.min(CHUNK, len - off));
      }
    }

    @Override
    public Object take(byte[] input, int pos, int len) {
      write(input, pos, len);
      return buffer.getDataOwned();
    }

    @Override
    public int read(Object handle) {
      Slice s = (Slice) handle;
      int sum = 0;
      for (int i = 0, n = s.length(); i < n; i += 64) {
        sum += s.get(i);
      }
      return sum;
    }

    @Override
    public void release(Object handle) {
      ((Slice) handle).close();
    }
  }

  /** Netty's pooled heap allocator: one pooled ByteBuf per message, released by the consumer. */
  final class NettyPooled implements Impl {
    private final PooledByteBufAllocator alloc = new PooledByteBufAllocator(false);

    @Override
    public Object take(byte[] input, int pos, int len) {
      ByteBuf buf = alloc.heapBuffer(len, len);
      for (int off = 0; off < len; off += CHUNK) {
        buf.writeBytes(input, pos + off, Math.min(CHUNK, len - off));
      }
      return buf;
    }

    @Override
    public int read(Object handle) {
      ByteBuf b = (ByteBuf) handle;
      int sum = 0;
      for (int i = 0, n = b.readableBytes(); i < n; i += 64) {
        sum += b.getByte(i);
      }
      return sum;
    }

    @Override
    public void release(Object handle) {
      ((ByteBuf) handle).release();
    }
  }

  /** Plain {@code new byte[n]} per message: the garbage collector is the pool. */
  final class NewByteArray implements Impl {
    @Override
    public Object take(byte[] input, int pos, int len) {
      byte[] b = new byte[len];
      for (int off = 0; off < len; off += CHUNK) {
        System.arraycopy(input, pos + off, b, off, Math.min(CHUNK, len - off));
      }
      return b;
    }

    @Override
    public int read(Object handle) {
      byte[] b = (byte[]) handle;
      int sum = 0;
      for (int i = 0; i < b.length; i += 64) {
        sum += b[i];
      }
      return sum;
    }

    @Override
    public void release(Object handle) {}
  }

  /**
   * Upper bound, no ownership at all: one reused array, every message overwrites the previous one (the
   * reference's "max efficiency" control).
   */
  final class MaxEfficiency implements Impl {
    private final byte[] memory;
    private final int[] lastLength = new int[1];

    MaxEfficiency(int capacity) {
      memory = new byte[Math.max(capacity, 1 << 16)];
    }

    @Override
    public Object take(byte[] input, int pos, int len) {
      for (int off = 0; off < len; off += CHUNK) {
        System.arraycopy(input, pos + off, memory, off, Math.min(CHUNK, len - off));
      }
      lastLength[0] = len;
      return memory;
    }

    @Override
    public int read(Object handle) {
      byte[] b = (byte[]) handle;
      int sum = 0;
      for (int i = 0, n = lastLength[0]; i < n; i += 64) {
        sum += b[i];
      }
      return sum;
    }

    @Override
    public void release(Object handle) {}
  }
}
