package org.sv2j.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pooled slice that becomes unreachable without close() gets its slot back, and it is reported. */
class BufferPoolLeakTest {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger jul = Logger.getLogger("org.sv2j.buffer");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void attach() {
    jul.addHandler(capture);
  }

  @AfterEach
  void detach() {
    jul.removeHandler(capture);
  }

  @Test
  void leakedSliceIsReclaimedAndReported() throws InterruptedException {
    runLeakScenario(false);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(0).getMessage())
        .contains("slot 1")
        .contains("never closed")
        .contains("-Dorg.sv2j.buffer.leakTracking=detailed");
    assertThat(records.get(0).getThrown()).isNull();
  }

  @Test
  void detailedTrackingReportsTheCreationSite() throws InterruptedException {
    runLeakScenario(true);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getMessage()).contains("Creation site attached").doesNotContain("-D");
    Throwable where = records.get(0).getThrown();
    assertThat(where).isNotNull();
    assertThat(where.getStackTrace())
        .anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("leakOne"));
  }

  private void runLeakScenario(boolean detailed) throws InterruptedException {
    BufferPool pool = new BufferPool(40, detailed);
    List<Slice> kept = new ArrayList<>();
    leakOne(pool);
    for (int i = 0; i < 7; i++) {
      pool.getWritable(5);
      kept.add(pool.getDataOwned());
    }
    assertThat(pool.debugState()).isEqualTo("12345678 BACK");
    // Pressure: the pool has no room, falls back to the heap and starts watching its live slices.
    pool.getWritable(5);
    pool.getDataOwned().close();
    assertThat(pool.mode()).isEqualTo(PoolMode.ALLOC);
    for (int attempt = 0; attempt < 100 && pool.leaksReclaimed() == 0; attempt++) {
      System.gc();
      Thread.sleep(20);
      pool.getWritable(5);
      pool.getDataOwned().close();
    }
    assertThat(pool.leaksReclaimed()).isEqualTo(1);
    assertThat(pool.debugState()).startsWith("-2345678");
    // The closed slices are never reported, and the reclaimed slot is used again.
    kept.forEach(Slice::close);
    pool.getWritable(5);
    Slice again = pool.getDataOwned();
    assertThat(again.slot()).isEqualTo(1);
    assertThat(pool.leaksReclaimed()).isEqualTo(1);
  }

  private static void leakOne(BufferPool pool) {
    pool.getWritable(5);
    pool.getDataOwned(); // dropped without close()
  }
}
