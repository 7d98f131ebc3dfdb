package org.sv2j.messages;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/**
 * The reference's message vectors ({@code sv2_reference_messages.json}) and how to turn their JSON fields
 * into our records, following the file's {@code conventions}: by reflection over the record components,
 * which must be the catalogue's fields in wire order.
 */
final class Catalogue {
  private Catalogue() {}

  static final Map<String, Object> FILE = Vectors.json("sv2_reference_messages.json");

  /** The catalogue entries by struct name (unique across subprotocols once qualified by type numbers). */
  static List<Map<String, Object>> messages() {
    return list(FILE.get("messages"));
  }

  static List<Map<String, Object>> list(Object o) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object e : Json.array(o)) {
      out.add(Json.object(e));
    }
    return out;
  }

  static int integer(Object o) {
    return ((Long) o).intValue();
  }

  /** The catalogue entry for a message type. */
  static Map<String, Object> entry(int extensionType, int msgType) {
    for (Map<String, Object> m : messages()) {
      if (integer(m.get("extension_type")) == extensionType && integer(m.get("msg_type")) == msgType) {
        return m;
      }
    }
    throw new AssertionError("no catalogue entry " + extensionType + "/" + msgType);
  }

  static Class<? extends AnyMessage> messageClass(int extensionType, int msgType) {
    return Sv2Messages.type(extensionType, msgType).orElseThrow().messageClass();
  }

  /** Builds the record for a case's {@code fields} with the canonical constructor. */
  static AnyMessage build(int extensionType, int msgType, Map<String, Object> fields) {
    Map<String, Object> entry = entry(extensionType, msgType);
    Class<? extends AnyMessage> cls = messageClass(extensionType, msgType);
    List<Map<String, Object>> spec = list(entry.get("fields"));
    RecordComponent[] comps = cls.getRecordComponents();
    if (comps.length != spec.size()) {
      throw new AssertionError(cls.getSimpleName() + " has " + comps.length + " components, the reference " + spec.size() + " fields");
    }
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      String name = (String) spec.get(i).get("name");
      if (!comps[i].getName().equals(camel(name))) {
        throw new AssertionError(cls.getSimpleName() + " component " + i + " is " + comps[i].getName() + ", the reference's field " + name);
      }
      if (!fields.containsKey(name)) {
        throw new AssertionError("case has no field " + name);
      }
      types[i] = comps[i].getType();
      args[i] = value((String) spec.get(i).get("type"), fields.get(name));
    }
    try {
      Constructor<? extends AnyMessage> c = cls.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  /** One JSON field value as the record component's Java value (see the file's conventions). */
  static Object value(String type, Object json) {
    switch (type) {
      case "U8", "U16", "U8(Protocol)":
        return integer(json);
      case "U32":
        return (Long) json;
      case "U64":
        return Long.parseUnsignedLong((String) json);
      case "BOOL":
        return (Boolean) json;
      case "F32": {
        String bits = (String) Json.object(json).get("bits");
        return Float.intBitsToFloat(ByteBuffer.wrap(Hex.decode(bits)).order(ByteOrder.LITTLE_ENDIAN).getInt());
      }
      case "U256":
        return U256.fromHex((String) json);
      case "STR0_255":
        return Str0255.fromHex((String) json);
      case "B0_32", "B0_255", "B0_64K", "B0_16M":
        return Bytes.fromHex((String) json);
      case "OPTION[U32]":
        return json == null ? OptionalLong.empty() : OptionalLong.of((Long) json);
      default:
        if (type.startsWith("SEQ0_")) {
          String element = type.substring(type.indexOf('[') + 1, type.length() - 1);
          List<Object> out = new ArrayList<>();
          for (Object e : Json.array(json)) {
            Object v = value(element, e);
            out.add(element.equals("U16") ? (Object) v : v);
          }
          return out;
        }
        throw new AssertionError("unknown type " + type);
    }
  }

  /** The fields of a record by the reference's names, each in the JSON convention, for comparison. */
  static Map<String, Object> fieldsOf(AnyMessage m) {
    Map<String, Object> entry = entry(m.extensionType(), m.msgType());
    Map<String, Object> out = new LinkedHashMap<>();
    RecordComponent[] comps = m.getClass().getRecordComponents();
    List<Map<String, Object>> spec = list(entry.get("fields"));
    for (int i = 0; i < comps.length; i++) {
      try {
        out.put((String) spec.get(i).get("name"), comps[i].getAccessor().invoke(m));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  static byte[] encode(AnyMessage m) {
    ByteBuffer b = ByteBuffer.allocate(m.encodedLength()).order(ByteOrder.LITTLE_ENDIAN);
    m.encodeTo(b);
    if (b.hasRemaining()) {
      throw new AssertionError(m.messageName() + " wrote " + b.position() + " of " + m.encodedLength() + " bytes");
    }
    return b.array();
  }

  static byte[] frame(AnyMessage m) {
    var f = m.toFrame();
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    return b.array();
  }
}
