package org.sv2j.benchmarks.codec;

import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.openjdk.jmh.infra.Blackhole;
import org.sv2j.codec.NoiseEncoder;
import org.sv2j.codec.StandardNoiseDecoder;
import org.sv2j.framing.Frame;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * One encrypted transport frame per operation through {@link NoiseEncoder} and {@link
 * StandardNoiseDecoder} (pool-backed, default capacity): {@code encodeTo} into a reused heap buffer (header
 * and chunks encrypted in place), then the decoder decrypts in place into a pool slice and hands out the
 * frame, which is read and recycled.
 *
 * <ul>
 *   <li>{@link #roundTripPull}: the decoder's pull API with {@code nextFrame(reuse)};
 *   <li>{@link #roundTripPush}: {@code feed(wire, sink)} with the sink recycling the frame.
 * </ul>
 *
 * <p>Reference (the Rust codec, release build with {@code -C target-cpu=native}, encode + decode + parse
 * of one transport frame on the project's 2-core AVX2 machine kind; shared/vectors/README.md): 3,480 /
 * 4,963 / 30,311 / 104,506 ns for 64 B / 1 KiB / 16 KiB / 60 KiB payloads. The AEAD backend is chosen per
 * JVM as users choose it: {@code -jvmArgsAppend -Dsv2j.noise.aead=java|bc|jdk|native} (default {@code
 * auto}; this jar has JNA, so {@code auto} uses the native cipher from 512 B, unless {@code
 * -Dsv2j.noise.aead.native=false}); on a machine with AVX-512, {@code -jvmArgsAppend -XX:UseAVX=2} plus
 * the environment variable {@code OPENSSL_ia32cap=":~0x10000"} show what an AVX2-only machine would do
 * (HotSpot then turns its Poly1305 intrinsic off, OpenSSL its AVX-512 code).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoiseCodecBenchmark {
  @Param({"64", "1024", "16384", "61440"})
  public int payload;

  private NoiseSession initiatorSession;
  private NoiseSession responderSession;
  private NoiseEncoder encoder;
  private StandardNoiseDecoder decoder;
  private Sv2Frame frame;
  private ByteBuffer wire;
  private Sv2Frame reuse;
  private Sv2Frame received;
  private Consumer<Frame> sink;

  @Setup
  public void setup() {
    try (AuthorityKeys keys = AuthorityKeys.generate();
        Initiator i = Initiator.create(keys.publicKey());
        Responder r = Responder.create(keys.publicKey(), keys.secretKey(), Duration.ofHours(1))) {
      Responder.Reply reply = r.step1(i.step0());
      initiatorSession = i.step2(reply.message());
      responderSession = reply.session();
    }
    byte[] p = new byte[payload];
    for (int k = 0; k < payload; k++) {
      p[k] = (byte) k;
    }
    frame = Sv2Frame.fromPayload(0, 1, false, p);
    encoder = NoiseEncoder.transport(initiatorSession);
    decoder = StandardNoiseDecoder.forTransport(responderSession);
    wire = ByteBuffer.allocate(Header.ENCRYPTED_SIZE + Header.encryptedLength(payload));
    sink = f -> received = (Sv2Frame) f;
  }

  @TearDown
  public void tearDown() {
    decoder.close();
    encoder.close();
    initiatorSession.close();
    responderSession.close();
  }

  private void encode() {
    wire.clear();
    encoder.encodeTo(frame, wire);
    wire.flip();
  }

  @Benchmark
  public void roundTripPull(Blackhole bh) {
    encode();
    ByteBuffer in = wire;
    Frame f;
    do {
      ByteBuffer w = decoder.writable();
      int n = w.remaining();
      w.put(w.position(), in, in.position(), n);
      in.position(in.position() + n);
      f = decoder.nextFrame(reuse);
    } while (f == null);
    Sv2Frame s = (Sv2Frame) f;
    bh.consume(s.msgLength());
    bh.consume(s.slice().get(Header.SIZE));
    s.close();
    reuse = s;
  }

  @Benchmark
  public void roundTripPush(Blackhole bh) {
    encode();
    decoder.feed(wire, sink);
    Sv2Frame s = received;
    received = null;
    bh.consume(s.msgLength());
    bh.consume(s.slice().get(Header.SIZE));
    decoder.recycle(s);
  }
}
