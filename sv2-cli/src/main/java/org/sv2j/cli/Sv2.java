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
      "  7  invalid input (key text, key file, byte stream, hex)",
      "  8  the endpoint broke the protocol (e.g. accepted a version outside the range asked for)"
    })
public final class Sv2 implements Runnable {
  /** Exit status: success. */
  public static final int OK = 0;
  /** Exit status: an unexpected internal error (a bug). */
  public static final int INTERNAL = 1;
  /** Exit status: a usage error (unknown option, missing or bad argument value). */
  public static final int USAGE = 2;
  /** Exit status: could not connect (or listen). */
  public static final int CONNECT = 3;
  /** Exit status: the Noise handshake failed. */
  public static final int HANDSHAKE = 4;
  /** Exit status: the certificate was refused. */
  public static final int CERTIFICATE = 5;
  /** Exit status: SetupConnection refused or answered with something else. */
  public static final int SETUP = 6;
  /** Exit status: invalid input (key text, key file, byte stream, hex). */
  public static final int INVALID_INPUT = 7;
  /** Exit status: the endpoint broke the protocol (a SetupConnection.Success outside the version range asked for). */
  public static final int PROTOCOL_VIOLATION = 8;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The tool itself, as picocli instantiates it. */
  public Sv2() {}

  /** Without a subcommand: a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /**
   * A command line wired to {@code out} and {@code err}, as tests and {@link #main} use it.
   *
   * @param out standard output
   * @param err standard error
   * @return the configured command line
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Sv2());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(Sv2::usageError);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // Expected failures are reported by the commands themselves; this is for bugs only.
          cmd.getErr().println("sv2: internal error: " + e);
          return INTERNAL;
        });
    return cl;
  }

  /**
   * Prints a usage error without echoing anything that may be a secret: picocli's own messages quote the
   * unmatched arguments and the refused values, and a mistyped option name would otherwise print the key
   * that follows it.
   */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(Redact.usageMessage(ex, args));
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      // Suggestions are our own option and command names, never the user's text.
      CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
    }
    cmd.usage(err);
    err.flush();
    return USAGE;
  }

  /**
   * Runs {@code args} and returns the exit status.
   *
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit status
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The {@code sv2} command: runs {@code args} and exits with the status.
   *
   * @param args the command line
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
