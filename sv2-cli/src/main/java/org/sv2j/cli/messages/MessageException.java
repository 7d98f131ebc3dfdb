package org.sv2j.cli.messages;

/** A payload that does not hold the message its header names (too short, wrong type). */
public final class MessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with the given message.
   *
   * @param message what is wrong, without the payload's bytes
   */
  public MessageException(String message) {
    super(message);
  }
}
