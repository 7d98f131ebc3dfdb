package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * {@code SetupConnection.Success} (server → client, type 0x01; spec 03 §3.6.2): used_version U16, flags U32.
 *
 * @param usedVersion the protocol version the server chose, u16
 * @param flags the server's feature flags, u32
 */
public record SetupConnectionSuccess(int usedVersion, long flags) implements Sv2Message {
  /** The message type, 0x01. */
  public static final int MSG_TYPE = 0x01;

  /**
   * Checks the field ranges.
   *
   * @param usedVersion the protocol version the server chose, u16
   * @param flags the server's feature flags, u32
   * @throws IllegalArgumentException if a field is out of range
   */
  public SetupConnectionSuccess {
    Wire.checkU16("used_version", usedVersion);
    Wire.checkU32("flags", flags);
  }

  @Override
  public int encodedLength() {
    return 6;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Wire.putU16(dst, usedVersion);
    Wire.putU32(dst, flags);
  }

  /**
   * This message in a frame (extension 0, no channel bit).
   *
   * @return a new message-form frame
   */
  public Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(0, MSG_TYPE, false, this);
  }

  /**
   * Reads the message from {@code payload}'s position.
   *
   * @param payload the frame's payload
   * @return the message
   * @throws MessageException if the payload does not hold the message
   */
  public static SetupConnectionSuccess decode(ByteBuffer payload) {
    return new SetupConnectionSuccess(Wire.u16(payload, "used_version"), Wire.u32(payload, "flags"));
  }
}
