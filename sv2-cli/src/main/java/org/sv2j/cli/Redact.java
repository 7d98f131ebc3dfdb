package org.sv2j.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Keeps secrets out of usage errors. A token is treated as secret when it (or its value after {@code =})
 * looks like a base58 key: 40 or more characters of the base58 alphabet, checksum or not (a mistyped key
 * is still nearly the key). Unmatched arguments that are not options are never quoted at all.
 */
final class Redact {
  static final String HIDDEN = "<hidden>";
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private Redact() {}

  /** The message for {@code ex}, with every secret-looking argument of {@code args} replaced. */
  static String usageMessage(CommandLine.ParameterException ex, String[] args) {
    String message;
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> shown = new ArrayList<>();
      for (String t : u.getUnmatched()) {
        shown.add(unmatched(t));
      }
      message = (shown.size() == 1 ? "Unknown option or unexpected argument: " : "Unknown options or unexpected arguments: ")
          + String.join(", ", shown);
    } else {
      message = String.valueOf(ex.getMessage());
    }
    return scrub(message, args);
  }

  /** An unmatched token as shown: option names quoted, their {@code =value} and bare values hidden. */
  static String unmatched(String t) {
    if (t.startsWith("-")) {
      int eq = t.indexOf('=');
      return "'" + Escape.text(eq < 0 ? t : t.substring(0, eq) + "=" + HIDDEN) + "'";
    }
    return HIDDEN;
  }

  /** {@code message} with every secret-looking token of {@code args} (whole or after {@code =}) replaced. */
  static String scrub(String message, String[] args) {
    String m = message;
    if (args != null) {
      for (String a : args) {
        if (a == null) {
          continue;
        }
        int eq = a.indexOf('=');
        String v = eq >= 0 ? a.substring(eq + 1) : a;
        if (looksSecret(v.strip())) {
          m = m.replace(v.strip(), HIDDEN);
        }
      }
    }
    return Escape.text(m);
  }

  /** Whether {@code s} could be a key in base58 text form. */
  static boolean looksSecret(String s) {
    if (s.length() < 40) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (BASE58.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
