package org.sv2j.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.PlainFrameCases;
import org.sv2j.testsupport.PlainFrameCases.Case;
import org.sv2j.testsupport.Vectors;

class Sv2FrameTest {

  /** A message of fixed-width little-endian integers, as the reference examples use. */
  record IntMessage(int width, long value) implements Sv2Message {
    @Override
    public int encodedLength() {
      return width;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      switch (width) {
        case 1 -> dst.put((byte) value);
        case 2 -> dst.putShort((short) value);
        case 4 -> dst.putInt((int) value);
        default -> throw new IllegalArgumentException();
      }
    }
  }

  /** A message that announces one length and writes another (or throws). */
  record LyingMessage(int announced, int written, boolean fail) implements Sv2Message {
    @Override
    public int encodedLength() {
      return announced;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      for (int i = 0; i < written; i++) {
        dst.put((byte) 0x55);
      }
      if (fail) {
        throw new IllegalStateException("boom");
      }
    }
  }

  private static byte[] encode(Frame f) {
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    assertThat(b.hasRemaining()).isFalse();
    return b.array();
  }

  @Test
  void everyReferenceCaseEncodesToTheReferenceBytesAndParsesBack() {
    List<Case> cases = PlainFrameCases.cases();
    assertThat(cases).hasSize(13);
    for (Case c : cases) {
      Sv2Frame f = Sv2Frame.fromPayload(c.extensionType(), c.msgType(), c.channelMsg(), c.payload());
      assertThat(Hex.encode(f.header().toBytes())).as(c.name()).isEqualTo(c.headerHex());
      byte[] wire = encode(f);
      assertThat(wire.length).as(c.name()).isEqualTo(c.encodedLength());
      if (c.hasEncodedBytes()) {
        assertThat(Hex.encode(wire)).as(c.name()).isEqualTo(c.encodedHex());
      }
      assertThat(PlainFrameCases.sha256Hex(wire)).as(c.name()).isEqualTo(c.encodedSha256());

      // The same bytes through the message form.
      byte[] payload = c.payload();
      Sv2Message m =
          new Sv2Message() {
            @Override
            public int encodedLength() {
              return payload.length;
            }

            @Override
            public void encodeTo(ByteBuffer dst) {
              dst.put(payload);
            }
          };
      assertThat(encode(Sv2Frame.fromMessage(c.extensionType(), c.msgType(), c.channelMsg(), m)))
          .as(c.name())
          .isEqualTo(wire);

      // And back: the received form re-encodes to the same bytes.
      try (Sv2Frame back = Sv2Frame.fromBytes(wire)) {
        assertThat(back.header()).isEqualTo(f.header());
        assertThat(back.channelMsg()).isEqualTo(c.channelMsg());
        assertThat(back.extensionTypeWithoutChannelBit()).isEqualTo(c.extensionType() & 0x7fff);
        assertThat(back.payload()).isEqualTo(ByteBuffer.wrap(payload));
        assertThat(encode(back)).isEqualTo(wire);
        assertThat(Sv2Frame.sizeHint(wire)).isZero();
      }
    }
  }

  @Test
  void theNegativeCaseIsRefused() {
    for (PlainFrameCases.Negative n : PlainFrameCases.negatives()) {
      Sv2Message huge = new LyingMessage(n.payloadLength(), 0, false);
      assertThatThrownBy(() -> Sv2Frame.fromMessage(n.extensionType(), n.msgType(), n.channelMsg(), huge))
          .as(n.name())
          .isInstanceOfSatisfying(
              FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.PAYLOAD_TOO_LARGE));
    }
  }

  @Test
  void briefFixedFrames() {
    // brief §3.7 / §4.2 / §7.2, executed with the reference.
    assertThat(Hex.encode(encode(Sv2Frame.fromMessage(1, 1, false, new IntMessage(4, 42)))))
        .isEqualTo("0100010400002a000000");
    assertThat(Hex.encode(encode(Sv2Frame.fromMessage(0, 0xff, false, new IntMessage(2, 1337)))))
        .isEqualTo("0000ff0200003905");
    assertThat(Hex.encode(encode(Sv2Frame.fromMessage(0, 0, true, new IntMessage(1, 42)))))
        .isEqualTo("0080000100002a");
    assertThat(Hex.encode(encode(Sv2Frame.fromPayload(0, 0x99, false, new byte[0])))).isEqualTo("000099000000");
  }

  @Test
  void parsesThePushSolutionFrameOfTheSharedNoiseFile() {
    for (Object o : Json.array(Vectors.json("sv2_noise_vectors.json").get("plaintext_frames"))) {
      Map<String, Object> v = Json.object(o);
      byte[] wire = Hex.decode((String) v.get("frame_hex"));
      assertThat(wire.length).isEqualTo(((Long) v.get("frame_len")).intValue());
      try (Sv2Frame f = Sv2Frame.fromBytes(wire)) {
        assertThat(f.msgType()).isEqualTo(0x60);
        assertThat(f.extensionType()).isZero();
        assertThat(f.channelMsg()).isFalse();
        assertThat(f.msgLength()).isEqualTo(((Long) v.get("payload_len")).intValue());
        ByteBuffer p = f.payload();
        // B032 extranonce: u8 length then bytes; then U256 prev hash; then u32 nonce (LE).
        assertThat(p.get(0)).isEqualTo((byte) 4);
        assertThat(p.getInt(1 + 4 + 32)).isEqualTo(0x11223344);
        assertThat(encode(f)).isEqualTo(wire);
      }
    }
  }

  @Test
  void signedSizeHint() {
    byte[] header2 = Hex.decode("000001020000"); // payload length 2
    assertThat(Sv2Frame.sizeHint(new byte[0])).isEqualTo(-6);
    assertThat(Sv2Frame.sizeHint(new byte[4])).isEqualTo(-2);
    assertThat(Sv2Frame.sizeHint(header2)).isEqualTo(-2);
    // brief §3.4: the reference returns 3 for header + 1 byte and 5 for header + 3 bytes (a sum).
    assertThat(Sv2Frame.sizeHint(concat(header2, new byte[1]))).isEqualTo(-1);
    assertThat(Sv2Frame.sizeHint(concat(header2, new byte[2]))).isZero();
    assertThat(Sv2Frame.sizeHint(concat(header2, new byte[3]))).isEqualTo(1);
    ByteBuffer b = ByteBuffer.wrap(concat(new byte[3], header2, new byte[1])).position(3);
    assertThat(Sv2Frame.sizeHint(b)).isEqualTo(-1);
    assertThat(b.position()).isEqualTo(3);
    assertThat(Sv2Frame.sizeHint(Hex.decode("00801e2e0000"))).isEqualTo(-46);
  }

  @Test
  void fromSliceChecksTheLengthAndClosesTheSliceItRefuses() {
    Slice shortOne = Slice.wrap(new byte[5]);
    assertThatThrownBy(() -> Sv2Frame.fromSlice(shortOne))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.UNEXPECTED_HEADER_LENGTH));
    assertThat(shortOne.isOpen()).isFalse();
    Slice truncated = Slice.wrap(concat(Hex.decode("000001020000"), new byte[1]));
    assertThatThrownBy(() -> Sv2Frame.fromSlice(truncated))
        .isInstanceOfSatisfying(
            FramingException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FramingException.Kind.SIZE_MISMATCH);
              assertThat(e.getMessage()).contains("size hint -1");
            });
    assertThat(truncated.isOpen()).isFalse();
  }

  @Test
  void closingAReceivedFrameReleasesItsPoolSlot() {
    try (BufferPool pool = new BufferPool(1024)) {
      pool.write(Hex.decode("0000ff0200003905"), 0, 8);
      Sv2Frame f = Sv2Frame.fromSlice(pool.getDataOwned());
      assertThat(pool.liveSlices()).isEqualTo(1);
      assertThat(f.payload().getShort(0)).isEqualTo((short) 1337);
      assertThat(f.toString()).doesNotContain("3905").contains("type=0xff");
      f.close();
      f.close();
      assertThat(pool.liveSlices()).isZero();
      assertThat(f.isOpen()).isFalse();
      assertThatThrownBy(f::payload).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(f::msgType).isInstanceOf(IllegalStateException.class);

      // Reuse: a closed frame is re-armed with a new slice, no new objects.
      pool.write(Hex.decode("0100010400002a000000"), 0, 10);
      Slice s = pool.getDataOwned(f.recycledSlice());
      Sv2Frame again = Sv2Frame.fromSlice(s, f);
      assertThat(again).isSameAs(f);
      assertThat(again.msgType()).isEqualTo(1);
      assertThat(again.payload().getInt(0)).isEqualTo(42);
      Sv2Frame open = again;
      assertThatThrownBy(() -> Sv2Frame.fromSlice(Slice.wrap(new byte[6]), open))
          .isInstanceOf(IllegalArgumentException.class);
      again.close();
      assertThat(pool.liveSlices()).isZero();
    }
  }

  @Test
  void channelIdIsTheFirstU32OfAChannelMessage() {
    byte[] payload = Hex.decode("efbeadde01");
    assertThat(Sv2Frame.fromPayload(0, 1, true, payload).channelId()).isEqualTo(0xdeadbeefL);
    assertThat(Sv2Frame.fromMessage(0, 1, true, new IntMessage(4, 7)).channelId()).isEqualTo(7L);
    try (Sv2Frame received = Sv2Frame.fromBytes(encode(Sv2Frame.fromPayload(5, 1, true, payload)))) {
      assertThat(received.channelId()).isEqualTo(0xdeadbeefL);
    }
    assertThatThrownBy(() -> Sv2Frame.fromPayload(0, 1, false, payload).channelId())
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.NO_CHANNEL_ID));
    assertThatThrownBy(() -> Sv2Frame.fromPayload(0, 1, true, new byte[3]).channelId())
        .isInstanceOf(FramingException.class);
  }

  @Test
  void aMessageThatMisreportsItsLengthFailsWithoutLeavingBytesBehind() {
    for (LyingMessage m :
        List.of(new LyingMessage(4, 3, false), new LyingMessage(4, 5, false), new LyingMessage(4, 2, true))) {
      ByteBuffer dst = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN).position(3);
      Sv2Frame f = Sv2Frame.fromMessage(0, 1, false, m);
      assertThatThrownBy(() -> f.encodeTo(dst))
          .as(m.toString())
          .isInstanceOfSatisfying(
              FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.MESSAGE_ENCODING));
      assertThat(dst.position()).isEqualTo(3);
      assertThat(dst.limit()).isEqualTo(64);
      assertThat(dst.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }
    ByteBuffer small = ByteBuffer.allocate(9);
    assertThatThrownBy(() -> Sv2Frame.fromPayload(0, 1, false, new byte[4]).encodeTo(small))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.DESTINATION_TOO_SMALL));
    assertThat(small.position()).isZero();
  }

  @Test
  void fieldRangesAreChecked() {
    assertThatThrownBy(() -> Sv2Frame.fromPayload(0x1_0000, 1, false, new byte[0]))
        .isInstanceOf(FramingException.class);
    assertThatThrownBy(() -> Sv2Frame.fromPayload(0, 256, false, new byte[0])).isInstanceOf(FramingException.class);
    assertThatThrownBy(() -> Sv2Frame.fromMessage(0, 1, false, new LyingMessage(-1, 0, false)))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.INVALID_HEADER_FIELD));
    // The largest payload is accepted (the message is not encoded until asked).
    assertThat(Sv2Frame.fromMessage(0, 1, false, new LyingMessage(Header.MAX_PAYLOAD_LENGTH, 0, false)).encodedLength())
        .isEqualTo(Header.MAX_PAYLOAD_LENGTH + 6);
  }

  @Test
  void payloadFormViewsAndCopies() {
    byte[] backing = Hex.decode("ff010203ff");
    Sv2Frame f = Sv2Frame.fromPayload(3, 9, false, backing, 1, 3);
    assertThat(f.msgLength()).isEqualTo(3);
    assertThat(f.payloadToArray()).containsExactly(1, 2, 3);
    ByteBuffer dst = ByteBuffer.allocate(4);
    f.copyPayloadTo(dst);
    assertThat(dst.position()).isEqualTo(3);
    assertThat(Hex.encode(encode(f))).isEqualTo("030009030000010203");
    Sv2Frame m = Sv2Frame.fromMessage(0, 1, false, new IntMessage(2, 0x0102));
    assertThat(m.payloadToArray()).containsExactly(2, 1);
    assertThat(m.payload().getShort()).isEqualTo((short) 0x0102);
  }

  @Test
  void handshakeFramesAndTheSealedFrameType() {
    byte[] raw = new byte[64];
    raw[0] = 7;
    HandshakeFrame h = HandshakeFrame.fromBytes(raw);
    raw[0] = 8; // a copy was taken
    assertThat(h.length()).isEqualTo(64);
    assertThat(h.encodedLength()).isEqualTo(64);
    assertThat(h.payload()[0]).isEqualTo((byte) 7);
    assertThat(encode(h)[0]).isEqualTo((byte) 7);
    Frame any = h;
    assertThat(any.asHandshakeFrame()).isSameAs(h);
    assertThatThrownBy(any::asSv2Frame)
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.EXPECTED_SV2_FRAME));
    Frame sv2 = Sv2Frame.fromPayload(0, 1, false, new byte[1]);
    assertThatThrownBy(sv2::asHandshakeFrame)
        .isInstanceOfSatisfying(
            FramingException.class,
            e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.EXPECTED_HANDSHAKE_FRAME));
    // The sealed interface: a pattern match covers both kinds.
    assertThat(sv2 instanceof Sv2Frame s ? s.msgType() : -1).isEqualTo(1);
    h.close();
    assertThat(h.isOpen()).isFalse();
    assertThatThrownBy(h::payload).isInstanceOf(IllegalStateException.class);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
