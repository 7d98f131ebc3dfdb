package org.sv2j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.sv2j.harness.ChannelStats;
import org.sv2j.harness.Endpoints;
import org.sv2j.harness.TestPool;
import org.sv2j.harness.Targets;
import org.sv2j.harness.Text;
import org.sv2j.noise.AuthorityKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sv2 pool}: the harness's test pool. */
@Command(
    name = "pool",
    mixinStandardHelpOptions = true,
    description = "Runs the sv2j test pool (mining protocol): standard and extended channels, jobs and prev hashes, real share validation, "
        + "one line per connection, channel, job and share. Encrypted with the authority key pair from --authority-secret-file (or the "
        + "environment variable SV2_AUTHORITY_SECRET), or plaintext with --plain. Stops on Ctrl-C or after --duration and prints the counts per channel.")
final class PoolCommand extends Cli {
  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class, description = "Where to listen (port 0: any).")
  InetSocketAddress listen;

  @Option(names = "--plain", description = "No encryption.")
  boolean plain;

  @Option(names = "--authority-secret-file", paramLabel = "FILE", description = "The authority key pair, as 'sv2 keys generate --out FILE' writes it.")
  Path secretFile;

  @Option(names = "--cert-validity", paramLabel = "DURATION", defaultValue = "3600s", converter = DurationConverter.class,
      description = "Validity of each certificate (default: ${DEFAULT-VALUE}).")
  Duration certValidity;

  @Option(names = "--difficulty-bits", paramLabel = "N", defaultValue = "16",
      description = "Share target 2^(256-N) - 1: about 2^N hashes a share (default: ${DEFAULT-VALUE}).")
  int difficultyBits;

  @Option(names = "--job-interval", paramLabel = "DURATION", converter = DurationConverter.class, description = "Send a fresh job to every channel this often.")
  Duration jobInterval;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + TestPool.DEFAULT_MAX_CONNECTIONS,
      description = "Most connections served at once (a thread each); more are closed as soon as they are accepted (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, description = "Stop after this long (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port to FILE once listening.")
  Path portFile;

  @Option(names = "--quiet", description = "No line per share (connections, channels and the summary only).")
  boolean quiet;

  @Override
  int execute() throws Fail {
    if (difficultyBits < 0 || difficultyBits > 255) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--difficulty-bits must be in 0..255");
    }
    if (maxConnections < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-connections must be at least 1");
    }
    if (plain && secretFile != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--plain and --authority-secret-file exclude each other");
    }
    Endpoints.Server server;
    String publicText = null;
    if (plain) {
      server = Endpoints.Server.plain();
    } else {
      AuthorityKeys keys = HarnessOptions.authority(secretFile);
      if (keys == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give --plain, or --authority-secret-file FILE (or set " + HarnessOptions.SECRET_ENV + ")");
      }
      try (keys) {
        publicText = keys.publicKeyText();
        server = Endpoints.Server.noise(keys, certValidity);
      }
    }
    TestPool.Builder b = TestPool.builder().listen(resolve(listen)).server(server).shareTarget(Targets.ofLeadingZeroBits(difficultyBits))
        .maxConnections(maxConnections)
        .listener(e -> {
          if (quiet && (e.kind() == org.sv2j.harness.PoolEvent.Kind.SHARE_ACCEPTED || e.kind() == org.sv2j.harness.PoolEvent.Kind.JOB)) {
            return;
          }
          log(e.toString());
        });
    if (jobInterval != null) {
      b.jobInterval(jobInterval);
    }
    try (TestPool pool = b.build()) {
      try {
        pool.start();
      } catch (IOException e) {
        throw new Fail(Sv2.CONNECT, "cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage());
      }
      log("test pool on " + pool.address() + (plain ? " (plaintext)" : " (encrypted; authority " + publicText + ")")
          + ", share target 2^-" + difficultyBits);
      if (portFile != null) {
        HarnessOptions.writePortFile(portFile, pool.address().getPort());
      }
      try (HarnessOptions.Stopped stopped = HarnessOptions.runFor(duration)) {
        pool.close();
        log("stopped: " + pool.connectionsAccepted() + " connections, " + pool.accepted() + " shares accepted, " + pool.rejected() + " rejected");
        for (ChannelStats c : pool.channels()) {
          log("channel " + c.channelId() + " (" + (c.extended() ? "extended" : "standard") + ", user " + Text.quote(c.userIdentity()) + "): "
              + c.accepted() + " accepted, " + c.rejectedTotal() + " rejected" + (c.rejected().isEmpty() ? "" : " " + c.rejected()));
        }
      }
      return Sv2.OK;
    }
  }

  private synchronized void log(String line) {
    out().println(line);
    out().flush();
  }
}
