package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * {@code Reconnect} (server → client, type 0x04; spec 03 §3.6.5): new_host STR0_255 (empty = the present
 * host), new_port U16 (0 = the present port).
 *
 * @param newHost the new host, empty for the present one
 * @param newPort the new port, u16, 0 for the present one
 */
public record Reconnect(String newHost, int newPort) implements Sv2Message {
  /** The message type, 0x04. */
  public static final int MSG_TYPE = 0x04;

  /**
   * Checks the field ranges.
   *
   * @param newHost the new host, empty for the present one
   * @param newPort the new port, u16, 0 for the present one
   * @throws IllegalArgumentException if a field is out of range
   */
  public Reconnect {
    Wire.str0255("new_host", Objects.requireNonNull(newHost, "newHost"));
    Wire.checkU16("new_port", newPort);
  }

  @Override
  public int encodedLength() {
    return 1 + Wire.str0255("new_host", newHost).length + 2;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Wire.putStr(dst, Wire.str0255("new_host", newHost));
    Wire.putU16(dst, newPort);
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
  public static Reconnect decode(ByteBuffer payload) {
    return new Reconnect(Wire.str(payload, "new_host"), Wire.u16(payload, "new_port"));
  }
}
