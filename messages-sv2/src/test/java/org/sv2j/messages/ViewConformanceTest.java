package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sv2j.binary.MessageException;
import org.sv2j.messages.mining.SubmitSharesExtendedView;
import org.sv2j.messages.mining.SubmitSharesStandard;
import org.sv2j.messages.mining.SubmitSharesStandardView;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;

/**
 * The flyweight views against the records on every reference case and reject of their messages, and on
 * every truncation of every case: a view shows exactly what the record's decoder decodes, and refuses
 * exactly what it refuses, with the same field and kind.
 */
class ViewConformanceTest {
  private static final List<String> VIEWED =
      List.of("SubmitSharesStandard", "SubmitSharesExtended", "SubmitSharesSuccess", "NewMiningJob", "SetNewPrevHash", "SetTarget");

  private static Object view(String name) throws ReflectiveOperationException {
    return Class.forName("org.sv2j.messages.mining." + name + "View").getConstructor().newInstance();
  }

  private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Throwable {
    Method m = target.getClass().getMethod(method, types);
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object wrap(Object view, ByteBuffer b) throws Throwable {
    return call(view, "wrap", new Class<?>[] {ByteBuffer.class}, b);
  }

  private static AnyMessage record(String name, ByteBuffer b) throws Throwable {
    Method m = Class.forName("org.sv2j.messages.mining." + name).getMethod("decode", ByteBuffer.class);
    try {
      return (AnyMessage) m.invoke(null, b);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static MessageException thrown(ThrowingRunnable r) {
    try {
      r.run();
      return null;
    } catch (MessageException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("not a MessageException", t);
    }
  }

  interface ThrowingRunnable {
    void run() throws Throwable;
  }

  private static boolean viewed(Map<String, Object> c) {
    return c.get("subprotocol").equals("mining") && VIEWED.contains(c.get("message"));
  }

  @TestFactory
  Stream<DynamicTest> viewsShowEveryCaseAndRefuseEveryTruncation() {
    return Catalogue.list(Catalogue.FILE.get("cases")).stream().filter(ViewConformanceTest::viewed).map(c -> DynamicTest.dynamicTest(
        c.get("message") + " " + c.get("case"), () -> {
          String name = (String) c.get("message");
          byte[] payload = Hex.decode((String) c.get("payload_hex"));
          AnyMessage expected = record(name, ByteBuffer.wrap(payload));
          Object v = view(name);
          for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            // Inside a larger buffer, at an offset, with trailing bytes after the message.
            byte[] big = new byte[payload.length + 9];
            System.arraycopy(payload, 0, big, 5, payload.length);
            ByteBuffer b = ByteBuffer.wrap(big).order(order);
            b.position(5);
            assertThat(wrap(v, b)).isSameAs(v);
            assertThat(b.position()).isEqualTo(5);
            assertThat(call(v, "toMessage", new Class<?>[0])).isEqualTo(expected);
            assertThat(call(v, "length", new Class<?>[0])).isEqualTo(payload.length);
            assertThat(v.toString()).isEqualTo(expected.toString());
          }
          for (int cut = 0; cut < payload.length; cut++) {
            ByteBuffer shortBuf = ByteBuffer.wrap(payload, 0, cut);
            MessageException byRecord = thrown(() -> record(name, shortBuf.duplicate()));
            MessageException byView = thrown(() -> wrap(v, shortBuf.duplicate()));
            assertThat(byRecord).as("cut " + cut).isNotNull();
            assertThat(byView).as("cut " + cut).isNotNull();
            assertThat(byView.field()).as("cut " + cut).isEqualTo(byRecord.field());
            assertThat(byView.kind()).isEqualTo(byRecord.kind());
            assertThat(byView.messageName()).isEqualTo(name);
            // A failed wrap leaves the view unwrapped.
            assertThatThrownBy(() -> call(v, "length", new Class<?>[0])).isInstanceOf(IllegalStateException.class);
            assertThat(v.toString()).endsWith("View[not wrapped]");
          }
        }));
  }

  @Test
  void viewsRefuseWhatTheRecordsRefuse() throws Throwable {
    int n = 0;
    for (Map<String, Object> r : Catalogue.list(Catalogue.FILE.get("rejects"))) {
      if (!viewed(r) || !r.get("verdict").equals("reject")) {
        continue;
      }
      String name = (String) r.get("message");
      byte[] p = Hex.decode((String) r.get("payload_hex"));
      MessageException byRecord = thrown(() -> record(name, ByteBuffer.wrap(p)));
      MessageException byView = thrown(() -> wrap(view(name), ByteBuffer.wrap(p)));
      assertThat(byView).as((String) r.get("what")).isNotNull();
      assertThat(byView.field()).isEqualTo(byRecord.field());
      assertThat(byView.kind()).isEqualTo(byRecord.kind());
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(8);
  }

  @Test
  void allocationFreeAccessors() {
    SubmitSharesStandard m = new SubmitSharesStandard(1, 2, 3, 4, 5, 0xffffffffL);
    ByteBuffer b = ByteBuffer.allocate(m.encodedLength());
    m.encodeTo(b);
    b.flip();
    SubmitSharesStandardView v = new SubmitSharesStandardView();
    assertThatThrownBy(v::channelId).isInstanceOf(IllegalStateException.class);
    v.wrap(b);
    assertThat(v.version()).isEqualTo(0xffffffffL);
    assertThat(v.nonce()).isEqualTo(4);
    assertThatThrownBy(() -> v.wrap(b, 1, b.limit())).isInstanceOf(IndexOutOfBoundsException.class);
    Map<String, Object> c = Catalogue.list(Catalogue.FILE.get("cases")).stream()
        .filter(x -> x.get("message").equals("SubmitSharesExtended") && x.get("case").equals("max")).findFirst().orElseThrow();
    byte[] p = Hex.decode((String) c.get("payload_hex"));
    SubmitSharesExtendedView e = new SubmitSharesExtendedView().wrap(ByteBuffer.wrap(p));
    byte[] into = new byte[40];
    assertThat(e.copyExtranonceTo(into, 8)).isEqualTo(32);
    assertThat(e.extranonceLength()).isEqualTo(32);
    assertThat(e.extranonceByte(31)).isEqualTo((byte) 0xff);
    assertThatThrownBy(() -> e.extranonceByte(32)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> e.copyExtranonceTo(into, 9)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(Hex.encode(into, 8, 32)).isEqualTo(Json.object(c.get("fields")).get("extranonce"));
  }
}
