package org.sv2j.benchmarks.buffer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference's threaded scenarios: each taken message goes to another thread that waits 1 ms, reads
 * it and releases it. Instead of one OS thread per message (as the Rust benchmark spawns), a scheduled
 * executor with two threads does the waiting; its task objects are harness garbage, the same for every
 * implementation.
 *
 * <ul>
 *   <li>{@code threaded1}: the writer never waits, so about a millisecond's worth of messages is alive
 *       at any time;
 *   <li>{@code threaded2}: the writer waits for both releases before the next iteration (each invocation
 *       takes a little over 1 ms by construction).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferThreadedBenchmark {
  @Param({"BufferPool", "BufferFromSystemMemory", "PPool", "MaxEfficiency", "NettyPooled", "NewByteArray"})
  public String impl;

  private Impl target;
  private Workload work;
  private ScheduledExecutorService releasers;
  private final Semaphore released = new Semaphore(0);

  @Setup
  public void setUp() {
    work = new Workload();
    target = Impl.create(impl, Workload.POOL_CAPACITY);
    releasers = Executors.newScheduledThreadPool(2);
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    releasers.shutdown();
    releasers.awaitTermination(10, TimeUnit.SECONDS);
  }

  private void releaseLater(Object handle) {
    releasers.schedule(
        () -> {
          target.read(handle);
          target.release(handle);
          released.release();
        },
        1,
        TimeUnit.MILLISECONDS);
  }

  private void twoMessagesReleasedElsewhere() {
    int len1 = work.nextLength();
    releaseLater(target.take(work.input, work.nextPosition(len1), len1));
    int len2 = work.nextLength();
    releaseLater(target.take(work.input, work.nextPosition(len2), len2));
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public void threaded1() {
    twoMessagesReleasedElsewhere();
    // Keep the backlog bounded (about 1 ms of messages plus slack) without waiting per iteration.
    if (released.availablePermits() > 1 << 20) {
      released.drainPermits();
    }
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public void threaded2() throws InterruptedException {
    twoMessagesReleasedElsewhere();
    released.acquire(2);
  }
}
