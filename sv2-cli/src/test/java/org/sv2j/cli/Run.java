package org.sv2j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: exit status, stdout, stderr. */
record Run(int status, String out, String err) {
  static Run of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Sv2.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  /** The value of a {@code name = "value"} line. */
  String value(String name) {
    for (String line : out.split("\n")) {
      if (line.startsWith(name + " = \"")) {
        return line.substring(name.length() + 4, line.length() - 1);
      }
    }
    throw new AssertionError("no " + name + " in:\n" + out);
  }
}
