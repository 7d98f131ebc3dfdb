package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.U256;
import org.sv2j.testsupport.Json;

/**
 * The contract every message record keeps, checked on all 44 of them from the reference's field table
 * ({@code sv2_reference_messages.json}): each field's bound is enforced by the canonical constructor with
 * a {@link MessageException} naming the message and that field (or a {@link NullPointerException} naming
 * them); a strict decode refuses a trailing byte; {@code encodeTo} refuses a destination one byte short
 * before writing anything; {@code toString} shows every field under its component name; the record's
 * constants agree with the registry.
 */
class RecordContractTest {

  /** One catalogue message with the record built from its reference case {@code kase}. */
  private record Subject(Map<String, Object> entry, List<Map<String, Object>> spec, Class<? extends AnyMessage> cls,
      Object[] args, AnyMessage message) {
    String name() {
      return (String) entry.get("message");
    }

    String label() {
      return entry.get("subprotocol") + " " + name();
    }
  }

  private static Subject subject(Map<String, Object> c) {
    int ext = Catalogue.integer(c.get("extension_type"));
    int type = Catalogue.integer(c.get("msg_type"));
    Map<String, Object> entry = Catalogue.entry(ext, type);
    List<Map<String, Object>> spec = Catalogue.list(entry.get("fields"));
    Map<String, Object> fields = Json.object(c.get("fields"));
    Object[] args = new Object[spec.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = Catalogue.value((String) spec.get(i).get("type"), fields.get(spec.get(i).get("name")));
    }
    return new Subject(entry, spec, Catalogue.messageClass(ext, type), args, Catalogue.build(ext, type, fields));
  }

  private static Stream<Subject> subjects(String kase) {
    return Catalogue.list(Catalogue.FILE.get("cases")).stream().filter(c -> c.get("case").equals(kase)).map(RecordContractTest::subject);
  }

  private static Throwable construct(Subject s, int index, Object value) {
    Object[] args = s.args().clone();
    args[index] = value;
    RecordComponent[] comps = s.cls().getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
    }
    return catchThrowable(() -> {
      Constructor<? extends AnyMessage> c = s.cls().getDeclaredConstructor(types);
      try {
        c.newInstance(args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private static void refused(Subject s, int index, Object value, MessageException.Kind kind) {
    String field = (String) s.spec().get(index).get("name");
    Throwable t = construct(s, index, value);
    assertThat(t).as(s.label() + "." + field + " = " + value).isInstanceOf(MessageException.class);
    MessageException e = (MessageException) t;
    assertThat(e.messageName()).isEqualTo(s.name());
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.kind()).as(s.label() + "." + field).isEqualTo(kind);
    assertThat(e.getMessage()).startsWith(s.name() + "." + field + ": ");
  }

  private static void refusedNull(Subject s, int index) {
    String field = (String) s.spec().get(index).get("name");
    Throwable t = construct(s, index, null);
    assertThat(t).as(s.label() + "." + field + " = null").isInstanceOf(NullPointerException.class);
    assertThat(t.getMessage()).isEqualTo(s.name() + "." + field + " is null");
  }

  private static List<Object> nCopies(int n, Object o) {
    return new ArrayList<>(Collections.nCopies(n, o));
  }

  private static int bound(String type) {
    return switch (type) {
      case "B0_32" -> 32;
      case "B0_255", "SEQ0_255[U256]" -> 255;
      case "B0_64K" -> 0xffff;
      case "B0_16M" -> 0xff_ffff;
      default -> 0xffff; // SEQ0_64K
    };
  }

  @TestFactory
  Stream<DynamicTest> everyFieldBoundIsCheckedWhenARecordIsBuilt() {
    return subjects("min").map(s -> DynamicTest.dynamicTest(s.label(), () -> {
      for (int i = 0; i < s.spec().size(); i++) {
        String type = (String) s.spec().get(i).get("type");
        switch (type) {
          case "U8(Protocol)" -> {
            refused(s, i, 3, MessageException.Kind.INVALID_VALUE);
            refused(s, i, -1, MessageException.Kind.INVALID_VALUE);
            assertThat(construct(s, i, 2)).isNull();
          }
          case "U16" -> {
            refused(s, i, 0x10000, MessageException.Kind.OUT_OF_RANGE);
            refused(s, i, -1, MessageException.Kind.OUT_OF_RANGE);
            assertThat(construct(s, i, 0xffff)).isNull();
          }
          case "U32" -> {
            refused(s, i, 1L << 32, MessageException.Kind.OUT_OF_RANGE);
            refused(s, i, -1L, MessageException.Kind.OUT_OF_RANGE);
            assertThat(construct(s, i, 0xffff_ffffL)).isNull();
          }
          case "OPTION[U32]" -> {
            refused(s, i, OptionalLong.of(1L << 32), MessageException.Kind.OUT_OF_RANGE);
            refusedNull(s, i);
            assertThat(construct(s, i, OptionalLong.of(0xffff_ffffL))).isNull();
          }
          case "STR0_255", "U256" -> refusedNull(s, i);
          case "B0_32", "B0_255", "B0_64K", "B0_16M" -> {
            int max = bound(type);
            refused(s, i, Bytes.of(new byte[max + 1]), MessageException.Kind.TOO_LONG);
            refusedNull(s, i);
            assertThat(construct(s, i, Bytes.of(new byte[max]))).isNull();
          }
          case "SEQ0_255[U256]", "SEQ0_64K[U256]" -> {
            int max = bound(type);
            refused(s, i, nCopies(max + 1, U256.ZERO), MessageException.Kind.TOO_LONG);
            refusedNull(s, i);
            assertThat(construct(s, i, nCopies(max, U256.ZERO))).isNull();
            assertThat(construct(s, i, Arrays.asList(U256.ZERO, null))).isInstanceOf(NullPointerException.class);
          }
          case "SEQ0_64K[U16]" -> {
            refused(s, i, nCopies(0x10000, 0), MessageException.Kind.TOO_LONG);
            refused(s, i, List.of(0, 0x10000), MessageException.Kind.OUT_OF_RANGE);
            refused(s, i, List.of(-1), MessageException.Kind.OUT_OF_RANGE);
            refusedNull(s, i);
            assertThat(construct(s, i, nCopies(0xffff, 0xffff))).isNull();
          }
          case "SEQ0_64K[U32]" -> {
            refused(s, i, nCopies(0x10000, 0L), MessageException.Kind.TOO_LONG);
            refused(s, i, List.of(0L, 1L << 32), MessageException.Kind.OUT_OF_RANGE);
            refusedNull(s, i);
            assertThat(construct(s, i, nCopies(0xffff, 0xffff_ffffL))).isNull();
          }
          case "SEQ0_64K[B0_16M]" -> {
            refused(s, i, nCopies(0x10000, Bytes.EMPTY), MessageException.Kind.TOO_LONG);
            refused(s, i, List.of(Bytes.EMPTY, Bytes.of(new byte[0x100_0000])), MessageException.Kind.TOO_LONG);
            refusedNull(s, i);
            assertThat(construct(s, i, List.of(Bytes.of(new byte[0xff_ffff])))).isNull();
          }
          case "U64", "BOOL", "F32" -> {
            continue; // every Java value is a valid one
          }
          default -> throw new AssertionError("untested field type " + type);
        }
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> strictDecodingRefusesATrailingByteAndLenientIgnoresIt() {
    // The max cases: every field present at its bound, every string valid UTF-8.
    return subjects("max").map(s -> DynamicTest.dynamicTest(s.label(), () -> {
      AnyMessage m = s.message();
      byte[] exact = Catalogue.encode(m);
      byte[] longer = Arrays.copyOf(exact, exact.length + 1);
      MessageException e = (MessageException) catchThrowable(
          () -> Sv2Messages.decodeStrict(m.extensionType(), m.msgType(), ByteBuffer.wrap(longer)));
      assertThat(e).as(s.label()).isNotNull();
      assertThat(e.kind()).isEqualTo(MessageException.Kind.TRAILING_BYTES);
      assertThat(e.messageName()).isEqualTo(s.name());
      assertThat(e.getMessage()).isEqualTo(s.name() + ": 1 bytes after the message");
      ByteBuffer in = ByteBuffer.wrap(longer);
      assertThat(Sv2Messages.decode(m.extensionType(), m.msgType(), in)).isEqualTo(m);
      assertThat(in.remaining()).isEqualTo(1);
      ByteBuffer strictIn = ByteBuffer.wrap(exact);
      assertThat(Sv2Messages.decodeStrict(m.extensionType(), m.msgType(), strictIn)).isEqualTo(m);
      assertThat(strictIn.hasRemaining()).isFalse();
      // The record's own decode(Reader) keeps the reader's strictness.
      Method decode = s.cls().getMethod("decode", org.sv2j.binary.Reader.class);
      Throwable viaReader = catchThrowable(() -> {
        try {
          decode.invoke(null, org.sv2j.binary.Reader.strict(ByteBuffer.wrap(longer), s.name()));
        } catch (InvocationTargetException x) {
          throw x.getCause();
        }
      });
      assertThat(viaReader).isInstanceOfSatisfying(MessageException.class,
          x -> assertThat(x.kind()).isEqualTo(MessageException.Kind.TRAILING_BYTES));
      assertThat(decode.invoke(null, org.sv2j.binary.Reader.strict(ByteBuffer.wrap(exact), s.name()))).isEqualTo(m);
    }));
  }

  @TestFactory
  Stream<DynamicTest> encodingIntoADestinationOneByteShortWritesNothing() {
    return Stream.concat(subjects("min"), subjects("random-2")).map(s -> DynamicTest.dynamicTest(s.label(), () -> {
      AnyMessage m = s.message();
      int n = m.encodedLength();
      assertThat(n).isEqualTo(Catalogue.encode(m).length);
      if (n == 0) {
        return;
      }
      byte[] dst = new byte[n + 4];
      Arrays.fill(dst, (byte) 0x5a);
      ByteBuffer b = ByteBuffer.wrap(dst, 2, n - 1);
      Throwable t = catchThrowable(() -> m.encodeTo(b));
      assertThat(t).as(s.label()).isInstanceOfSatisfying(MessageException.class, e -> {
        assertThat(e.kind()).isEqualTo(MessageException.Kind.DESTINATION_TOO_SMALL);
        assertThat(e.messageName()).isEqualTo(s.name());
        assertThat(e.getMessage()).isEqualTo(s.name() + ": needs " + n + " bytes, room for " + (n - 1));
      });
      assertThat(b.position()).isEqualTo(2);
      byte[] untouched = new byte[n + 4];
      Arrays.fill(untouched, (byte) 0x5a);
      assertThat(dst).isEqualTo(untouched);
      // Exactly enough room: all of it written, from the position on.
      ByteBuffer fits = ByteBuffer.wrap(dst, 2, n);
      m.encodeTo(fits);
      assertThat(fits.hasRemaining()).isFalse();
      assertThat(Arrays.copyOfRange(dst, 2, 2 + n)).isEqualTo(Catalogue.encode(m));
    }));
  }

  /** A component's value as the records print it: U64 unsigned, everything else its own toString. */
  private static String shown(String type, Object value) {
    return type.equals("U64") ? Long.toUnsignedString((Long) value) : String.valueOf(value);
  }

  @TestFactory
  Stream<DynamicTest> toStringShowsEveryFieldByItsComponentName() {
    return Stream.concat(subjects("max"), subjects("random-3")).map(s -> DynamicTest.dynamicTest(s.label(), () -> {
      RecordComponent[] comps = s.cls().getRecordComponents();
      StringBuilder expected = new StringBuilder(s.cls().getSimpleName()).append('[');
      for (int i = 0; i < comps.length; i++) {
        expected.append(i == 0 ? "" : ", ").append(comps[i].getName()).append('=')
            .append(shown((String) s.spec().get(i).get("type"), comps[i].getAccessor().invoke(s.message())));
      }
      assertThat(s.message().toString()).isEqualTo(expected.append(']').toString());
    }));
  }

  @TestFactory
  Stream<DynamicTest> constantsAgreeWithTheRegistryAndTheReference() {
    return subjects("min").map(s -> DynamicTest.dynamicTest(s.label(), () -> {
      AnyMessage m = s.message();
      MessageType t = Sv2Messages.type(m.extensionType(), m.msgType()).orElseThrow();
      assertThat(t.messageClass()).isEqualTo(s.cls());
      assertThat(m.extensionType()).isEqualTo(Catalogue.integer(s.entry().get("extension_type")))
          .isEqualTo(s.cls().getField("EXTENSION_TYPE").get(null));
      assertThat(m.msgType()).isEqualTo(Catalogue.integer(s.entry().get("msg_type"))).isEqualTo(s.cls().getField("MSG_TYPE").get(null));
      assertThat(m.channelMsg()).isEqualTo(s.entry().get("channel_msg")).isEqualTo(s.cls().getField("CHANNEL_MSG").get(null));
      assertThat(m.messageName()).isEqualTo(s.name()).isEqualTo(s.cls().getField("NAME").get(null));
      assertThat(Sv2Messages.isKnown(m.extensionType(), m.msgType())).isTrue();
      // The channel bit in the extension type does not change the message.
      assertThat(Sv2Messages.type(m.extensionType() | 0x8000, m.msgType())).contains(t);
    }));
  }

  @org.junit.jupiter.api.Test
  void anInvalidProtocolIsRefusedAsSoonAsItIsRead() {
    // As the reference (ValueIsNotAValidProtocol): the protocol byte is checked before the rest is read,
    // so a payload cut right after it is refused for its protocol, not for being short.
    for (byte p : new byte[] {3, (byte) 0xff}) {
      Throwable t = catchThrowable(() -> org.sv2j.messages.common.SetupConnection.decode(ByteBuffer.wrap(new byte[] {p})));
      assertThat(t).isInstanceOfSatisfying(MessageException.class, e -> {
        assertThat(e.kind()).isEqualTo(MessageException.Kind.INVALID_VALUE);
        assertThat(e.field()).isEqualTo("protocol");
        assertThat(e.messageName()).isEqualTo("SetupConnection");
      });
    }
    Throwable cut = catchThrowable(() -> org.sv2j.messages.common.SetupConnection.decode(ByteBuffer.wrap(new byte[] {2})));
    assertThat(cut).isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.field()).isEqualTo("min_version"));
  }
}
