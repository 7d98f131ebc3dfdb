package org.sv2j.benchmarks.harness;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sv2j.harness.BlockHeader;
import org.sv2j.harness.Hashes;
import org.sv2j.harness.Merkle;
import org.sv2j.harness.Targets;

/**
 * What the test pool computes per share, through the harness's public arithmetic: a standard share (header
 * from the job's merkle root, double SHA-256, target comparison) and an extended share (coinbase from prefix,
 * extranonce prefix, extranonce and suffix, txid, a 12-entry merkle path, then the header). The test miner's
 * inner loop is one {@code sha256d} of 80 bytes per nonce, so {@link #standardShare} also bounds its hash rate
 * per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShareCheckBenchmark {
  byte[] prev;
  byte[] root;
  byte[] prefix;
  byte[] suffix;
  byte[] extranoncePrefix;
  byte[] extranonce;
  List<byte[]> path;
  byte[] target;
  int nonce;

  @Setup
  public void setup() {
    prev = Hashes.sha256d(new byte[] {1});
    root = Hashes.sha256d(new byte[] {2});
    prefix = new byte[42];
    suffix = new byte[60];
    extranoncePrefix = new byte[4];
    extranonce = new byte[12];
    path = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      path.add(Hashes.sha256d(ByteBuffer.allocate(4).putInt(i).array()));
    }
    target = Targets.ofLeadingZeroBits(16);
  }

  @Benchmark
  public boolean standardShare() {
    BlockHeader h = new BlockHeader(0x2000_0000, prev, root, 1_700_000_000, 0x1703_6e3a, nonce++);
    return Targets.meets(h.hash(), target);
  }

  @Benchmark
  public boolean extendedShare() {
    byte[] r = Merkle.root(Merkle.txid(Merkle.coinbase(prefix, extranoncePrefix, extranonce, suffix)), path);
    BlockHeader h = new BlockHeader(0x2000_0000, prev, r, 1_700_000_000, 0x1703_6e3a, nonce++);
    return Targets.meets(h.hash(), target);
  }
}
