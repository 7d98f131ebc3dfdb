package org.sv2j.benchmarks.buffer;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single thread, the reference's first scenario: write a message, take it; write a second, take it;
 * release both. Reported per message (two per invocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferSingleThreadBenchmark {
  @Param({"BufferPool", "BufferFromSystemMemory", "PPool", "MaxEfficiency", "NettyPooled", "NewByteArray"})
  public String impl;

  private Impl target;
  private Workload work;

  @Setup
  public void setUp() {
    work = new Workload();
    target = Impl.create(impl, Workload.POOL_CAPACITY);
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int twoMessages() {
    int len1 = work.nextLength();
    Object a = target.take(work.input, work.nextPosition(len1), len1);
    int len2 = work.nextLength();
    Object b = target.take(work.input, work.nextPosition(len2), len2);
    target.release(a);
    target.release(b);
    return len1 + len2;
  }
}
