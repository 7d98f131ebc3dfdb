package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.U256;
import org.sv2j.messages.mining.NewExtendedMiningJob;
import org.sv2j.messages.mining.NewExtendedMiningJobView;
import org.sv2j.messages.mining.NewMiningJobView;
import org.sv2j.messages.mining.SetNewPrevHashView;
import org.sv2j.messages.mining.SetTargetView;
import org.sv2j.messages.mining.SubmitSharesExtendedView;
import org.sv2j.messages.mining.SubmitSharesStandardView;
import org.sv2j.messages.mining.SubmitSharesSuccessView;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Props;

/**
 * Each flyweight view's allocation-free accessors, one by one, against the record decoded from the same
 * reference case ({@link ViewConformanceTest} compares {@code toMessage()}, which does not use them all):
 * word and byte accessors, copies into an array at an offset, presence of an OPTION, index checks; and a
 * steady-state allocation check of wrap plus those accessors (the views' "no allocation per message").
 */
class ViewAccessorTest {
  private static final List<String> VIEWED =
      List.of("SubmitSharesStandard", "SubmitSharesExtended", "SubmitSharesSuccess", "NewMiningJob", "NewExtendedMiningJob",
          "SetNewPrevHash", "SetTarget");

  private static Object call(Object target, String method, Object... args) throws Throwable {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError(target.getClass().getSimpleName() + " has no " + method + "/" + args.length);
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static byte[] payload(Map<String, Object> c) {
    return c.containsKey("payload_hex")
        ? Hex.decode((String) c.get("payload_hex"))
        : Catalogue.encode(Catalogue.build(0, Catalogue.integer(c.get("msg_type")), Json.object(c.get("fields"))));
  }

  @TestFactory
  Stream<DynamicTest> everyAccessorShowsTheRecordsField() {
    return Catalogue.list(Catalogue.FILE.get("cases")).stream()
        .filter(c -> c.get("subprotocol").equals("mining") && VIEWED.contains(c.get("message")))
        .map(c -> DynamicTest.dynamicTest(c.get("message") + " " + c.get("case"), () -> {
          String name = (String) c.get("message");
          byte[] p = payload(c);
          AnyMessage record = Catalogue.build(0, Catalogue.integer(c.get("msg_type")), Json.object(c.get("fields")));
          List<Map<String, Object>> spec = Catalogue.list(Catalogue.entry(0, record.msgType()).get("fields"));
          Object view = Class.forName("org.sv2j.messages.mining." + name + "View").getConstructor().newInstance();
          for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            byte[] big = new byte[p.length + 7];
            Arrays.fill(big, (byte) 0xa5);
            System.arraycopy(p, 0, big, 3, p.length);
            ByteBuffer b = ByteBuffer.wrap(big).order(order);
            call(view, "wrap", b, 3, p.length);
            assertThat(call(view, "length")).isEqualTo(p.length);
            RecordComponent[] comps = record.getClass().getRecordComponents();
            for (int i = 0; i < comps.length; i++) {
              String f = comps[i].getName();
              String type = (String) spec.get(i).get("type");
              Object expected = comps[i].getAccessor().invoke(record);
              String what = name + "." + f + " " + c.get("case") + " " + order;
              assertThat(call(view, f)).as(what).isEqualTo(expected);
              switch (type) {
                case "OPTION[U32]" -> {
                  OptionalLong o = (OptionalLong) expected;
                  assertThat(call(view, "has" + cap(f))).as(what).isEqualTo(o.isPresent());
                  assertThat(call(view, f + "OrElse", 1234L)).as(what).isEqualTo(o.orElse(1234L));
                }
                case "U256" -> {
                  U256 u = (U256) expected;
                  for (int w = 0; w < 4; w++) {
                    assertThat(call(view, f + "Word", w)).as(what).isEqualTo(u.word(w));
                  }
                  for (int w : new int[] {-1, 4}) {
                    int word = w;
                    assertThat(catchThrowable(() -> call(view, f + "Word", word))).isInstanceOf(IndexOutOfBoundsException.class);
                  }
                  byte[] dst = new byte[40];
                  call(view, "copy" + cap(f) + "To", dst, 5);
                  assertThat(Arrays.copyOfRange(dst, 5, 37)).isEqualTo(u.toByteArray());
                  assertThat(dst[4]).isZero();
                  assertThat(dst[37]).isZero();
                  assertThat(catchThrowable(() -> call(view, "copy" + cap(f) + "To", dst, 9))).isInstanceOf(IndexOutOfBoundsException.class);
                }
                case "SEQ0_255[U256]" -> {
                  @SuppressWarnings("unchecked")
                  List<U256> l = (List<U256>) expected;
                  assertThat(call(view, f + "Size")).as(what).isEqualTo(l.size());
                  for (int k = 0; k < l.size(); k++) {
                    for (int w = 0; w < 4; w++) {
                      assertThat(call(view, f + "Word", k, w)).as(what).isEqualTo(l.get(k).word(w));
                    }
                    byte[] dst = new byte[34];
                    call(view, "copy" + cap(f) + "To", k, dst, 1);
                    assertThat(Arrays.copyOfRange(dst, 1, 33)).isEqualTo(l.get(k).toByteArray());
                  }
                  int n = l.size();
                  assertThat(catchThrowable(() -> call(view, f + "Word", n, 0))).isInstanceOf(IndexOutOfBoundsException.class);
                  assertThat(catchThrowable(() -> call(view, f + "Word", 0, 4))).isInstanceOf(IndexOutOfBoundsException.class);
                  assertThat(catchThrowable(() -> call(view, f + "Word", 0, -1))).isInstanceOf(IndexOutOfBoundsException.class);
                  assertThat(catchThrowable(() -> call(view, "copy" + cap(f) + "To", n, new byte[32], 0)))
                      .isInstanceOf(IndexOutOfBoundsException.class);
                  if (n > 0) {
                    assertThat(catchThrowable(() -> call(view, "copy" + cap(f) + "To", 0, new byte[32], 1)))
                        .isInstanceOf(IndexOutOfBoundsException.class);
                  }
                }
                case "B0_32", "B0_64K" -> {
                  Bytes bytes = (Bytes) expected;
                  int n = bytes.length();
                  assertThat(call(view, f + "Length")).as(what).isEqualTo(n);
                  byte[] dst = new byte[n + 3];
                  assertThat(call(view, "copy" + cap(f) + "To", dst, 2)).isEqualTo(n);
                  assertThat(Bytes.of(dst, 2, n)).as(what).isEqualTo(bytes);
                  assertThat(dst[0]).isZero();
                  assertThat(dst[1]).isZero();
                  assertThat(dst[n + 2]).isZero();
                  if (n > 0) {
                    assertThat(catchThrowable(() -> call(view, "copy" + cap(f) + "To", dst, 4))).isInstanceOf(IndexOutOfBoundsException.class);
                  }
                }
                default -> {
                  // U32, U64, BOOL: the accessor itself, compared above.
                }
              }
            }
            // Nothing read or moved the buffer.
            assertThat(b.position()).isZero();
            assertThat(b.limit()).isEqualTo(big.length);
          }
        }));
  }

  @Test
  void extranonceBytesOneByOne() throws Throwable {
    Map<String, Object> c = Catalogue.list(Catalogue.FILE.get("cases")).stream()
        .filter(x -> x.get("message").equals("SubmitSharesExtended") && x.get("case").equals("random-1")).findFirst().orElseThrow();
    byte[] p = payload(c);
    Bytes expected = Bytes.fromHex((String) Json.object(c.get("fields")).get("extranonce"));
    SubmitSharesExtendedView v = new SubmitSharesExtendedView().wrap(ByteBuffer.wrap(p));
    assertThat(v.extranonceLength()).isEqualTo(expected.length());
    for (int i = 0; i < expected.length(); i++) {
      assertThat(v.extranonceByte(i)).isEqualTo(expected.byteAt(i));
    }
    assertThat(catchThrowable(() -> v.extranonceByte(-1))).isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static long allocated() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static ByteBuffer max(String message) {
    Map<String, Object> c = Catalogue.list(Catalogue.FILE.get("cases")).stream()
        .filter(x -> x.get("subprotocol").equals("mining") && x.get("message").equals(message) && x.get("case").equals("max"))
        .findFirst().orElseThrow();
    return ByteBuffer.wrap(payload(c));
  }

  @Test
  void wrappingAndReadingThroughTheViewsAllocatesNothing() {
    ByteBuffer std = max("SubmitSharesStandard");
    ByteBuffer ext = max("SubmitSharesExtended");
    ByteBuffer ok = max("SubmitSharesSuccess");
    ByteBuffer job = max("NewMiningJob");
    ByteBuffer extJob = max("NewExtendedMiningJob");
    ByteBuffer prev = max("SetNewPrevHash");
    ByteBuffer target = max("SetTarget");
    SubmitSharesStandardView stdV = new SubmitSharesStandardView();
    SubmitSharesExtendedView extV = new SubmitSharesExtendedView();
    SubmitSharesSuccessView okV = new SubmitSharesSuccessView();
    NewMiningJobView jobV = new NewMiningJobView();
    NewExtendedMiningJobView extJobV = new NewExtendedMiningJobView();
    SetNewPrevHashView prevV = new SetNewPrevHashView();
    SetTargetView targetV = new SetTargetView();
    byte[] scratch = new byte[1 << 16];
    long sink = 0;
    long perRound = -1;
    // A real per-message allocation shows in every round; a few rounds let the JIT settle first.
    for (int round = 0; round < 12 && (round < 3 || perRound != 0); round++) {
      long before = allocated();
      for (int i = 0; i < 2_000; i++) {
        stdV.wrap(std);
        sink += stdV.channelId() + stdV.sequenceNumber() + stdV.jobId() + stdV.nonce() + stdV.ntime() + stdV.version();
        extV.wrap(ext);
        sink += extV.channelId() + extV.version() + extV.extranonceByte(0) + extV.copyExtranonceTo(scratch, 0);
        okV.wrap(ok);
        sink += okV.channelId() + okV.lastSequenceNumber() + okV.newSubmitsAcceptedCount() + okV.newSharesSum();
        jobV.wrap(job);
        sink += jobV.channelId() + jobV.jobId() + jobV.minNtimeOrElse(7) + jobV.version() + jobV.merkleRootWord(3)
            + (jobV.hasMinNtime() ? 1 : 0);
        jobV.copyMerkleRootTo(scratch, 0);
        extJobV.wrap(extJob);
        sink += extJobV.channelId() + extJobV.minNtimeOrElse(7) + extJobV.merklePathSize() + extJobV.merklePathWord(254, 3)
            + extJobV.copyCoinbaseTxPrefixTo(scratch, 0) + extJobV.copyCoinbaseTxSuffixTo(scratch, 0)
            + (extJobV.versionRollingAllowed() ? 1 : 0);
        extJobV.copyMerklePathTo(0, scratch, 0);
        prevV.wrap(prev);
        sink += prevV.channelId() + prevV.jobId() + prevV.prevHashWord(0) + prevV.minNtime() + prevV.nbits();
        prevV.copyPrevHashTo(scratch, 0);
        targetV.wrap(target);
        sink += targetV.channelId() + targetV.maximumTargetWord(2);
        targetV.copyMaximumTargetTo(scratch, 0);
      }
      perRound = allocated() - before;
    }
    assertThat(sink).isNotZero();
    assertThat(perRound).as("bytes allocated by 2,000 rounds of 7 views").isZero();
  }

  private static MessageException refusal(ThrowingRunnable r) {
    Throwable t = catchThrowable(r::run);
    assertThat(t).isInstanceOf(MessageException.class);
    return (MessageException) t;
  }

  private static Object callChecked(Object target, String method, Object... args) throws Exception {
    try {
      return call(target, method, args);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  interface ThrowingRunnable {
    void run() throws Throwable;
  }

  @Test
  void randomMessagesAndEveryCutOfThemViewAsTheRecordsDecode() {
    List<Map<String, Object>> entries = Catalogue.messages().stream()
        .filter(m -> m.get("subprotocol").equals("mining") && VIEWED.contains(m.get("message"))).toList();
    assertThat(entries).hasSize(VIEWED.size());
    Props.forAll(300, r -> {
      Map<String, Object> entry = entries.get(r.nextInt(entries.size()));
      AnyMessage m = PropertyTest.random(r, entry);
      byte[] p = Catalogue.encode(m);
      Object view = Class.forName("org.sv2j.messages.mining." + m.messageName() + "View").getConstructor().newInstance();
      assertThat(callChecked(view, "wrap", ByteBuffer.wrap(p).order(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)))
          .isSameAs(view);
      assertThat(callChecked(view, "toMessage")).isEqualTo(m);
      for (int cut = 0; cut < p.length; cut += cut < 200 ? 1 : 97) {
        byte[] shortP = Arrays.copyOf(p, cut);
        Method decode = m.getClass().getMethod("decode", ByteBuffer.class);
        MessageException byRecord = refusal(() -> {
          try {
            decode.invoke(null, ByteBuffer.wrap(shortP));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
        MessageException byView = refusal(() -> call(view, "wrap", ByteBuffer.wrap(shortP)));
        assertThat(byView.field()).as(m.messageName() + " cut " + cut).isEqualTo(byRecord.field());
        assertThat(byView.kind()).isEqualTo(byRecord.kind());
      }
    });
  }

  @Test
  void versionRollingAllowedIsItsOwnByteWithOrWithoutMinNtime() {
    for (OptionalLong minNtime : List.of(OptionalLong.empty(), OptionalLong.of(0x01010101L), OptionalLong.of(0))) {
      for (long jobId : new long[] {0, 0xffffffffL}) {
        for (boolean allowed : new boolean[] {false, true}) {
          NewExtendedMiningJob m = new NewExtendedMiningJob(0xffffffffL, jobId, minNtime, 0x01000001L, allowed, List.of(),
              Bytes.EMPTY, Bytes.EMPTY);
          NewExtendedMiningJobView v = new NewExtendedMiningJobView().wrap(ByteBuffer.wrap(Catalogue.encode(m)));
          assertThat(v.versionRollingAllowed()).as(minNtime + " " + jobId + " " + allowed).isEqualTo(allowed);
          assertThat(v.version()).isEqualTo(0x01000001L);
          assertThat(v.minNtime()).isEqualTo(minNtime);
        }
      }
    }
    // A present min_ntime cut short is refused as min_ntime, as the record refuses it.
    NewExtendedMiningJob m = new NewExtendedMiningJob(1, 2, OptionalLong.of(3), 4, true, List.of(), Bytes.EMPTY, Bytes.EMPTY);
    byte[] p = Catalogue.encode(m);
    for (int cut = 9; cut < 13; cut++) {
      ByteBuffer b = ByteBuffer.wrap(p, 0, cut);
      MessageException e = refusal(() -> new NewExtendedMiningJobView().wrap(b));
      assertThat(e.field()).as("cut " + cut).isEqualTo("min_ntime");
      assertThat(e.kind()).isEqualTo(MessageException.Kind.TRUNCATED);
    }
  }
}
