package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.sv2j.framing.Sv2Frame;

/** Names of the spec's message types (08-Message-Types) and decoding of the common ones. */
public final class CommonMessages {
  private CommonMessages() {}

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(0x00, "SetupConnection"),
          Map.entry(0x01, "SetupConnection.Success"),
          Map.entry(0x02, "SetupConnection.Error"),
          Map.entry(0x03, "ChannelEndpointChanged"),
          Map.entry(0x04, "Reconnect"),
          Map.entry(0x10, "OpenStandardMiningChannel"),
          Map.entry(0x11, "OpenStandardMiningChannel.Success"),
          Map.entry(0x12, "OpenMiningChannel.Error"),
          Map.entry(0x13, "OpenExtendedMiningChannel"),
          Map.entry(0x14, "OpenExtendedMiningChannel.Success"),
          Map.entry(0x15, "NewMiningJob"),
          Map.entry(0x16, "UpdateChannel"),
          Map.entry(0x17, "UpdateChannel.Error"),
          Map.entry(0x18, "CloseChannel"),
          Map.entry(0x19, "SetExtranoncePrefix"),
          Map.entry(0x1a, "SubmitSharesStandard"),
          Map.entry(0x1b, "SubmitSharesExtended"),
          Map.entry(0x1c, "SubmitShares.Success"),
          Map.entry(0x1d, "SubmitShares.Error"),
          Map.entry(0x1f, "NewExtendedMiningJob"),
          Map.entry(0x20, "SetNewPrevHash"),
          Map.entry(0x21, "SetTarget"),
          Map.entry(0x22, "SetCustomMiningJob"),
          Map.entry(0x23, "SetCustomMiningJob.Success"),
          Map.entry(0x24, "SetCustomMiningJob.Error"),
          Map.entry(0x25, "SetGroupChannel"),
          Map.entry(0x50, "AllocateMiningJobToken"),
          Map.entry(0x51, "AllocateMiningJobToken.Success"),
          Map.entry(0x55, "ProvideMissingTransactions"),
          Map.entry(0x56, "ProvideMissingTransactions.Success"),
          Map.entry(0x57, "DeclareMiningJob"),
          Map.entry(0x58, "DeclareMiningJob.Success"),
          Map.entry(0x59, "DeclareMiningJob.Error"),
          Map.entry(0x60, "PushSolution"),
          Map.entry(0x70, "CoinbaseOutputConstraints"),
          Map.entry(0x71, "NewTemplate"),
          Map.entry(0x72, "SetNewPrevHash (template distribution)"),
          Map.entry(0x73, "RequestTransactionData"),
          Map.entry(0x74, "RequestTransactionData.Success"),
          Map.entry(0x75, "RequestTransactionData.Error"),
          Map.entry(0x76, "SubmitSolution"));

  /**
   * The spec's name for a core message type (extension 0), if it has one.
   *
   * @param extensionTypeWithoutChannelBit the extension type, channel bit cleared
   * @param msgType the message type
   * @return the name, or empty
   */
  public static Optional<String> name(int extensionTypeWithoutChannelBit, int msgType) {
    return extensionTypeWithoutChannelBit == 0 ? Optional.ofNullable(NAMES.get(msgType)) : Optional.empty();
  }

  /**
   * The decoded common message (types 0x00–0x04 of extension 0) in {@code frame}, if it is one.
   *
   * @param frame the frame to decode; it stays the caller's
   * @return the message, or empty for other types
   * @throws MessageException if the payload does not hold that message
   */
  public static Optional<Record> decode(Sv2Frame frame) {
    if (frame.extensionTypeWithoutChannelBit() != 0) {
      return Optional.empty();
    }
    ByteBuffer p = frame.payload();
    return Optional.ofNullable(
        switch (frame.msgType()) {
          case SetupConnection.MSG_TYPE -> SetupConnection.decode(p);
          case SetupConnectionSuccess.MSG_TYPE -> SetupConnectionSuccess.decode(p);
          case SetupConnectionError.MSG_TYPE -> SetupConnectionError.decode(p);
          case ChannelEndpointChanged.MSG_TYPE -> ChannelEndpointChanged.decode(p);
          case Reconnect.MSG_TYPE -> Reconnect.decode(p);
          default -> null;
        });
  }
}
