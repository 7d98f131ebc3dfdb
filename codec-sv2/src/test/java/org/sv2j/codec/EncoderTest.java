package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferFromSystemMemory;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.FramingException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;
import org.sv2j.testsupport.Hex;

class EncoderTest {

  /** Writes {@code written} bytes of 0xEE after announcing {@code announced}; optionally throws midway. */
  record Faulty(int announced, int written, boolean fail) implements Sv2Message {
    @Override
    public int encodedLength() {
      return announced;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      for (int i = 0; i < written; i++) {
        dst.put((byte) 0xee);
      }
      if (fail) {
        throw new IllegalArgumentException("bad field");
      }
    }
  }

  record U16(int value) implements Sv2Message {
    @Override
    public int encodedLength() {
      return 2;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      dst.putShort((short) value);
    }
  }

  @Test
  void aFailedEncodeLeavesNothingForTheNextFrame() {
    // brief §9.3: the reference leaves the failed frame's bytes in front of the next one.
    for (Faulty bad : new Faulty[] {new Faulty(8, 3, true), new Faulty(8, 5, false), new Faulty(8, 9, false)}) {
      try (Encoder enc = new Encoder()) {
        assertThatThrownBy(() -> enc.encode(Sv2Frame.fromMessage(0, 1, false, bad)))
            .as(bad.toString())
            .isInstanceOfSatisfying(
                CodecException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(CodecException.Kind.FRAMING);
                  assertThat(e.getCause()).isInstanceOf(FramingException.class);
                });
        try (Slice next = enc.encode(Sv2Frame.fromMessage(0, 0xff, false, new U16(1337)))) {
          assertThat(Hex.encode(next.toByteArray())).isEqualTo("0000ff0200003905");
        }
      }
    }
  }

  @Test
  void encodeToKeepsTheCallersPositionOnFailure() {
    Encoder enc = new Encoder(new BufferFromSystemMemory());
    ByteBuffer dst = ByteBuffer.allocate(32).position(5);
    assertThatThrownBy(() -> enc.encodeTo(Sv2Frame.fromMessage(0, 1, false, new Faulty(4, 4, true)), dst))
        .isInstanceOf(CodecException.class);
    assertThat(dst.position()).isEqualTo(5);
    ByteBuffer tiny = ByteBuffer.allocate(7);
    assertThatThrownBy(() -> enc.encodeTo(Sv2Frame.fromPayload(0, 1, false, new byte[2]), tiny))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(((FramingException) e.getCause()).kind())
                .isEqualTo(FramingException.Kind.DESTINATION_TOO_SMALL));
    assertThat(tiny.position()).isZero();
    enc.encodeTo(Sv2Frame.fromMessage(0, 0xff, false, new U16(1337)), dst);
    assertThat(Hex.encode(dst.array(), 5, 8)).isEqualTo("0000ff0200003905");
    enc.close();
  }

  @Test
  void encoderIsReusableAndFallsBackToHeapForBigFrames() {
    try (Encoder enc = new Encoder()) {
      for (int i = 0; i < 100; i++) {
        try (Slice s = enc.encode(Sv2Frame.fromMessage(0, 0xff, false, new U16(i)))) {
          assertThat(s.length()).isEqualTo(8);
          assertThat(s.isPooled()).isTrue();
          assertThat(s.getUnsignedShortLE(6)).isEqualTo(i);
        }
      }
      byte[] big = new byte[10_000];
      big[9_999] = 1;
      try (Slice s = enc.encode(Sv2Frame.fromPayload(0, 1, false, big))) {
        assertThat(s.length()).isEqualTo(10_006);
        assertThat(s.get(10_005)).isEqualTo((byte) 1);
      }
    }
  }

  @Test
  void reusedSlicesMakeEncodingAllocationFree() {
    try (BufferPool pool = new BufferPool(512);
        Encoder enc = new Encoder(pool)) {
      Slice s = enc.encode(Sv2Frame.fromMessage(0, 1, false, new U16(1)));
      s.close();
      for (int i = 0; i < 10; i++) {
        Slice again = enc.encode(Sv2Frame.fromMessage(0, 1, false, new U16(i)), s);
        assertThat(again).isSameAs(s);
        assertThat(again.getUnsignedShortLE(6)).isEqualTo(i);
        again.close();
      }
      assertThat(pool.liveSlices()).isZero();
      Slice open = enc.encode(Sv2Frame.fromMessage(0, 1, false, new U16(1)));
      assertThatThrownBy(() -> enc.encode(Sv2Frame.fromMessage(0, 1, false, new U16(2)), open))
          .isInstanceOf(IllegalArgumentException.class);
      open.close();
    }
  }
}
