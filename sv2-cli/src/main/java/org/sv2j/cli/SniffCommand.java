package org.sv2j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.sv2j.harness.Endpoints;
import org.sv2j.harness.Sniffer;
import org.sv2j.harness.Text;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sv2 sniff}: the harness's decrypting man-in-the-middle. */
@Command(
    name = "sniff",
    mixinStandardHelpOptions = true,
    description = "Sits between Sv2 downstreams and an upstream, terminating Noise on both sides (or plaintext with --plain-downstream / "
        + "--plain-upstream), and prints every message both ways, one line each (or JSON lines with --json); frames are forwarded unchanged. "
        + "The downstream side uses a server credential (--credential) or the authority key pair from --authority-secret-file (or the environment variable SV2_AUTHORITY_SECRET); "
        + "the upstream's certificate is checked against --upstream-authority-public. --capture FILE writes the recording on exit "
        + "('sv2 decode FILE' lists it).")
final class SniffCommand extends Cli {
  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class, description = "Where downstreams connect.")
  InetSocketAddress listen;

  @Option(names = "--upstream", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class, description = "The upstream (pool).")
  InetSocketAddress upstream;

  @Option(names = "--upstream-authority-public", paramLabel = "KEY", description = "The upstream's authority public key (without it the certificate is not checked).")
  String upstreamAuthority;

  @Option(names = "--authority-secret-file", paramLabel = "FILE", description = "The sniffer's own authority key pair for the downstream side, as 'sv2 keys generate --out FILE' writes it.")
  Path secretFile;

  @Option(names = "--credential", paramLabel = "FILE",
      description = "Serve the downstream side with a pre-signed server credential ('sv2 keys certify') instead of an authority key pair: no authority secret in the sniffer.")
  Path credential;

  @Option(names = "--cert-validity", paramLabel = "DURATION", defaultValue = "3600s", converter = DurationConverter.class,
      description = "Validity of the downstream side's certificates (default: ${DEFAULT-VALUE}).")
  Duration certValidity;

  @Option(names = "--plain-downstream", description = "Plaintext toward downstreams.")
  boolean plainDownstream;

  @Option(names = "--plain-upstream", description = "Plaintext toward the upstream.")
  boolean plainUpstream;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(names = "--capture", paramLabel = "FILE", description = "Write every recorded frame to FILE on exit.")
  Path capture;

  @Option(names = "--max-records", paramLabel = "N", defaultValue = "100000",
      description = "With --capture: keep the latest N frames for the capture file; older ones are dropped and counted (default: ${DEFAULT-VALUE}).")
  int maxRecords;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + org.sv2j.harness.Sniffer.DEFAULT_MAX_CONNECTIONS,
      description = "Most downstreams relayed at once (two threads each); more are closed as soon as they are accepted (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, description = "Stop after this long (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port to FILE once listening.")
  Path portFile;

  @Override
  int execute() throws Fail {
    if (plainUpstream && upstreamAuthority != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--plain-upstream and --upstream-authority-public exclude each other");
    }
    if (plainDownstream && secretFile != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--plain-downstream and --authority-secret-file exclude each other");
    }
    if (credential != null && (plainDownstream || secretFile != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--credential excludes --plain-downstream and --authority-secret-file");
    }
    if (maxRecords < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-records must be at least 1");
    }
    if (maxConnections < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-connections must be at least 1");
    }
    Endpoints.Client up;
    if (plainUpstream) {
      up = Endpoints.Client.plain();
    } else if (upstreamAuthority != null) {
      try {
        up = Endpoints.Client.noise(AuthorityKeys.decodePublicKey(upstreamAuthority.strip()));
      } catch (NoiseException e) {
        throw new Fail(Sv2.INVALID_INPUT, "--upstream-authority-public: " + e.getMessage());
      }
    } else {
      up = Endpoints.Client.noiseUnauthenticated();
      err().println("sv2 sniff: no --upstream-authority-public: the upstream's certificate is not checked");
    }
    Endpoints.Server down;
    String publicText = null;
    if (plainDownstream) {
      down = Endpoints.Server.plain();
    } else if (credential != null) {
      ServeCredential served = ServeCredential.load(credential, java.time.Duration.ofDays(7), err()::println);
      down = Endpoints.Server.noise(served.responders);
      publicText = served.authorityText;
    } else {
      AuthorityKeys keys = HarnessOptions.authority(secretFile);
      if (keys == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "give --plain-downstream, or --authority-secret-file FILE (or set " + HarnessOptions.SECRET_ENV + ")");
      }
      try (keys) {
        publicText = keys.publicKeyText();
        down = Endpoints.Server.noise(keys, certValidity);
      }
    }
    try (Sniffer sniffer = Sniffer.builder(resolve(upstream)).listen(resolve(listen)).downstream(down).upstream(up)
        // Without --capture nothing reads the records (the listener prints each as it comes): keep only one.
        .maxRecords(capture == null ? 1 : maxRecords).maxConnections(maxConnections)
        .listener(r -> line(json ? json(r) : r.toString())).build()) {
      try {
        sniffer.start();
      } catch (IOException e) {
        throw new Fail(Sv2.CONNECT, "cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage());
      }
      if (!json) {
        line("sniffing on " + sniffer.address() + (plainDownstream ? " (plaintext" : " (encrypted, authority " + publicText) + ") -> "
            + upstream.getHostString() + ":" + upstream.getPort() + " (" + up + ")");
      }
      if (portFile != null) {
        HarnessOptions.writePortFile(portFile, sniffer.address().getPort());
      }
      try (HarnessOptions.Stopped stopped = HarnessOptions.runFor(duration)) {
        sniffer.close();
        if (capture != null) {
          try {
            sniffer.writeCapture(capture);
          } catch (IOException e) {
            throw new Fail(Sv2.INTERNAL, "cannot write " + capture + ": " + e.getMessage());
          }
          if (!json) {
            long dropped = sniffer.droppedRecords();
            line("wrote " + sniffer.records().size() + " frames to " + capture
                + (dropped == 0 ? "" : " (" + dropped + " older frames dropped: --max-records " + maxRecords + ")"));
          }
        }
      }
      return Sv2.OK;
    }
  }

  private synchronized void line(String s) {
    out().println(s);
    out().flush();
  }

  /** One record as a JSON object; the message text is the library's (escaped) rendering, JSON-escaped again. */
  static String json(Sniffer.Record r) {
    return "{\"time\":\"" + r.time() + "\",\"connection\":" + r.connection()
        + ",\"direction\":\"" + (r.direction() == Sniffer.Direction.TO_UPSTREAM ? "to_upstream" : "to_downstream") + "\""
        + ",\"extension_type\":" + (r.extensionType() & 0x7fff) + ",\"channel_msg\":" + r.channelMsg()
        + ",\"msg_type\":" + r.msgType() + ",\"name\":\"" + jsonEscape(r.name()) + "\""
        + ",\"payload\":\"" + HexFormat.of().formatHex(r.payload()) + "\""
        + (r.message() != null ? ",\"message\":\"" + jsonEscape(r.message().toString()) + "\"" : "")
        + (r.decodeError() != null ? ",\"decode_error\":\"" + jsonEscape(r.decodeError()) + "\"" : "")
        + ",\"action\":\"" + r.action().name().toLowerCase(java.util.Locale.ROOT) + "\"}";
  }

  static String jsonEscape(String s) {
    // Text.escape leaves only printable ASCII; JSON then needs nothing more than its own backslash form.
    return Text.escape(s);
  }
}
