package org.sv2j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Netty's leak detector at PARANOID for every test of this module (registered through JUnit's extension
 * auto-detection, so it is installed before any buffer class loads), and a test fails if a buffer it
 * allocated was garbage-collected without being released.
 */
public final class LeakCheck implements AfterEachCallback {
  static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<T>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String resourceType, String records) {
                LEAKS.add(resourceType + " leaked:" + records);
              }

              @Override
              protected void reportUntracedLeak(String resourceType) {
                LEAKS.add(resourceType + " leaked");
              }

              @Override
              protected boolean needReport() {
                return true;
              }
            };
          }
        });
  }

  /** Collects garbage and provokes the detector's queue check, then fails on any reported leak. */
  static void assertNoLeaks() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      for (ByteBufAllocator a : new ByteBufAllocator[] {ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT}) {
        ByteBuf b = a.buffer(8);
        b.release();
        b = a.directBuffer(8);
        b.release();
      }
      Unpooled.buffer(8).release();
      Unpooled.directBuffer(8).release();
    }
    List<String> found = new ArrayList<>(LEAKS);
    LEAKS.clear();
    if (!found.isEmpty()) {
      throw new AssertionError("Netty leak detector found " + found.size() + " leak(s):\n" + String.join("\n", found));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    assertNoLeaks();
  }
}
