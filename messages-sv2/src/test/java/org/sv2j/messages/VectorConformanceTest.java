package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Tlv;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.extensions.UserIdentity;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;

/**
 * Every case, reject, oddity and TLV vector the reference's own crates emitted ({@code
 * sv2_reference_messages.json}): built from the JSON fields, our records must encode to exactly the
 * reference's payload and frame, decode back to themselves, and refuse what the reference refuses.
 */
class VectorConformanceTest {

  private static String sha256(byte[] b) throws Exception {
    return Hex.encode(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static int i(Map<String, Object> m, String k) {
    return Catalogue.integer(m.get(k));
  }

  private static String name(Map<String, Object> c) {
    return c.get("subprotocol") + " " + c.get("message") + " " + c.getOrDefault("case", c.get("what"));
  }

  /** Whether every STR0_255 of a case is UTF-8: the file gives {@code <field>_text} exactly then. */
  private static boolean allTextIsUtf8(Map<String, Object> c) {
    Map<String, Object> fields = Json.object(c.get("fields"));
    for (Map<String, Object> f : Catalogue.list(Catalogue.entry(i(c, "extension_type"), i(c, "msg_type")).get("fields"))) {
      if (f.get("type").equals("STR0_255") && !fields.containsKey(f.get("name") + "_text")) {
        return false;
      }
    }
    return true;
  }

  @TestFactory
  Stream<DynamicTest> everyCaseEncodesToTheReferenceBytesAndDecodesBack() {
    return Catalogue.list(Catalogue.FILE.get("cases")).stream().map(c -> DynamicTest.dynamicTest(name(c), () -> {
      int ext = i(c, "extension_type");
      int type = i(c, "msg_type");
      AnyMessage built = Catalogue.build(ext, type, Json.object(c.get("fields")));
      assertThat(built.messageName()).isEqualTo(c.get("message"));
      assertThat(built.channelMsg()).isEqualTo(c.get("channel_msg"));
      byte[] payload = Catalogue.encode(built);
      byte[] frame = Catalogue.frame(built);
      assertThat(payload.length).isEqualTo(i(c, "payload_len"));
      if (c.containsKey("payload_hex")) {
        assertThat(Hex.encode(payload)).isEqualTo(c.get("payload_hex"));
        assertThat(Hex.encode(frame)).isEqualTo(c.get("frame_hex"));
      } else {
        assertThat(sha256(payload)).isEqualTo(c.get("payload_sha256"));
        assertThat(sha256(frame)).isEqualTo(c.get("frame_sha256"));
        assertThat(Hex.encode(frame, 0, 6)).isEqualTo(c.get("frame_header_hex"));
        assertThat(Hex.encode(payload, 0, 64)).isEqualTo(c.get("payload_first64_hex"));
        assertThat(Hex.encode(payload, payload.length - 64, 64)).isEqualTo(c.get("payload_last64_hex"));
      }
      // The record's own decoder, then the registry from the frame: equal, and the same bytes again.
      Method decode = built.getClass().getMethod("decode", ByteBuffer.class);
      ByteBuffer in = ByteBuffer.wrap(payload);
      AnyMessage decoded = (AnyMessage) decode.invoke(null, in);
      assertThat(in.hasRemaining()).isFalse();
      assertThat(decoded).isEqualTo(built).hasSameHashCodeAs(built);
      assertThat(decoded.toString()).isEqualTo(built.toString());
      assertThat(Catalogue.encode(decoded)).isEqualTo(payload);
      try (Sv2Frame f = Sv2Frame.fromBytes(frame)) {
        assertThat(Sv2Messages.decode(f)).isEqualTo(built);
        if (allTextIsUtf8(c)) {
          assertThat(Sv2Messages.decodeStrict(f)).isEqualTo(built);
        } else {
          assertThatThrownBy(() -> Sv2Messages.decodeStrict(f))
              .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.kind()).isEqualTo(MessageException.Kind.NOT_UTF8));
        }
        WithTlvs w = Sv2Messages.decodeWithTlvs(f);
        assertThat(w.message()).isEqualTo(built);
        assertThat(w.tlvs()).isEmpty();
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyRejectIsATypedErrorNamingTheFieldAndEveryAcceptDecodes() {
    return Catalogue.list(Catalogue.FILE.get("rejects")).stream()
        .filter(r -> r.containsKey("msg_type") && r.containsKey("payload_hex") && !r.get("message").equals("-"))
        .map(r -> DynamicTest.dynamicTest(name(r), () -> {
          int ext = i(r, "extension_type");
          int type = i(r, "msg_type");
          byte[] payload = Hex.decode((String) r.get("payload_hex"));
          Method decode = Catalogue.messageClass(ext, type).getMethod("decode", ByteBuffer.class);
          String what = (String) r.get("what");
          if (r.get("verdict").equals("reject")) {
            Map<String, Object> entry = Catalogue.entry(ext, type);
            List<Map<String, Object>> fields = Catalogue.list(entry.get("fields"));
            String expectedField =
                what.startsWith("truncated")
                    ? (String) fields.get(fields.size() - 1).get("name")
                    : what.substring(0, what.indexOf(':'));
            MessageException viaRecord = catchThrowableOfType(MessageException.class, () -> {
              try {
                decode.invoke(null, ByteBuffer.wrap(payload));
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
            MessageException viaRegistry =
                catchThrowableOfType(MessageException.class, () -> Sv2Messages.decode(ext, type, ByteBuffer.wrap(payload)));
            for (MessageException e : List.of(viaRecord, viaRegistry)) {
              assertThat(e).as(what).isNotNull();
              assertThat(e.messageName()).isEqualTo(r.get("message"));
              assertThat(e.field()).as(what).isEqualTo(expectedField);
              assertThat(e.getMessage()).contains(r.get("message") + "." + expectedField);
              assertThat(e.kind()).isEqualTo(expectedKind((String) r.get("error"), what));
            }
          } else {
            AnyMessage m = (AnyMessage) decode.invoke(null, ByteBuffer.wrap(payload));
            assertThat(Sv2Messages.decode(ext, type, ByteBuffer.wrap(payload))).isEqualTo(m);
            if (r.get("parsers_sv2") instanceof List<?> parses) {
              // Trailing bytes: parsers_sv2 dispatches to the same message and reads TLVs of negotiated
              // extensions (none when the tail is not whole TLVs).
              WithTlvs w = Sv2Messages.decodeWithTlvs(ext, type, ByteBuffer.wrap(payload));
              assertThat(w.message()).isEqualTo(m);
              for (Map<String, Object> p : Catalogue.list(parses)) {
                assertThat(p.get("verdict")).isEqualTo("accept");
                assertThat(Catalogue.fieldsOf(m)).isEqualTo(Catalogue.fieldsOf(Catalogue.build(ext, type, Json.object(p.get("fields")))));
                assertTlvs(w, p);
              }
            }
          }
        }));
  }

  private static MessageException.Kind expectedKind(String error, String what) {
    return switch (error) {
      case "ValueExceedsMaxSize" -> MessageException.Kind.TOO_LONG;
      case "Sv2OptionHaveMoreThenOneElement" -> MessageException.Kind.INVALID_OPTION;
      case "ValueIsNotAValidProtocol" -> MessageException.Kind.INVALID_VALUE;
      case "DecodableConversionError", "ReadError", "OutOfBound" -> MessageException.Kind.TRUNCATED;
      default -> throw new AssertionError("unexpected reference error " + error + " for " + what);
    };
  }

  private static void assertTlvs(WithTlvs w, Map<String, Object> parse) {
    Set<Long> negotiated = new HashSet<>();
    for (Object e : Json.array(parse.get("negotiated_extensions"))) {
      negotiated.add((Long) e);
    }
    List<String> ours = new ArrayList<>();
    for (Tlv t : w.tlvs()) {
      if (negotiated.contains((long) t.extensionType())) {
        ours.add(t.extensionType() + "/" + t.fieldType() + "/" + t.value().hex());
      }
    }
    List<String> theirs = new ArrayList<>();
    if (parse.get("tlvs") != null) {
      for (Map<String, Object> t : Catalogue.list(parse.get("tlvs"))) {
        theirs.add(t.get("extension_type") + "/" + t.get("field_type") + "/" + t.get("value_hex"));
        assertThat(Catalogue.integer(t.get("length"))).isEqualTo(((String) t.get("value_hex")).length() / 2);
      }
    }
    assertThat(ours).isEqualTo(theirs);
  }

  @TestFactory
  Stream<DynamicTest> everyOddityIsAcceptedWithTheReferenceFieldsAndReencoding() {
    return Catalogue.list(Catalogue.FILE.get("accepts_oddities")).stream()
        .filter(a -> !a.get("subprotocol").equals("framing"))
        .map(a -> DynamicTest.dynamicTest(name(a), () -> {
          Map<String, Object> entry = null;
          for (Map<String, Object> m : Catalogue.messages()) {
            if (m.get("message").equals(a.get("message")) && m.get("subprotocol").equals(a.get("subprotocol"))) {
              entry = m;
            }
          }
          assertThat(entry).isNotNull();
          int ext = i(entry, "extension_type");
          int type = i(entry, "msg_type");
          byte[] payload = Hex.decode((String) a.get("payload_hex"));
          AnyMessage m = Sv2Messages.decode(ext, type, ByteBuffer.wrap(payload));
          AnyMessage expected = Catalogue.build(ext, type, Json.object(a.get("fields")));
          assertThat(m).isEqualTo(expected);
          byte[] again = Catalogue.encode(m);
          assertThat(Hex.encode(again)).isEqualTo(a.get("reencoded_payload_hex"));
          assertThat(Arrays.equals(again, payload)).isEqualTo(a.get("reencoded_equals_input"));
          // Strict decoding refuses each of the reference's lenient spots.
          String what = (String) a.get("what");
          if (what.contains("not valid UTF-8") || what.contains("BOOL byte") || what.contains("trailing")) {
            MessageException e =
                catchThrowableOfType(MessageException.class, () -> Sv2Messages.decodeStrict(ext, type, ByteBuffer.wrap(payload)));
            assertThat(e).as(what).isNotNull();
            assertThat(e.kind())
                .isEqualTo(
                    what.contains("UTF-8")
                        ? MessageException.Kind.NOT_UTF8
                        : what.contains("BOOL") ? MessageException.Kind.INVALID_BOOL : MessageException.Kind.TRAILING_BYTES);
          } else {
            assertThat(Sv2Messages.decodeStrict(ext, type, ByteBuffer.wrap(payload))).isEqualTo(m);
          }
        }));
  }

  @Test
  void framingProbes() throws Exception {
    for (Map<String, Object> r : Catalogue.list(Catalogue.FILE.get("rejects"))) {
      if (!r.get("subprotocol").equals("framing")) {
        continue;
      }
      String what = (String) r.get("what");
      if (r.containsKey("frame_hex")) {
        byte[] frame = Hex.decode((String) r.get("frame_hex"));
        try (Sv2Frame f = Sv2Frame.fromBytes(frame)) {
          if (r.get("verdict").equals("reject")) {
            UnknownMessageException e =
                catchThrowableOfType(UnknownMessageException.class, () -> Sv2Messages.decode(f));
            assertThat(e).as(what).isNotNull();
            assertThat(e.kind()).isEqualTo(MessageException.Kind.UNKNOWN_MESSAGE);
            assertThat(e.extensionType()).isEqualTo(f.extensionTypeWithoutChannelBit());
            assertThat(e.msgType()).isEqualTo(f.msgType());
            // A proxy passes it through untouched.
            AnyMessage pass = Sv2Messages.decodeOrPassThrough(f);
            assertThat(pass).isInstanceOf(UnknownMessage.class);
            assertThat(Catalogue.frame(pass)).isEqualTo(frame);
          } else {
            // The channel bit disagrees with the message's constant: the reference dispatches anyway.
            AnyMessage m = Sv2Messages.decode(f);
            assertThat(m.messageName()).isEqualTo(r.get("message"));
            assertThat(m.channelMsg()).isNotEqualTo(f.channelMsg());
            assertThat(Hex.encode(Catalogue.encode(m))).isEqualTo(r.get("payload_hex"));
          }
        }
      }
    }
  }

  @Test
  void aPayloadOfTwoToThe24BytesCannotBeFramedAndOneLessCan() throws Exception {
    Map<String, Object> r = Catalogue.list(Catalogue.FILE.get("rejects")).stream()
        .filter(x -> ((String) x.get("what")).startsWith("payload of 2^24")).findFirst().orElseThrow();
    List<org.sv2j.binary.Bytes> txs = new ArrayList<>();
    byte[] full = new byte[70_000];
    Arrays.fill(full, (byte) 0xff);
    org.sv2j.binary.Bytes tx = org.sv2j.binary.Bytes.of(full);
    for (int k = 0; k < 239; k++) {
      txs.add(tx);
    }
    byte[] last = new byte[46_484];
    Arrays.fill(last, (byte) 0xff);
    List<org.sv2j.binary.Bytes> over = new ArrayList<>(txs);
    over.add(org.sv2j.binary.Bytes.of(last));
    var big = new org.sv2j.messages.templates.RequestTransactionDataSuccess(0, org.sv2j.binary.Bytes.EMPTY, over);
    assertThat(big.encodedLength()).isEqualTo(i(r, "payload_len"));
    assertThat(sha256(Catalogue.encode(big))).isEqualTo(r.get("payload_sha256"));
    assertThatThrownBy(big::toFrame).isInstanceOf(org.sv2j.framing.FramingException.class);
    Map<String, Object> ok = Json.object(r.get("boundary_accepted"));
    List<org.sv2j.binary.Bytes> under = new ArrayList<>(txs);
    under.add(org.sv2j.binary.Bytes.of(last, 0, last.length - 1));
    var fits = new org.sv2j.messages.templates.RequestTransactionDataSuccess(0, org.sv2j.binary.Bytes.EMPTY, under);
    byte[] frame = Catalogue.frame(fits);
    assertThat(Hex.encode(frame, 0, 6)).isEqualTo(ok.get("frame_header_hex"));
    assertThat(sha256(frame)).isEqualTo(ok.get("frame_sha256"));
  }

  @Test
  void tlvVectors() {
    for (Map<String, Object> t : Catalogue.list(Catalogue.FILE.get("tlv"))) {
      String what = (String) t.get("what");
      byte[] frame = Hex.decode((String) t.get("frame_hex"));
      AnyMessage expected = Catalogue.build(0, org.sv2j.messages.mining.SubmitSharesExtended.MSG_TYPE, Json.object(t.get("fields")));
      assertThat(t.get("message")).isEqualTo(expected.messageName());
      try (Sv2Frame f = Sv2Frame.fromBytes(frame)) {
        WithTlvs w = Sv2Messages.decodeWithTlvs(f);
        assertThat(w.message()).as(what).isEqualTo(expected);
        assertThat(Sv2Messages.decode(f)).isEqualTo(expected);
        for (String k : List.of("parse_negotiated_0x0002", "parse_negotiated_0x0002_0x0003", "parse_not_negotiated")) {
          if (t.containsKey(k)) {
            assertTlvs(w, Json.object(t.get(k)));
          }
        }
        if (t.get("user_identity_from_tlv") instanceof Map<?, ?> u) {
          if (u.containsKey("hex")) {
            UserIdentity id = w.userIdentity().orElseThrow();
            assertThat(id.value().hex()).isEqualTo(u.get("hex"));
            // Sending it again: the message and its TLV give the reference's frame.
            WithTlvs out = new WithTlvs(expected, List.of(id.toTlv()));
            ByteBuffer b = ByteBuffer.allocate(out.toFrame().encodedLength());
            out.toFrame().encodeTo(b);
            assertThat(Hex.encode(b.array())).isEqualTo(t.get("frame_hex"));
          } else {
            assertThatThrownBy(() -> w.userIdentity())
                .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.kind()).isEqualTo(MessageException.Kind.TOO_LONG));
          }
        }
      }
    }
  }

  @Test
  void userIdentityRejects() {
    for (Map<String, Object> r : Catalogue.list(Catalogue.FILE.get("rejects"))) {
      if (!r.get("subprotocol").equals("extensions_worker_hashrate_tracking")) {
        continue;
      }
      byte[] p = Hex.decode((String) r.get("payload_hex"));
      String what = (String) r.get("what");
      MessageException e;
      if (what.contains("from_bytes")) {
        e = catchThrowableOfType(MessageException.class, () -> new UserIdentity(org.sv2j.binary.Bytes.of(p)));
      } else {
        e = catchThrowableOfType(MessageException.class, () -> UserIdentity.fromTlv(Tlv.read(ByteBuffer.wrap(p))));
      }
      assertThat(e).as(what).isNotNull();
      assertThat(e.kind()).isEqualTo(what.contains("wrong field type") ? MessageException.Kind.INVALID_VALUE : MessageException.Kind.TOO_LONG);
    }
  }

  @Test
  void everyReferenceMessageHasARecordAndEveryRecordHasVectors() {
    Set<String> catalogue = new TreeSet<>();
    for (Map<String, Object> m : Catalogue.messages()) {
      String key = m.get("extension_type") + "/" + m.get("msg_type") + " " + m.get("message");
      catalogue.add(key);
      MessageType t = Sv2Messages.type(i(m, "extension_type"), i(m, "msg_type")).orElseThrow(() -> new AssertionError("no record for " + key));
      assertThat(t.name()).isEqualTo(m.get("message"));
      assertThat(t.messageClass().getSimpleName()).isEqualTo(m.get("message"));
      assertThat(t.channelMsg()).isEqualTo(m.get("channel_msg"));
      assertThat(t.subprotocol()).isEqualTo(m.get("subprotocol"));
    }
    Set<String> ours = new TreeSet<>();
    Set<String> withCases = new TreeSet<>();
    for (MessageType t : Sv2Messages.types()) {
      ours.add(t.extensionType() + "/" + t.msgType() + " " + t.name());
    }
    for (Map<String, Object> c : Catalogue.list(Catalogue.FILE.get("cases"))) {
      withCases.add(c.get("extension_type") + "/" + c.get("msg_type") + " " + c.get("message"));
    }
    assertThat(ours).isEqualTo(catalogue).isEqualTo(withCases).hasSize(44);
    Map<String, Object> counts = Json.object(Json.object(Catalogue.FILE.get("counts")).get("messages"));
    long total = counts.values().stream().mapToLong(v -> (Long) v).sum();
    assertThat(Sv2Messages.types()).hasSize((int) total);
  }
}
