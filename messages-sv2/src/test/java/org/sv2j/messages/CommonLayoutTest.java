package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Str0255;
import org.sv2j.messages.common.ChannelEndpointChanged;
import org.sv2j.messages.common.Reconnect;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionError;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Hex;

/**
 * The common messages against layouts written out by hand from the spec's tables (03-Protocol-Overview
 * §3.6, field types from §3.1: U16/U32 little-endian, STR0_255 = u8 length + bytes; message types and the
 * channel bit from 08-Message-Types).
 */
class MessagesTest {

  private static String hexOf(String ascii) {
    return Hex.encode(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] frameBytes(Sv2Frame f) {
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    return b.array();
  }

  @Test
  void setupConnectionLayout() {
    SetupConnection m =
        new SetupConnection(0, 2, 2, 0x0000_0005L, "pool.example", 3333, "Bitmain", "S9i 13.5", "braiins-os-2018-09-22-1-hash", "");
    String expected =
        "00" // protocol U8 = 0 (mining)
            + "0200" // min_version U16 = 2
            + "0200" // max_version U16 = 2
            + "05000000" // flags U32 = 5
            + "0c" + hexOf("pool.example") // endpoint_host STR0_255
            + "050d" // endpoint_port U16 = 3333 = 0x0d05
            + "07" + hexOf("Bitmain") // vendor
            + "08" + hexOf("S9i 13.5") // hardware_version
            + "1c" + hexOf("braiins-os-2018-09-22-1-hash") // firmware (28 bytes)
            + "00"; // device_id, empty
    byte[] wire = frameBytes(m.toFrame());
    // Header: extension 0, type 0x00, no channel bit, u24 length.
    int len = expected.length() / 2;
    assertThat(Hex.encode(wire, 0, 6)).isEqualTo("000000" + String.format("%02x%02x%02x", len & 0xff, (len >> 8) & 0xff, len >> 16));
    assertThat(Hex.encode(wire, 6, wire.length - 6)).isEqualTo(expected);
    assertThat(m.encodedLength()).isEqualTo(len);
    assertThat(SetupConnection.decode(ByteBuffer.wrap(wire, 6, wire.length - 6))).isEqualTo(m);
  }

  @Test
  void setupConnectionSuccessLayout() {
    SetupConnectionSuccess m = new SetupConnectionSuccess(2, 0x8000_0001L);
    byte[] wire = frameBytes(m.toFrame());
    assertThat(Hex.encode(wire)).isEqualTo("000001060000" + "0200" + "01000080");
    assertThat(SetupConnectionSuccess.decode(ByteBuffer.wrap(wire, 6, 6))).isEqualTo(m);
  }

  @Test
  void setupConnectionErrorLayout() {
    SetupConnectionError m = new SetupConnectionError(6, "unsupported-feature-flags");
    byte[] wire = frameBytes(m.toFrame());
    assertThat(Hex.encode(wire)).isEqualTo("0000021e0000" + "06000000" + "19" + hexOf("unsupported-feature-flags"));
    assertThat(SetupConnectionError.decode(ByteBuffer.wrap(wire, 6, wire.length - 6))).isEqualTo(m);
  }

  @Test
  void channelEndpointChangedIsAChannelMessage() {
    ChannelEndpointChanged m = new ChannelEndpointChanged(0xdeadbeefL);
    Sv2Frame f = m.toFrame();
    byte[] wire = frameBytes(f);
    assertThat(Hex.encode(wire)).isEqualTo("008003040000" + "efbeadde");
    assertThat(f.channelId()).isEqualTo(0xdeadbeefL);
    assertThat(ChannelEndpointChanged.decode(ByteBuffer.wrap(wire, 6, 4))).isEqualTo(m);
  }

  @Test
  void reconnectLayout() {
    Reconnect m = new Reconnect("backup.pool", 34255);
    byte[] wire = frameBytes(m.toFrame());
    assertThat(Hex.encode(wire)).isEqualTo("0000040e0000" + "0b" + hexOf("backup.pool") + "cf85");
    assertThat(Reconnect.decode(ByteBuffer.wrap(wire, 6, wire.length - 6))).isEqualTo(m);
    Reconnect present = new Reconnect("", 0);
    assertThat(Hex.encode(frameBytes(present.toFrame()))).isEqualTo("000004030000" + "00" + "0000");
  }

  @Test
  void commonMessagesDecodeFromFramesAndNameTheSpecTypes() {
    Sv2Frame f = new SetupConnectionSuccess(2, 0).toFrame();
    assertThat(Sv2Messages.decode(Sv2Frame.fromBytes(frameBytes(f)))).isEqualTo(new SetupConnectionSuccess(2, 0));
    assertThat(Sv2Messages.type(0, 0x1b)).map(MessageType::name).contains("SubmitSharesExtended");
    assertThat(Sv2Messages.type(0, 0x60)).map(MessageType::name).contains("PushSolution");
    assertThat(Sv2Messages.type(1, 0x00)).map(MessageType::name).contains("RequestExtensions");
    assertThat(Sv2Messages.type(0, 0x1e)).isEmpty();
    assertThatThrownBy(() -> Sv2Messages.decode(Sv2Frame.fromPayload(0, 0x1e, false, new byte[3])))
        .isInstanceOf(UnknownMessageException.class);
  }

  @Test
  void shortPayloadsAreTypedErrors() {
    assertThatThrownBy(() -> SetupConnectionSuccess.decode(ByteBuffer.wrap(new byte[5])))
        .isInstanceOf(MessageException.class)
        .hasMessageContaining("SetupConnectionSuccess.flags");
    byte[] cut = Hex.decode("0002000200050000000c" + hexOf("pool"));
    assertThatThrownBy(() -> SetupConnection.decode(ByteBuffer.wrap(cut)))
        .isInstanceOf(MessageException.class)
        .hasMessageContaining("SetupConnection.endpoint_host");
    assertThatThrownBy(() -> Sv2Messages.decode(Sv2Frame.fromPayload(0, 0x04, false, new byte[] {5, 'a'})))
        .isInstanceOf(MessageException.class)
        .hasMessageContaining("Reconnect.new_host");
  }

  @Test
  void fieldRangesAndStringLimitsAreChecked() {
    assertThatThrownBy(() -> new SetupConnectionSuccess(70_000, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SetupConnectionError(-1, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Reconnect("h".repeat(256), 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Reconnect("h".repeat(255), 1).encodedLength()).isEqualTo(258);
  }

  @Test
  void stringsThatAreNotUtf8FollowTheReferenceAndTheCheckedAccessorRefusesThem() {
    // KeyTextAndDecodeFuzzTest#decodeCommand once found 255 bytes that are not UTF-8 crashing the CLI's
    // decoder. The reference accepts such bytes (Str0255 is B0255): so does decode, byte-exact, while the
    // checked accessor and strict decoding refuse them with a typed error.
    byte[] payload = new byte[4 + 1 + 255];
    payload[4] = (byte) 255;
    java.util.Arrays.fill(payload, 5, payload.length, (byte) 0xff);
    SetupConnectionError m = SetupConnectionError.decode(ByteBuffer.wrap(payload));
    assertThat(m.errorCode().length()).isEqualTo(255);
    assertThat(m.errorCode().isUtf8()).isFalse();
    assertThatThrownBy(() -> m.errorCode().text()).isInstanceOf(MessageException.class);
    assertThat(m.errorCode().toString()).startsWith("\"\\xff\\xff");
    ByteBuffer again = ByteBuffer.allocate(m.encodedLength());
    m.encodeTo(again);
    assertThat(again.array()).isEqualTo(payload);
    assertThatThrownBy(() -> Sv2Messages.decodeStrict(0, SetupConnectionError.MSG_TYPE, ByteBuffer.wrap(payload)))
        .isInstanceOfSatisfying(MessageException.class, e -> {
          assertThat(e.kind()).isEqualTo(MessageException.Kind.NOT_UTF8);
          assertThat(e.messageName()).isEqualTo("SetupConnectionError");
          assertThat(e.field()).isEqualTo("error_code");
        });
    byte[] utf8 = "ç".repeat(127).getBytes(StandardCharsets.UTF_8);
    ByteBuffer ok = ByteBuffer.allocate(4 + 1 + utf8.length);
    ok.position(4);
    ok.put((byte) utf8.length).put(utf8).flip();
    assertThat(SetupConnectionError.decode(ok).errorCode()).isEqualTo(Str0255.of("ç".repeat(127)));
  }
}
