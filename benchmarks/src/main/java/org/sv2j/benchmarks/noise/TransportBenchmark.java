package org.sv2j.benchmarks.noise;

import java.time.Duration;
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
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * One Sv2 transport frame through {@link NoiseSession}s, the work the reference's codec benchmark
 * does per frame: the initiator encrypts the 6-byte header and the payload (cut into chunks of at
 * most 65,519 bytes), the responder decrypts both, all in place in one frame buffer.
 *
 * <p>The backend is chosen the way users choose it, per JVM: run with {@code -jvmArgsAppend
 * -Dsv2j.noise.aead=java} (or {@code bc}, {@code jdk}, {@code native}, or nothing for {@code auto}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransportBenchmark {
  @Param({"64", "1024", "16384", "61440"})
  public int payload;

  private NoiseSession initiator;
  private NoiseSession responder;
  private byte[] frame;

  @Setup
  public void setup() {
    AuthorityKeys keys = AuthorityKeys.generate();
    Responder r = Responder.create(keys.publicKey(), keys.secretKey(), Duration.ofHours(1));
    Initiator i = Initiator.create(keys.publicKey());
    Responder.Reply reply = r.step1(i.step0());
    initiator = i.step2(reply.message());
    responder = reply.session();
    int chunks = (payload + NoiseSession.MAX_CHUNK_PLAINTEXT - 1) / NoiseSession.MAX_CHUNK_PLAINTEXT;
    frame = new byte[22 + payload + 16 * chunks];
    frame[1] = 0; // header: extension 0, msg_type 0, msg_length = payload (u24 LE)
    frame[3] = (byte) payload;
    frame[4] = (byte) (payload >>> 8);
    frame[5] = (byte) (payload >>> 16);
    for (int k = 0; k < payload; k++) {
      frame[22 + k] = (byte) k;
    }
  }

  /** Encrypt header + chunks, then decrypt them: the buffer holds the plaintext again afterwards. */
  @Benchmark
  public int frameRoundTrip() {
    byte[] f = frame;
    initiator.encrypt(f, 0, 6);
    int at = 22;
    for (int left = payload; left > 0; ) {
      int n = Math.min(NoiseSession.MAX_CHUNK_PLAINTEXT, left);
      at += initiator.encrypt(f, at, n);
      left -= n;
    }
    int total = responder.decrypt(f, 0, 22);
    at = 22;
    for (int left = payload; left > 0; ) {
      int n = Math.min(NoiseSession.MAX_CHUNK_PLAINTEXT, left);
      total += responder.decrypt(f, at, n + NoiseSession.MAC_SIZE);
      at += n + NoiseSession.MAC_SIZE;
      left -= n;
    }
    return total;
  }
}
