package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.harness.Sniffer.Direction;
import org.sv2j.messages.mining.SubmitSharesSuccess;

/** The capture file: what the sniffer recorded comes back, and the file is a plain Sv2 frame stream. */
@Timeout(60)
final class CaptureTest {
  @TempDir Path dir;

  List<Sniffer.Record> recordSession() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(8)).build().start();
        Sniffer sniffer = Sniffer.builder(pool.address()).build().start();
        TestMiner miner = TestMiner.builder(sniffer.address()).channel(TestMiner.ChannelKind.EXTENDED).maxShares(4).build()) {
      miner.start();
      assertThat(miner.awaitAccepted(4, Duration.ofSeconds(20))).isTrue();
      sniffer.expect(Direction.TO_DOWNSTREAM, SubmitSharesSuccess.class, Duration.ofSeconds(5));
      Path file = dir.resolve("session.sv2cap");
      sniffer.writeCapture(file);
      List<Sniffer.Record> back = Capture.read(file);
      List<Sniffer.Record> original = sniffer.records();
      assertThat(back).hasSameSizeAs(original);
      for (int i = 0; i < back.size(); i++) {
        Sniffer.Record a = original.get(i);
        Sniffer.Record b = back.get(i);
        assertThat(b.direction()).isEqualTo(a.direction());
        assertThat(b.connection()).isEqualTo(a.connection());
        assertThat(b.extensionType()).isEqualTo(a.extensionType());
        assertThat(b.msgType()).isEqualTo(a.msgType());
        assertThat(b.payload()).isEqualTo(a.payload());
        assertThat(b.message()).isEqualTo(a.message());
        assertThat(b.action()).isEqualTo(a.action());
        assertThat(b.time()).isEqualTo(a.time().truncatedTo(ChronoUnit.MICROS));
      }
      return back;
    }
  }

  @Test
  void aCaptureReadsBackAndIsAPlainFrameStream() throws Exception {
    List<Sniffer.Record> records = recordSession();
    byte[] bytes = Files.readAllBytes(dir.resolve("session.sv2cap"));
    // any Sv2 stream decoder (sv2 decode uses this one) reads it frame by frame: a header frame, then a
    // record frame before each recorded frame
    List<Sv2Frame> frames = new ArrayList<>();
    try (StandardDecoder d = new StandardDecoder(new BufferFromSystemMemory(), Header.MAX_PAYLOAD_LENGTH)) {
      d.feed(ByteBuffer.wrap(bytes), frames::add);
    }
    assertThat(frames).hasSize(1 + 2 * records.size());
    assertThat(frames.get(0).extensionType()).isEqualTo(Capture.EXTENSION_TYPE);
    assertThat(frames.get(0).msgType()).isEqualTo(Capture.FILE_HEADER_TYPE);
    for (int i = 0; i < records.size(); i++) {
      assertThat(frames.get(1 + 2 * i).msgType()).isEqualTo(Capture.RECORD_TYPE);
      assertThat(frames.get(2 + 2 * i).payloadToArray()).isEqualTo(records.get(i).payload());
    }
    frames.forEach(Sv2Frame::close);
  }

  @Test
  void aDamagedCaptureIsATypedError() throws Exception {
    recordSession();
    byte[] bytes = Files.readAllBytes(dir.resolve("session.sv2cap"));
    for (int cut : new int[] {0, 3, 6, 25, bytes.length / 2, bytes.length - 1}) {
      byte[] part = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> Capture.read(part, Sniffer::decode)).as("cut at %d", cut).isInstanceOf(IOException.class);
    }
    byte[] notCapture = new Header(0, 0x00, 0).toBytes();
    assertThatThrownBy(() -> Capture.read(notCapture, Sniffer::decode)).isInstanceOf(IOException.class).hasMessageContaining("not an sv2j capture");
    // a record frame with a direction out of range
    byte[] bad = bytes.clone();
    bad[6 + 14 + 6] = 9;
    assertThatThrownBy(() -> Capture.read(bad, Sniffer::decode)).isInstanceOf(IOException.class).hasMessageContaining("out of range");
  }

  @Test
  void aFileIsStreamedAndItsDefectsAreTypedErrors() throws Exception {
    List<Sniffer.Record> all = recordSession();
    Path file = dir.resolve("session.sv2cap");
    List<Sniffer.Record> streamed = new ArrayList<>();
    Capture.forEach(file, Sniffer::decode, streamed::add);
    assertThat(streamed).hasSameSizeAs(all);
    for (int i = 0; i < all.size(); i++) {
      assertThat(streamed.get(i).index()).isEqualTo(i);
      assertThat(streamed.get(i).payload()).isEqualTo(all.get(i).payload());
      assertThat(streamed.get(i).message()).isEqualTo(all.get(i).message());
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int cut : new int[] {0, 3, 6, 25, bytes.length / 2, bytes.length - 1}) {
      Path part = dir.resolve("cut" + cut);
      Files.write(part, Arrays.copyOf(bytes, cut));
      assertThatThrownBy(() -> Capture.read(part)).as("cut at %d", cut).isInstanceOf(IOException.class);
    }
    // a record announcing a 16 MiB frame that the file does not hold
    ByteBuffer crafted = ByteBuffer.allocate(6 + 14 + 6 + 14 + 6 + 10);
    crafted.put(Arrays.copyOf(bytes, 6 + 14 + 6 + 14)).put(new Header(0, 0x1a, 0xff_ffff).toBytes()).put(new byte[10]);
    Path big = dir.resolve("crafted");
    Files.write(big, crafted.array());
    assertThatThrownBy(() -> Capture.read(big)).isInstanceOf(IOException.class).hasMessageContaining("announces 16777215 bytes, 10 left");
  }

  @Test
  void anEndlessFileIsNotReadIntoMemory() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));
    // zero bytes are a header of extension 0, type 0, length 0: not a capture, refused at once
    assertThatThrownBy(() -> Capture.read(zero)).isInstanceOf(IOException.class).hasMessageContaining("not an sv2j capture");
    assertThatThrownBy(() -> KeyFile.read(zero)).isInstanceOf(IOException.class).hasMessageContaining("not a key file");
  }
}
