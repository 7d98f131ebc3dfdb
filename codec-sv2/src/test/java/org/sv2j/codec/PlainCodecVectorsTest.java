package org.sv2j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.Slice;
import org.sv2j.framing.FramingException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.PlainFrameCases;
import org.sv2j.testsupport.PlainFrameCases.Case;

/** Every case of sv2_reference_plain_frames.json through the encoder and both decoder APIs. */
class PlainCodecVectorsTest {
  private static final List<Case> CASES = PlainFrameCases.cases();
  private static final int[] SPLITS = {1, 2, 7, 4096, Integer.MAX_VALUE};

  private static byte[] encoded(Case c) {
    try (Encoder enc = new Encoder();
        Slice s = enc.encode(Sv2Frame.fromPayload(c.extensionType(), c.msgType(), c.channelMsg(), c.payload()))) {
      return s.toByteArray();
    }
  }

  @Test
  void encoderProducesTheReferenceBytes() {
    assertThat(CASES).hasSize(13);
    try (Encoder enc = new Encoder()) {
      for (Case c : CASES) {
        Sv2Frame f = Sv2Frame.fromPayload(c.extensionType(), c.msgType(), c.channelMsg(), c.payload());
        byte[] viaSlice;
        try (Slice s = enc.encode(f)) {
          viaSlice = s.toByteArray();
        }
        ByteBuffer dst = ByteBuffer.allocate(c.encodedLength() + 3).position(3);
        enc.encodeTo(f, dst);
        assertThat(dst.position()).isEqualTo(3 + c.encodedLength());
        byte[] viaTo = new byte[c.encodedLength()];
        dst.get(3, viaTo);
        for (byte[] wire : List.of(viaSlice, viaTo)) {
          assertThat(wire.length).as(c.name()).isEqualTo(c.encodedLength());
          assertThat(Hex.encode(wire, 0, 6)).as(c.name()).isEqualTo(c.headerHex());
          if (c.hasEncodedBytes()) {
            assertThat(Hex.encode(wire)).as(c.name()).isEqualTo(c.encodedHex());
          }
          assertThat(PlainFrameCases.sha256Hex(wire)).as(c.name()).isEqualTo(c.encodedSha256());
        }
      }
    }
  }

  @Test
  void everyCaseDecodesThroughBothApisAndEverySplit() {
    for (Case c : CASES) {
      byte[] wire = encoded(c);
      for (int split : SPLITS) {
        check(c, wire, split, (d, w) -> Drive.pull(d, w, split), "pull");
        check(c, wire, split, (d, w) -> Drive.push(d, w, split), "push");
      }
    }
  }

  @Test
  void theWholeFileAsOneStreamDecodesInOrderThroughEverySplit() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Case c : CASES) {
      all.writeBytes(encoded(c));
    }
    byte[] stream = all.toByteArray();
    for (int split : SPLITS) {
      for (String api : List.of("pull", "push")) {
        try (StandardDecoder d = new StandardDecoder()) {
          ByteBuffer w = ByteBuffer.wrap(stream);
          List<Sv2Frame> frames = api.equals("pull") ? Drive.pull(d, w, split) : Drive.push(d, w, split);
          assertThat(frames).as("%s split %d", api, split).hasSize(CASES.size());
          for (int i = 0; i < frames.size(); i++) {
            assertMatches(CASES.get(i), frames.get(i), api + " split " + split);
            frames.get(i).close();
          }
          assertThat(d.missingBytes()).isEqualTo(6);
        }
      }
    }
  }

  @Test
  void theNegativeCaseIsRefusedByTheEncoderPath() {
    for (PlainFrameCases.Negative n : PlainFrameCases.negatives()) {
      Sv2Message tooLong =
          new Sv2Message() {
            @Override
            public int encodedLength() {
              return n.payloadLength();
            }

            @Override
            public void encodeTo(ByteBuffer dst) {
              throw new AssertionError("must not be encoded");
            }
          };
      assertThatThrownBy(() -> Sv2Frame.fromMessage(n.extensionType(), n.msgType(), n.channelMsg(), tooLong))
          .isInstanceOfSatisfying(
              FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.PAYLOAD_TOO_LARGE));
    }
  }

  private static void check(
      Case c, byte[] wire, int split, BiFunction<StandardDecoder, ByteBuffer, List<Sv2Frame>> api, String name) {
    try (StandardDecoder d = new StandardDecoder()) {
      List<Sv2Frame> frames = api.apply(d, ByteBuffer.wrap(wire));
      String what = c.name() + " " + name + " split " + split;
      assertThat(frames).as(what).hasSize(1);
      try (Sv2Frame f = frames.get(0)) {
        assertMatches(c, f, what);
        ByteBuffer again = ByteBuffer.allocate(f.encodedLength());
        f.encodeTo(again);
        assertThat(again.array()).as(what).isEqualTo(wire);
      }
      assertThat(d.missingBytes()).isEqualTo(6);
    }
  }

  private static void assertMatches(Case c, Sv2Frame f, String what) {
    assertThat(Hex.encode(f.header().toBytes())).as(what).isEqualTo(c.headerHex());
    assertThat(f.channelMsg()).as(what).isEqualTo(c.channelMsg());
    assertThat(f.msgType()).as(what).isEqualTo(c.msgType());
    assertThat(f.msgLength()).as(what).isEqualTo(c.payload().length);
    assertThat(PlainFrameCases.sha256Hex(f.payloadToArray())).as(what).isEqualTo(c.payloadSha256());
  }
}
