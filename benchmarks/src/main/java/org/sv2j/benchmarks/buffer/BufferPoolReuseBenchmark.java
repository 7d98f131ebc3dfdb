package org.sv2j.benchmarks.buffer;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;

/**
 * The single-thread scenario of {@link BufferSingleThreadBenchmark} with BufferPool recycling its two
 * {@link Slice} objects through {@code getDataOwned(reuse)}: the zero-allocation path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferPoolReuseBenchmark {
  /** The pool, its writer and the two recycled slices. */
  @State(Scope.Thread)
  public static class Reuse {
    final Workload work = new Workload();
    final BufferPool pool = new BufferPool(Workload.POOL_CAPACITY);
    final Impl.OfBuffer writer = new Impl.OfBuffer(pool);
    final Slice a = closed();
    final Slice b = closed();

    private static Slice closed() {
      Slice s = Slice.wrap(new byte[0]);
      s.close();
      return s;
    }
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int twoMessagesBufferPoolReusingSlices(Reuse r) {
    int len1 = r.work.nextLength();
    r.writer.write(r.work.input, r.work.nextPosition(len1), len1);
    Slice a = r.pool.getDataOwned(r.a);
    int len2 = r.work.nextLength();
    r.writer.write(r.work.input, r.work.nextPosition(len2), len2);
    Slice b = r.pool.getDataOwned(r.b);
    a.close();
    b.close();
    return len1 + len2;
  }
}
