package org.sv2j.harness.wire;

/** A payload that does not decode as the message its header names (truncated, over a bound, bad byte). */
public final class WireException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception naming the message and field.
   *
   * @param message what went wrong, naming the message and the field
   */
  public WireException(String message) {
    super(message);
  }
}
