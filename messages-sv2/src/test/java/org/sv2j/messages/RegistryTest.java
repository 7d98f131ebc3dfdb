package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Tlv;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.extensions.UserIdentity;
import org.sv2j.messages.mining.SubmitSharesExtended;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;

/**
 * {@link Sv2Messages} dispatch at the edges of its number space, the pass-through of unknown messages,
 * and {@link WithTlvs}: what a proxy or a pool sees when a peer sends numbers or trailers we do not know.
 */
class RegistryTest {

  private static Map<String, Object> kase(String message, String kase) {
    return Catalogue.list(Catalogue.FILE.get("cases")).stream()
        .filter(c -> c.get("message").equals(message) && c.get("case").equals(kase)).findFirst().orElseThrow();
  }

  private static AnyMessage built(Map<String, Object> c) {
    return Catalogue.build(Catalogue.integer(c.get("extension_type")), Catalogue.integer(c.get("msg_type")), Json.object(c.get("fields")));
  }

  private static void unknown(int ext, int type) {
    assertThat(Sv2Messages.isKnown(ext, type)).as(ext + "/" + type).isFalse();
    assertThat(Sv2Messages.type(ext, type)).isEmpty();
    UnknownMessageException e =
        catchThrowableOfType(UnknownMessageException.class, () -> Sv2Messages.decode(ext, type, ByteBuffer.allocate(8)));
    assertThat(e).as(ext + "/" + type).isNotNull();
    assertThat(e.kind()).isEqualTo(MessageException.Kind.UNKNOWN_MESSAGE);
    assertThat(e.messageName()).isNull();
    assertThat(e.field()).isNull();
    assertThat(e.extensionType()).isEqualTo(ext & 0x7fff);
    assertThat(e.msgType()).isEqualTo(type);
    assertThat(catchThrowableOfType(UnknownMessageException.class, () -> Sv2Messages.decodeStrict(ext, type, ByteBuffer.allocate(8))))
        .isNotNull();
  }

  @Test
  void numbersOutsideTheTableAreUnknownNotAnIndexError() {
    unknown(0, 0x05);
    unknown(0, 0x1e);
    unknown(0, 0xff);
    unknown(1, 0x03);
    unknown(2, 0x00);
    unknown(0x7fff, 0x00);
    unknown(0, 0x100);
    unknown(0, -1);
    unknown(0, 0x110); // the low byte is a known type: the whole number still must not be
    unknown(1, 0x100);
    assertThat(Sv2Messages.isKnown(0, 0x10)).isTrue();
    assertThat(Sv2Messages.isKnown(1, 0x02)).isTrue();
    assertThat(Sv2Messages.isKnown(0x8001, 0x02)).isTrue();
    assertThat(Sv2Messages.type(0x8000, 0x1b)).map(MessageType::messageClass).contains(SubmitSharesExtended.class);
    UnknownMessageException e = new UnknownMessageException(2, 5);
    assertThat(e.getMessage()).isEqualTo("no message has extension_type 0x0002, msg_type 0x05");
  }

  @Test
  void theTableListsEachMessageOnceWithItsRecordsConstants() throws Exception {
    List<MessageType> types = Sv2Messages.types();
    assertThat(types).hasSize(44).doesNotHaveDuplicates();
    assertThatThrownBy(() -> types.add(types.get(0))).isInstanceOf(UnsupportedOperationException.class);
    for (MessageType t : types) {
      assertThat(Sv2Messages.type(t.extensionType(), t.msgType())).contains(t);
      assertThat(t.messageClass().getField("NAME").get(null)).isEqualTo(t.name());
      assertThat(t.messageClass().getField("CHANNEL_MSG").get(null)).isEqualTo(t.channelMsg());
      assertThat(t.messageClass().getField("EXTENSION_TYPE").get(null)).isEqualTo(t.extensionType());
      assertThat(t.messageClass().getField("MSG_TYPE").get(null)).isEqualTo(t.msgType());
    }
  }

  @Test
  void decodeFromAReaderKeepsItsStrictness() {
    Map<String, Object> c = kase("SetupConnectionSuccess", "random-1");
    byte[] p = Hex.decode((String) c.get("payload_hex"));
    byte[] longer = java.util.Arrays.copyOf(p, p.length + 1);
    AnyMessage m = built(c);
    Reader lenient = Reader.of(ByteBuffer.wrap(longer), "x");
    assertThat(Sv2Messages.decode(0, 1, lenient)).isEqualTo(m);
    assertThat(lenient.remaining()).isEqualTo(1);
    MessageException e = catchThrowableOfType(MessageException.class,
        () -> Sv2Messages.decode(0, 1, Reader.strict(ByteBuffer.wrap(longer), "x")));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(MessageException.Kind.TRAILING_BYTES);
    // The message's own name, not the reader's.
    assertThat(e.messageName()).isEqualTo("SetupConnectionSuccess");
    try (Sv2Frame f = Sv2Frame.fromPayload(0, 1, false, longer)) {
      assertThat(Sv2Messages.decode(f)).isEqualTo(m);
      assertThat(catchThrowableOfType(MessageException.class, () -> Sv2Messages.decodeStrict(f)).kind())
          .isEqualTo(MessageException.Kind.TRAILING_BYTES);
    }
  }

  @Test
  void unknownMessagesPassThroughByteForByte() {
    byte[] payload = Hex.decode("0102030405");
    try (Sv2Frame f = Sv2Frame.fromPayload(0x0002, 0x07, true, payload)) {
      AnyMessage pass = Sv2Messages.decodeOrPassThrough(f);
      assertThat(pass).isEqualTo(new UnknownMessage(2, 7, true, Bytes.of(payload)));
      assertThat(pass.messageName()).isEqualTo("Unknown(0x0002/0x07)");
      assertThat(pass.extensionType()).isEqualTo(2);
      assertThat(pass.msgType()).isEqualTo(7);
      assertThat(pass.channelMsg()).isTrue();
      assertThat(pass.encodedLength()).isEqualTo(5);
      ByteBuffer small = ByteBuffer.allocate(4);
      MessageException e = catchThrowableOfType(MessageException.class, () -> pass.encodeTo(small));
      assertThat(e.kind()).isEqualTo(MessageException.Kind.DESTINATION_TOO_SMALL);
      assertThat(e.messageName()).isEqualTo("Unknown(0x0002/0x07)");
      assertThat(small.position()).isZero();
      ByteBuffer fits = ByteBuffer.allocate(5);
      pass.encodeTo(fits);
      assertThat(fits.array()).isEqualTo(payload);
    }
    // A known number decodes, whatever the frame's channel bit says.
    AnyMessage m = built(kase("CloseChannel", "random-2"));
    try (Sv2Frame f = Sv2Frame.fromPayload(0, m.msgType(), false, Catalogue.encode(m))) {
      assertThat(Sv2Messages.decodeOrPassThrough(f)).isEqualTo(m);
    }
    for (int[] bad : new int[][] {{0x8000, 1}, {-1, 1}, {0, 256}, {0, -1}}) {
      assertThat(catchThrowableOfType(MessageException.class, () -> new UnknownMessage(bad[0], bad[1], false, Bytes.EMPTY)).kind())
          .isEqualTo(MessageException.Kind.OUT_OF_RANGE);
    }
    assertThat(new UnknownMessage(0x7fff, 255, false, Bytes.EMPTY).messageName()).isEqualTo("Unknown(0x7fff/0xff)");
    assertThatThrownBy(() -> new UnknownMessage(0, 0, false, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withTlvsEncodesTheMessageThenItsTlvsAndFindsTheUserIdentity() {
    Map<String, Object> c = kase("SubmitSharesExtended", "random-1");
    SubmitSharesExtended m = (SubmitSharesExtended) built(c);
    Tlv other = new Tlv(3, 1, Bytes.fromHex("aa"));
    Tlv sameExtOtherField = new Tlv(UserIdentity.EXTENSION_TYPE, 2, Bytes.fromHex("bbcc"));
    UserIdentity id = UserIdentity.of("worker.1");
    List<Tlv> given = new ArrayList<>(List.of(other, sameExtOtherField, id.toTlv()));
    WithTlvs w = new WithTlvs(m, given);
    given.clear();
    assertThat(w.tlvs()).containsExactly(other, sameExtOtherField, id.toTlv());
    assertThat(w.tlvs(UserIdentity.EXTENSION_TYPE)).containsExactly(sameExtOtherField, id.toTlv());
    assertThat(w.tlvs(9)).isEmpty();
    assertThat(w.userIdentity()).contains(id);
    assertThat(new WithTlvs(m, List.of(other, sameExtOtherField)).userIdentity()).isEmpty();
    assertThat(new WithTlvs(m, List.of(new Tlv(1, UserIdentity.FIELD_TYPE, Bytes.fromHex("aa")))).userIdentity()).isEmpty();
    byte[] p = Catalogue.encode(m);
    int n = p.length + 6 + 7 + 5 + 8;
    assertThat(w.encodedLength()).isEqualTo(n);
    ByteBuffer small = ByteBuffer.allocate(n - 1);
    MessageException e = catchThrowableOfType(MessageException.class, () -> w.encodeTo(small));
    assertThat(e.kind()).isEqualTo(MessageException.Kind.DESTINATION_TOO_SMALL);
    assertThat(e.messageName()).isEqualTo(SubmitSharesExtended.NAME);
    assertThat(small.position()).isZero();
    ByteBuffer b = ByteBuffer.allocate(n);
    w.encodeTo(b);
    String tail = "0300" + "01" + "0100" + "aa" + "0200" + "02" + "0200" + "bbcc" + "0200" + "01" + "0800" + Hex.encode("worker.1".getBytes());
    assertThat(Hex.encode(b.array())).isEqualTo(Hex.encode(p) + tail);
    // The frame carries the message's numbers and channel bit; its payload is the message and the TLVs.
    Sv2Frame f = w.toFrame();
    ByteBuffer fb = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(fb);
    try (Sv2Frame back = Sv2Frame.fromBytes(fb.array())) {
      assertThat(back.extensionTypeWithoutChannelBit()).isZero();
      assertThat(back.channelMsg()).isTrue();
      assertThat(back.msgType()).isEqualTo(SubmitSharesExtended.MSG_TYPE);
      WithTlvs again = Sv2Messages.decodeWithTlvs(back);
      assertThat(again).isEqualTo(w);
    }
    ByteBuffer in = ByteBuffer.wrap(b.array());
    assertThat(Sv2Messages.decodeWithTlvs(0, SubmitSharesExtended.MSG_TYPE, in)).isEqualTo(w);
    assertThat(in.hasRemaining()).isFalse();
    // A tail that is not whole TLVs: no TLVs, and all of it consumed.
    byte[] cut = java.util.Arrays.copyOf(b.array(), n - 1);
    ByteBuffer cutIn = ByteBuffer.wrap(cut);
    WithTlvs none = Sv2Messages.decodeWithTlvs(0, SubmitSharesExtended.MSG_TYPE, cutIn);
    assertThat(none.message()).isEqualTo(m);
    assertThat(none.tlvs()).isEmpty();
    assertThat(cutIn.hasRemaining()).isFalse();
    assertThatThrownBy(() -> new WithTlvs(null, List.of())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withTlvsLengthSaturatesInsteadOfWrapping() {
    AnyMessage m = built(kase("SubmitSharesExtended", "min"));
    Tlv full = new Tlv(2, 1, Bytes.of(new byte[Tlv.MAX_VALUE_LENGTH]));
    List<Tlv> many = java.util.Collections.nCopies(40_000, full);
    WithTlvs w = new WithTlvs(m, many);
    assertThat(w.encodedLength()).isEqualTo(Integer.MAX_VALUE);
    MessageException e = catchThrowableOfType(MessageException.class, () -> w.encodeTo(ByteBuffer.allocate(64)));
    assertThat(e.kind()).isEqualTo(MessageException.Kind.DESTINATION_TOO_SMALL);
  }
}
