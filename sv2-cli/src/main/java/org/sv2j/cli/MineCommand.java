package org.sv2j.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.sv2j.codec.CodecException;
import org.sv2j.harness.Endpoints;
import org.sv2j.harness.MinerException;
import org.sv2j.harness.TestMiner;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sv2 mine}: the harness's test miner, an "is my pool healthy?" check. */
@Command(
    name = "mine",
    mixinStandardHelpOptions = true,
    description = "Mines on CPU threads against an Sv2 pool for --duration: connects, checks the certificate against --authority-public, "
        + "sets up, opens a standard or an extended channel (version rolling within BIP 320), follows jobs and targets, submits shares "
        + "and prints the counts and the hash rate. Exits 0 when at least one share was accepted.",
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  at least one share accepted",
      "  2  usage error",
      "  3  could not connect",
      "  4  Noise handshake failed",
      "  5  certificate refused (wrong authority key, expired, bad signature)",
      "  6  SetupConnection refused, not answered, or the connection closed (e.g. --plain against an encrypted pool)",
      "  7  invalid input (key text)",
      "  8  the channel could not be opened",
      "  9  no share accepted (all rejected, none found in time, or the connection ended)"
    })
final class MineCommand extends Cli {
  /** Exit status: the pool refused to open the channel. */
  static final int CHANNEL = 8;
  /** Exit status: no share was accepted. */
  static final int NO_SHARES = 9;

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = AddressConverter.class, description = "The pool.")
  InetSocketAddress pool;

  @Option(names = "--authority-public", paramLabel = "KEY", description = "The pool's authority public key (without it the certificate is not checked).")
  String authorityPublic;

  @Option(names = "--plain", description = "Plaintext pool (no handshake).")
  boolean plain;

  @Option(names = "--channel", paramLabel = "standard|extended", defaultValue = "standard", description = "Channel kind (default: ${DEFAULT-VALUE}).")
  String channel;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Hashing threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to mine (default: ${DEFAULT-VALUE}); stops early after --shares accepted shares.")
  Duration duration;

  @Option(names = "--shares", paramLabel = "N", defaultValue = "0", description = "Stop once N shares were accepted (default: no limit).")
  long shares;

  @Option(names = "--user", paramLabel = "NAME", defaultValue = "sv2-mine", description = "user_identity (default: ${DEFAULT-VALUE}).")
  String user;

  @Override
  int execute() throws Fail {
    if (plain && authorityPublic != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--plain and --authority-public exclude each other");
    }
    TestMiner.ChannelKind kind = switch (channel.toLowerCase(java.util.Locale.ROOT)) {
      case "standard" -> TestMiner.ChannelKind.STANDARD;
      case "extended" -> TestMiner.ChannelKind.EXTENDED;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "--channel is standard or extended");
    };
    if (threads < 1 || threads > 256) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be in 1..256");
    }
    Endpoints.Client client;
    if (plain) {
      client = Endpoints.Client.plain();
    } else if (authorityPublic != null) {
      try {
        client = Endpoints.Client.noise(AuthorityKeys.decodePublicKey(authorityPublic.strip()));
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, "--authority-public: " + e.getMessage());
      }
    } else {
      client = Endpoints.Client.noiseUnauthenticated();
      err().println("sv2 mine: no --authority-public: the pool's certificate is not checked");
    }
    try (TestMiner miner = TestMiner.builder(resolve(pool)).client(client).channel(kind).threads(threads).userIdentity(user).build()) {
      try {
        miner.start();
      } catch (MinerException e) {
        throw new Fail(status(e), e.getMessage());
      }
      out().println("mining on " + pool.getHostString() + ":" + pool.getPort() + ", " + kind.name().toLowerCase(java.util.Locale.ROOT)
          + " channel " + miner.channelId() + " (group " + miner.groupChannelId() + "), " + threads + " thread(s), for " + duration.toMillis() + " ms");
      out().flush();
      try {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline && miner.isRunning() && (shares == 0 || miner.accepted() < shares)) {
          miner.awaitAccepted(shares == 0 ? Long.MAX_VALUE : shares, Duration.ofMillis(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
        }
        miner.awaitAnswers(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String ended = miner.endReason();
      out().printf("submitted %d, accepted %d, rejected %d%s; %d jobs; %.0f hashes/s%s%n",
          miner.submitted(), miner.accepted(), miner.rejected(), miner.rejectedByCode().isEmpty() ? "" : " " + miner.rejectedByCode(),
          miner.jobs(), miner.hashRate(), ended != null ? "; ended: " + ended : "");
      if (miner.accepted() == 0) {
        throw new Fail(NO_SHARES, "no share accepted" + (miner.rejected() > 0 ? " (" + miner.rejected() + " rejected)" : ""));
      }
      return Sv2.OK;
    }
  }

  private static int status(MinerException e) {
    return switch (e.stage()) {
      case CONNECT -> Sv2.CONNECT;
      case HANDSHAKE -> e.getCause() instanceof CodecException c && c.getCause() instanceof NoiseException n
              && n.kind() == NoiseException.Kind.INVALID_CERTIFICATE ? Sv2.CERTIFICATE : Sv2.HANDSHAKE;
      case SETUP -> Sv2.SETUP;
      case CHANNEL -> CHANNEL;
    };
  }
}
