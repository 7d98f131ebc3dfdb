package org.sv2j.examples.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sv2j.buffer.Slice;
import org.sv2j.codec.NoiseEncoder;
import org.sv2j.codec.StandardNoiseDecoder;
import org.sv2j.framing.Frame;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * The reference's {@code encrypted} example in Java: authority keys from their base58 text, a certificate
 * valid for 3600 s, the three handshake steps done in memory, then one frame (the u16 nonce 1337 of the
 * unencrypted example) encrypted by a {@link NoiseEncoder} and sent over loopback TCP to a fresh {@link
 * StandardNoiseDecoder} in transport state, which reads the 22-byte header and then the payload.
 */
public final class Encrypted {
  /** The reference's test authority key pair (codec-sv2 examples and tests). */
  public static final String AUTHORITY_PUBLIC = "9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72";
  public static final String AUTHORITY_SECRET = "mkDLTBBRxdBv998612qipDYoTK3YUrqLe8uWw7gu3iXbSrn2n";
  public static final Duration CERT_VALIDITY = Duration.ofSeconds(3600);

  /** What the receiver got, and the region sizes its decoder asked for. */
  public record Received(int msgType, int nonce, int wireBytes, List<Integer> reads) {}

  private Encrypted() {}

  public static Received run(PrintStream out) throws Exception {
    byte[] authorityPublic = AuthorityKeys.decodePublicKey(AUTHORITY_PUBLIC);
    byte[] authoritySecret = AuthorityKeys.decodeSecretKey(AUTHORITY_SECRET);

    // Handshake in memory, as the reference example does.
    NoiseSession initiatorSession;
    NoiseSession responderSession;
    try (Initiator initiator = Initiator.create(authorityPublic);
        Responder responder = Responder.create(authorityPublic, authoritySecret, CERT_VALIDITY)) {
      byte[] m0 = initiator.step0();
      Responder.Reply reply = responder.step1(m0);
      initiatorSession = initiator.step2(reply.message());
      responderSession = reply.session();
      out.println(
          "encrypted: handshake done in memory (" + m0.length + " + " + reply.message().length + " bytes), certificate "
              + initiatorSession.certificate().validFrom() + ".." + initiatorSession.certificate().notValidAfter());
    }

    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<Received> receiver =
          CompletableFuture.supplyAsync(() -> receive(server, responderSession, out));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          NoiseEncoder encoder = NoiseEncoder.transport(initiatorSession)) {
        Sv2Frame frame = Sv2Frame.fromMessage(0, Unencrypted.MSG_TYPE, false, new Unencrypted.Nonce(Unencrypted.NONCE));
        try (Slice bytes = encoder.encode(frame)) {
          ByteBuffer b = bytes.buffer();
          while (b.hasRemaining()) {
            client.write(b);
          }
          out.println("sender: " + frame + " -> " + bytes.length() + " encrypted bytes");
        }
      }
      Received r = receiver.get(10, TimeUnit.SECONDS);
      out.println("receiver: type 0x" + Integer.toHexString(r.msgType()) + ", nonce " + r.nonce() + ", reads " + r.reads());
      return r;
    } finally {
      initiatorSession.close();
      responderSession.close();
    }
  }

  private static Received receive(ServerSocketChannel server, NoiseSession session, PrintStream out) {
    List<Integer> reads = new ArrayList<>();
    int wire = 0;
    try (SocketChannel peer = server.accept();
        StandardNoiseDecoder decoder = StandardNoiseDecoder.forTransport(session)) {
      while (true) {
        ByteBuffer region = decoder.writable();
        reads.add(region.remaining());
        while (region.hasRemaining()) {
          int n = peer.read(region);
          if (n < 0) {
            throw new EOFException("sender closed before a whole frame arrived");
          }
          wire += n;
        }
        Frame f = decoder.nextFrame();
        if (f != null) {
          try (Sv2Frame frame = f.asSv2Frame()) {
            return new Received(frame.msgType(), frame.payload().getShort(0) & 0xffff, wire, reads);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
