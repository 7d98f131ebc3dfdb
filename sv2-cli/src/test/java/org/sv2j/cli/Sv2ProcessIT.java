package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The built jar ({@code target/sv2.jar}) run as real processes, as users and scripts run it. */
@Timeout(120)
class Sv2ProcessIT {
  @TempDir Path tmp;

  record Result(int status, String out, String err) {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("sv2.jar", "target/sv2.jar"));
    assertThat(jar).exists();
    return jar;
  }

  static Process start(Path tmp, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectOutput(tmp.resolve("out-" + System.nanoTime()).toFile())
        .redirectError(tmp.resolve("err-" + System.nanoTime()).toFile())
        .start();
  }

  Result run(String... args) throws Exception {
    Path out = tmp.resolve("o" + System.nanoTime());
    Path err = tmp.resolve("e" + System.nanoTime());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sv2 %s finished", String.join(" ", args)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  static String value(String out, String name) {
    return out.lines().filter(l -> l.startsWith(name + " = \"")).findFirst().orElseThrow()
        .replaceAll("^" + name + " = \"(.*)\"$", "$1");
  }

  @Test
  void keysGenerateThenInspect() throws Exception {
    Result gen = run("keys", "generate");
    assertThat(gen.status()).isZero();
    Result inspect = run("keys", "inspect", value(gen.out(), "authority_public_key"));
    assertThat(inspect.status()).isZero();
    assertThat(inspect.out()).contains("kind:      public key");
    Result bad = run("keys", "inspect", value(gen.out(), "authority_public_key") + "x");
    assertThat(bad.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(bad.err()).startsWith("sv2 keys inspect: ");
  }

  @Test
  void serveAndProbeAsProcesses() throws Exception {
    Path keyFile = tmp.resolve("authority.toml");
    Result gen = run("keys", "generate", "--out", keyFile.toString());
    String pub = value(gen.out(), "authority_public_key");
    String other = value(run("keys", "generate").out(), "authority_public_key");
    Path portFile = tmp.resolve("port");
    Process server =
        start(tmp, "serve", "--listen", "127.0.0.1:0", "--authority-secret-file", keyFile.toString(),
            "--port-file", portFile.toString());
    try {
      String port = CommandsTest.awaitPort(portFile);
      Result ok = run("probe", "127.0.0.1:" + port, "--authority-public", pub);
      assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out()).contains("signature:       valid", "setup:     accepted");
      Result wrong = run("probe", "127.0.0.1:" + port, "--authority-public", other);
      assertThat(wrong.status()).isEqualTo(Sv2.CERTIFICATE);
      assertThat(wrong.err()).contains("certificate refused").doesNotContain("\tat ");
    } finally {
      server.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook closes the listener and connections
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    }
    Path plainPort = tmp.resolve("plain-port");
    Process plain = start(tmp, "serve", "--listen", "127.0.0.1:0", "--plain", "--port-file", plainPort.toString(), "--exit-after", "1");
    String port = CommandsTest.awaitPort(plainPort);
    Result ok = run("probe", "127.0.0.1:" + port, "--plain");
    assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
    assertThat(plain.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(plain.exitValue()).isZero();
  }

  @Test
  void poolSniffAndMineAsProcesses() throws Exception {
    Path key = tmp.resolve("pool.toml");
    String pub = value(run("keys", "generate", "--out", key.toString()).out(), "authority_public_key");
    Path poolPort = tmp.resolve("pool-port");
    Path sniffPort = tmp.resolve("sniff-port");
    Path capture = tmp.resolve("session.sv2");
    Process pool = start(tmp, "pool", "--listen", "127.0.0.1:0", "--authority-secret-file", key.toString(), "--difficulty-bits", "8",
        "--port-file", poolPort.toString());
    Process sniff = null;
    try {
      String pp = CommandsTest.awaitPort(poolPort);
      sniff = start(tmp, "sniff", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + pp, "--upstream-authority-public", pub,
          "--plain-downstream", "--port-file", sniffPort.toString(), "--capture", capture.toString());
      String sp = CommandsTest.awaitPort(sniffPort);
      Result direct = run("mine", "127.0.0.1:" + pp, "--authority-public", pub, "--duration", "20s", "--shares", "3");
      assertThat(direct.status()).as(direct.out() + direct.err()).isZero();
      Result viaSniffer = run("mine", "127.0.0.1:" + sp, "--plain", "--channel", "extended", "--duration", "20s", "--shares", "3");
      assertThat(viaSniffer.status()).as(viaSniffer.out() + viaSniffer.err()).isZero();
      Result refused = run("mine", "127.0.0.1:" + pp, "--plain", "--duration", "2s");
      // plaintext against an encrypted pool: the pool takes SetupConnection for a bad handshake and hangs up
      assertThat(refused.status()).as(refused.err()).isEqualTo(Sv2.SETUP);
    } finally {
      if (sniff != null) {
        sniff.destroy(); // SIGTERM: the capture is written before the process ends
        assertThat(sniff.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      pool.destroy();
      assertThat(pool.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    Result decoded = run("decode", capture.toString());
    assertThat(decoded.status()).as(decoded.err()).isZero();
    assertThat(decoded.out()).contains("SubmitSharesExtended", "SubmitSharesSuccess");
  }

  @Test
  void decodeAFileAndATruncatedOne() throws Exception {
    Path file = tmp.resolve("frames.hex");
    Files.writeString(file, "0000ff0200003905\n0100010400002a000000\n00800001");
    Result r = run("decode", "--hex", file.toString());
    assertThat(r.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(r.out()).contains("2 frames, 18 bytes");
    assertThat(r.err()).contains("truncated: frame #2 at offset 18 has only 4 of its 6 header bytes");
  }

  @Test
  void demoAndUsageErrors() throws Exception {
    Result demo = run("demo");
    assertThat(demo.status()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("done: 4 frames each way");
    Result usage = run("probe", "--timeout", "soon", "127.0.0.1:1");
    assertThat(usage.status()).isEqualTo(Sv2.USAGE);
    assertThat(usage.err()).contains("Usage:").doesNotContain("Exception");
  }
}
