package org.sv2j.cli;

import java.util.Optional;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.MessageType;
import org.sv2j.messages.Sv2Messages;

/** The commands' view of the message registry: names and decoding of known messages. */
final class CliMessages {
  private CliMessages() {}

  /** The reference's name of a message type, if it is one. */
  static Optional<String> name(int extensionTypeWithoutChannelBit, int msgType) {
    return Sv2Messages.type(extensionTypeWithoutChannelBit, msgType).map(MessageType::name);
  }

  /**
   * The decoded message in {@code frame}, or empty if its type is unknown.
   *
   * @throws org.sv2j.binary.MessageException if the payload does not hold the message its header names
   */
  static Optional<AnyMessage> decode(Sv2Frame frame) {
    if (!Sv2Messages.isKnown(frame.extensionTypeWithoutChannelBit(), frame.msgType())) {
      return Optional.empty();
    }
    return Optional.of(Sv2Messages.decode(frame));
  }
}
