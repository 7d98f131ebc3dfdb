package org.sv2j.benchmarks.messages;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.U256;
import org.sv2j.framing.Sv2Message;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.mining.NewExtendedMiningJob;
import org.sv2j.messages.mining.NewMiningJob;
import org.sv2j.messages.mining.NewMiningJobView;
import org.sv2j.messages.mining.SetNewPrevHash;
import org.sv2j.messages.mining.SetNewPrevHashView;
import org.sv2j.messages.mining.SetTarget;
import org.sv2j.messages.mining.SetTargetView;
import org.sv2j.messages.mining.SubmitSharesExtended;
import org.sv2j.messages.mining.SubmitSharesExtendedView;
import org.sv2j.messages.mining.SubmitSharesStandard;
import org.sv2j.messages.mining.SubmitSharesStandardView;
import org.sv2j.messages.mining.SubmitSharesSuccess;
import org.sv2j.messages.mining.SubmitSharesSuccessView;
import org.sv2j.messages.templates.NewTemplate;

/**
 * Message encode + decode, the reference's workload ({@code to_writer} into a reused buffer, then {@code
 * from_bytes} of it): each benchmark encodes a prebuilt message into a reused heap buffer and decodes it
 * back, either into a new record ({@code record*}: the message object and its variable-length fields are
 * the only allocation) or through a re-armed flyweight view that reads every field ({@code view*}: no
 * allocation). {@code dispatch} decodes a framed SubmitSharesStandard through the registry from its header,
 * as {@code parsers_sv2} does.
 *
 * <p>The sizes are the reference's: SubmitSharesStandard 24 B, SubmitSharesExtended with a 32-byte
 * extranonce 57 B, SubmitSharesSuccess 20 B, NewMiningJob 49 B, NewExtendedMiningJob with a 12-entry merkle
 * path and 100 + 100 B coinbase parts 607 B, SetNewPrevHash 48 B, SetTarget 36 B, SetupConnection 58 B,
 * NewTemplate with a 12-entry merkle path 507 B. Reference figures (ns, encode + decode, release build on
 * this machine): 1,107 / 1,394 / – / 1,373 / 3,267 / 1,066 / – / 1,725 / 3,604; dispatch 791.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageBenchmark {
  private final ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

  private SubmitSharesStandard submitStandard;
  private SubmitSharesExtended submitExtended;
  private SubmitSharesSuccess submitSuccess;
  private NewMiningJob newMiningJob;
  private NewExtendedMiningJob newExtendedMiningJob;
  private SetNewPrevHash setNewPrevHash;
  private SetTarget setTarget;
  private SetupConnection setupConnection;
  private NewTemplate newTemplate;
  private ByteBuffer framedSubmit;

  private final SubmitSharesStandardView submitStandardView = new SubmitSharesStandardView();
  private final SubmitSharesExtendedView submitExtendedView = new SubmitSharesExtendedView();
  private final SubmitSharesSuccessView submitSuccessView = new SubmitSharesSuccessView();
  private final NewMiningJobView newMiningJobView = new NewMiningJobView();
  private final SetNewPrevHashView setNewPrevHashView = new SetNewPrevHashView();
  private final SetTargetView setTargetView = new SetTargetView();

  private static U256 hash(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (seed * 31 + i * 7);
    }
    return U256.fromBytes(b);
  }

  private static Bytes bytes(int n, int seed) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) seed);
    return Bytes.of(b);
  }

  /** Builds the messages once (sizes as in the class comment). */
  @Setup
  public void setUp() {
    submitStandard = new SubmitSharesStandard(7, 1_000_001, 42, 0xdeadbeefL, 1_700_000_000L, 0x2000_0000L);
    submitExtended = new SubmitSharesExtended(7, 1_000_001, 42, 0xdeadbeefL, 1_700_000_000L, 0x2000_0000L, bytes(32, 0x5a));
    submitSuccess = new SubmitSharesSuccess(7, 1_000_001, 12, 123_456_789_000L);
    newMiningJob = new NewMiningJob(7, 42, OptionalLong.of(1_700_000_000L), 0x2000_0000L, hash(1));
    List<U256> path = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      path.add(hash(10 + i));
    }
    newExtendedMiningJob =
        new NewExtendedMiningJob(7, 42, OptionalLong.of(1_700_000_000L), 0x2000_0000L, true, path, bytes(100, 1), bytes(100, 2));
    setNewPrevHash = new SetNewPrevHash(7, 42, hash(2), 1_700_000_000L, 0x1703_4219L);
    setTarget = new SetTarget(7, hash(3));
    setupConnection =
        new SetupConnection(SetupConnection.MINING, 2, 2, 0, "pool.example.com", 3333, "Bitmain", "S19j Pro", "braiins-os", "a");
    newTemplate =
        new NewTemplate(99, false, 0x2000_0000L, 2, bytes(32, 3), 0xffff_ffffL, 312_500_000L, 1, bytes(50, 4), 0, path);
    check(submitStandard, 24);
    check(submitExtended, 57);
    check(submitSuccess, 20);
    check(newMiningJob, 49);
    check(newExtendedMiningJob, 607);
    check(setNewPrevHash, 48);
    check(setTarget, 36);
    check(setupConnection, 58);
    check(newTemplate, 507);
    var f = submitStandard.toFrame();
    framedSubmit = ByteBuffer.allocate(f.encodedLength()).order(ByteOrder.LITTLE_ENDIAN);
    f.encodeTo(framedSubmit);
    framedSubmit.flip();
    if (!new String(setupConnection.vendor().toByteArray(), StandardCharsets.UTF_8).equals("Bitmain")) {
      throw new IllegalStateException();
    }
  }

  private static void check(Sv2Message m, int size) {
    if (m.encodedLength() != size) {
      throw new IllegalStateException(m + " is " + m.encodedLength() + " bytes, not " + size);
    }
  }

  private ByteBuffer encode(Sv2Message m) {
    ByteBuffer b = buf;
    b.clear();
    m.encodeTo(b);
    b.flip();
    return b;
  }

  /** SubmitSharesStandard (24 B) into a record. */
  @Benchmark
  public SubmitSharesStandard recordSubmitSharesStandard() {
    return SubmitSharesStandard.decode(encode(submitStandard));
  }

  /** SubmitSharesExtended (57 B) into a record. */
  @Benchmark
  public SubmitSharesExtended recordSubmitSharesExtended() {
    return SubmitSharesExtended.decode(encode(submitExtended));
  }

  /** SubmitSharesSuccess (20 B) into a record. */
  @Benchmark
  public SubmitSharesSuccess recordSubmitSharesSuccess() {
    return SubmitSharesSuccess.decode(encode(submitSuccess));
  }

  /** NewMiningJob (49 B) into a record. */
  @Benchmark
  public NewMiningJob recordNewMiningJob() {
    return NewMiningJob.decode(encode(newMiningJob));
  }

  /** NewExtendedMiningJob (607 B) into a record. */
  @Benchmark
  public NewExtendedMiningJob recordNewExtendedMiningJob() {
    return NewExtendedMiningJob.decode(encode(newExtendedMiningJob));
  }

  /** SetNewPrevHash (48 B) into a record. */
  @Benchmark
  public SetNewPrevHash recordSetNewPrevHash() {
    return SetNewPrevHash.decode(encode(setNewPrevHash));
  }

  /** SetTarget (36 B) into a record. */
  @Benchmark
  public SetTarget recordSetTarget() {
    return SetTarget.decode(encode(setTarget));
  }

  /** SetupConnection (58 B) into a record. */
  @Benchmark
  public SetupConnection recordSetupConnection() {
    return SetupConnection.decode(encode(setupConnection));
  }

  /** NewTemplate (507 B) into a record. */
  @Benchmark
  public NewTemplate recordNewTemplate() {
    return NewTemplate.decode(encode(newTemplate));
  }

  /** A framed SubmitSharesStandard (30 B) through the registry, dispatched on its header. */
  @Benchmark
  public AnyMessage dispatch() {
    ByteBuffer f = framedSubmit;
    int ext = f.getShort(0) & 0x7fff;
    int type = f.get(2) & 0xff;
    f.position(6);
    AnyMessage m = Sv2Messages.decode(ext, type, f);
    f.position(0);
    return m;
  }

  /** SubmitSharesStandard (24 B) through its view, every field read. */
  @Benchmark
  public void viewSubmitSharesStandard(Blackhole bh) {
    SubmitSharesStandardView v = submitStandardView.wrap(encode(submitStandard));
    bh.consume(v.channelId());
    bh.consume(v.sequenceNumber());
    bh.consume(v.jobId());
    bh.consume(v.nonce());
    bh.consume(v.ntime());
    bh.consume(v.version());
  }

  /** SubmitSharesExtended (57 B) through its view, every field read (the extranonce into a reused array). */
  @Benchmark
  public void viewSubmitSharesExtended(Blackhole bh, Scratch s) {
    SubmitSharesExtendedView v = submitExtendedView.wrap(encode(submitExtended));
    bh.consume(v.channelId());
    bh.consume(v.sequenceNumber());
    bh.consume(v.jobId());
    bh.consume(v.nonce());
    bh.consume(v.ntime());
    bh.consume(v.version());
    bh.consume(v.copyExtranonceTo(s.bytes, 0));
  }

  /** SubmitSharesSuccess (20 B) through its view. */
  @Benchmark
  public void viewSubmitSharesSuccess(Blackhole bh) {
    SubmitSharesSuccessView v = submitSuccessView.wrap(encode(submitSuccess));
    bh.consume(v.channelId());
    bh.consume(v.lastSequenceNumber());
    bh.consume(v.newSubmitsAcceptedCount());
    bh.consume(v.newSharesSum());
  }

  /** NewMiningJob (49 B) through its view (the merkle root as four words). */
  @Benchmark
  public void viewNewMiningJob(Blackhole bh) {
    NewMiningJobView v = newMiningJobView.wrap(encode(newMiningJob));
    bh.consume(v.channelId());
    bh.consume(v.jobId());
    bh.consume(v.minNtimeOrElse(-1));
    bh.consume(v.version());
    for (int i = 0; i < 4; i++) {
      bh.consume(v.merkleRootWord(i));
    }
  }

  /** SetNewPrevHash (48 B) through its view. */
  @Benchmark
  public void viewSetNewPrevHash(Blackhole bh) {
    SetNewPrevHashView v = setNewPrevHashView.wrap(encode(setNewPrevHash));
    bh.consume(v.channelId());
    bh.consume(v.jobId());
    for (int i = 0; i < 4; i++) {
      bh.consume(v.prevHashWord(i));
    }
    bh.consume(v.minNtime());
    bh.consume(v.nbits());
  }

  /** SetTarget (36 B) through its view. */
  @Benchmark
  public void viewSetTarget(Blackhole bh) {
    SetTargetView v = setTargetView.wrap(encode(setTarget));
    bh.consume(v.channelId());
    for (int i = 0; i < 4; i++) {
      bh.consume(v.maximumTargetWord(i));
    }
  }

  /** A reused array for byte-string fields read through views. */
  @State(Scope.Thread)
  public static class Scratch {
    /** Room for a B0_32. */
    public final byte[] bytes = new byte[32];
  }
}
