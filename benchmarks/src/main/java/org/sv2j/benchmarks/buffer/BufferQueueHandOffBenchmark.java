package org.sv2j.benchmarks.buffer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Closer to a real proxy: the benchmark thread plays the decoder, writing each message and handing it
 * over a bounded queue to one fixed worker thread that reads it and releases it. Reported per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BufferQueueHandOffBenchmark {
  private static final Object STOP = new Object();

  @Param({"BufferPool", "BufferFromSystemMemory", "PPool", "MaxEfficiency", "NettyPooled", "NewByteArray"})
  public String impl;

  @Param({"4"})
  public int queueDepth;

  private Impl target;
  private Workload work;
  private BlockingQueue<Object> queue;
  private Thread worker;
  private volatile int sink;

  @Setup
  public void setUp() {
    work = new Workload();
    target = Impl.create(impl, Workload.POOL_CAPACITY);
    queue = new ArrayBlockingQueue<>(queueDepth);
    worker =
        new Thread(
            () -> {
              try {
                int sum = 0;
                for (Object h = queue.take(); h != STOP; h = queue.take()) {
                  sum += target.read(h);
                  target.release(h);
                }
                sink = sum;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "hand-off-worker");
    worker.setDaemon(true);
    worker.start();
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    queue.put(STOP);
    worker.join(10_000);
  }

  @Benchmark
  public void handOff() throws InterruptedException {
    int len = work.nextLength();
    queue.put(target.take(work.input, work.nextPosition(len), len));
  }
}
