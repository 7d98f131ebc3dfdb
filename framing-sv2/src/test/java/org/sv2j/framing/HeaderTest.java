package org.sv2j.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Props;
import org.sv2j.testsupport.Vectors;

class HeaderTest {

  @Test
  void decodesTheHeaderVectorsOfTheSharedNoiseFile() {
    Map<String, Object> section = Json.object(Vectors.json("sv2_noise_vectors.json").get("frame_header"));
    int checked = 0;
    for (Object o : Json.array(section.get("vectors"))) {
      Map<String, Object> v = Json.object(o);
      byte[] bytes = Hex.decode((String) v.get("header_hex"));
      Header h = Header.decode(bytes);
      assertThat(h.extensionType()).isEqualTo(Integer.decode((String) v.get("extension_type_hex")));
      assertThat(h.msgType()).isEqualTo(((Long) v.get("msg_type")).intValue());
      assertThat(h.msgLength()).isEqualTo(((Long) v.get("msg_length")).intValue());
      if (v.containsKey("channel_msg")) {
        assertThat(h.channelMsg()).isEqualTo(v.get("channel_msg"));
      }
      if (v.containsKey("size_hint_given_only_the_6_header_bytes")) {
        // The reference's (summing) hint on a bare header equals the payload bytes still missing; the
        // signed hint reports the same count as a deficit.
        long refHint = (Long) v.get("size_hint_given_only_the_6_header_bytes");
        assertThat(Sv2Frame.sizeHint(bytes)).isEqualTo(-refHint);
      }
      assertThat(h.toBytes()).isEqualTo(bytes);
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void briefFixedHeader() {
    // brief §3.1: 01 02 03 04 05 06 -> ext 0x0201, type 3, length 0x060504, channel bit clear.
    Header h = Header.decode(Hex.decode("010203040506"));
    assertThat(h).isEqualTo(new Header(0x0201, 0x03, 0x060504));
    assertThat(h.channelMsg()).isFalse();
    assertThat(h.extensionTypeWithoutChannelBit()).isEqualTo(0x0201);
  }

  @Test
  void fromFieldsRoundTripsAndLaysOutLittleEndian() {
    // brief §7.1 test_header_from_len: (length 0x1234, type 0x56, ext 0x789a)
    Header h = new Header(0x789a, 0x56, 0x1234);
    assertThat(Hex.encode(h.toBytes())).isEqualTo("9a7856341200");
    assertThat(Header.decode(h.toBytes())).isEqualTo(h);
    ByteBuffer b = ByteBuffer.allocate(8).position(1);
    h.encodeTo(b);
    assertThat(b.position()).isEqualTo(7);
    b.position(1);
    assertThat(Header.decode(b)).isEqualTo(h);
    assertThat(b.position()).isEqualTo(7);
  }

  @Test
  void channelBitIsBit7OfByte1AndTheOther15BitsAreKept() {
    Header set = Header.of(0x7fff, 1, true, 0);
    assertThat(set.extensionType()).isEqualTo(0xffff);
    assertThat(set.toBytes()[1] & 0x80).isEqualTo(0x80);
    assertThat(set.channelMsg()).isTrue();
    assertThat(set.extensionTypeWithoutChannelBit()).isEqualTo(0x7fff);
    Header cleared = Header.of(0x8003, 1, false, 0);
    assertThat(cleared.extensionType()).isEqualTo(0x0003);
    assertThat(cleared.channelMsg()).isFalse();
    Props.forAll(
        200,
        r -> {
          int ext = r.nextInt(1 << 16);
          boolean ch = r.nextBoolean();
          Header x = Header.of(ext, r.nextInt(256), ch, r.nextInt(Header.MAX_PAYLOAD_LENGTH + 1));
          assertThat(x.channelMsg()).isEqualTo(ch);
          assertThat(x.extensionTypeWithoutChannelBit()).isEqualTo(ext & 0x7fff);
          assertThat(Header.decode(x.toBytes())).isEqualTo(x);
        });
  }

  @Test
  void encryptedLengthFollowsTheChunkFormula() {
    // brief §3.5, executed with the reference.
    int[][] table = {
      {0, 0}, {1, 17}, {65_518, 65_534}, {65_519, 65_535}, {65_520, 65_552},
      {131_038, 131_070}, {131_039, 131_087}, {16_777_215, 16_781_327}
    };
    for (int[] row : table) {
      assertThat(Header.encryptedLength(row[0])).as("L=%d", row[0]).isEqualTo(row[1]);
      assertThat(new Header(0, 0, row[0]).encryptedLength()).isEqualTo(row[1]);
    }
    assertThat(Header.ENCRYPTED_SIZE + Header.encryptedLength(Header.MAX_PAYLOAD_LENGTH)).isEqualTo(16_781_349);
  }

  @Test
  void constants() {
    assertThat(Header.SIZE).isEqualTo(6);
    assertThat(Header.ENCRYPTED_SIZE).isEqualTo(22);
    assertThat(Header.NOISE_MAX_CHUNK).isEqualTo(65_535);
    assertThat(Header.NOISE_MAX_CHUNK_PLAINTEXT).isEqualTo(65_519);
    assertThat(Header.MAC_SIZE).isEqualTo(16);
    assertThat(Header.MAX_PAYLOAD_LENGTH).isEqualTo(16_777_215);
  }

  @Test
  void shortInputAndOutOfRangeFieldsAreTypedErrors() {
    assertThatThrownBy(() -> Header.decode(new byte[5]))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.UNEXPECTED_HEADER_LENGTH));
    ByteBuffer five = ByteBuffer.allocate(5);
    assertThatThrownBy(() -> Header.decode(five)).isInstanceOf(FramingException.class);
    assertThat(five.position()).isZero();
    assertThatThrownBy(() -> new Header(0x1_0000, 0, 0))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.INVALID_HEADER_FIELD));
    assertThatThrownBy(() -> new Header(0, 256, 0)).isInstanceOf(FramingException.class);
    assertThatThrownBy(() -> new Header(0, 0, -1)).isInstanceOf(FramingException.class);
    assertThatThrownBy(() -> new Header(0, 0, 1 << 24))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.PAYLOAD_TOO_LARGE));
    assertThatThrownBy(() -> new Header(0, 0, 0).encodeTo(ByteBuffer.allocate(5)))
        .isInstanceOfSatisfying(
            FramingException.class, e -> assertThat(e.kind()).isEqualTo(FramingException.Kind.DESTINATION_TOO_SMALL));
  }
}
