package org.sv2j.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Shared plumbing of the subcommands: output streams, expected failures, option converters. */
abstract class Cli implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final HexFormat HEX = HexFormat.of();

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (Fail f) {
      err().println(spec.qualifiedName() + ": " + f.getMessage());
      err().flush();
      return f.status;
    } finally {
      out().flush();
    }
  }

  abstract int execute() throws Fail;

  /** {@code HOST:PORT}; IPv6 as {@code [::1]:PORT}. */
  static final class AddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String s) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1) {
        throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + s + "'");
      }
      String host = s.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("port must be a number in '" + s + "'");
      }
      if (port < 0 || port > 65_535) {
        throw new CommandLine.TypeConversionException("port outside 0..65535 in '" + s + "'");
      }
      return InetSocketAddress.createUnresolved(host, port);
    }
  }

  /**
   * Durations as {@code 3600s}, {@code 90m}, {@code 2h}, {@code 500ms}, or plain seconds; zero and negative
   * durations are refused (every duration of these commands is a positive bound). {@code never} (or {@code
   * off}) gives {@link #NEVER}, which the options that allow it document.
   */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
      String t = s.strip().toLowerCase(Locale.ROOT);
      if (t.equals("never") || t.equals("off")) {
        return NEVER;
      }
      Duration d = parse(s, t);
      if (d.isZero() || d.isNegative()) {
        throw new CommandLine.TypeConversionException("must be positive, got '" + s + "'");
      }
      return d;
    }

    private static Duration parse(String s, String t) {
      try {
        if (t.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
          return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
          return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("h")) {
          return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("expected a duration such as 3600s, 60m, 1h or 500ms, got '" + s + "'");
      }
    }
  }

  /** "No limit", as {@code never} on the command line. */
  static final Duration NEVER = Duration.ofSeconds(Long.MAX_VALUE);

  /** Byte sizes: {@code 65536}, {@code 64KiB}, {@code 1MiB} (also {@code k}, {@code KB}, {@code m}, {@code MB}: binary units). */
  static final class SizeConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      String t = s.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
      long unit = 1;
      if (t.endsWith("k")) {
        unit = 1024;
        t = t.substring(0, t.length() - 1);
      } else if (t.endsWith("m")) {
        unit = 1024 * 1024;
        t = t.substring(0, t.length() - 1);
      }
      try {
        long v = Math.multiplyExact(Long.parseLong(t.strip()), unit);
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw new CommandLine.TypeConversionException("size outside 0.." + Integer.MAX_VALUE + ": '" + s + "'");
        }
        return (int) v;
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("expected a size such as 65536, 64KiB or 1MiB, got '" + s + "'");
      }
    }
  }

  /** A usage error (exit status 2) for this command. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** A resolved address for connecting or binding. */
  static InetSocketAddress resolve(InetSocketAddress a) {
    return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
  }
}
