package org.sv2j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.Responder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sv2 serve}: a responder for testing clients. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs an Sv2 test server: answers SetupConnection with SetupConnection.Success and echoes every other frame back; logs each connection and frame. Encrypted with the given authority key pair, or plaintext with --plain. Stops cleanly on Ctrl-C.")
final class ServeCommand extends Cli {
  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class,
      description = "Address to listen on (port 0 picks a free port; see --port-file).")
  InetSocketAddress listen;

  @Option(names = "--plain", description = "No encryption (no handshake).")
  boolean plain;

  @Option(names = "--authority-secret", paramLabel = "KEY", description = "Authority secret key (base58check).")
  String authoritySecret;

  @Option(names = "--authority-public", paramLabel = "KEY", description = "Authority public key (base58check).")
  String authorityPublic;

  @Option(names = "--cert-validity", paramLabel = "DURATION", defaultValue = "3600s", converter = DurationConverter.class,
      description = "Validity of the certificates this server signs (default: ${DEFAULT-VALUE}).")
  Duration certValidity;

  @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port to FILE once listening.")
  Path portFile;

  @Option(names = "--max-connections", paramLabel = "N", description = "Stop after N connections have ended (default: run until stopped).")
  Integer maxConnections;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Close a connection that sends no whole frame for this long (default: never).")
  Duration idleTimeout;

  @Option(names = "--credential", paramLabel = "FILE",
      description = "Serve with a pre-signed server credential (sv2 keys certify) instead of the authority key pair: no authority secret in this process. Refuses to start if it is expired or not yet valid.")
  Path credential;

  @Option(names = "--credential-warn-before", paramLabel = "DURATION", defaultValue = "7d", converter = KeysCommand.LongDurationConverter.class,
      description = "Warn when the credential expires within this time (default: ${DEFAULT-VALUE}).")
  Duration credentialWarnBefore;

  private final Set<Sv2Connection> open = ConcurrentHashMap.newKeySet();

  @Override
  int execute() throws Fail {
    ServeCredential served = null;
    if (credential != null) {
      if (plain || authoritySecret != null || authorityPublic != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--credential replaces --authority-secret/--authority-public and excludes --plain");
      }
      served = ServeCredential.load(credential, credentialWarnBefore, this::log);
    } else if (plain == (authoritySecret != null || authorityPublic != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give either --plain or both --authority-secret and --authority-public");
    }
    if (served == null && !plain && (authoritySecret == null || authorityPublic == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--authority-secret and --authority-public go together");
    }
    if (idleTimeout != null && (idleTimeout.isZero() || idleTimeout.isNegative())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--idle-timeout must be positive");
    }
    Responder.Builder responders = served == null ? null : served.responders;
    if (!plain && served == null) {
      try {
        byte[] pub = AuthorityKeys.decodePublicKey(authorityPublic.strip());
        byte[] sec = AuthorityKeys.decodeSecretKey(authoritySecret.strip());
        try {
          responders = Responder.builder(pub, sec, certValidity);
        } finally {
          java.util.Arrays.fill(sec, (byte) 0);
        }
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, "authority keys refused: " + e.getMessage());
      }
    }
    ServerSocketChannel server;
    try {
      server = ServerSocketChannel.open().bind(resolve(listen));
    } catch (IOException e) {
      throw new Fail(Sv2.CONNECT, "cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage());
    }
    Thread hook = new Thread(() -> stop(server), "sv2-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
      log("listening on " + bound.getHostString() + ":" + bound.getPort()
          + (plain ? " (plaintext)" : served != null ? served.description : " (encrypted; authority " + authorityPublic.strip() + ", certificates valid " + certValidity.toSeconds() + " s)"));
      if (portFile != null) {
        writePortFile(bound.getPort());
      }
      AtomicInteger ended = new AtomicInteger();
      AtomicInteger started = new AtomicInteger();
      Object done = new Object();
      while (maxConnections == null || started.get() < maxConnections) {
        SocketChannel ch;
        try {
          ch = server.accept();
        } catch (ClosedChannelException e) {
          break;
        }
        int n = started.incrementAndGet();
        Responder.Builder rb = responders;
        Thread t = new Thread(() -> {
          handle(ch, n, rb);
          ended.incrementAndGet();
          synchronized (done) {
            done.notifyAll();
          }
        }, "sv2-serve-" + n);
        t.setDaemon(true);
        t.start();
      }
      synchronized (done) {
        while (maxConnections != null && ended.get() < maxConnections) {
          done.wait(100);
        }
      }
      log("stopped after " + ended.get() + " connection(s)");
      return Sv2.OK;
    } catch (IOException e) {
      throw new Fail(Sv2.INTERNAL, "server failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Sv2.INTERNAL;
    } finally {
      stop(server);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
      if (responders != null) {
        responders.destroy();
      }
    }
  }

  private void handle(SocketChannel ch, int n, Responder.Builder responders) {
    String who = "#" + n;
    String from;
    try {
      from = String.valueOf(ch.getRemoteAddress());
    } catch (IOException e) {
      from = "?";
    }
    Sv2Connection c;
    long t0 = System.nanoTime();
    try {
      c = responders == null ? Sv2Connection.plain(ch) : Sv2Connection.responder(ch, responders.build());
    } catch (CodecException | IOException | org.sv2j.noise.NoiseException e) {
      log(who + " from " + from + ": handshake failed: " + e.getMessage());
      return;
    }
    open.add(c);
    if (c.isEncrypted()) {
      log(who + " from " + from + ": handshake done in " + (System.nanoTime() - t0) / 1000 + " us, certificate valid until "
          + Instant.ofEpochSecond(c.certificate().orElseThrow().notValidAfter()));
    } else {
      log(who + " from " + from + ": plaintext connection");
    }
    Responding.serve(c, who, idleTimeout, this::log);
    open.remove(c);
  }

  private void stop(ServerSocketChannel server) {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Sv2Connection c : open) {
      c.close();
    }
  }

  private synchronized void log(String line) {
    out().println(Instant.now() + " " + line);
    out().flush();
  }

  /** Written beside the target and moved into place, so a watcher never reads half a port number. */
  private void writePortFile(int port) throws IOException {
    Path target = portFile.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), ".sv2-port", ".tmp");
    try {
      Files.writeString(tmp, Integer.toString(port), StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
