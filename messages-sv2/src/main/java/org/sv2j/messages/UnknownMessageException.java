package org.sv2j.messages;

import org.sv2j.binary.MessageException;

/**
 * A frame whose (extension_type, msg_type) no decoder of this library knows: a recoverable error (a
 * proxy forwards such frames untouched, see {@link Sv2Messages#decodeOrPassThrough}).
 */
public final class UnknownMessageException extends MessageException {
  private static final long serialVersionUID = 1L;

  private final int extensionType;
  private final int msgType;

  /**
   * A new exception.
   *
   * @param extensionType the frame's extension type (channel bit cleared)
   * @param msgType the frame's message type
   */
  public UnknownMessageException(int extensionType, int msgType) {
    super(null, null, Kind.UNKNOWN_MESSAGE,
        String.format("no message has extension_type 0x%04x, msg_type 0x%02x", extensionType, msgType));
    this.extensionType = extensionType;
    this.msgType = msgType;
  }

  /**
   * The frame's extension type.
   *
   * @return the extension type, channel bit cleared
   */
  public int extensionType() {
    return extensionType;
  }

  /**
   * The frame's message type.
   *
   * @return the message type
   */
  public int msgType() {
    return msgType;
  }
}
