package org.sv2j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark's worker threads spent per operation ({@code
 * cpu.time.norm}, ns/op), next to JMH's wall-clock score.
 *
 * <p>Why: on a shared machine with more runnable threads than cores the wall-clock score includes the
 * time the worker waited for a core, which swings by several times from one iteration to the next; the
 * thread's own CPU time does not (it still includes what sharing a core's caches and execution units with
 * another thread costs). Use: {@code -prof org.sv2j.benchmarks.ThreadCpuProfiler}. Needs thread CPU time
 * measurement, which HotSpot supports and enables by default.
 */
public final class ThreadCpuProfiler implements InternalProfiler {
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> before = new HashMap<>();

  /** Creates the profiler (JMH calls this in the benchmark's JVM). */
  public ThreadCpuProfiler() {}

  @Override
  public String getDescription() {
    return "CPU time of the benchmark's worker threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before.clear();
    for (ThreadInfo t : workers()) {
      before.put(t.getThreadId(), Math.max(0, mx.getThreadCpuTime(t.getThreadId())));
    }
  }

  @Override
  public List<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = 0;
    for (ThreadInfo t : workers()) {
      long now = mx.getThreadCpuTime(t.getThreadId());
      if (now > 0) {
        cpu += now - before.getOrDefault(t.getThreadId(), 0L);
      }
    }
    long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
    if (ops <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }

  private java.util.List<ThreadInfo> workers() {
    java.util.List<ThreadInfo> out = new java.util.ArrayList<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("jmh-worker")) {
        out.add(t);
      }
    }
    return out;
  }
}
