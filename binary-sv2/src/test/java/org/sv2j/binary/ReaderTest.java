package org.sv2j.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;

/** Every read of {@link Reader} at its bounds: one byte short, exactly enough, over a length bound. */
class ReaderTest {

  private static Reader r(String hex) {
    return Reader.of(ByteBuffer.wrap(Hex.decode(hex)), "M");
  }

  private static Reader strict(String hex) {
    return Reader.strict(ByteBuffer.wrap(Hex.decode(hex)), "M");
  }

  private static MessageException fails(Runnable read) {
    MessageException e = catchThrowableOfType(MessageException.class, read::run);
    assertThat(e).isNotNull();
    return e;
  }

  private static void truncated(Runnable read, String field) {
    MessageException e = fails(read);
    assertThat(e.kind()).isEqualTo(MessageException.Kind.TRUNCATED);
    assertThat(e.messageName()).isEqualTo("M");
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith("M." + field + ": needs ");
  }

  @Test
  void integersAreLittleEndianAndUnsigned() {
    assertThat(r("ff").u8("a")).isEqualTo(255);
    assertThat(r("feff").u16("a")).isEqualTo(0xfffe);
    assertThat(r("010203").u24("a")).isEqualTo(0x030201);
    assertThat(r("fdfeffff").u32("a")).isEqualTo(0xfffffefdL);
    assertThat(r("0102030405060788").u64("a")).isEqualTo(0x8807060504030201L);
    assertThat(r("0000803f").f32("a")).isEqualTo(1.0f);
    assertThat(Float.floatToRawIntBits(r("0100c07f").f32("a"))).isEqualTo(0x7fc00001);
  }

  @Test
  void theBufferByteOrderDoesNotMatter() {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      ByteBuffer b = ByteBuffer.wrap(Hex.decode("0102" + "01020304" + "0102030405060708" + "01000000" + "00".repeat(31) + "ff")).order(order);
      Reader r = Reader.of(b, "M");
      assertThat(r.u16("a")).isEqualTo(0x0201);
      assertThat(r.u32("b")).isEqualTo(0x04030201L);
      assertThat(r.u64("c")).isEqualTo(0x0807060504030201L);
      assertThat(Float.floatToRawIntBits(r.f32("d"))).isEqualTo(1);
      U256 u = r.u256("e");
      assertThat(u.hex()).isEqualTo("00".repeat(31) + "ff");
      assertThat(u.word(3)).isEqualTo(0xff00000000000000L);
      assertThat(r.remaining()).isZero();
      assertThat(b.order()).isEqualTo(order);
    }
  }

  @Test
  void eachFixedFieldOneByteShortIsTruncatedAndExactlyEnoughReads() {
    truncated(() -> r("").u8("a"), "a");
    truncated(() -> r("").bool("a"), "a");
    truncated(() -> r("01").u16("a"), "a");
    truncated(() -> r("0102").u24("a"), "a");
    truncated(() -> r("010203").u32("a"), "a");
    truncated(() -> r("010203").f32("a"), "a");
    truncated(() -> r("01020304050607").u64("a"), "a");
    truncated(() -> r("00".repeat(31)).u256("a"), "a");
    truncated(() -> r("0000").fixed("a", 3), "a");
    assertThat(r("000000").fixed("a", 3).length()).isEqualTo(3);
    assertThat(r("00".repeat(32)).u256("a")).isEqualTo(U256.ZERO);
  }

  @Test
  void aFailedReadReportsWhatWasLeft() {
    MessageException e = fails(() -> r("0102").u32("x"));
    assertThat(e.getMessage()).isEqualTo("M.x: needs 4 bytes, 2 left");
  }

  @Test
  void byteStringsCheckTheirLengthPrefix() {
    assertThat(r("03616263").b0255("a").hex()).isEqualTo("616263");
    truncated(() -> r("036162").b0255("a"), "a");
    assertThat(r("0200aabb").b064k("a").hex()).isEqualTo("aabb");
    truncated(() -> r("0300aabb").b064k("a"), "a");
    truncated(() -> r("02").b064k("a"), "a");
    assertThat(r("020000aabb").b016m("a").hex()).isEqualTo("aabb");
    truncated(() -> r("030000aabb").b016m("a"), "a");
    assertThat(r("00").b032("a")).isSameAs(Bytes.EMPTY);
    assertThat(r("20" + "11".repeat(32)).b032("a").length()).isEqualTo(32);
    MessageException over = fails(() -> r("21" + "11".repeat(33)).b032("a"));
    assertThat(over.kind()).isEqualTo(MessageException.Kind.TOO_LONG);
    assertThat(over.getMessage()).isEqualTo("M.a: length 33 over the bound 32");
    truncated(() -> r("20" + "11".repeat(31)).b032("a"), "a");
  }

  @Test
  void aHugeAnnouncedLengthFailsBeforeAnythingIsReserved() {
    MessageException e = fails(() -> r("ffffff00").b016m("a"));
    assertThat(e.getMessage()).isEqualTo("M.a: needs 16777215 bytes, 1 left");
    MessageException s = fails(() -> r("ffff00").seq064kB016m("s"));
    assertThat(s.getMessage()).isEqualTo("M.s: needs 196605 bytes, 1 left");
    MessageException u = fails(() -> r("ff" + "00".repeat(32 * 254)).seq0255U256("s"));
    assertThat(u.getMessage()).isEqualTo("M.s: needs 8160 bytes, 8128 left");
  }

  @Test
  void strings() {
    assertThat(r("02c3a7").str0255("a").text()).isEqualTo("ç");
    assertThat(r("00").str0255("a")).isSameAs(Str0255.EMPTY);
    Str0255 bad = r("02fffe").str0255("a");
    assertThat(bad.hex()).isEqualTo("fffe");
    assertThat(bad.isUtf8()).isFalse();
    MessageException e = fails(() -> strict("02fffe").str0255("a"));
    assertThat(e.kind()).isEqualTo(MessageException.Kind.NOT_UTF8);
    assertThat(e.field()).isEqualTo("a");
    assertThat(strict("02c3a7").str0255("a").text()).isEqualTo("ç");
    truncated(() -> r("0261").str0255("a"), "a");
    assertThat(r("ff" + "61".repeat(255)).str0255("a").length()).isEqualTo(255);
  }

  @Test
  void boolKeepsTheLowBitUnlessStrict() {
    assertThat(r("00").bool("a")).isFalse();
    assertThat(r("01").bool("a")).isTrue();
    assertThat(r("02").bool("a")).isFalse();
    assertThat(r("03").bool("a")).isTrue();
    assertThat(strict("01").bool("a")).isTrue();
    assertThat(strict("00").bool("a")).isFalse();
    MessageException e = fails(() -> strict("02").bool("a"));
    assertThat(e.kind()).isEqualTo(MessageException.Kind.INVALID_BOOL);
    assertThat(e.getMessage()).isEqualTo("M.a: BOOL byte 2");
  }

  @Test
  void options() {
    assertThat(r("00").optionU32("a")).isEmpty();
    assertThat(r("01ffffffff").optionU32("a")).hasValue(0xffffffffL);
    truncated(() -> r("01ffffff").optionU32("a"), "a");
    truncated(() -> r("").optionU32("a"), "a");
    MessageException e = fails(() -> r("0201000000").optionU32("a"));
    assertThat(e.kind()).isEqualTo(MessageException.Kind.INVALID_OPTION);
    assertThat(e.getMessage()).isEqualTo("M.a: OPTION presence byte 2");
    assertThat(r("00").optionU32("a")).isEqualTo(OptionalLong.empty());
  }

  @Test
  void sequences() {
    assertThat(r("00").seq0255U256("a")).isEmpty();
    assertThat(r("0000").seq064kU16("a")).isEmpty();
    assertThat(r("0300010002000300").seq064kU16("a")).containsExactly(1, 2, 3);
    assertThat(r("020001000000ffffffff").seq064kU32("a")).containsExactly(1L, 0xffffffffL);
    assertThat(r("0100" + "11".repeat(32)).seq064kU256("a")).hasSize(1);
    assertThat(r("0200" + "010000aa" + "000000").seq064kB016m("a")).extracting(Bytes::hex).containsExactly("aa", "");
    truncated(() -> r("030001000200").seq064kU16("a"), "a");
    truncated(() -> r("0200" + "020000aa" + "000000").seq064kB016m("a"), "a");
    List<Integer> l = r("0100ffff").seq064kU16("a");
    assertThatThrownBy(() -> l.add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(r("01" + "22".repeat(32)).seq0255(
        "a", 32, (rd, f) -> rd.u256(f))).containsExactly(U256.fromHex("22".repeat(32)));
  }

  @Test
  void endIsLenientUnlessStrict() {
    Reader lenient = r("0001");
    lenient.u8("a");
    lenient.end();
    assertThat(lenient.remaining()).isEqualTo(1);
    Reader s = strict("0001");
    s.u8("a");
    MessageException e = fails(s::end);
    assertThat(e.kind()).isEqualTo(MessageException.Kind.TRAILING_BYTES);
    assertThat(e.getMessage()).isEqualTo("M: 1 bytes after the message");
    Reader done = strict("00");
    done.u8("a");
    done.end();
    assertThat(s.isStrict()).isTrue();
    assertThat(lenient.isStrict()).isFalse();
    assertThat(lenient.forMessage("N").message()).isEqualTo("N");
    assertThat(s.forMessage("N").isStrict()).isTrue();
  }

  @Test
  void restAndTlvs() {
    Reader a = r("0102");
    assertThat(a.rest("x").hex()).isEqualTo("0102");
    assertThat(a.remaining()).isZero();
    Reader t = r("0200010100ff");
    assertThat(t.tlvs()).containsExactly(new Tlv(2, 1, Bytes.fromHex("ff")));
    assertThat(t.remaining()).isZero();
    Reader bad = r("02000105");
    assertThat(bad.tlvs()).isEmpty();
    assertThat(bad.remaining()).isZero();
  }

  @Test
  void decodedBytesAreCopies() {
    byte[] src = Hex.decode("02aabb");
    Bytes b = Reader.of(ByteBuffer.wrap(src), "M").b0255("a");
    src[1] = 0;
    assertThat(b.hex()).isEqualTo("aabb");
  }

  @Test
  void u256SequencesReadEveryElementInWireOrderWhateverTheBufferOrder() {
    String one = "01" + "00".repeat(30) + "80";
    String two = "ff".repeat(8) + "02" + "00".repeat(23);
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      ByteBuffer b = ByteBuffer.wrap(Hex.decode("02" + one + two + "0200" + two + one)).order(order);
      Reader rd = Reader.of(b, "M");
      assertThat(rd.buffer()).isSameAs(b);
      assertThat(rd.seq0255U256("a")).extracting(U256::hex).containsExactly(one, two);
      List<U256> l = rd.seq064kU256("b");
      assertThat(l).extracting(U256::hex).containsExactly(two, one);
      assertThat(l.get(0).word(0)).isEqualTo(-1L);
      assertThat(l.get(1).word(3)).isEqualTo(0x8000000000000000L);
      assertThat(rd.remaining()).isZero();
    }
  }

  @Test
  void aB032LengthWithinTheBoundButPastTheDataIsTruncatedNotTooLong() {
    MessageException e = fails(() -> r("05aabb").b032("a"));
    assertThat(e.kind()).isEqualTo(MessageException.Kind.TRUNCATED);
    assertThat(e.getMessage()).isEqualTo("M.a: needs 5 bytes, 2 left");
  }
}
