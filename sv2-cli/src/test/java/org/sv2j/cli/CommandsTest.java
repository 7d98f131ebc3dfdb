package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.PlainFrameCases;
import org.sv2j.testsupport.Vectors;

/** Every command run in-process through the same entry point as the jar. */
@Timeout(60)
class CommandsTest {
  @TempDir Path tmp;

  @Test
  void keysGenerateRoundTripsThroughInspect() {
    Run gen = Run.of("keys", "generate");
    assertThat(gen.status()).isZero();
    String pub = gen.value("authority_public_key");
    String sec = gen.value("authority_secret_key");
    Run inspectPub = Run.of("keys", "inspect", pub);
    assertThat(inspectPub.status()).isZero();
    assertThat(inspectPub.out()).contains("kind:      public key", "version:   1", "valid:     yes");
    Run inspectSec = Run.of("keys", "inspect", sec);
    assertThat(inspectSec.status()).isZero();
    // The secret is never echoed; its public key is derived and shown instead.
    assertThat(inspectSec.out()).contains("secret key (not shown)", "public:    " + pub).doesNotContain(sec);
    assertThat(AuthorityKeys.fromSecretKeyText(sec).publicKeyText()).isEqualTo(pub);
    String xOnly = inspectPub.out().lines().filter(l -> l.startsWith("x-only:")).findFirst().orElseThrow().substring(11);
    assertThat(Hex.decode(xOnly)).isEqualTo(AuthorityKeys.decodePublicKey(pub));
  }

  @Test
  void keysGenerateToAFileIsOwnerOnlyAndNeverOverwrites() throws Exception {
    Path file = tmp.resolve("authority.toml");
    Run gen = Run.of("keys", "generate", "--out", file.toString());
    assertThat(gen.status()).isZero();
    assertThat(gen.out()).contains("authority_public_key").doesNotContain("authority_secret_key");
    assertThat(Files.readString(file)).contains("authority_secret_key = \"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Run again = Run.of("keys", "generate", "--out", file.toString());
    assertThat(again.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void keysInspectExplainsEveryBadKeyOfTheSharedVectors() {
    Map<String, Object> kp = Json.object(Vectors.json("sv2_noise_vectors.json").get("key_encoding_keypairs"));
    List<Object> invalid = Json.array(Json.object(kp.get("invalid_public_keys")).get("vectors"));
    assertThat(invalid).hasSize(3);
    List<String> explanations = List.of("checksum does not match", "unsupported public key version 12", "payload is 33 bytes");
    for (int i = 0; i < invalid.size(); i++) {
      String key = (String) Json.object(invalid.get(i)).get("public_key_base58check");
      Run r = Run.of("keys", "inspect", key);
      assertThat(r.status()).as(key).isEqualTo(Sv2.INVALID_INPUT);
      assertThat(r.err()).as(key).startsWith("sv2 keys inspect: ").contains(explanations.get(i)).doesNotContain("\tat ");
    }
    for (Object o : Json.array(kp.get("valid"))) {
      Map<String, Object> v = Json.object(o);
      Run r = Run.of("keys", "inspect", (String) v.get("public_key_base58check"));
      assertThat(r.status()).isZero();
      assertThat(r.out()).contains("x-only:    " + v.get("public_key_xonly_hex"));
      Run s2 = Run.of("keys", "inspect", (String) v.get("secret_key_base58check"));
      assertThat(s2.out()).contains("public:    " + v.get("public_key_base58check"));
    }
    assertThat(Run.of("keys", "inspect", "0OIl").err()).contains("not base58");
  }

  @Test
  void decodeListsTheReferenceFramesAndReportsTruncation() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<PlainFrameCases.Case> cases = PlainFrameCases.cases().stream().filter(c -> c.payload().length < 100_000).toList();
    for (PlainFrameCases.Case c : cases) {
      Sv2Frame f = Sv2Frame.fromPayload(c.extensionType(), c.msgType(), c.channelMsg(), c.payload());
      ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
      f.encodeTo(b);
      stream.writeBytes(b.array());
    }
    Path file = tmp.resolve("frames.bin");
    Files.write(file, stream.toByteArray());
    Run r = Run.of("decode", file.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains(cases.size() + " frames, " + stream.size() + " bytes");
    assertThat(r.out()).contains("0x1f " /* channel_msg_bit_set, type 31 */);
    // Truncated: cut the last frame short.
    byte[] cut = java.util.Arrays.copyOf(stream.toByteArray(), stream.size() - 10);
    Files.write(file, cut);
    Run t = Run.of("decode", file.toString());
    assertThat(t.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(t.err()).contains("truncated: frame #" + (cases.size() - 1), "only");
    assertThat(t.out()).contains((cases.size() - 1) + " frames");
  }

  @Test
  void decodeReadsHexFromStandardInputAndDecodesCommonMessages() {
    // The JobDeclaration PushSolution frame of the shared vectors, then a SetupConnection.Success.
    String push = (String) Json.object(Json.array(Vectors.json("sv2_noise_vectors.json").get("plaintext_frames")).get(0)).get("frame_hex");
    String hex = push + "\n000001060000 0200 00000000\n";
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Sv2.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err));
    DecodeCommand decode = cl.getSubcommands().get("decode").getCommand();
    decode.stdin = new ByteArrayInputStream(hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    int status = cl.execute("decode", "--hex");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("PushSolution", "SetupConnectionSuccess", "used_version                     = 2", "2 frames");
    assertThat(Run.of("decode", "--hex", tmp.resolve("missing").toString()).status()).isEqualTo(Sv2.INVALID_INPUT);
  }

  @Test
  void badHexIsReportedWithItsPosition() throws Exception {
    Path file = tmp.resolve("bad.hex");
    Files.writeString(file, "00 00 0g");
    Run r = Run.of("decode", "--hex", file.toString());
    assertThat(r.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(r.err()).contains("not a hex digit: 'g'");
  }

  @Test
  void serveAndProbeInPlaintextAndEncryptedMode() throws Exception {
    Path keyFile = tmp.resolve("authority.toml");
    Run gen = Run.of("keys", "generate", "--out", keyFile.toString());
    String pub = gen.value("authority_public_key");
    for (boolean encrypted : new boolean[] {false, true}) {
      Path portFile = tmp.resolve("port-" + encrypted);
      String[] serveArgs =
          encrypted
              ? new String[] {"serve", "--listen", "127.0.0.1:0", "--authority-secret-file", keyFile.toString(), "--authority-public", pub,
                  "--port-file", portFile.toString(), "--exit-after", "2", "--log-frames"}
              : new String[] {"serve", "--listen", "127.0.0.1:0", "--plain", "--port-file", portFile.toString(), "--exit-after", "2", "--log-frames"};
      CompletableFuture<Run> server = CompletableFuture.supplyAsync(() -> Run.of(serveArgs));
      String port = awaitPort(portFile);
      Run ok =
          encrypted
              ? Run.of("probe", "127.0.0.1:" + port, "--authority-public", pub)
              : Run.of("probe", "127.0.0.1:" + port, "--plain");
      assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out()).contains("setup:     accepted, version 2");
      if (encrypted) {
        assertThat(ok.out()).contains("signature:       valid", "validity left:", "not valid after:");
        // A probe expecting another authority key is refused with the certificate status.
        String other = Run.of("keys", "generate").value("authority_public_key");
        Run wrong = Run.of("probe", "127.0.0.1:" + port, "--authority-public", other);
        assertThat(wrong.status()).as(wrong.out() + wrong.err()).isEqualTo(Sv2.CERTIFICATE);
        assertThat(wrong.out()).contains("signature:       REFUSED (BAD_SIGNATURE)");
      } else {
        Run again = Run.of("probe", "127.0.0.1:" + port, "--plain", "--min-version", "3", "--max-version", "4");
        assertThat(again.status()).isEqualTo(Sv2.SETUP);
        assertThat(again.err()).contains("protocol-version-mismatch");
      }
      Run served = server.get(30, TimeUnit.SECONDS);
      assertThat(served.status()).isZero();
      assertThat(served.out()).contains("listening on 127.0.0.1:" + port, "#1", "SetupConnectionSuccess", "stopped after 2 connection(s)");
    }
  }

  @Test
  void probeFailuresHaveTheirOwnStatus() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Run refused = Run.of("probe", "127.0.0.1:" + closedPort, "--plain", "--timeout", "2s");
    assertThat(refused.status()).isEqualTo(Sv2.CONNECT);
    assertThat(refused.err()).startsWith("sv2 probe: cannot connect");
    // A plaintext server probed as if it were encrypted: the handshake fails.
    Path portFile = tmp.resolve("port");
    CompletableFuture<Run> server =
        CompletableFuture.supplyAsync(
            () -> Run.of("serve", "--listen", "127.0.0.1:0", "--plain", "--port-file", portFile.toString(), "--exit-after", "1"));
    String port = awaitPort(portFile);
    Run hs = Run.of("probe", "127.0.0.1:" + port, "--timeout", "1s");
    assertThat(hs.status()).as(hs.out() + hs.err()).isEqualTo(Sv2.HANDSHAKE);
    server.get(30, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(60)
  void serveClosesAConnectionThatStaysIdle() throws Exception {
    Path portFile = tmp.resolve("idle-port");
    CompletableFuture<Run> server =
        CompletableFuture.supplyAsync(
            () -> Run.of("serve", "--listen", "127.0.0.1:0", "--plain", "--port-file", portFile.toString(),
                "--exit-after", "1", "--idle-timeout", "300ms"));
    String port = awaitPort(portFile);
    try (java.nio.channels.SocketChannel ch =
        java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(port)))) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0})); // half a header, then nothing
      // The server gives up on us: end of stream (or a reset) on this side.
      ch.socket().setSoTimeout(20_000);
      int n;
      try {
        n = ch.socket().getInputStream().read(new byte[16]);
      } catch (java.net.SocketException reset) {
        n = -1;
      }
      assertThat(n).isEqualTo(-1);
    }
    Run served = server.get(30, TimeUnit.SECONDS);
    assertThat(served.status()).isZero();
    assertThat(served.out()).contains("#1 closed (idle_timeout) after 0 frame(s)", "idle_timeout=1", "stopped after 1 connection(s)");
  }

  @Test
  void usageErrorsGoToStderrWithStatus2() {
    for (String[] args :
        List.of(new String[] {"probe"}, new String[] {"serve", "--listen", "127.0.0.1:0"}, new String[] {"nosuch"},
            new String[] {"probe", "localhost"}, new String[] {"serve", "--listen", "x:1", "--plain", "--cert-validity", "soon"},
            new String[] {"serve", "--listen", "127.0.0.1:0", "--plain", "--idle-timeout", "0s"})) {
      Run r = Run.of(args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(Sv2.USAGE);
      assertThat(r.err()).as(String.join(" ", args)).contains("Usage:").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
    }
    for (String cmd : List.of("demo", "keys", "serve", "probe", "decode")) {
      Run help = Run.of(cmd, "--help");
      assertThat(help.status()).isZero();
      assertThat(help.out()).contains("Usage: sv2 " + cmd);
    }
  }

  @Test
  void demoRunsAndPrintsEveryStep() {
    Run r = Run.of("demo");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("handshake done", "SetupConnectionSuccess", "wire 70054 B", "done: 4 frames each way");
    Run j = Run.of("demo", "--json");
    assertThat(j.status()).isZero();
    for (String line : j.out().split("\n")) {
      Map<String, Object> event = Json.object(Json.parse(line));
      assertThat(event).containsKey("step");
    }
    assertThat(j.out()).contains("\"step\":\"handshake\"", "\"not_valid_after\"");
  }

  static String awaitPort(Path portFile) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        String s = Files.readString(portFile).strip();
        if (!s.isEmpty()) {
          return s;
        }
      } catch (java.io.IOException notYet) {
        // not written yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("server did not start");
  }
}
