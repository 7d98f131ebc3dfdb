package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines are usage errors (status 2), and no usage error ever shows a secret. */
@Timeout(60)
class ArgumentsTest {
  @TempDir Path tmp;

  private static void assertUsage(Run r, String what) {
    assertThat(r.status()).as(what + "\n" + r.err()).isEqualTo(Sv2.USAGE);
    assertThat(r.err()).as(what).contains("Usage:").doesNotContain("\tat ", "internal error", "Exception");
    assertThat(r.out()).as(what).isEmpty();
  }

  @Test
  void badValuesAreUsageErrorsNeverInternalErrors() throws Exception {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    String l = "127.0.0.1:0";
    List<String[]> cases = List.of(
        new String[] {"serve", "--listen", l, "--plain", "--idle-timeout", "0s"},
        new String[] {"serve", "--listen", l, "--plain", "--idle-timeout", "-5s"},
        new String[] {"serve", "--listen", l, "--plain", "--handshake-timeout", "0"},
        new String[] {"serve", "--listen", l, "--plain", "--handshake-timeout", "never"},
        new String[] {"serve", "--listen", l, "--plain", "--send-timeout", "-1ms"},
        new String[] {"serve", "--listen", l, "--plain", "--cert-validity", "0s"},
        new String[] {"serve", "--listen", l, "--plain", "--idle-timeout", "99999999999999999h"},
        new String[] {"serve", "--listen", "no-such-host.invalid:0", "--plain"},
        new String[] {"serve", "--listen", l, "--plain", "--max-connections", "0"},
        new String[] {"serve", "--listen", l, "--plain", "--max-connections", "-3"},
        new String[] {"serve", "--listen", l, "--plain", "--max-handshakes", "0"},
        new String[] {"serve", "--listen", l, "--plain", "--exit-after", "0"},
        new String[] {"serve", "--listen", l, "--plain", "--max-payload", "20MiB"},
        new String[] {"serve", "--listen", l, "--plain", "--max-payload", "lots"},
        new String[] {"serve", "--listen", l, "--plain", "--port-file", notADir.resolve("port").toString()},
        new String[] {"serve", "--listen", l, "--plain", "--port-file", tmp.toString()},
        new String[] {"serve", "--listen", l, "--plain", "--log-frames-per-second", "0"},
        new String[] {"serve", "--listen", "127.0.0.1:70000", "--plain"},
        new String[] {"serve", "--listen", l},
        new String[] {"probe", "127.0.0.1:1", "--timeout", "0s"},
        new String[] {"probe", "127.0.0.1:1", "--timeout", "-2s"},
        new String[] {"probe", "127.0.0.1:1", "--timeout", "never"},
        new String[] {"probe", "127.0.0.1:0", "--plain"},
        new String[] {"probe", "127.0.0.1:1", "--plain", "--min-version", "3", "--max-version", "2"},
        new String[] {"probe", "127.0.0.1:1", "--plain", "--protocol", "300"},
        new String[] {"probe", "127.0.0.1:1", "--plain", "--flags", "zz"});
    for (String[] args : cases) {
      assertUsage(Run.of(args), String.join(" ", args));
    }
  }

  @Test
  void probeOfAnUnresolvableHostIsAConnectFailure() {
    Run r = Run.of("probe", "no-such-host.invalid:3333", "--plain", "--timeout", "2s");
    assertThat(r.status()).as(r.err()).isEqualTo(Sv2.CONNECT);
    assertThat(r.err()).contains("cannot connect").doesNotContain("internal error");
  }

  @Test
  void aSecretOnTheCommandLineIsRefusedAndNeverEchoed() {
    String sec = Run.of("keys", "generate").value("authority_secret_key");
    String almost = sec.substring(0, sec.length() - 1) + (sec.endsWith("z") ? "y" : "z"); // checksum broken
    List<String[]> cases = List.of(
        new String[] {"serve", "--listen", "127.0.0.1:0", "--authority-secret", sec},
        new String[] {"serve", "--listen", "127.0.0.1:0", "--authority-secret=" + sec},
        new String[] {"serve", "--listen", "127.0.0.1:0", "--authority-secert", sec},
        new String[] {"serve", "--listen", "127.0.0.1:0", "--authority-secert=" + sec},
        new String[] {"serve", "--listen", "127.0.0.1:0", "--authority-secert", almost},
        new String[] {"serve", "--listen", sec},
        new String[] {"serve", "--listen", "127.0.0.1:0", "--cert-validity", sec},
        new String[] {"serve", sec, "--listen", "127.0.0.1:0", "--plain"},
        new String[] {"probe", "127.0.0.1:1", sec},
        new String[] {"probe", sec});
    for (String[] args : cases) {
      Run r = Run.of(args);
      String what = String.join(" ", args).replace(sec, "SECRET");
      assertUsage(r, what);
      assertThat(r.err()).as(what).doesNotContain(sec).doesNotContain(almost).doesNotContain(sec.substring(0, 30));
    }
    Run refused = Run.of("serve", "--listen", "127.0.0.1:0", "--authority-secret", sec);
    assertThat(refused.err()).contains("--authority-secret is not accepted", "--authority-secret-file", SecretKeys.ENV);
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    Path file = tmp.resolve("authority.toml");
    assertThat(Run.of("keys", "generate", "--out", file.toString()).status()).isZero();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Run r = Run.of("serve", "--listen", "127.0.0.1:0", "--authority-secret-file", file.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(r.err()).contains("accessible to its group or other users", "rw-r--r--", "chmod 600");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
    assertThat(Run.of("serve", "--listen", "127.0.0.1:0", "--authority-secret-file", file.toString()).status()).isEqualTo(Sv2.INVALID_INPUT);
    Run missing = Run.of("serve", "--listen", "127.0.0.1:0", "--authority-secret-file", tmp.resolve("nope").toString());
    assertThat(missing.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(missing.err()).contains("no such key file");
    Path junk = tmp.resolve("junk.toml");
    Files.writeString(junk, "authority_secret_key = \"notakey\"\n");
    Files.setPosixFilePermissions(junk, PosixFilePermissions.fromString("rw-------"));
    Run bad = Run.of("serve", "--listen", "127.0.0.1:0", "--authority-secret-file", junk.toString());
    assertThat(bad.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(bad.err()).contains("refused").doesNotContain("notakey");
  }

  @Test
  void theSecretComesFromTheFileOrTheEnvironmentAndTheOptionalPublicKeyMustMatch() throws Exception {
    Path file = tmp.resolve("authority.toml");
    Run gen = Run.of("keys", "generate", "--out", file.toString());
    String pub = gen.value("authority_public_key");
    Run other = Run.of("keys", "generate");
    String otherPub = other.value("authority_public_key");
    Run mismatch = Run.of("serve", "--listen", "127.0.0.1:0", "--authority-secret-file", file.toString(), "--authority-public", otherPub);
    assertThat(mismatch.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(mismatch.err()).contains("is not the public key of the authority secret key");

    try (Serving s = Serving.start(tmp, Map.of(), "--authority-secret-file", file.toString(), "--exit-after", "1")) {
      Run ok = Run.of("probe", s.where(), "--authority-public", pub);
      assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
      assertThat(s.run.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isZero();
    }
    String sec = other.value("authority_secret_key");
    try (Serving s = Serving.start(tmp, Map.of(SecretKeys.ENV, sec), "--exit-after", "1")) {
      Run ok = Run.of("probe", s.where(), "--authority-public", otherPub);
      assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
      Run served = s.run.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(served.status()).isZero();
      assertThat(served.out()).contains("authority " + otherPub).doesNotContain(sec);
    }
  }
}
