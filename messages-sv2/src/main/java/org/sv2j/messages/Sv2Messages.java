package org.sv2j.messages;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Tlv;
import org.sv2j.framing.Sv2Frame;

/**
 * The registry of every message the reference defines: decodes a frame (or an extension type, a message
 * type and a payload) into its typed message.
 *
 * <h2>What is known</h2>
 *
 * The 44 message types of stratum-mining/stratum at 268022034c18 ({@link #types()}): 5 common, 21
 * mining, 7 template distribution, 8 job declaration (all extension 0) and the 3 extensions negotiation
 * messages (extension 0x0001). The worker-specific hashrate tracking extension (0x0002) only adds a TLV
 * field ({@link org.sv2j.messages.extensions.UserIdentity}). Any other (extension_type, msg_type) is an
 * {@link UnknownMessageException}, or with {@link #decodeOrPassThrough} an {@link UnknownMessage} that a
 * proxy forwards as it came.
 *
 * <h2>The channel bit and trailing bytes</h2>
 *
 * As the reference's {@code parsers_sv2}, the registry dispatches on the extension type without the
 * channel bit and the message type only: a frame whose channel bit disagrees with the message's {@code
 * CHANNEL_MSG} still decodes. Bytes after a complete message are what the reference's {@code from_bytes}
 * ignores and its {@code parsers_sv2} reads as TLV fields of negotiated extensions, on any message type:
 * {@link #decode} ignores them, {@link #decodeWithTlvs} returns them as a list, {@link #decodeStrict}
 * refuses them (and BOOL bytes over 1 and STR0_255 that is not UTF-8).
 *
 * <h2>Errors</h2>
 *
 * Every failure is a {@link MessageException} naming the message and field (an {@link
 * UnknownMessageException} for an unknown type): never an unchecked buffer exception, whatever the bytes.
 * Decoding reserves memory only for data it has checked is there.
 *
 * <h2>Ownership</h2>
 *
 * The decoded messages copy what they hold: they stay valid after the frame is closed. The frame itself
 * stays with the caller (the registry neither closes it nor keeps it).
 */
public final class Sv2Messages {
  private Sv2Messages() {}

  private static final List<MessageType> TYPES =
      List.of(
          new MessageType("SetupConnection", "common", 0x0000, 0x00, false, org.sv2j.messages.common.SetupConnection.class),
          new MessageType("SetupConnectionSuccess", "common", 0x0000, 0x01, false, org.sv2j.messages.common.SetupConnectionSuccess.class),
          new MessageType("SetupConnectionError", "common", 0x0000, 0x02, false, org.sv2j.messages.common.SetupConnectionError.class),
          new MessageType("ChannelEndpointChanged", "common", 0x0000, 0x03, true, org.sv2j.messages.common.ChannelEndpointChanged.class),
          new MessageType("Reconnect", "common", 0x0000, 0x04, false, org.sv2j.messages.common.Reconnect.class),
          new MessageType("OpenStandardMiningChannel", "mining", 0x0000, 0x10, false, org.sv2j.messages.mining.OpenStandardMiningChannel.class),
          new MessageType("OpenStandardMiningChannelSuccess", "mining", 0x0000, 0x11, false, org.sv2j.messages.mining.OpenStandardMiningChannelSuccess.class),
          new MessageType("OpenMiningChannelError", "mining", 0x0000, 0x12, false, org.sv2j.messages.mining.OpenMiningChannelError.class),
          new MessageType("OpenExtendedMiningChannel", "mining", 0x0000, 0x13, false, org.sv2j.messages.mining.OpenExtendedMiningChannel.class),
          new MessageType("OpenExtendedMiningChannelSuccess", "mining", 0x0000, 0x14, false, org.sv2j.messages.mining.OpenExtendedMiningChannelSuccess.class),
          new MessageType("NewMiningJob", "mining", 0x0000, 0x15, true, org.sv2j.messages.mining.NewMiningJob.class),
          new MessageType("UpdateChannel", "mining", 0x0000, 0x16, true, org.sv2j.messages.mining.UpdateChannel.class),
          new MessageType("UpdateChannelError", "mining", 0x0000, 0x17, true, org.sv2j.messages.mining.UpdateChannelError.class),
          new MessageType("CloseChannel", "mining", 0x0000, 0x18, true, org.sv2j.messages.mining.CloseChannel.class),
          new MessageType("SetExtranoncePrefix", "mining", 0x0000, 0x19, true, org.sv2j.messages.mining.SetExtranoncePrefix.class),
          new MessageType("SubmitSharesStandard", "mining", 0x0000, 0x1a, true, org.sv2j.messages.mining.SubmitSharesStandard.class),
          new MessageType("SubmitSharesExtended", "mining", 0x0000, 0x1b, true, org.sv2j.messages.mining.SubmitSharesExtended.class),
          new MessageType("SubmitSharesSuccess", "mining", 0x0000, 0x1c, true, org.sv2j.messages.mining.SubmitSharesSuccess.class),
          new MessageType("SubmitSharesError", "mining", 0x0000, 0x1d, true, org.sv2j.messages.mining.SubmitSharesError.class),
          new MessageType("NewExtendedMiningJob", "mining", 0x0000, 0x1f, true, org.sv2j.messages.mining.NewExtendedMiningJob.class),
          new MessageType("SetNewPrevHash", "mining", 0x0000, 0x20, true, org.sv2j.messages.mining.SetNewPrevHash.class),
          new MessageType("SetTarget", "mining", 0x0000, 0x21, true, org.sv2j.messages.mining.SetTarget.class),
          new MessageType("SetCustomMiningJob", "mining", 0x0000, 0x22, true, org.sv2j.messages.mining.SetCustomMiningJob.class),
          new MessageType("SetCustomMiningJobSuccess", "mining", 0x0000, 0x23, true, org.sv2j.messages.mining.SetCustomMiningJobSuccess.class),
          new MessageType("SetCustomMiningJobError", "mining", 0x0000, 0x24, true, org.sv2j.messages.mining.SetCustomMiningJobError.class),
          new MessageType("SetGroupChannel", "mining", 0x0000, 0x25, false, org.sv2j.messages.mining.SetGroupChannel.class),
          new MessageType("CoinbaseOutputConstraints", "template_distribution", 0x0000, 0x70, false, org.sv2j.messages.templates.CoinbaseOutputConstraints.class),
          new MessageType("NewTemplate", "template_distribution", 0x0000, 0x71, false, org.sv2j.messages.templates.NewTemplate.class),
          new MessageType("SetNewPrevHash", "template_distribution", 0x0000, 0x72, false, org.sv2j.messages.templates.SetNewPrevHash.class),
          new MessageType("RequestTransactionData", "template_distribution", 0x0000, 0x73, false, org.sv2j.messages.templates.RequestTransactionData.class),
          new MessageType("RequestTransactionDataSuccess", "template_distribution", 0x0000, 0x74, false, org.sv2j.messages.templates.RequestTransactionDataSuccess.class),
          new MessageType("RequestTransactionDataError", "template_distribution", 0x0000, 0x75, false, org.sv2j.messages.templates.RequestTransactionDataError.class),
          new MessageType("SubmitSolution", "template_distribution", 0x0000, 0x76, false, org.sv2j.messages.templates.SubmitSolution.class),
          new MessageType("AllocateMiningJobToken", "job_declaration", 0x0000, 0x50, false, org.sv2j.messages.jobs.AllocateMiningJobToken.class),
          new MessageType("AllocateMiningJobTokenSuccess", "job_declaration", 0x0000, 0x51, false, org.sv2j.messages.jobs.AllocateMiningJobTokenSuccess.class),
          new MessageType("ProvideMissingTransactions", "job_declaration", 0x0000, 0x55, false, org.sv2j.messages.jobs.ProvideMissingTransactions.class),
          new MessageType("ProvideMissingTransactionsSuccess", "job_declaration", 0x0000, 0x56, false, org.sv2j.messages.jobs.ProvideMissingTransactionsSuccess.class),
          new MessageType("DeclareMiningJob", "job_declaration", 0x0000, 0x57, false, org.sv2j.messages.jobs.DeclareMiningJob.class),
          new MessageType("DeclareMiningJobSuccess", "job_declaration", 0x0000, 0x58, false, org.sv2j.messages.jobs.DeclareMiningJobSuccess.class),
          new MessageType("DeclareMiningJobError", "job_declaration", 0x0000, 0x59, false, org.sv2j.messages.jobs.DeclareMiningJobError.class),
          new MessageType("PushSolution", "job_declaration", 0x0000, 0x60, false, org.sv2j.messages.jobs.PushSolution.class),
          new MessageType("RequestExtensions", "extensions_negotiation", 0x0001, 0x00, false, org.sv2j.messages.extensions.RequestExtensions.class),
          new MessageType("RequestExtensionsSuccess", "extensions_negotiation", 0x0001, 0x01, false, org.sv2j.messages.extensions.RequestExtensionsSuccess.class),
          new MessageType("RequestExtensionsError", "extensions_negotiation", 0x0001, 0x02, false, org.sv2j.messages.extensions.RequestExtensionsError.class)
          );

  /**
   * Every message type of the reference, in the order of its crates (common, mining, template
   * distribution, job declaration, extensions negotiation).
   *
   * @return an unmodifiable list of 44 types
   */
  public static List<MessageType> types() {
    return TYPES;
  }

  /**
   * The message type with the given numbers.
   *
   * @param extensionType the extension type (the channel bit is ignored)
   * @param msgType the message type
   * @return the type, or empty if no message has these numbers
   */
  public static Optional<MessageType> type(int extensionType, int msgType) {
    return Optional.ofNullable(lookup(extensionType, msgType));
  }

  /** Index of the types by extension (0 and 1 have messages) and message type. */
  private static final MessageType[][] BY_NUMBER = index();

  private static MessageType[][] index() {
    MessageType[][] t = new MessageType[2][256];
    for (MessageType m : TYPES) {
      t[m.extensionType()][m.msgType()] = m;
    }
    return t;
  }

  private static MessageType lookup(int extensionType, int msgType) {
    int ext = extensionType & 0x7fff;
    if (ext >= BY_NUMBER.length || (msgType & ~0xff) != 0) {
      return null;
    }
    return BY_NUMBER[ext][msgType];
  }


  /**
   * Whether a message has these numbers.
   *
   * @param extensionType the extension type (the channel bit is ignored)
   * @param msgType the message type
   * @return {@code true} if {@link #decode(int, int, ByteBuffer)} has a decoder for them
   */
  public static boolean isKnown(int extensionType, int msgType) {
    return lookup(extensionType, msgType) != null;
  }

  /**
   * Decodes a frame's payload into its message (bytes after the message are ignored, as the reference's
   * {@code from_bytes}).
   *
   * @param frame an open frame; it is not closed
   * @return the message
   * @throws UnknownMessageException for an unknown extension type and message type
   * @throws MessageException naming the field the payload does not hold
   */
  public static AnyMessage decode(Sv2Frame frame) {
    return decode(frame.extensionTypeWithoutChannelBit(), frame.msgType(), frame.payload());
  }

  /**
   * Decodes {@code payload} from its position as the message with these numbers; bytes after the message
   * are left unread.
   *
   * @param extensionType the extension type (the channel bit is ignored)
   * @param msgType the message type
   * @param payload the payload; its position advances past the message
   * @return the message
   * @throws UnknownMessageException for unknown numbers
   * @throws MessageException naming the field the payload does not hold
   */
  public static AnyMessage decode(int extensionType, int msgType, ByteBuffer payload) {
    return decode(extensionType, msgType, payload, false);
  }

  /**
   * As {@link #decode(int, int, ByteBuffer)}, but refusing what the reference lets through: trailing
   * bytes, BOOL bytes over 1 and STR0_255 fields that are not UTF-8.
   *
   * @param extensionType the extension type (the channel bit is ignored)
   * @param msgType the message type
   * @param payload the payload, from its position to its limit
   * @return the message
   * @throws UnknownMessageException for unknown numbers
   * @throws MessageException naming the field, of kind {@link MessageException.Kind#TRAILING_BYTES},
   *     {@link MessageException.Kind#INVALID_BOOL} or {@link MessageException.Kind#NOT_UTF8} for the three
   */
  public static AnyMessage decodeStrict(int extensionType, int msgType, ByteBuffer payload) {
    return decode(extensionType, msgType, payload, true);
  }

  /**
   * {@link #decodeStrict(int, int, ByteBuffer)} of a frame.
   *
   * @param frame an open frame; it is not closed
   * @return the message
   * @throws UnknownMessageException for unknown numbers
   * @throws MessageException naming the field the payload does not hold
   */
  public static AnyMessage decodeStrict(Sv2Frame frame) {
    return decodeStrict(frame.extensionTypeWithoutChannelBit(), frame.msgType(), frame.payload());
  }

  /**
   * Decodes a message and the TLV fields after it (all of them, or none when the bytes after the message
   * are not whole TLVs: what the reference's {@code parsers_sv2} does).
   *
   * @param extensionType the extension type (the channel bit is ignored)
   * @param msgType the message type
   * @param payload the payload, from its position to its limit (consumed)
   * @return the message and its TLVs
   * @throws UnknownMessageException for unknown numbers
   * @throws MessageException naming the field the payload does not hold
   */
  public static WithTlvs decodeWithTlvs(int extensionType, int msgType, ByteBuffer payload) {
    AnyMessage m = decode(extensionType, msgType, payload, false);
    List<Tlv> tlvs = Tlv.parseAll(payload);
    payload.position(payload.limit());
    return new WithTlvs(m, tlvs);
  }

  /**
   * {@link #decodeWithTlvs(int, int, ByteBuffer)} of a frame.
   *
   * @param frame an open frame; it is not closed
   * @return the message and its TLVs
   * @throws UnknownMessageException for unknown numbers
   * @throws MessageException naming the field the payload does not hold
   */
  public static WithTlvs decodeWithTlvs(Sv2Frame frame) {
    return decodeWithTlvs(frame.extensionTypeWithoutChannelBit(), frame.msgType(), frame.payload());
  }

  /**
   * The typed message, or for unknown numbers an {@link UnknownMessage} holding a copy of the payload and
   * the frame's channel bit, which {@link UnknownMessage#toFrame()} sends on unchanged: what a proxy that
   * forwards extensions it does not know needs.
   *
   * @param frame an open frame; it is not closed
   * @return the message
   * @throws MessageException naming the field if a known message's payload is malformed
   */
  public static AnyMessage decodeOrPassThrough(Sv2Frame frame) {
    int ext = frame.extensionTypeWithoutChannelBit();
    int type = frame.msgType();
    if (!isKnown(ext, type)) {
      return new UnknownMessage(ext, type, frame.channelMsg(), Bytes.copyOf(frame.payload()));
    }
    return decode(ext, type, frame.payload());
  }

  /**
   * Decodes with a caller's reader (lenient or strict, see {@link Reader}): the message's own decoder is
   * found from the numbers and reads at the reader's position (exceptions then name the message, whatever
   * name the reader was made with).
   *
   * @param extensionType the extension type (the channel bit is ignored)
   * @param msgType the message type
   * @param r the reader
   * @return the message
   * @throws UnknownMessageException for unknown numbers
   * @throws MessageException naming the field the payload does not hold
   */
  public static AnyMessage decode(int extensionType, int msgType, Reader r) {
    return decode(extensionType, msgType, r.buffer(), r.isStrict());
  }

  private static Reader reader(ByteBuffer payload, boolean strict, String name) {
    return strict ? Reader.strict(payload, name) : Reader.of(payload, name);
  }

  private static AnyMessage decode(int extensionType, int msgType, ByteBuffer payload, boolean strict) {
    int ext = extensionType & 0x7fff;
    AnyMessage m =
        switch (ext) {
          case 0x0000 -> switch (msgType) {
            case 0x00 -> org.sv2j.messages.common.SetupConnection.decode(reader(payload, strict, org.sv2j.messages.common.SetupConnection.NAME));
            case 0x01 -> org.sv2j.messages.common.SetupConnectionSuccess.decode(reader(payload, strict, org.sv2j.messages.common.SetupConnectionSuccess.NAME));
            case 0x02 -> org.sv2j.messages.common.SetupConnectionError.decode(reader(payload, strict, org.sv2j.messages.common.SetupConnectionError.NAME));
            case 0x03 -> org.sv2j.messages.common.ChannelEndpointChanged.decode(reader(payload, strict, org.sv2j.messages.common.ChannelEndpointChanged.NAME));
            case 0x04 -> org.sv2j.messages.common.Reconnect.decode(reader(payload, strict, org.sv2j.messages.common.Reconnect.NAME));
            case 0x10 -> org.sv2j.messages.mining.OpenStandardMiningChannel.decode(reader(payload, strict, org.sv2j.messages.mining.OpenStandardMiningChannel.NAME));
            case 0x11 -> org.sv2j.messages.mining.OpenStandardMiningChannelSuccess.decode(reader(payload, strict, org.sv2j.messages.mining.OpenStandardMiningChannelSuccess.NAME));
            case 0x12 -> org.sv2j.messages.mining.OpenMiningChannelError.decode(reader(payload, strict, org.sv2j.messages.mining.OpenMiningChannelError.NAME));
            case 0x13 -> org.sv2j.messages.mining.OpenExtendedMiningChannel.decode(reader(payload, strict, org.sv2j.messages.mining.OpenExtendedMiningChannel.NAME));
            case 0x14 -> org.sv2j.messages.mining.OpenExtendedMiningChannelSuccess.decode(reader(payload, strict, org.sv2j.messages.mining.OpenExtendedMiningChannelSuccess.NAME));
            case 0x15 -> org.sv2j.messages.mining.NewMiningJob.decode(reader(payload, strict, org.sv2j.messages.mining.NewMiningJob.NAME));
            case 0x16 -> org.sv2j.messages.mining.UpdateChannel.decode(reader(payload, strict, org.sv2j.messages.mining.UpdateChannel.NAME));
            case 0x17 -> org.sv2j.messages.mining.UpdateChannelError.decode(reader(payload, strict, org.sv2j.messages.mining.UpdateChannelError.NAME));
            case 0x18 -> org.sv2j.messages.mining.CloseChannel.decode(reader(payload, strict, org.sv2j.messages.mining.CloseChannel.NAME));
            case 0x19 -> org.sv2j.messages.mining.SetExtranoncePrefix.decode(reader(payload, strict, org.sv2j.messages.mining.SetExtranoncePrefix.NAME));
            case 0x1a -> org.sv2j.messages.mining.SubmitSharesStandard.decode(reader(payload, strict, org.sv2j.messages.mining.SubmitSharesStandard.NAME));
            case 0x1b -> org.sv2j.messages.mining.SubmitSharesExtended.decode(reader(payload, strict, org.sv2j.messages.mining.SubmitSharesExtended.NAME));
            case 0x1c -> org.sv2j.messages.mining.SubmitSharesSuccess.decode(reader(payload, strict, org.sv2j.messages.mining.SubmitSharesSuccess.NAME));
            case 0x1d -> org.sv2j.messages.mining.SubmitSharesError.decode(reader(payload, strict, org.sv2j.messages.mining.SubmitSharesError.NAME));
            case 0x1f -> org.sv2j.messages.mining.NewExtendedMiningJob.decode(reader(payload, strict, org.sv2j.messages.mining.NewExtendedMiningJob.NAME));
            case 0x20 -> org.sv2j.messages.mining.SetNewPrevHash.decode(reader(payload, strict, org.sv2j.messages.mining.SetNewPrevHash.NAME));
            case 0x21 -> org.sv2j.messages.mining.SetTarget.decode(reader(payload, strict, org.sv2j.messages.mining.SetTarget.NAME));
            case 0x22 -> org.sv2j.messages.mining.SetCustomMiningJob.decode(reader(payload, strict, org.sv2j.messages.mining.SetCustomMiningJob.NAME));
            case 0x23 -> org.sv2j.messages.mining.SetCustomMiningJobSuccess.decode(reader(payload, strict, org.sv2j.messages.mining.SetCustomMiningJobSuccess.NAME));
            case 0x24 -> org.sv2j.messages.mining.SetCustomMiningJobError.decode(reader(payload, strict, org.sv2j.messages.mining.SetCustomMiningJobError.NAME));
            case 0x25 -> org.sv2j.messages.mining.SetGroupChannel.decode(reader(payload, strict, org.sv2j.messages.mining.SetGroupChannel.NAME));
            case 0x70 -> org.sv2j.messages.templates.CoinbaseOutputConstraints.decode(reader(payload, strict, org.sv2j.messages.templates.CoinbaseOutputConstraints.NAME));
            case 0x71 -> org.sv2j.messages.templates.NewTemplate.decode(reader(payload, strict, org.sv2j.messages.templates.NewTemplate.NAME));
            case 0x72 -> org.sv2j.messages.templates.SetNewPrevHash.decode(reader(payload, strict, org.sv2j.messages.templates.SetNewPrevHash.NAME));
            case 0x73 -> org.sv2j.messages.templates.RequestTransactionData.decode(reader(payload, strict, org.sv2j.messages.templates.RequestTransactionData.NAME));
            case 0x74 -> org.sv2j.messages.templates.RequestTransactionDataSuccess.decode(reader(payload, strict, org.sv2j.messages.templates.RequestTransactionDataSuccess.NAME));
            case 0x75 -> org.sv2j.messages.templates.RequestTransactionDataError.decode(reader(payload, strict, org.sv2j.messages.templates.RequestTransactionDataError.NAME));
            case 0x76 -> org.sv2j.messages.templates.SubmitSolution.decode(reader(payload, strict, org.sv2j.messages.templates.SubmitSolution.NAME));
            case 0x50 -> org.sv2j.messages.jobs.AllocateMiningJobToken.decode(reader(payload, strict, org.sv2j.messages.jobs.AllocateMiningJobToken.NAME));
            case 0x51 -> org.sv2j.messages.jobs.AllocateMiningJobTokenSuccess.decode(reader(payload, strict, org.sv2j.messages.jobs.AllocateMiningJobTokenSuccess.NAME));
            case 0x55 -> org.sv2j.messages.jobs.ProvideMissingTransactions.decode(reader(payload, strict, org.sv2j.messages.jobs.ProvideMissingTransactions.NAME));
            case 0x56 -> org.sv2j.messages.jobs.ProvideMissingTransactionsSuccess.decode(reader(payload, strict, org.sv2j.messages.jobs.ProvideMissingTransactionsSuccess.NAME));
            case 0x57 -> org.sv2j.messages.jobs.DeclareMiningJob.decode(reader(payload, strict, org.sv2j.messages.jobs.DeclareMiningJob.NAME));
            case 0x58 -> org.sv2j.messages.jobs.DeclareMiningJobSuccess.decode(reader(payload, strict, org.sv2j.messages.jobs.DeclareMiningJobSuccess.NAME));
            case 0x59 -> org.sv2j.messages.jobs.DeclareMiningJobError.decode(reader(payload, strict, org.sv2j.messages.jobs.DeclareMiningJobError.NAME));
            case 0x60 -> org.sv2j.messages.jobs.PushSolution.decode(reader(payload, strict, org.sv2j.messages.jobs.PushSolution.NAME));
            default -> null;
          };
          case 0x0001 -> switch (msgType) {
            case 0x00 -> org.sv2j.messages.extensions.RequestExtensions.decode(reader(payload, strict, org.sv2j.messages.extensions.RequestExtensions.NAME));
            case 0x01 -> org.sv2j.messages.extensions.RequestExtensionsSuccess.decode(reader(payload, strict, org.sv2j.messages.extensions.RequestExtensionsSuccess.NAME));
            case 0x02 -> org.sv2j.messages.extensions.RequestExtensionsError.decode(reader(payload, strict, org.sv2j.messages.extensions.RequestExtensionsError.NAME));
            default -> null;
          };
      default -> null;
        };
    if (m == null) {
      throw new UnknownMessageException(ext, msgType);
    }
    return m;
  }
}
