package org.sv2j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sv2j.netty.Sv2Metrics;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.Responder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sv2 serve}: a responder for testing clients, built to survive hostile ones: a cap on connections
 * and on concurrent handshakes (excess connections are closed at once), a maximum payload checked from the
 * header, handshake, idle and send timeouts, TCP keepalive, an accept loop that outlives every failure, and
 * a log that never blocks a connection.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an Sv2 test server: answers SetupConnection with SetupConnection.Success and echoes every other frame back. Encrypted with an authority key pair, or plaintext with --plain. Stops cleanly on Ctrl-C.",
      "The authority secret key is read from --authority-secret-file (the file 'sv2 keys generate --out' writes; it must not be accessible to group or others) or from the environment variable " + SecretKeys.ENV + "; never from the command line, where every local user can read it.",
      "Runs on Sv2Server (netty-sv2): a few event-loop threads hold tens of thousands of connections. Hostile peers: connections past --max-connections and handshakes past --max-handshakes are closed at once; frames over --max-payload close the connection before anything is reserved; --handshake-timeout, --idle-timeout and --send-timeout bound silent and non-reading peers, --max-queued the bytes queued for one peer; TCP keepalive is on. The accept loop outlives 'Too many open files' (it pauses and retries). The log never blocks connections: lines the output cannot take are dropped and counted; peer text is escaped."
    })
final class ServeCommand extends Cli {
  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class,
      description = "Address to listen on (port 0 picks a free port; see --port-file).")
  InetSocketAddress listen;

  @Option(names = "--plain", description = "No encryption (no handshake).")
  boolean plain;

  @Option(names = "--authority-secret-file", paramLabel = "FILE",
      description = "Key file with authority_secret_key (and authority_public_key), as 'sv2 keys generate --out' writes it; refused if group or others may access it. Without it, the secret comes from $" + SecretKeys.ENV + ".")
  Path authoritySecretFile;

  /** Refused: kept only to say so clearly (and without echoing the key). */
  @Option(names = "--authority-secret", hidden = true, paramLabel = "KEY")
  String authoritySecretOnArgv;

  @Option(names = "--authority-public", paramLabel = "KEY",
      description = "Authority public key (base58check); optional, it is derived from the secret; if given, it must match.")
  String authorityPublic;

  @Option(names = "--credential", paramLabel = "FILE",
      description = "Serve with a pre-signed server credential (sv2 keys certify) instead of the authority key pair: no authority secret in this process. Refuses to start if it is expired or not yet valid.")
  Path credential;

  @Option(names = "--credential-warn-before", paramLabel = "DURATION", defaultValue = "7d", converter = KeysCommand.LongDurationConverter.class,
      description = "Warn when the credential expires within this time (default: ${DEFAULT-VALUE}).")
  Duration credentialWarnBefore;

  @Option(names = "--cert-validity", paramLabel = "DURATION", defaultValue = "3600s", converter = DurationConverter.class,
      description = "Validity of the certificates this server signs (default: ${DEFAULT-VALUE}).")
  Duration certValidity;

  @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port to FILE once listening.")
  Path portFile;

  @Option(names = "--exit-after", paramLabel = "N", description = "Stop after N connections have been accepted and have ended (default: run until stopped).")
  Integer exitAfter;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_CONNECTIONS,
      description = "Most connections open at once; more are closed as soon as they are accepted (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--max-handshakes", paramLabel = "N", defaultValue = "256",
      description = "Most handshakes in progress at once; connections past it are closed at once (default: ${DEFAULT-VALUE}).")
  int maxHandshakes;

  @Option(names = "--max-payload", paramLabel = "SIZE", defaultValue = "64KiB", converter = SizeConverter.class,
      description = "Largest frame payload accepted; a bigger header closes the connection before anything is reserved (default: ${DEFAULT-VALUE}; at most 16777215).")
  int maxPayload;

  @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
      description = "Close a connection whose Noise handshake has not completed in this time (default: ${DEFAULT-VALUE}).")
  Duration handshakeTimeout;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
      description = "Close a connection that sends nothing for this long, before or after the handshake ('never' disables it; default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--send-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "Close a connection whose peer stops reading: its replies stay queued (the channel unwritable) this long (default: ${DEFAULT-VALUE}).")
  Duration sendTimeout;

  @Option(names = "--max-queued", paramLabel = "SIZE", defaultValue = "2MiB", converter = SizeConverter.class,
      description = "Most bytes queued for one peer that does not read; a reply past it closes the connection (default: ${DEFAULT-VALUE}).")
  int maxQueued;

  @Option(names = "--io-threads", paramLabel = "N",
      description = "Event-loop threads serving the connections (default: the number of processors).")
  Integer ioThreads;

  @Option(names = "--log-frames", description = "Log every frame received and sent (rate-limited by --log-frames-per-second).")
  boolean logFrames;

  @Option(names = "--log-frames-per-second", paramLabel = "N", defaultValue = "200",
      description = "With --log-frames, at most N frame lines a second; the others are counted (default: ${DEFAULT-VALUE}).")
  int logFramesPerSecond;

  @Option(names = "--log-queue", paramLabel = "LINES", defaultValue = "" + AsyncLog.DEFAULT_QUEUE,
      description = "Log lines held while the output is slow; more are dropped and counted (default: ${DEFAULT-VALUE}).")
  int logQueue;

  @Option(names = "--metrics-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Log a metrics line (open connections, handshakes, frames and bytes in/out, closes by cause) this often; a last one is logged on exit.")
  Duration metricsInterval;

  /** Far below what Sv2Server can hold; the process's file limit refuses connections cleanly before it. */
  static final int DEFAULT_MAX_CONNECTIONS = 100_000;

  /** The authority public key in text form, once the secret is loaded. */
  private String authorityText;

  /** The environment; tests replace it. */
  Map<String, String> env = System.getenv();

  /** The settings every backend applies. */
  record Limits(
      int maxConnections, int maxHandshakes, int maxPayload, Duration handshakeTimeout, Duration idleTimeout,
      Duration sendTimeout, int maxQueued, int ioThreads, boolean logFrames) {

    /** The idle timeout, or {@code null} for none. */
    Duration idleOrNull() {
      return idleTimeout.equals(NEVER) ? null : idleTimeout;
    }
  }

  @Override
  int execute() throws Fail {
    Limits limits = validate();
    InetSocketAddress address = resolve(listen);
    if (address.isUnresolved()) {
      throw usage("--listen: cannot resolve host '" + Escape.text(listen.getHostString()) + "'");
    }
    checkPortFileWritable();
    List<String> warnings = new ArrayList<>();
    ServeCredential served = credential == null ? null : ServeCredential.load(credential, credentialWarnBefore, warnings::add);
    Responder.Builder responders = plain ? null : served != null ? served.responders : responders();
    AsyncLog log = new AsyncLog(out(), logQueue, logFramesPerSecond);
    warnings.forEach(log::log);
    NettyServe server = new NettyServe(limits, responders, log);
    running = server;
    LogRouting routing = LogRouting.to(log);
    try {
      InetSocketAddress bound;
      try {
        bound = server.bind(address);
      } catch (IOException e) {
        throw new Fail(Sv2.CONNECT, "cannot listen on " + Escape.text(listen.getHostString()) + ":" + listen.getPort() + ": " + e.getMessage());
      }
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        server.stop();
        try {
          // Let the main thread log its last lines (stopped, metrics) before the JVM halts.
          finished.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "sv2-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Sv2Metrics metrics = server.metrics();
      Thread metricsThread = metricsInterval == null || metricsInterval.equals(NEVER) ? null : startMetrics(log, metrics);
      try {
        log.log("listening on " + bound.getHostString() + ":" + bound.getPort()
            + (plain ? " (plaintext)" : served != null ? served.description : " (encrypted; authority " + authorityText + ", certificates valid " + certValidity.toSeconds() + " s)")
            + "; max connections " + limits.maxConnections() + ", max handshakes " + limits.maxHandshakes()
            + ", max payload " + limits.maxPayload() + " B, timeouts: handshake " + limits.handshakeTimeout().toMillis()
            + " ms, idle " + (limits.idleOrNull() == null ? "never" : limits.idleTimeout().toMillis() + " ms")
            + ", send " + limits.sendTimeout().toMillis() + " ms; " + limits.ioThreads() + " event-loop thread(s)");
        if (portFile != null) {
          try {
            PortFile.write(portFile, bound.getPort());
          } catch (IOException e) {
            throw usage("--port-file: cannot write " + portFile + ": " + e.getMessage());
          }
        }
        long ended = server.run(exitAfter == null ? Long.MAX_VALUE : exitAfter);
        log.log("stopped after " + ended + " connection(s) ended");
        return Sv2.OK;
      } finally {
        if (metricsThread != null) {
          metricsThread.interrupt();
        }
        // The counters as serving ends, before closing what is still open (which would count as local closes).
        log.log(NettyServe.metricsLine(metrics));
        server.stop();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for the log below
          log.close(3_000);
          finished.countDown();
        }
      }
    } finally {
      if (responders != null) {
        responders.destroy();
      }
      routing.close();
      log.close(5_000);
    }
  }

  private Thread startMetrics(AsyncLog log, Sv2Metrics metrics) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(Math.max(1, metricsInterval.toMillis()));
          log.log(NettyServe.metricsLine(metrics));
        }
      } catch (InterruptedException e) {
        // stopping
      }
    }, "sv2-serve-metrics");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Every option checked before anything is opened: bad values are usage errors (exit 2). */
  private Limits validate() {
    if (authoritySecretOnArgv != null) {
      throw usage("--authority-secret is not accepted: a key on the command line is visible to every local user (ps, /proc, shell history). "
          + "Use --authority-secret-file FILE (from 'sv2 keys generate --out FILE') or the environment variable " + SecretKeys.ENV + ".");
    }
    if (plain && (authoritySecretFile != null || authorityPublic != null || credential != null)) {
      throw usage("--plain excludes --authority-secret-file, --authority-public and --credential");
    }
    if (credential != null && (authoritySecretFile != null || authorityPublic != null)) {
      throw usage("--credential replaces --authority-secret-file and --authority-public (no authority secret in this process)");
    }
    if (!plain && credential == null && authoritySecretFile == null && env.get(SecretKeys.ENV) == null) {
      throw usage("give --plain, a server credential with --credential FILE, or the authority secret key with --authority-secret-file FILE or in $" + SecretKeys.ENV);
    }
    if (maxConnections <= 0) {
      throw usage("--max-connections must be at least 1, got " + maxConnections);
    }
    if (maxHandshakes <= 0) {
      throw usage("--max-handshakes must be at least 1, got " + maxHandshakes);
    }
    if (exitAfter != null && exitAfter <= 0) {
      throw usage("--exit-after must be at least 1, got " + exitAfter);
    }
    if (maxPayload > org.sv2j.framing.Header.MAX_PAYLOAD_LENGTH) {
      throw usage("--max-payload above the u24 limit 16777215: " + maxPayload);
    }
    if (logFramesPerSecond <= 0) {
      throw usage("--log-frames-per-second must be at least 1, got " + logFramesPerSecond);
    }
    if (logQueue <= 0) {
      throw usage("--log-queue must be at least 1, got " + logQueue);
    }
    if (handshakeTimeout.equals(NEVER)) {
      throw usage("--handshake-timeout cannot be 'never': a silent peer would hold its slot for ever");
    }
    if (sendTimeout.equals(NEVER)) {
      throw usage("--send-timeout cannot be 'never': a peer that stops reading would hold its connection for ever");
    }
    if (certValidity.equals(NEVER)) {
      throw usage("--cert-validity must be a duration");
    }
    if (maxQueued <= 0) {
      throw usage("--max-queued must be positive, got " + maxQueued);
    }
    if (ioThreads != null && (ioThreads <= 0 || ioThreads > 4096)) {
      throw usage("--io-threads must be 1..4096, got " + ioThreads);
    }
    return new Limits(maxConnections, maxHandshakes, maxPayload, handshakeTimeout, idleTimeout, sendTimeout, maxQueued,
        ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors(), logFrames);
  }

  private void checkPortFileWritable() {
    if (portFile == null) {
      return;
    }
    Path dir = portFile.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw usage("--port-file: directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw usage("--port-file: directory " + dir + " is not writable");
    }
    if (Files.isDirectory(portFile)) {
      throw usage("--port-file: " + portFile + " is a directory");
    }
    if (Files.exists(portFile) && !Files.isWritable(portFile)) {
      throw usage("--port-file: " + portFile + " is not writable");
    }
  }

  private Responder.Builder responders() throws Fail {
    AuthorityKeys keys = authoritySecretFile != null ? SecretKeys.fromFile(authoritySecretFile) : SecretKeys.fromEnvironment(env);
    try {
      byte[] pub = keys.publicKey();
      authorityText = keys.publicKeyText();
      if (authorityPublic != null) {
        byte[] given;
        try {
          given = AuthorityKeys.decodePublicKey(authorityPublic.strip());
        } catch (NoiseException e) {
          throw new Fail(Sv2.INVALID_INPUT, "--authority-public refused: " + e.getMessage());
        }
        if (!java.util.Arrays.equals(given, pub)) {
          throw new Fail(Sv2.INVALID_INPUT, "--authority-public is not the public key of the authority secret key (that is " + keys.publicKeyText() + ")");
        }
      }
      byte[] sec = keys.secretKey();
      try {
        return Responder.builder(pub, sec, certValidity);
      } catch (NoiseException | IllegalArgumentException e) {
        throw new Fail(Sv2.INVALID_INPUT, "authority keys refused: " + e.getMessage());
      } finally {
        java.util.Arrays.fill(sec, (byte) 0);
      }
    } finally {
      keys.destroy();
    }
  }

  /** Written beside the target and moved into place, so a watcher never reads half a port number. */
  private volatile NettyServe running;

  /** The running server's counters (tests); {@code null} before it listens. */
  Sv2Metrics metrics() {
    NettyServe s = running;
    return s == null ? null : s.metrics();
  }

  /** Stops a running server as Ctrl-C does (tests). */
  void stop() {
    NettyServe s = running;
    if (s != null) {
      s.stop();
    }
  }
}
