package org.sv2j.examples;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Certificate;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;

/**
 * The README's main job: a responder and an initiator on loopback TCP, a Noise handshake, and a few frames
 * each way, printing what happens at each step. Only public keys are printed.
 */
public final class EncryptedDemo {
  /** Summary for tests: frames each side received, and whether the certificate checked out. */
  public record Result(int framesAtResponder, int framesAtInitiator, boolean certificateVerified) {}

  private static final int[] SIZES = {0, 32, 1_000, 70_000};

  private EncryptedDemo() {}

  public static Result run(PrintStream out) throws Exception {
    try (AuthorityKeys authority = AuthorityKeys.generate();
        ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
      out.println("authority public key (base58check): " + authority.publicKeyText());
      out.println("responder listening on " + address + ", certificates valid for 3600 s");

      Responder.Builder responders = Responder.builder(authority.publicKey(), authority.secretKey(), Duration.ofHours(1));
      CompletableFuture<Integer> responderSide =
          CompletableFuture.supplyAsync(
              () -> {
                try (Sv2Connection c = Sv2Connection.responder(listener.accept(), responders.build())) {
                  out.println("responder: handshake done, echoing frames");
                  int n = 0;
                  for (int i = 0; i < SIZES.length; i++) {
                    try (Sv2Frame f = c.receive()) {
                      out.printf("responder: got  %s%n", describe(f));
                      c.send(Sv2Frame.fromPayload(0, f.msgType() + 1, f.channelMsg(), f.payloadToArray()));
                      n++;
                    }
                  }
                  return n;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  responders.destroy();
                }
              });

      long t0 = System.nanoTime();
      int received = 0;
      boolean verified;
      try (Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(address), Initiator.create(authority.publicKey()))) {
        long handshakeMicros = (System.nanoTime() - t0) / 1_000;
        Certificate cert = c.certificate().orElseThrow();
        out.printf(
            "initiator: handshake done in %d us; certificate version %d, valid %s .. %s, signed by the authority key%n",
            handshakeMicros, cert.version(), Instant.ofEpochSecond(cert.validFrom()),
            Instant.ofEpochSecond(cert.notValidAfter()));
        cert.verify(authority.publicKey(), Instant.now()); // already checked in the handshake; shown here
        verified = true;
        for (int i = 0; i < SIZES.length; i++) {
          byte[] payload = new byte[SIZES[i]];
          for (int k = 0; k < payload.length; k++) {
            payload[k] = (byte) (k * 13 + i);
          }
          Sv2Frame f = Sv2Frame.fromPayload(0, 0x10 + 2 * i, i % 2 == 1, payload);
          long s = System.nanoTime();
          c.send(f);
          out.printf("initiator: sent %s%n", describe(f));
          try (Sv2Frame echo = c.receive()) {
            out.printf("initiator: got  %s, round trip %d us%n", describe(echo), (System.nanoTime() - s) / 1_000);
            if (!java.util.Arrays.equals(echo.payloadToArray(), payload)) {
              throw new IllegalStateException("echo differs");
            }
            received++;
          }
        }
      }
      int atResponder = responderSide.get(30, TimeUnit.SECONDS);
      out.printf("done: %d frames each way in %d ms%n", received, (System.nanoTime() - t0) / 1_000_000);
      return new Result(atResponder, received, verified);
    }
  }

  private static String describe(Sv2Frame f) {
    return String.format(
        "frame ext=0x%04x type=0x%02x channel=%s payload=%d B (wire: %d B = 22 header + %d payload ciphertext)",
        f.extensionType(), f.msgType(), f.channelMsg(), f.msgLength(),
        Header.ENCRYPTED_SIZE + Header.encryptedLength(f.msgLength()), Header.encryptedLength(f.msgLength()));
  }

  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
