package org.sv2j.messages;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Tlv;
import org.sv2j.binary.Writer;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;
import org.sv2j.messages.extensions.UserIdentity;

/**
 * A message followed by TLV fields (spec 03 §3.4): what {@link Sv2Messages#decodeWithTlvs} returns, and
 * how to send a message with TLVs of negotiated extensions ({@link #toFrame()} encodes the message, then
 * each TLV in order).
 *
 * @param message the message
 * @param tlvs the TLV fields after it, in wire order (empty when none)
 */
public record WithTlvs(AnyMessage message, List<Tlv> tlvs) implements Sv2Message {

  /**
   * Copies the list.
   *
   * @throws NullPointerException for a null message, list or element
   */
  public WithTlvs {
    Objects.requireNonNull(message, "message");
    tlvs = List.copyOf(tlvs);
  }

  /**
   * The TLVs of one extension.
   *
   * @param extensionType the extension
   * @return those of {@link #tlvs()} with that extension type, in order
   */
  public List<Tlv> tlvs(int extensionType) {
    return tlvs.stream().filter(t -> t.extensionType() == extensionType).toList();
  }

  /**
   * The worker-specific hashrate tracking extension's {@code user_identity} (extension 0x0002, field
   * 0x01), the typed accessor for {@code SubmitSharesExtended}: the first such TLV, if any.
   *
   * @return the user identity, or empty when there is no such TLV
   * @throws MessageException if the TLV's value is longer than {@link UserIdentity#MAX_LENGTH} (the
   *     reference refuses it too)
   */
  public Optional<UserIdentity> userIdentity() {
    for (Tlv t : tlvs) {
      if (t.extensionType() == UserIdentity.EXTENSION_TYPE && t.fieldType() == UserIdentity.FIELD_TYPE) {
        return Optional.of(UserIdentity.fromTlv(t));
      }
    }
    return Optional.empty();
  }

  @Override
  public int encodedLength() {
    long n = message.encodedLength();
    for (Tlv t : tlvs) {
      n += t.encodedLength();
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), message.messageName());
    message.encodeTo(dst);
    for (Tlv t : tlvs) {
      t.encodeTo(dst);
    }
  }

  /**
   * A frame with the message's header fields around the message and its TLVs.
   *
   * @return a new message-form frame
   * @throws org.sv2j.framing.FramingException if it is longer than a frame can carry
   */
  public Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(message.extensionType(), message.msgType(), message.channelMsg(), this);
  }
}
