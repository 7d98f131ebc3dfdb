package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Props;

/**
 * Properties over random messages of every type: valid messages round-trip through the records, the
 * registry and frames; arbitrary and mutated bytes give a message or a {@link MessageException}, nothing
 * else, and whatever decodes encodes back to bytes that decode to the same message.
 */
class PropertyTest {

  private static final List<Map<String, Object>> MESSAGES = Catalogue.messages();

  private static int small(SplittableRandom r, int max) {
    return r.nextBoolean() ? r.nextInt(Math.min(max, 8) + 1) : r.nextInt(max + 1);
  }

  private static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static Object value(SplittableRandom r, String type) {
    switch (type) {
      case "U8(Protocol)":
        return r.nextInt(3);
      case "U16":
        return r.nextInt(0x10000);
      case "U32":
        return r.nextLong(0x1_0000_0000L);
      case "U64":
        return r.nextLong();
      case "F32":
        return Float.intBitsToFloat(r.nextInt());
      case "BOOL":
        return r.nextBoolean();
      case "U256":
        return U256.fromBytes(bytes(r, 32));
      case "STR0_255":
        return Str0255.ofBytes(bytes(r, small(r, 255)));
      case "B0_32":
        return Bytes.of(bytes(r, small(r, 32)));
      case "B0_255":
        return Bytes.of(bytes(r, small(r, 255)));
      case "B0_64K":
        return Bytes.of(bytes(r, small(r, 2000)));
      case "B0_16M":
        return Bytes.of(bytes(r, small(r, 2000)));
      case "OPTION[U32]":
        return r.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(r.nextLong(0x1_0000_0000L));
      default:
        String element = type.substring(type.indexOf('[') + 1, type.length() - 1);
        int n = small(r, type.startsWith("SEQ0_255") ? 255 : 40);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(value(r, element));
        }
        return out;
    }
  }

  static AnyMessage random(SplittableRandom r, Map<String, Object> entry) throws Exception {
    Class<? extends AnyMessage> cls = Catalogue.messageClass(Catalogue.integer(entry.get("extension_type")), Catalogue.integer(entry.get("msg_type")));
    RecordComponent[] comps = cls.getRecordComponents();
    List<Map<String, Object>> fields = Catalogue.list(entry.get("fields"));
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      args[i] = value(r, (String) fields.get(i).get("type"));
    }
    return cls.getDeclaredConstructor(types).newInstance(args);
  }

  @Test
  void randomMessagesRoundTrip() {
    Props.forAll(2000, r -> {
      AnyMessage m = random(r, MESSAGES.get(r.nextInt(MESSAGES.size())));
      byte[] payload = Catalogue.encode(m);
      AnyMessage back = Sv2Messages.decode(m.extensionType(), m.msgType(), ByteBuffer.wrap(payload));
      assertThat(back).isEqualTo(m).hasSameHashCodeAs(m);
      assertThat(Catalogue.encode(back)).isEqualTo(payload);
      try (Sv2Frame f = Sv2Frame.fromBytes(Catalogue.frame(m))) {
        assertThat(f.channelMsg()).isEqualTo(m.channelMsg());
        assertThat(Sv2Messages.decode(f)).isEqualTo(m);
        assertThat(Sv2Messages.decodeOrPassThrough(f)).isEqualTo(m);
      }
      // With TLVs after it, the message is the same and the TLVs come back.
      var tlv = new org.sv2j.binary.Tlv(r.nextInt(0x10000), r.nextInt(256), Bytes.of(bytes(r, r.nextInt(40))));
      WithTlvs w = new WithTlvs(m, List.of(tlv));
      ByteBuffer b = ByteBuffer.allocate(w.encodedLength());
      w.encodeTo(b);
      b.flip();
      WithTlvs wb = Sv2Messages.decodeWithTlvs(m.extensionType(), m.msgType(), b);
      assertThat(wb).isEqualTo(w);
    });
  }

  private static void decodesOrRefuses(int ext, int type, byte[] payload) {
    AnyMessage m;
    try {
      m = Sv2Messages.decode(ext, type, ByteBuffer.wrap(payload));
    } catch (MessageException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    byte[] again = Catalogue.encode(m);
    assertThat(Sv2Messages.decode(ext, type, ByteBuffer.wrap(again))).isEqualTo(m);
    assertThat(again.length).isLessThanOrEqualTo(payload.length);
  }

  @Test
  void arbitraryBytesGiveAMessageOrATypedError() {
    Props.forAll(3000, r -> {
      Map<String, Object> entry = MESSAGES.get(r.nextInt(MESSAGES.size()));
      int ext = r.nextInt(20) == 0 ? r.nextInt(4) : Catalogue.integer(entry.get("extension_type"));
      int type = r.nextInt(20) == 0 ? r.nextInt(256) : Catalogue.integer(entry.get("msg_type"));
      decodesOrRefuses(ext, type, bytes(r, r.nextInt(r.nextBoolean() ? 40 : 400)));
    });
  }

  @Test
  void mutatedMessagesGiveAMessageOrATypedError() {
    Props.forAll(3000, r -> {
      AnyMessage m = random(r, MESSAGES.get(r.nextInt(MESSAGES.size())));
      byte[] p = Catalogue.encode(m);
      byte[] mutated;
      switch (r.nextInt(3)) {
        case 0 -> mutated = java.util.Arrays.copyOf(p, p.length == 0 ? 0 : r.nextInt(p.length));
        case 1 -> {
          mutated = p.clone();
          if (mutated.length > 0) {
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
              mutated[r.nextInt(mutated.length)] = (byte) r.nextInt(256);
            }
          }
        }
        default -> {
          mutated = java.util.Arrays.copyOf(p, p.length + 1 + r.nextInt(8));
        }
      }
      decodesOrRefuses(m.extensionType(), m.msgType(), mutated);
    });
  }
}
