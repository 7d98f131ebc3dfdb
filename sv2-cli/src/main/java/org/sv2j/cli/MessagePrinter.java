package org.sv2j.cli;

import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.OptionalLong;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Tlv;
import org.sv2j.binary.U256;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.extensions.UserIdentity;

/**
 * Prints a decoded message field by field, under the reference's field names, for {@code sv2 decode}.
 * Everything a peer controls is printed escaped: text through {@link Str0255#toString()} (quoted, control
 * characters and terminal escapes as {@code \\u001b} and the like, bytes that are not UTF-8 as {@code \\xNN}),
 * byte strings as hex.
 */
final class MessagePrinter {
  private static final int MAX_BYTES_SHOWN = 64;
  private static final int MAX_ELEMENTS_SHOWN = 16;

  private final PrintWriter out;
  private final String indent;

  MessagePrinter(PrintWriter out, String indent) {
    this.out = out;
    this.indent = indent;
  }

  /** The reference's field name of a record component: lowerCamelCase back to snake_case. */
  static String snake(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  void message(AnyMessage m) {
    for (RecordComponent c : m.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(m);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      field(snake(c.getName()), v);
    }
  }

  void tlvs(List<Tlv> tlvs) {
    for (int i = 0; i < tlvs.size(); i++) {
      Tlv t = tlvs.get(i);
      String label = String.format("tlv[%d] 0x%04x/0x%02x", i, t.extensionType(), t.fieldType());
      if (t.extensionType() == UserIdentity.EXTENSION_TYPE && t.fieldType() == UserIdentity.FIELD_TYPE) {
        out.printf("%s%-32s = %s%s%n", indent, label + " user_identity", Str0255.quote(t.value().toByteArray()),
            t.value().length() > UserIdentity.MAX_LENGTH ? " (over the 32-byte bound: the reference refuses it)" : "");
      } else {
        out.printf("%s%-32s = %s%n", indent, label, bytes(t.value()));
      }
    }
  }

  private void field(String name, Object v) {
    if (v instanceof List<?> list) {
      out.printf("%s%-32s = %d element%s%n", indent, name, list.size(), list.size() == 1 ? "" : "s");
      int shown = Math.min(list.size(), MAX_ELEMENTS_SHOWN);
      for (int i = 0; i < shown; i++) {
        out.printf("%s  %-30s = %s%n", indent, "[" + i + "]", value(list.get(i)));
      }
      if (shown < list.size()) {
        out.printf("%s  ... %d more%n", indent, list.size() - shown);
      }
      return;
    }
    out.printf("%s%-32s = %s%n", indent, name, value(v));
  }

  private static String value(Object v) {
    if (v instanceof Bytes b) {
      return bytes(b);
    }
    if (v instanceof Str0255 || v instanceof U256) {
      return v.toString();
    }
    if (v instanceof OptionalLong o) {
      return o.isPresent() ? Long.toString(o.getAsLong()) : "none";
    }
    if (v instanceof Long l) {
      return Long.toUnsignedString(l); // U32 and U64 (the latter as its 64 bits)
    }
    if (v instanceof Float f) {
      return f + " (bits 0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
    }
    return String.valueOf(v);
  }

  private static String bytes(Bytes b) {
    if (b.isEmpty()) {
      return "(empty)";
    }
    if (b.length() <= MAX_BYTES_SHOWN) {
      return b.hex() + " (" + b.length() + " bytes)";
    }
    return Cli.HEX.formatHex(b.toByteArray(), 0, MAX_BYTES_SHOWN) + "... (" + b.length() + " bytes)";
  }
}
