package org.sv2j.messages;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Writer;

/**
 * A message this library does not know, kept as its bytes so that a proxy can forward it untouched:
 * {@link #toFrame()} gives a frame with the same header fields and payload.
 *
 * @param extensionType the extension type without the channel bit (0 to 0x7fff)
 * @param msgType the message type (0 to 255)
 * @param channelMsg the channel bit of the frame it came in
 * @param payload the payload, copied
 */
public record UnknownMessage(int extensionType, int msgType, boolean channelMsg, Bytes payload) implements AnyMessage {

  /**
   * Checks the header fields.
   *
   * @throws MessageException of kind {@link MessageException.Kind#OUT_OF_RANGE} for an extension type over
   *     15 bits or a message type over 8
   */
  public UnknownMessage {
    Objects.requireNonNull(payload, "payload");
    if ((extensionType & ~0x7fff) != 0 || (msgType & ~0xff) != 0) {
      throw new MessageException(null, null, MessageException.Kind.OUT_OF_RANGE,
          "extension_type " + extensionType + ", msg_type " + msgType);
    }
  }

  @Override
  public String messageName() {
    return String.format("Unknown(0x%04x/0x%02x)", extensionType, msgType);
  }

  @Override
  public int encodedLength() {
    return payload.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, payload.length(), messageName());
    payload.copyTo(dst);
  }
}
