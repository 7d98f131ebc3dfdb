package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.harness.Endpoints;
import org.sv2j.harness.Targets;
import org.sv2j.harness.TestPool;
import org.sv2j.noise.AuthorityKeys;

/** {@code sv2 pool}, {@code sv2 sniff} and {@code sv2 mine}, in process, on loopback. */
@Timeout(90)
final class HarnessCommandsTest {
  @TempDir Path dir;

  /**
   * Runs a command on its own thread. Not {@code CompletableFuture.supplyAsync}: on 2 cores its common
   * pool has one worker on JDK 25, so the sniffer would wait until the pool command ended.
   */
  static <T> CompletableFuture<T> async(java.util.function.Supplier<T> command) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(command.get());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "sv2-command");
    t.setDaemon(true);
    t.start();
    return f;
  }

  static int waitForPort(Path file) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no port file " + file);
      }
      Thread.sleep(20);
    }
    return Integer.parseInt(Files.readString(file).strip());
  }

  @Test
  void minePoolAndSniffEncryptedWithKeyFilesAndACapture() throws Exception {
    Path poolKey = dir.resolve("pool.toml");
    Path sniffKey = dir.resolve("sniff.toml");
    String poolPub = Run.of("keys", "generate", "--out", poolKey.toString()).value("authority_public_key");
    String sniffPub = Run.of("keys", "generate", "--out", sniffKey.toString()).value("authority_public_key");
    Path poolPort = dir.resolve("pool.port");
    Path sniffPort = dir.resolve("sniff.port");
    Path capture = dir.resolve("cap.sv2");
    CompletableFuture<Run> pool = async(() -> Run.of("pool", "--listen", "127.0.0.1:0",
        "--authority-secret-file", poolKey.toString(), "--difficulty-bits", "8", "--duration", "30s", "--port-file", poolPort.toString()));
    int pp = waitForPort(poolPort);
    CompletableFuture<Run> sniff = async(() -> Run.of("sniff", "--listen", "127.0.0.1:0",
        "--upstream", "127.0.0.1:" + pp, "--upstream-authority-public", poolPub, "--authority-secret-file", sniffKey.toString(),
        "--duration", "20s", "--port-file", sniffPort.toString(), "--capture", capture.toString()));
    int sp = waitForPort(sniffPort);

    Run mine = Run.of("mine", "127.0.0.1:" + sp, "--authority-public", sniffPub, "--channel", "extended", "--threads", "2",
        "--duration", "20s", "--shares", "5");
    assertThat(mine.status()).as(mine.err()).isZero();
    assertThat(mine.out()).contains("extended channel", "hashes/s").containsPattern("accepted [5-9]|accepted \\d\\d");

    Run s = sniff.get(30, TimeUnit.SECONDS);
    assertThat(s.status()).as(s.err()).isZero();
    assertThat(s.out()).contains("SetupConnection[", "OpenExtendedMiningChannelSuccess[", "NewExtendedMiningJob[", "SubmitSharesExtended[",
        "SubmitSharesSuccess[", "wrote ");
    Run p = pool.get(30, TimeUnit.SECONDS);
    assertThat(p.status()).as(p.err()).isZero();
    assertThat(p.out()).contains("CHANNEL_OPENED", "SHARE_ACCEPTED", "user \"sv2-mine\"");

    // sv2 decode reads the capture as it stands (a plain frame stream)
    Run d = Run.of("decode", capture.toString());
    assertThat(d.status()).as(d.err()).isZero();
    assertThat(d.out()).contains("SubmitSharesExtended", "0x7ffe", "capture file header (sv2j-capture/1)",
        "capture record: the next frame went TO_UPSTREAM on connection", "capture record: the next frame went TO_DOWNSTREAM");
    assertThat(d.out()).doesNotContain("not decoded");
  }

  @Test
  void sniffServesDownstreamsFromAPreSignedCredential() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).build().start()) {
      Path authority = dir.resolve("sniff-authority.toml");
      String pub = Run.of("keys", "generate", "--out", authority.toString()).value("authority_public_key");
      Path credential = dir.resolve("sniff.credential");
      Run certify = Run.of("keys", "certify", "--authority-secret-file", authority.toString(), "--out", credential.toString());
      assertThat(certify.status()).as(certify.err()).isZero();
      Run both = Run.of("sniff", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + pool.address().getPort(),
          "--credential", credential.toString(), "--plain-downstream");
      assertThat(both.status()).isEqualTo(Sv2.USAGE);

      Path sniffPort = dir.resolve("cred.port");
      CompletableFuture<Run> sniff = async(() -> Run.of("sniff", "--listen", "127.0.0.1:0",
          "--upstream", "127.0.0.1:" + pool.address().getPort(), "--plain-upstream", "--credential", credential.toString(),
          "--duration", "15s", "--port-file", sniffPort.toString()));
      int sp = waitForPort(sniffPort);
      // The miner checks the certificate against the authority that signed the credential.
      Run mine = Run.of("mine", "127.0.0.1:" + sp, "--authority-public", pub, "--duration", "20s", "--shares", "2");
      assertThat(mine.status()).as(mine.err()).isZero();
      Run s = sniff.get(30, TimeUnit.SECONDS);
      assertThat(s.status()).as(s.err()).isZero();
      assertThat(s.out()).contains("encrypted, authority " + pub, "SubmitSharesStandard[", "SubmitSharesSuccess[");
    }
  }

  @Test
  void sniffJsonLinesEscapePeerText() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).build().start()) {
      Path sniffPort = dir.resolve("json.port");
      CompletableFuture<Run> sniff = async(() -> Run.of("sniff", "--listen", "127.0.0.1:0",
          "--upstream", "127.0.0.1:" + pool.address().getPort(), "--plain-upstream", "--plain-downstream", "--json",
          "--duration", "8s", "--port-file", sniffPort.toString()));
      int sp = waitForPort(sniffPort);
      Run mine = Run.of("mine", "127.0.0.1:" + sp, "--plain", "--duration", "10s", "--shares", "2", "--user", "evil\n\u001b[31mred");
      assertThat(mine.status()).as(mine.err()).isZero();
      Run s = sniff.get(30, TimeUnit.SECONDS);
      for (String line : s.out().split("\n")) {
        assertThat(line).startsWith("{\"time\":").endsWith("}").doesNotContain("\u001b");
      }
      assertThat(s.out()).contains("\"name\":\"OpenStandardMiningChannel\"", "evil\\\\n\\\\u001b[31mred", "\"direction\":\"to_downstream\"");
    }
  }

  @Test
  void sniffKeepsAtMostMaxRecordsForTheCapture() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).build().start()) {
      Path sniffPort = dir.resolve("bounded.port");
      Path capture = dir.resolve("bounded.sv2");
      CompletableFuture<Run> sniff = async(() -> Run.of("sniff", "--listen", "127.0.0.1:0",
          "--upstream", "127.0.0.1:" + pool.address().getPort(), "--plain-upstream", "--plain-downstream", "--max-records", "3",
          "--capture", capture.toString(), "--duration", "8s", "--port-file", sniffPort.toString()));
      int sp = waitForPort(sniffPort);
      Run mine = Run.of("mine", "127.0.0.1:" + sp, "--plain", "--duration", "10s", "--shares", "2");
      assertThat(mine.status()).as(mine.err()).isZero();
      Run s = sniff.get(30, TimeUnit.SECONDS);
      assertThat(s.status()).as(s.err()).isZero();
      assertThat(s.out()).containsPattern("wrote 3 frames to .* \\(\\d+ older frames dropped: --max-records 3\\)");
      assertThat(org.sv2j.harness.Capture.read(capture)).hasSize(3);
      assertThat(Run.of("sniff", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--plain-upstream", "--plain-downstream",
          "--max-records", "0").status()).isNotZero();
    }
  }

  @Test
  void poolAndSniffRefuseAConnectionCapBelowOne() {
    Run pool = Run.of("pool", "--listen", "127.0.0.1:0", "--plain", "--max-connections", "0");
    assertThat(pool.status()).isEqualTo(Sv2.USAGE);
    assertThat(pool.err()).contains("--max-connections must be at least 1");
    Run sniff = Run.of("sniff", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--plain-upstream", "--plain-downstream",
        "--max-connections", "-3");
    assertThat(sniff.status()).isEqualTo(Sv2.USAGE);
    assertThat(sniff.err()).contains("--max-connections must be at least 1");
  }

  @Test
  void mineExitCodesSayWhatFailed() throws Exception {
    // nothing listening: connect
    Run r = Run.of("mine", "127.0.0.1:1", "--plain", "--duration", "1s");
    assertThat(r.status()).as(r.err()).isEqualTo(Sv2.CONNECT);
    // plaintext pool, encrypted miner: handshake
    try (TestPool pool = TestPool.builder().build().start()) {
      r = Run.of("mine", "127.0.0.1:" + pool.address().getPort(), "--duration", "1s");
      assertThat(r.status()).as(r.err()).isEqualTo(Sv2.HANDSHAKE);
    }
    // wrong authority key: certificate
    try (AuthorityKeys keys = AuthorityKeys.generate(); AuthorityKeys other = AuthorityKeys.generate();
        TestPool pool = TestPool.builder().server(Endpoints.Server.noise(keys, Duration.ofHours(1))).build().start()) {
      r = Run.of("mine", "127.0.0.1:" + pool.address().getPort(), "--authority-public", other.publicKeyText(), "--duration", "1s");
      assertThat(r.status()).as(r.err()).isEqualTo(Sv2.CERTIFICATE);
    }
    // an impossible target: no share accepted within the time
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(60)).build().start()) {
      r = Run.of("mine", "127.0.0.1:" + pool.address().getPort(), "--plain", "--duration", "1s");
      assertThat(r.status()).as(r.err()).isEqualTo(MineCommand.NO_SHARES);
      assertThat(r.err()).contains("no share accepted");
    }
    // bad key text, bad channel kind
    assertThat(Run.of("mine", "127.0.0.1:1", "--authority-public", "nope").status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(Run.of("mine", "127.0.0.1:1", "--channel", "group").status()).isEqualTo(Sv2.USAGE);
    // a pool without a key: usage
    assertThat(Run.of("pool", "--listen", "127.0.0.1:0").status()).isEqualTo(Sv2.USAGE);
  }
}
