package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/** {@code SetupConnection.Success} (server → client, type 0x01; spec 03 §3.6.2): used_version U16, flags U32. */
public record SetupConnectionSuccess(int usedVersion, long flags) implements Sv2Message {
  public static final int MSG_TYPE = 0x01;

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

  public Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(0, MSG_TYPE, false, this);
  }

  public static SetupConnectionSuccess decode(ByteBuffer payload) {
    return new SetupConnectionSuccess(Wire.u16(payload, "used_version"), Wire.u32(payload, "flags"));
  }
}
