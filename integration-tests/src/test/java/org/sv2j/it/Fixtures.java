package org.sv2j.it;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.stream.Collectors;
import org.sv2j.codec.NoiseEncoder;
import org.sv2j.codec.StandardNoiseDecoder;
import org.sv2j.framing.Frame;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;
import org.sv2j.testsupport.PlainFrameCases;

/** Keys, payloads and a hand-driven Noise client for the socket tests. */
final class Fixtures {
  /** The reference's test authority key pair (codec-sv2 tests and examples; brief §7.1). */
  static final String AUTHORITY_PUBLIC = "9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72";
  static final String AUTHORITY_SECRET = "mkDLTBBRxdBv998612qipDYoTK3YUrqLe8uWw7gu3iXbSrn2n";

  static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private Fixtures() {}

  static byte[] authorityPublic() {
    return AuthorityKeys.decodePublicKey(AUTHORITY_PUBLIC);
  }

  static Responder.Builder responders(Duration validity, Clock clock) {
    return Responder.builder(authorityPublic(), AuthorityKeys.decodeSecretKey(AUTHORITY_SECRET), validity).clock(clock);
  }

  static Responder.Builder responders() {
    return responders(Duration.ofHours(1), Clock.systemUTC());
  }

  static Initiator initiator() {
    return Initiator.create(authorityPublic());
  }

  static byte[] payload(SplittableRandom r, int len) {
    byte[] p = new byte[len];
    r.nextBytes(p);
    return p;
  }

  /** SHA-256 (hex) of {@code b[off, off + len)}. */
  static String sha256(byte[] b, int off, int len) {
    return PlainFrameCases.sha256Hex(b, off, len);
  }

  /** SHA-256 (hex) of a frame's payload. */
  static String sha256(Sv2Frame f) {
    return PlainFrameCases.sha256Hex(f.payloadToArray());
  }

  /** Names of live threads started by this project's code. */
  static Set<String> sv2jThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("sv2j"))
        .collect(Collectors.toSet());
  }

  /** A Noise initiator driven by hand over a blocking channel, able to send damaged or replayed bytes. */
  static final class RawClient implements AutoCloseable {
    final SocketChannel ch;
    NoiseSession session;
    NoiseEncoder encoder;
    StandardNoiseDecoder decoder;

    RawClient(InetSocketAddress server) throws IOException {
      ch = SocketChannel.open(server);
    }

    /** Performs the handshake (optionally one byte per write). */
    RawClient handshake(boolean slow) throws IOException {
      try (Initiator i = initiator()) {
        write(i.step0(), slow);
        byte[] answer = readExactly(234);
        session = i.step2(answer);
      }
      encoder = NoiseEncoder.transport(session);
      decoder = StandardNoiseDecoder.forTransport(session);
      return this;
    }

    byte[] encode(Sv2Frame f) {
      ByteBuffer b = ByteBuffer.allocate(encoder.encodedLength(f));
      encoder.encodeTo(f, b);
      return b.array();
    }

    void write(byte[] bytes, boolean slow) throws IOException {
      if (!slow) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        return;
      }
      for (byte x : bytes) {
        ch.write(ByteBuffer.wrap(new byte[] {x}));
        try {
          Thread.sleep(0, 200_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }

    void write(byte[] bytes) throws IOException {
      write(bytes, false);
    }

    byte[] readExactly(int n) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) {
          throw new EOFException("closed after " + b.position() + " of " + n + " bytes");
        }
      }
      return b.array();
    }

    /** Reads one transport frame with the pull API. */
    Sv2Frame readFrame() throws IOException {
      while (true) {
        ByteBuffer w = decoder.writable();
        while (w.hasRemaining()) {
          if (ch.read(w) < 0) {
            throw new EOFException("closed mid-frame");
          }
        }
        Frame f = decoder.nextFrame();
        if (f != null) {
          return f.asSv2Frame();
        }
      }
    }

    /** Whether the server closed the connection (reads EOF within the time given). */
    boolean closedByPeer(Duration within) throws IOException {
      ch.socket().setSoTimeout((int) within.toMillis());
      try {
        return ch.socket().getInputStream().read(new byte[256]) < 0;
      } catch (java.net.SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by peer
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
      if (encoder != null) {
        encoder.close();
        decoder.close();
      }
      if (session != null) {
        session.close();
      }
    }
  }
}
