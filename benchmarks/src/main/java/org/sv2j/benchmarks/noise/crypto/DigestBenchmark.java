package org.sv2j.benchmarks.noise.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SHA-256 of one message, the JDK's "SUN" digest (what noise-sv2's {@code Sha256} wraps; HotSpot
 * intrinsifies it with the SHA extensions or AVX2) against Bouncy Castle's pure-Java {@code
 * SHA256Digest}, which the handshake used before. Both write into a reused array: 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DigestBenchmark {
  /** Message length: 32 B (MixHash of an empty payload), 96 B (an HMAC pad block and a hash), 160 B (the ElligatorSwift search seed). */
  @Param({"32", "96", "160"})
  public int size;

  private byte[] message;
  private final byte[] out = new byte[32];
  private MessageDigest jdk;
  private final SHA256Digest bc = new SHA256Digest();

  @Setup
  public void setup() throws NoSuchAlgorithmException, NoSuchProviderException {
    message = new byte[size];
    for (int i = 0; i < size; i++) {
      message[i] = (byte) (i * 31);
    }
    jdk = MessageDigest.getInstance("SHA-256", "SUN");
  }

  @Benchmark
  public byte[] jdk() throws DigestException {
    jdk.update(message, 0, message.length);
    jdk.digest(out, 0, 32);
    return out;
  }

  @Benchmark
  public byte[] bouncyCastle() {
    bc.update(message, 0, message.length);
    bc.doFinal(out, 0);
    return out;
  }
}
