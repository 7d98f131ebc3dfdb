package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.ServerCredential;

/** sv2 keys certify, sv2 keys inspect on a credential, and sv2 serve --credential. */
@Timeout(60)
class CredentialCommandsTest {
  @TempDir Path tmp;

  private Path authorityFile() {
    Path auth = tmp.resolve("authority.toml");
    assertThat(Run.of("keys", "generate", "--out", auth.toString()).status()).isZero();
    return auth;
  }

  private static String secretOf(Path keyFile) throws Exception {
    return Files.readString(keyFile).lines()
        .filter(l -> l.startsWith("authority_secret_key"))
        .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')))
        .findFirst()
        .orElseThrow();
  }

  private static String publicOf(Path keyFile) throws Exception {
    return Files.readString(keyFile).lines()
        .filter(l -> l.startsWith("authority_public_key"))
        .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void certifyWritesAnOwnerOnlyCredentialAndInspectShowsItsWindow() throws Exception {
    Path auth = authorityFile();
    String pub = publicOf(auth);
    String sec = secretOf(auth);
    Path cred = tmp.resolve("server.credential");
    Run certify = Run.of("keys", "certify", "--authority-secret-file", auth.toString(), "--out", cred.toString(), "--valid-for", "30d");
    assertThat(certify.status()).as(certify.err()).isZero();
    assertThat(certify.out()).contains("authority:       " + pub, "valid until:", "valid now").doesNotContain(sec);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cred))).isEqualTo("rw-------");
    ServerCredential c = ServerCredential.read(cred);
    assertThat(AuthorityKeys.encodePublicKey(c.authorityPublicKey())).isEqualTo(pub);
    assertThat(java.time.Duration.between(c.validFrom(), c.notValidAfter())).isEqualTo(java.time.Duration.ofDays(30));
    assertThat(Files.readString(cred)).doesNotContain(sec);

    Run again = Run.of("keys", "certify", "--authority-secret-file", auth.toString(), "--out", cred.toString());
    assertThat(again.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(again.err()).contains("already exists");

    Run inspect = Run.of("keys", "inspect", cred.toString());
    assertThat(inspect.status()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("server credential", "authority:       " + pub, "valid from:      " + c.validFrom(), "valid until:     " + c.notValidAfter(), "expires in 29 d")
        .doesNotContain("WARNING");
    assertThat(Run.of("keys", "inspect", cred.toString(), "--authority", pub).status()).isZero();
    Run near = Run.of("keys", "inspect", cred.toString(), "--warn-before", "60d");
    assertThat(near.out()).contains("WARNING");

    String other = Run.of("keys", "generate").value("authority_public_key");
    Run wrong = Run.of("keys", "inspect", cred.toString(), "--authority", other);
    assertThat(wrong.status()).isEqualTo(Sv2.CERTIFICATE);
    assertThat(wrong.out()).contains("WRONG AUTHORITY");

    // Re-certifying the same static key from the old credential keeps the server key.
    Path renewed = tmp.resolve("renewed.credential");
    Run renew = Run.of("keys", "certify", "--authority-secret-file", auth.toString(), "--server-secret-file", cred.toString(),
        "--out", renewed.toString(), "--valid-for", "7d");
    assertThat(renew.status()).as(renew.err()).isZero();
    assertThat(ServerCredential.read(renewed).serverPublicKey()).isEqualTo(c.serverPublicKey());

    // A bare secret-key file works too; a group-readable one is used with a warning.
    Path bare = tmp.resolve("bare.key");
    Files.writeString(bare, sec + "\n");
    Files.setPosixFilePermissions(bare, PosixFilePermissions.fromString("rw-r-----"));
    Run fromBare = Run.of("keys", "certify", "--authority-secret-file", bare.toString(), "--out", tmp.resolve("b.credential").toString());
    assertThat(fromBare.status()).as(fromBare.err()).isZero();
    assertThat(fromBare.err()).contains("warning:", "chmod 600").doesNotContain(sec);
  }

  @Test
  void theAuthoritySecretNeverGoesOnTheCommandLine() {
    Run r = Run.of("keys", "certify", "--authority-secret", "x", "--out", tmp.resolve("c").toString());
    assertThat(r.status()).isEqualTo(Sv2.USAGE);
    Run missing = Run.of("keys", "certify", "--authority-secret-file", tmp.resolve("nope").toString(), "--out", tmp.resolve("c").toString());
    assertThat(missing.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(missing.err()).contains("cannot read");
  }

  @Test
  void serveRefusesAnExpiredCredentialAndServesAValidOneWithoutTheAuthoritySecret() throws Exception {
    Path auth = authorityFile();
    String pub = publicOf(auth);
    Path expired = tmp.resolve("expired.credential");
    assertThat(Run.of("keys", "certify", "--authority-secret-file", auth.toString(), "--out", expired.toString(),
        "--valid-from", "2020-01-01T00:00:00Z", "--valid-for", "1d").status()).isZero();
    Run inspect = Run.of("keys", "inspect", expired.toString());
    assertThat(inspect.status()).isEqualTo(Sv2.CERTIFICATE);
    assertThat(inspect.out()).contains("EXPIRED", "2020-01-02T00:00:00Z");
    Run refused = Run.of("serve", "--listen", "127.0.0.1:0", "--credential", expired.toString());
    assertThat(refused.status()).isEqualTo(Sv2.CERTIFICATE);
    assertThat(refused.err()).contains("refusing to start", "expired");

    Path future = tmp.resolve("future.credential");
    assertThat(Run.of("keys", "certify", "--authority-secret-file", auth.toString(), "--out", future.toString(),
        "--valid-from", "2100-01-01T00:00:00Z").status()).isZero();
    Run early = Run.of("serve", "--listen", "127.0.0.1:0", "--credential", future.toString());
    assertThat(early.status()).isEqualTo(Sv2.CERTIFICATE);
    assertThat(early.err()).contains("not valid before 2100-01-01T00:00:00Z");

    Path mixed = tmp.resolve("valid.credential");
    assertThat(Run.of("keys", "certify", "--authority-secret-file", auth.toString(), "--out", mixed.toString(), "--valid-for", "2d").status()).isZero();
    Run both = Run.of("serve", "--listen", "127.0.0.1:0", "--credential", mixed.toString(), "--plain");
    assertThat(both.status()).isEqualTo(Sv2.USAGE);

    Path portFile = tmp.resolve("port");
    CompletableFuture<Run> server =
        CompletableFuture.supplyAsync(
            () -> Run.of("serve", "--listen", "127.0.0.1:0", "--credential", mixed.toString(), "--port-file", portFile.toString(),
                "--exit-after", "2"));
    String port = CommandsTest.awaitPort(portFile);
    for (int i = 0; i < 2; i++) {
      Run ok = Run.of("probe", "127.0.0.1:" + port, "--authority-public", pub);
      assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out()).contains("signature:       valid");
    }
    Run served = server.get(30, TimeUnit.SECONDS);
    assertThat(served.status()).as(served.err()).isZero();
    assertThat(served.out())
        .contains("WARNING: the server credential expires", "pre-signed credential of authority " + pub, "no authority secret", "stopped after 2 connection(s)");
  }
}
