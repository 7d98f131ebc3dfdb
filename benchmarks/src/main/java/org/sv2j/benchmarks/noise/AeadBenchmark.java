package org.sv2j.benchmarks.noise;

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
import org.openjdk.jmh.annotations.Warmup;
import org.sv2j.noise.crypto.Aead;
import org.sv2j.noise.crypto.ChaChaPolyBc;
import org.sv2j.noise.crypto.ChaChaPolyJava;
import org.sv2j.noise.crypto.ChaChaPolyJdk;
import org.sv2j.noise.crypto.ChaChaPolyNative;

/**
 * One ChaCha20-Poly1305 encryption and one decryption of {@code size} bytes, in place, per backend:
 * where the JDK's intrinsified cipher overtakes Bouncy Castle (the {@code auto} threshold).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AeadBenchmark {
  @Param({"6", "64", "256", "384", "512", "768", "1024", "4096", "65519"})
  public int size;

  @Param({"bc", "jdk", "java", "native"})
  public String backend;

  private Aead enc;
  private Aead dec;
  private byte[] buf;
  private final byte[] nonce = new byte[12];

  @Setup
  public void setup() {
    byte[] key = new byte[32];
    key[0] = 1;
    enc = create(key);
    dec = create(key);
    buf = new byte[size + 16];
  }

  private Aead create(byte[] key) {
    switch (backend) {
      case "bc":
        return new ChaChaPolyBc(key, 0);
      case "jdk":
        return new ChaChaPolyJdk(key, 0);
      case "java":
        return new ChaChaPolyJava(key, 0);
      case "native":
        return new ChaChaPolyNative(key, 0);
      default:
        throw new IllegalArgumentException("unknown backend " + backend);
    }
  }

  @Benchmark
  public int encryptDecrypt() {
    // A fresh nonce per message (SunJCE refuses to re-init encryption with the previous one).
    if (++nonce[4] == 0) {
      nonce[5]++;
    }
    enc.encrypt(nonce, null, 0, 0, buf, 0, size);
    return dec.decrypt(nonce, null, 0, 0, buf, 0, size + 16);
  }
}
