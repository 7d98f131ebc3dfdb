package org.sv2j.cli;

/** An expected failure: a message for stderr and an exit status, never a stack trace. */
final class Fail extends Exception {
  private static final long serialVersionUID = 1L;
  final int status;

  Fail(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
