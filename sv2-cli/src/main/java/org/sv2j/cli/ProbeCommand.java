package org.sv2j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import org.sv2j.messages.AnyMessage;
import org.sv2j.binary.MessageException;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionError;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Certificate;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sv2 probe}: checks an Sv2 endpoint from the client side. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Connects to an Sv2 endpoint as initiator, performs the Noise handshake, prints the certificate (validity in UTC, seconds left, signature verdict against --authority-public), sends SetupConnection and prints the reply. The exit status says which step failed (see sv2 --help).")
final class ProbeCommand extends Cli {
  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = AddressConverter.class, description = "The endpoint.")
  InetSocketAddress endpoint;

  @Option(names = "--authority-public", paramLabel = "KEY", description = "The pool's authority public key; the certificate must be signed by it.")
  String authorityPublic;

  @Option(names = "--plain", description = "Plaintext endpoint (no handshake).")
  boolean plain;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Bound for connecting, the handshake and the reply (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--protocol", defaultValue = "0", description = "SetupConnection protocol: 0 mining, 1 job declaration, 2 template distribution (default: ${DEFAULT-VALUE}).")
  int protocol;

  @Option(names = "--min-version", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
  int minVersion;

  @Option(names = "--max-version", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
  int maxVersion;

  @Option(names = "--flags", defaultValue = "0", description = "SetupConnection flags, decimal or 0x hex (default: ${DEFAULT-VALUE}).")
  String flags;

  @Option(names = "--vendor", defaultValue = "sv2j", description = "Default: ${DEFAULT-VALUE}.")
  String vendor;

  @Option(names = "--endpoint-host", paramLabel = "HOST", description = "SetupConnection endpoint_host (default: the HOST probed).")
  String endpointHost;

  @Option(names = "--endpoint-port", paramLabel = "PORT", description = "SetupConnection endpoint_port (default: the PORT probed).")
  Integer endpointPort;

  @Override
  int execute() throws Fail {
    if (plain && authorityPublic != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--plain and --authority-public exclude each other");
    }
    if (timeout.equals(NEVER)) {
      throw usage("--timeout must be a duration: a probe always gives up");
    }
    if (endpoint.getPort() == 0) {
      throw usage("port 0 cannot be probed");
    }
    if (minVersion < 0 || minVersion > 0xffff || maxVersion < 0 || maxVersion > 0xffff) {
      throw usage("--min-version and --max-version are u16 values (0..65535)");
    }
    if (minVersion > maxVersion) {
      throw usage("--min-version " + minVersion + " is above --max-version " + maxVersion);
    }
    SetupConnection setup;
    try {
      setup =
          new SetupConnection(
              protocol, minVersion, maxVersion, Long.decode(flags),
              endpointHost != null ? endpointHost : endpoint.getHostString(),
              endpointPort != null ? endpointPort : endpoint.getPort(),
              vendor, "sv2 probe", "sv2j", "");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "invalid SetupConnection field: " + Escape.text(e.getMessage()));
    }
    byte[] authority = null;
    if (authorityPublic != null) {
      try {
        authority = AuthorityKeys.decodePublicKey(authorityPublic.strip());
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, "--authority-public: " + e.getMessage());
      }
    }

    String where = Escape.text(endpoint.getHostString()) + ":" + endpoint.getPort();
    SocketChannel ch;
    long t0 = System.nanoTime();
    InetSocketAddress target = resolve(endpoint);
    if (target.isUnresolved()) {
      throw new Fail(Sv2.CONNECT, "cannot connect to " + where + ": host not found");
    }
    try {
      ch = SocketChannel.open();
    } catch (IOException e) {
      throw new Fail(Sv2.CONNECT, "cannot connect to " + where + ": " + e.getMessage());
    }
    try {
      ch.socket().connect(target, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      throw new Fail(Sv2.CONNECT, "cannot connect to " + where + ": " + e.getMessage());
    }
    out().printf("connected to %s in %d ms%n", where, (System.nanoTime() - t0) / 1_000_000);

    Sv2Connection c;
    Sv2Connection.Options options = Sv2Connection.Options.defaults().withHandshakeTimeout(timeout);
    try {
      if (plain) {
        c = Sv2Connection.plain(ch, options);
        out().println("plaintext: no handshake");
      } else {
        long t1 = System.nanoTime();
        Initiator initiator = authority != null ? Initiator.create(authority) : Initiator.createUnauthenticated();
        c = Sv2Connection.initiator(ch, initiator, options);
        out().printf("handshake: done in %d ms (Noise NX, secp256k1 + ElligatorSwift, ChaCha20-Poly1305)%n", (System.nanoTime() - t1) / 1_000_000);
        printCertificate(c.certificate().orElseThrow(), authority != null ? "valid: signed by the given authority key" : "not checked (no --authority-public given)");
      }
    } catch (CodecException e) {
      if (e.getCause() instanceof NoiseException n && n.kind() == NoiseException.Kind.INVALID_CERTIFICATE) {
        if (n.certificate() != null) {
          printCertificate(n.certificate(), "REFUSED (" + n.reason() + ")");
        }
        throw new Fail(Sv2.CERTIFICATE, "certificate refused: " + n.getMessage());
      }
      throw new Fail(Sv2.HANDSHAKE, "handshake failed: " + e.getMessage());
    } catch (IOException e) {
      throw new Fail(Sv2.HANDSHAKE, "handshake failed: " + e.getMessage());
    }

    try (c) {
      Sv2Frame frame = setup.toFrame();
      c.send(frame);
      out().println("sent:      " + Escape.controls(Responding.Describe.frame(frame)));
      Sv2Frame reply = receiveWithin(c, timeout);
      try (reply) {
        out().println("received:  " + Escape.controls(Responding.Describe.frame(reply)));
        AnyMessage m;
        try {
          m = CliMessages.decode(reply).orElse(null);
        } catch (MessageException e) {
          throw new Fail(Sv2.SETUP, "malformed reply: " + Escape.text(e.getMessage()));
        }
        if (m instanceof SetupConnectionSuccess s) {
          if (s.usedVersion() < minVersion || s.usedVersion() > maxVersion) {
            // The server claims a version we did not offer: nothing it sends next can be trusted to parse.
            throw new Fail(Sv2.PROTOCOL_VIOLATION, "SetupConnection.Success with used_version " + s.usedVersion()
                + ", outside the range asked for (" + minVersion + ".." + maxVersion + ")");
          }
          out().printf("setup:     accepted, version %d, flags 0x%08x%n", s.usedVersion(), s.flags());
          return Sv2.OK;
        }
        if (m instanceof SetupConnectionError err) {
          throw new Fail(Sv2.SETUP, "SetupConnection refused: error code " + Escape.controls(String.valueOf(err.errorCode())) + ", flags 0x" + Long.toHexString(err.flags()));
        }
        throw new Fail(Sv2.SETUP, "unexpected reply to SetupConnection: message type 0x" + Integer.toHexString(reply.msgType()));
      }
    } catch (IOException | CodecException e) {
      throw new Fail(Sv2.SETUP, "no reply to SetupConnection: " + Escape.text(e.getMessage()));
    }
  }

  private void printCertificate(Certificate cert, String verdict) {
    long left = cert.notValidAfter() - Instant.now().getEpochSecond();
    out().println("certificate:");
    out().println("  version:         " + cert.version());
    out().println("  valid from:      " + Instant.ofEpochSecond(cert.validFrom()) + " (UTC)");
    out().println("  not valid after: " + Instant.ofEpochSecond(cert.notValidAfter()) + " (UTC)");
    out().println("  validity left:   " + left + " s");
    out().println("  server key:      " + HEX.formatHex(cert.subjectKey()));
    out().println("  signature:       " + verdict);
  }

  /** receive() bounded by closing the connection when the time is up. */
  private static Sv2Frame receiveWithin(Sv2Connection c, Duration timeout) throws IOException, Fail {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(timeout.toMillis());
        c.close();
      } catch (InterruptedException e) {
        // the reply came in time
      }
    }, "sv2-probe-timeout");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      return c.receive();
    } catch (AsynchronousCloseException e) {
      throw new Fail(Sv2.SETUP, "no reply to SetupConnection within " + timeout.toMillis() + " ms");
    } finally {
      watchdog.interrupt();
    }
  }
}
