package org.sv2j.messages;

import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * Any Sv2 message this library knows, or an {@link UnknownMessage} passed through: what {@link
 * Sv2Messages} decodes a frame into. Each subprotocol's messages share a sealed sub-interface ({@code
 * CommonMessage}, {@code MiningMessage}, {@code TemplateDistributionMessage}, {@code
 * JobDeclarationMessage}, {@code ExtensionsNegotiationMessage}), so a {@code switch} over one of them is
 * checked for completeness.
 *
 * <p>The instance methods return the same values as each record's {@code EXTENSION_TYPE}, {@code
 * MSG_TYPE}, {@code CHANNEL_MSG} and {@code NAME} constants, for code that holds a message of unknown type.
 */
public interface AnyMessage extends Sv2Message {

  /**
   * The extension the message belongs to (0 for the core protocol), without the channel bit.
   *
   * @return 0 to 0x7fff
   */
  int extensionType();

  /**
   * The message type.
   *
   * @return 0 to 255
   */
  int msgType();

  /**
   * Whether frames of this message set the channel bit.
   *
   * @return the reference's channel bit for the message
   */
  boolean channelMsg();

  /**
   * The reference's name of the message.
   *
   * @return for example {@code SubmitSharesStandard}
   */
  String messageName();

  /**
   * A frame around this message, serialized when the frame is encoded: {@code Sv2Frame.fromMessage(
   * extensionType(), msgType(), channelMsg(), this)}.
   *
   * @return a new message-form frame
   * @throws org.sv2j.framing.FramingException if the message is longer than a frame can carry
   */
  default Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(extensionType(), msgType(), channelMsg(), this);
  }
}
