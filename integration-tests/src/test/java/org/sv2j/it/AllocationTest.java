package org.sv2j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * The steady-state hot path over real sockets allocates (almost) nothing per frame: the selector threads
 * of the {@link SelectorResponder} (read, decrypt into the pool, recycle, encrypt into the thread's write
 * buffer, write) and a blocking {@link Sv2Connection} that recycles its frames. Measured with the JVM's
 * per-thread allocation counters; speed claims live in the benchmarks.
 */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static long selectorThreadsAllocated() {
    long[] ids =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("sv2j-it-selector"))
            .mapToLong(Thread::getId)
            .toArray();
    return Arrays.stream(THREADS.getThreadAllocatedBytes(ids)).sum();
  }

  @Test
  @Timeout(120)
  void encryptedEchoAllocatesNothingPerFrameOnEitherSide() throws Exception {
    try (SelectorResponder server =
            SelectorResponder.encrypted(
                Fixtures.LOOPBACK_ANY_PORT, Fixtures.responders(), SelectorResponder.Config.defaults().withSelectorThreads(1));
        Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(server.address()), Fixtures.initiator())) {
      Sv2Frame frame = Sv2Frame.fromPayload(0, 1, true, new byte[200]);
      long serverPerFrame = -1;
      long clientPerFrame = -1;
      int n = 5_000;
      for (int round = 0; round < 4; round++) {
        long s0 = selectorThreadsAllocated();
        long c0 = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < n; i++) {
          c.send(frame);
          Sv2Frame echo = c.receive();
          if (echo.msgLength() != 200) {
            throw new AssertionError("bad echo");
          }
          c.recycle(echo);
        }
        clientPerFrame = (THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - c0) / n;
        serverPerFrame = (selectorThreadsAllocated() - s0) / n;
      }
      System.out.printf("allocation per echoed frame: server selector thread %d B, client %d B%n", serverPerFrame, clientPerFrame);
      // Less than the smallest object: nothing is allocated per frame (the counters may pick up a few
      // stray bytes from JIT or GC bookkeeping over the run).
      assertThat(serverPerFrame).as("server bytes per frame").isLessThan(16);
      assertThat(clientPerFrame).as("client bytes per frame").isLessThan(16);
    }
  }
}
