package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * {@code SetupConnection.Error} (server → client, type 0x02; spec 03 §3.6.3): flags U32 (the unsupported
 * ones, or 0), error_code STR0_255 (e.g. {@code unsupported-protocol}).
 *
 * @param flags the flags the server does not support, u32
 * @param errorCode the error code, such as {@code unsupported-protocol}
 */
public record SetupConnectionError(long flags, String errorCode) implements Sv2Message {
  /** The message type, 0x02. */
  public static final int MSG_TYPE = 0x02;

  /**
   * Checks the field ranges.
   *
   * @param flags the flags the server does not support, u32
   * @param errorCode the error code, such as {@code unsupported-protocol}
   * @throws IllegalArgumentException if a field is out of range or a string is over 255 UTF-8 bytes
   */
  public SetupConnectionError {
    Wire.checkU32("flags", flags);
    Wire.str0255("error_code", Objects.requireNonNull(errorCode, "errorCode"));
  }

  @Override
  public int encodedLength() {
    return 4 + 1 + Wire.str0255("error_code", errorCode).length;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Wire.putU32(dst, flags);
    Wire.putStr(dst, Wire.str0255("error_code", errorCode));
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
  public static SetupConnectionError decode(ByteBuffer payload) {
    return new SetupConnectionError(Wire.u32(payload, "flags"), Wire.str(payload, "error_code"));
  }
}
