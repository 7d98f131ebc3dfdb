package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.messages.mining.NewMiningJob;
import org.sv2j.messages.mining.SetNewPrevHash;
import org.sv2j.noise.AuthorityKeys;

@Timeout(30)
final class TimerAndKeyFileTest {
  @TempDir Path dir;

  @Test
  void theJobTimerSendsActiveJobsOnTheSamePrevHash() throws Exception {
    try (TestPool pool = TestPool.builder().jobInterval(Duration.ofMillis(100)).build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.openStandard(Targets.max());
      NewMiningJob first = c.next(NewMiningJob.class);
      SetNewPrevHash prev = c.next(SetNewPrevHash.class);
      NewMiningJob second = c.next(NewMiningJob.class);
      NewMiningJob third = c.next(NewMiningJob.class);
      assertThat(first.minNtime()).isEmpty();
      assertThat(second.minNtime()).hasValue(prev.minNtime());
      assertThat(third.jobId()).isGreaterThan(second.jobId()).isGreaterThan(first.jobId());
      // a fresh coinbase each time: a different merkle root for the same channel
      assertThat(second.merkleRoot()).isNotEqualTo(first.merkleRoot()).isNotEqualTo(third.merkleRoot());
    }
  }

  @Test
  void keyFilesAsSv2KeysGenerateWritesThem() throws Exception {
    try (AuthorityKeys keys = AuthorityKeys.generate(); AuthorityKeys other = AuthorityKeys.generate()) {
      Path f = dir.resolve("k.toml");
      Files.writeString(f, "# Stratum V2 authority key pair (sv2 keys generate)\nauthority_public_key = \"" + keys.publicKeyText()
          + "\"\nauthority_secret_key = \"" + keys.secretKeyText() + "\"\n");
      try (AuthorityKeys read = KeyFile.read(f)) {
        assertThat(read.publicKey()).isEqualTo(keys.publicKey());
      }
      try (AuthorityKeys bare = KeyFile.parse(keys.secretKeyText() + "\n", "env")) {
        assertThat(bare.publicKey()).isEqualTo(keys.publicKey());
      }
      String mismatched = "authority_public_key = \"" + other.publicKeyText() + "\"\nauthority_secret_key = \"" + keys.secretKeyText() + "\"\n";
      assertThatThrownBy(() -> KeyFile.parse(mismatched, "m")).isInstanceOf(IOException.class).hasMessageContaining("does not belong")
          .hasMessageNotContaining(keys.secretKeyText());
      assertThatThrownBy(() -> KeyFile.parse("authority_public_key = \"" + keys.publicKeyText() + "\"\n", "p"))
          .isInstanceOf(IOException.class).hasMessageContaining("no authority_secret_key");
      String broken = keys.secretKeyText().substring(1);
      assertThatThrownBy(() -> KeyFile.parse("authority_secret_key = \"" + broken + "\"", "b"))
          .isInstanceOf(IOException.class).hasMessageNotContaining(broken);
    }
  }
}
