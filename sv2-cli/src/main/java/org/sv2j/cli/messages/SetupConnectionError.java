package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * {@code SetupConnection.Error} (server → client, type 0x02; spec 03 §3.6.3): flags U32 (the unsupported
 * ones, or 0), error_code STR0_255 (e.g. {@code unsupported-protocol}).
 */
public record SetupConnectionError(long flags, String errorCode) implements Sv2Message {
  public static final int MSG_TYPE = 0x02;

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

  public Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(0, MSG_TYPE, false, this);
  }

  public static SetupConnectionError decode(ByteBuffer payload) {
    return new SetupConnectionError(Wire.u32(payload, "flags"), Wire.str(payload, "error_code"));
  }
}
