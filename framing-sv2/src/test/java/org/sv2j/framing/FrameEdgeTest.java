package org.sv2j.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sv2j.buffer.BufferPool;
import org.sv2j.buffer.Slice;

/**
 * Edges of the frame types that the vector tests do not reach: every accessor of a closed frame, the
 * three payload forms (received slice, payload array, message) through every payload accessor, exact
 * destination sizes, a 6-byte header's size hint, and the handshake frame's life cycle. Found by mutation
 * testing (TESTING.md): each assertion fails on a concrete defect.
 */
class FrameEdgeTest {
  /** Frame bytes: ext 0x8001 (channel bit), type 0x16, payload 05 00 00 00 aa bb. */
  private static final byte[] WIRE = {
    0x01, (byte) 0x80, 0x16, 0x06, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, (byte) 0xaa, (byte) 0xbb
  };

  private static final byte[] PAYLOAD = {0x05, 0x00, 0x00, 0x00, (byte) 0xaa, (byte) 0xbb};

  /** A message that writes {@link #PAYLOAD}. */
  private static final class Fixed implements Sv2Message {
    @Override
    public int encodedLength() {
      return PAYLOAD.length;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      dst.put(PAYLOAD);
    }
  }

  private static Sv2Frame received() {
    return Sv2Frame.fromBytes(WIRE.clone());
  }

  private static Sv2Frame fromArray() {
    byte[] padded = new byte[PAYLOAD.length + 3];
    System.arraycopy(PAYLOAD, 0, padded, 2, PAYLOAD.length);
    return Sv2Frame.fromPayload(1, 0x16, true, padded, 2, PAYLOAD.length);
  }

  private static Sv2Frame fromMessage() {
    return Sv2Frame.fromMessage(1, 0x16, true, new Fixed());
  }

  private static void eachForm(Consumer<Sv2Frame> check) {
    check.accept(received());
    check.accept(fromArray());
    check.accept(fromMessage());
  }

  @Test
  void everyFormGivesTheSamePayloadThroughEveryAccessor() {
    eachForm(
        f -> {
          assertThat(f.isOpen()).isTrue();
          assertThat(f.extensionType()).isEqualTo(0x8001);
          assertThat(f.extensionTypeWithoutChannelBit()).isEqualTo(1);
          assertThat(f.channelMsg()).isTrue();
          assertThat(f.msgType()).isEqualTo(0x16);
          assertThat(f.msgLength()).isEqualTo(6);
          assertThat(f.encodedLength()).isEqualTo(12);
          assertThat(f.header()).isEqualTo(new Header(0x8001, 0x16, 6));
          assertThat(f.channelId()).isEqualTo(5);
          ByteBuffer p = f.payload();
          byte[] viaView = new byte[p.remaining()];
          p.get(viaView);
          assertThat(viaView).isEqualTo(PAYLOAD);
          assertThat(f.payloadToArray()).isEqualTo(PAYLOAD);
          ByteBuffer exact = ByteBuffer.allocate(6); // exactly the payload's size
          f.copyPayloadTo(exact);
          assertThat(exact.position()).isEqualTo(6);
          assertThat(exact.array()).isEqualTo(PAYLOAD);
          ByteBuffer offset = ByteBuffer.allocate(9).position(2);
          f.copyPayloadTo(offset);
          assertThat(offset.position()).isEqualTo(8);
          assertThat(offset.array()).containsExactly(0, 0, 5, 0, 0, 0, 0xaa, 0xbb, 0);
          ByteBuffer small = ByteBuffer.allocate(5);
          assertThatThrownBy(() -> f.copyPayloadTo(small))
              .isInstanceOfSatisfying(
                  FramingException.class,
                  e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.DESTINATION_TOO_SMALL));
          ByteBuffer frame = ByteBuffer.allocate(12);
          f.encodeTo(frame);
          assertThat(frame.array()).isEqualTo(WIRE);
          assertThat(f.asSv2Frame()).isSameAs(f);
        });
  }

  @Test
  void aMessageFrameEncodesItsMessageOnFirstPayloadAccessWhicheverItIs() {
    ByteBuffer p = fromMessage().payload();
    byte[] viaView = new byte[p.remaining()];
    p.get(viaView);
    assertThat(viaView).isEqualTo(PAYLOAD);
    ByteBuffer dst = ByteBuffer.allocate(6);
    fromMessage().copyPayloadTo(dst);
    assertThat(dst.array()).isEqualTo(PAYLOAD);
    assertThat(fromMessage().payloadToArray()).isEqualTo(PAYLOAD);
    assertThat(fromMessage().channelId()).isEqualTo(5);
  }

  @Test
  void eachFormKeepsItsOwnRepresentation() {
    Sv2Frame r = received();
    assertThat(r.slice()).isNotNull();
    assertThat(r.slice().toByteArray()).isEqualTo(WIRE);
    assertThat(r.message()).isNull();
    assertThat(r.toString()).isEqualTo("Sv2Frame[ext=0x8001 (channel), type=0x16, length=6, received]");
    Sv2Frame a = fromArray();
    assertThat(a.slice()).isNull();
    assertThat(a.toString()).isEqualTo("Sv2Frame[ext=0x8001 (channel), type=0x16, length=6, payload]");
    Sv2Frame m = fromMessage();
    Sv2Message msg = m.message();
    assertThat(msg).isInstanceOf(Fixed.class);
    assertThat(m.toString()).isEqualTo("Sv2Frame[ext=0x8001 (channel), type=0x16, length=6, message]");
    Sv2Frame plain = Sv2Frame.fromPayload(2, 3, false, new byte[1]);
    assertThat(plain.toString()).isEqualTo("Sv2Frame[ext=0x0002, type=0x03, length=1, payload]");
    plain.close();
    assertThat(plain.toString()).isEqualTo("Sv2Frame[closed]");
  }

  @Test
  void everyAccessorOfAClosedFrameThrows() {
    eachForm(
        f -> {
          f.close();
          assertThat(f.isOpen()).isFalse();
          assertThatThrownBy(f::header).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::extensionType).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::extensionTypeWithoutChannelBit).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::channelMsg).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::msgType).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::msgLength).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::encodedLength).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::channelId).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::payload).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(() -> f.copyPayloadTo(ByteBuffer.allocate(64)))
              .isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::payloadToArray).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::slice).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(f::message).isInstanceOf(IllegalStateException.class);
          assertThatThrownBy(() -> f.encodeTo(ByteBuffer.allocate(64))).isInstanceOf(IllegalStateException.class);
        });
  }

  @Test
  void reusingAnOpenFrameIsRefusedAndTheOfferedSliceIsReleased() {
    BufferPool pool = new BufferPool(64);
    pool.getWritable(WIRE.length).put(WIRE);
    Slice s = pool.getDataOwned();
    Sv2Frame open = received();
    assertThatThrownBy(() -> Sv2Frame.fromSlice(s, open)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.isOpen()).isFalse();
    assertThat(pool.liveSlices()).isZero();
    assertThat(open.isOpen()).isTrue();
  }

  @Test
  void aSizeMismatchNamesTheSignedHint() {
    byte[] longer = new byte[WIRE.length + 2];
    System.arraycopy(WIRE, 0, longer, 0, WIRE.length);
    assertThatThrownBy(() -> Sv2Frame.fromBytes(longer))
        .isInstanceOfSatisfying(
            FramingException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FramingException.Kind.SIZE_MISMATCH);
              assertThat(e.getMessage()).contains("announces 6 payload bytes, got 8").contains("size hint 2)");
            });
  }

  @Test
  void theSizeHintOfABareHeaderIsMinusItsPayloadLength() {
    byte[] header = {0, 0, 1, 0x34, 0x12, 0x00};
    assertThat(Sv2Frame.sizeHint(ByteBuffer.wrap(header))).isEqualTo(-0x1234);
    assertThat(Sv2Frame.sizeHint(header)).isEqualTo(-0x1234);
    byte[] withPayload = new byte[6 + 0x1234 + 1];
    System.arraycopy(header, 0, withPayload, 0, 6);
    assertThat(Sv2Frame.sizeHint(ByteBuffer.wrap(withPayload))).isEqualTo(1);
    assertThat(Sv2Frame.sizeHint(ByteBuffer.wrap(new byte[5]))).isEqualTo(-1);
  }

  @Test
  void handshakeFramesOwnTheirSliceUntilClosed() {
    Slice s = Slice.wrap(new byte[] {1, 2, 3});
    HandshakeFrame h = HandshakeFrame.fromSlice(s);
    assertThat(h.isOpen()).isTrue();
    assertThat(h.slice()).isSameAs(s);
    assertThat(h.length()).isEqualTo(3);
    assertThat(h.encodedLength()).isEqualTo(3);
    assertThat(h.toString()).isEqualTo("HandshakeFrame[3 bytes]");
    ByteBuffer exact = ByteBuffer.allocate(3);
    h.encodeTo(exact);
    assertThat(exact.array()).containsExactly(1, 2, 3);
    assertThatThrownBy(h::asSv2Frame)
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.EXPECTED_SV2_FRAME));
    h.close();
    assertThat(s.isOpen()).isFalse();
    assertThat(h.isOpen()).isFalse();
    assertThat(h.toString()).isEqualTo("HandshakeFrame[closed]");
    assertThatThrownBy(h::slice).isInstanceOf(IllegalStateException.class);
    Slice closed = Slice.wrap(new byte[1]);
    closed.close();
    assertThatThrownBy(() -> HandshakeFrame.fromSlice(closed)).isInstanceOf(IllegalStateException.class);
    assertThat(HandshakeFrame.fromBytes(new byte[] {4, 5}).isOpen()).isTrue();
  }

  @Test
  void headerEdges() {
    // Exactly six bytes decode, from an array region and from a buffer; the u24 length uses all 3 bytes.
    byte[] six = {(byte) 0xff, 0x7f, (byte) 0x80, 0x56, 0x34, 0x12};
    Header h = Header.decode(six, 0, 6);
    assertThat(h).isEqualTo(new Header(0x7fff, 0x80, 0x123456));
    ByteBuffer b = ByteBuffer.wrap(six);
    assertThat(Header.decode(b)).isEqualTo(h);
    assertThat(b.position()).isEqualTo(6);
    assertThat(Header.msgLengthAt(ByteBuffer.wrap(six), 0)).isEqualTo(0x123456);
    // Encoding needs exactly six bytes of room.
    ByteBuffer exact = ByteBuffer.allocate(6);
    h.encodeTo(exact);
    assertThat(exact.array()).isEqualTo(six);
    assertThat(h.toString()).isEqualTo("Header[ext=0x7fff, type=0x80, length=1193046]");
    assertThat(new Header(0x8001, 1, 0).toString()).isEqualTo("Header[ext=0x8001 (channel), type=0x01, length=0]");
    // of() checks the caller's own values, before the channel bit is applied.
    assertThatThrownBy(() -> Header.of(0x10000, 1, true, 0))
        .isInstanceOfSatisfying(
            FramingException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FramingException.Kind.INVALID_HEADER_FIELD);
              assertThat(e.getMessage()).contains(": 65536");
            });
    assertThat(Header.of(1, 2, true, Header.MAX_PAYLOAD_LENGTH).msgLength()).isEqualTo(Header.MAX_PAYLOAD_LENGTH);
  }
}
