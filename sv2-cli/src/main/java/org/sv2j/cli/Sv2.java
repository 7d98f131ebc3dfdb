package org.sv2j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sv2}: a Stratum V2 toolbox on sv2j. Subcommands: {@code demo}, {@code keys generate|inspect},
 * {@code serve}, {@code probe}, {@code decode}.
 */
@Command(
    name = "sv2",
    mixinStandardHelpOptions = true,
    versionProvider = Sv2.Version.class,
    description = "Stratum V2 toolbox: keys, a test server, an endpoint probe, a stream decoder, a demo.",
    subcommands = {DemoCommand.class, KeysCommand.class, ServeCommand.class, ProbeCommand.class, DecodeCommand.class, SniffCommand.class, PoolCommand.class, MineCommand.class},
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  success",
      "  1  unexpected internal error",
      "  2  usage error (unknown option, missing argument)",
      "  3  could not connect",
      "  4  Noise handshake failed (timeout, peer closed, bad message)",
      "  5  certificate refused (wrong authority key, expired, bad signature)",
      "  6  SetupConnection refused or answered with something else",
      "  7  invalid input (key text, byte stream, hex)"
    })
public final class Sv2 implements Runnable {
  /** Exit status: success. */
  public static final int OK = 0;
  /** Exit status: an unexpected internal error (a bug). */
  public static final int INTERNAL = 1;
  /** Exit status: a usage error (unknown option, missing argument). */
  public static final int USAGE = 2;
  /** Exit status: could not connect. */
  public static final int CONNECT = 3;
  /** Exit status: the Noise handshake failed (timeout, peer closed, bad message). */
  public static final int HANDSHAKE = 4;
  /** Exit status: the certificate was refused (wrong authority key, expired, bad signature). */
  public static final int CERTIFICATE = 5;
  /** Exit status: SetupConnection was refused or answered with something else. */
  public static final int SETUP = 6;
  /** Exit status: invalid input (key text, byte stream, hex). */
  public static final int INVALID_INPUT = 7;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The top-level command, as {@link #commandLine} creates it (picocli fills in {@code spec}). */
  public Sv2() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /**
   * A command line wired to {@code out} and {@code err}, as tests and {@link #main} use it.
   *
   * @param out where the commands print their results
   * @param err where errors and usage messages go
   * @return the configured command line
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Sv2());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // Expected failures are reported by the commands themselves; this is for bugs only.
          cmd.getErr().println("sv2: internal error: " + e);
          return INTERNAL;
        });
    return cl;
  }

  /**
   * Runs {@code args} and returns the exit status.
   *
   * @param out where the commands print their results
   * @param err where errors and usage messages go
   * @param args the command line's arguments
   * @return the exit status, one of the constants above
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Runs {@code sv2} with {@code args} and exits with its status.
   *
   * @param args the command line's arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** The version printed by {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Sv2.class.getPackage().getImplementationVersion();
      return new String[] {"sv2 (sv2j) " + (v == null ? "development build" : v), "Java " + Runtime.version()};
    }
  }
}
