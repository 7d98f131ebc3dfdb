package org.sv2j.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Certificate;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sv2 demo}: the encrypted loopback demo. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs a responder and an initiator on loopback in this process: a fresh authority key, the Noise handshake, SetupConnection and its reply, then a few frames each way; every step is printed (--json: one JSON object per line).")
final class DemoCommand extends Cli {
  private static final int[] SIZES = {0, 32, 1_000, 70_000};

  @Option(names = "--json", description = "Print one JSON object per step instead of text.")
  boolean json;

  @Override
  int execute() throws Fail {
    try (AuthorityKeys authority = AuthorityKeys.generate();
        ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
      event("authority", "authority key pair generated", Map.of("public_key", authority.publicKeyText()));
      event("listen", "responder listening on " + address.getHostString() + ":" + address.getPort() + ", certificates valid 3600 s",
          Map.of("address", address.getHostString() + ":" + address.getPort(), "cert_validity_s", 3600));

      Responder.Builder responders = Responder.builder(authority.publicKey(), authority.secretKey(), Duration.ofHours(1));
      CompletableFuture<Integer> responderSide =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Sv2Connection s = Sv2Connection.responder(listener.accept(), responders.build());
                  return Responding.serve(s, "responder", line -> event("responder", line, Map.of()));
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                } finally {
                  responders.destroy();
                }
              });

      long t0 = System.nanoTime();
      int frames = 0;
      try (Sv2Connection c = Sv2Connection.initiator(SocketChannel.open(address), Initiator.create(authority.publicKey()))) {
        Certificate cert = c.certificate().orElseThrow();
        Map<String, Object> certFields = new LinkedHashMap<>();
        certFields.put("duration_us", (System.nanoTime() - t0) / 1000);
        certFields.put("valid_from", Instant.ofEpochSecond(cert.validFrom()).toString());
        certFields.put("not_valid_after", Instant.ofEpochSecond(cert.notValidAfter()).toString());
        certFields.put("server_key", HEX.formatHex(cert.subjectKey()));
        event("handshake", String.format(
            "initiator: handshake done in %d us; certificate v%d valid %s .. %s, signed by the authority key",
            (System.nanoTime() - t0) / 1000, cert.version(), Instant.ofEpochSecond(cert.validFrom()), Instant.ofEpochSecond(cert.notValidAfter())),
            certFields);

        SetupConnection setup = new SetupConnection(SetupConnection.MINING, 2, 2, 0, address.getHostString(), address.getPort(), "sv2j", "sv2 demo", "sv2j", "");
        Sv2Frame setupFrame = setup.toFrame();
        c.send(setupFrame);
        event("send", "initiator -> " + wire(setupFrame), frameFields(setupFrame));
        try (Sv2Frame reply = c.receive()) {
          event("receive", "initiator <- " + wire(reply), frameFields(reply));
          if (!(CliMessages.decode(reply).orElse(null) instanceof SetupConnectionSuccess)) {
            throw new Fail(Sv2.SETUP, "the responder did not accept SetupConnection");
          }
        }
        for (int i = 0; i < SIZES.length; i++) {
          byte[] payload = new byte[SIZES[i]];
          for (int k = 0; k < payload.length; k++) {
            payload[k] = (byte) (k * 13 + i);
          }
          Sv2Frame f = Sv2Frame.fromPayload(0x4000, 0x10 + i, i % 2 == 1, payload);
          long s = System.nanoTime();
          c.send(f);
          event("send", "initiator -> " + wire(f), frameFields(f));
          try (Sv2Frame echo = c.receive()) {
            Map<String, Object> fields = frameFields(echo);
            fields.put("round_trip_us", (System.nanoTime() - s) / 1000);
            event("receive", "initiator <- " + wire(echo) + ", round trip " + (System.nanoTime() - s) / 1000 + " us", fields);
            if (!Arrays.equals(echo.payloadToArray(), payload)) {
              throw new Fail(Sv2.INTERNAL, "echo differs from what was sent");
            }
            frames++;
          }
        }
      }
      int atResponder = responderSide.get(30, TimeUnit.SECONDS);
      event("done", String.format("done: %d frames each way (plus SetupConnection) in %d ms", frames, (System.nanoTime() - t0) / 1_000_000),
          Map.of("frames_each_way", frames, "responder_frames", atResponder, "ms", (System.nanoTime() - t0) / 1_000_000));
      return Sv2.OK;
    } catch (Fail f) {
      throw f;
    } catch (Exception e) {
      throw new Fail(Sv2.INTERNAL, "demo failed: " + e);
    }
  }

  private static String wire(Sv2Frame f) {
    return Responding.Describe.frame(f) + " (wire " + (Header.ENCRYPTED_SIZE + Header.encryptedLength(f.msgLength())) + " B)";
  }

  private static Map<String, Object> frameFields(Sv2Frame f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("extension_type", f.extensionTypeWithoutChannelBit());
    m.put("channel_msg", f.channelMsg());
    m.put("msg_type", f.msgType());
    CliMessages.name(f.extensionTypeWithoutChannelBit(), f.msgType()).ifPresent(n -> m.put("name", n));
    m.put("payload_bytes", f.msgLength());
    m.put("wire_bytes", Header.ENCRYPTED_SIZE + Header.encryptedLength(f.msgLength()));
    return m;
  }

  private synchronized void event(String step, String text, Map<String, Object> fields) {
    if (!json) {
      out().println(text);
      out().flush();
      return;
    }
    StringBuilder sb = new StringBuilder("{\"step\":").append(quote(step)).append(",\"text\":").append(quote(text));
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      sb.append(',').append(quote(e.getKey())).append(':');
      Object v = e.getValue();
      sb.append(v instanceof Number || v instanceof Boolean ? v.toString() : quote(String.valueOf(v)));
    }
    out().println(sb.append('}'));
    out().flush();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
