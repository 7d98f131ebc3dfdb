package org.sv2j.harness.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bounds-checked little-endian reader over one payload; every failure is a {@link WireException}. */
final class In {
  private final ByteBuffer b;
  private final String message;

  In(ByteBuffer payload, String message) {
    this.b = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.message = message;
  }

  private void need(int n, String field) {
    if (b.remaining() < n) {
      throw new WireException(message + "." + field + ": needs " + n + " bytes, " + b.remaining() + " left");
    }
  }

  int u8(String f) {
    need(1, f);
    return b.get() & 0xff;
  }

  int u16(String f) {
    need(2, f);
    return b.getShort() & 0xffff;
  }

  int u32(String f) {
    need(4, f);
    return b.getInt();
  }

  long u64(String f) {
    need(8, f);
    return b.getLong();
  }

  float f32(String f) {
    need(4, f);
    return b.getFloat();
  }

  boolean bool(String f) {
    // The reference reads any non-zero... it accepts the low bit; keep to that leniency.
    return (u8(f) & 1) == 1;
  }

  byte[] bytes(int n, String f) {
    need(n, f);
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  byte[] u256(String f) {
    return bytes(32, f);
  }

  byte[] b032(String f) {
    int n = u8(f);
    if (n > 32) {
      throw new WireException(message + "." + f + ": length " + n + " over B0_32's bound");
    }
    return bytes(n, f);
  }

  byte[] b064k(String f) {
    return bytes(u16(f), f);
  }

  String str(String f) {
    return new String(bytes(u8(f), f), StandardCharsets.UTF_8);
  }

  Integer optU32(String f) {
    int flag = u8(f);
    if (flag == 0) {
      return null;
    }
    if (flag != 1) {
      throw new WireException(message + "." + f + ": OPTION byte " + flag);
    }
    return u32(f);
  }

  List<byte[]> seqU256(String f) {
    int n = u8(f);
    need(32 * n, f);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(u256(f));
    }
    return List.copyOf(out);
  }
}
