package org.sv2j.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;

/** Every {@link Writer} encoding, in both buffer byte orders, read back by {@link Reader}. */
class WriterTest {

  private static String write(ByteOrder order, Consumer<ByteBuffer> w) {
    ByteBuffer b = ByteBuffer.allocate(300).order(order);
    w.accept(b);
    assertThat(b.order()).isEqualTo(order);
    return Hex.encode(b.array(), 0, b.position());
  }

  private static void both(String hex, Consumer<ByteBuffer> w) {
    assertThat(write(ByteOrder.LITTLE_ENDIAN, w)).isEqualTo(hex);
    assertThat(write(ByteOrder.BIG_ENDIAN, w)).isEqualTo(hex);
  }

  @Test
  void fieldsAreLittleEndian() {
    both("ff", b -> Writer.u8(b, 0x1ff));
    both("01", b -> Writer.bool(b, true));
    both("00", b -> Writer.bool(b, false));
    both("0201", b -> Writer.u16(b, 0x0102));
    both("030201", b -> Writer.u24(b, 0x010203));
    both("04030201", b -> Writer.u32(b, 0x01020304L));
    both("ffffffff", b -> Writer.u32(b, 0xffffffffL));
    both("0807060504030201", b -> Writer.u64(b, 0x0102030405060708L));
    both("0000803f", b -> Writer.f32(b, 1.0f));
    both("0100c07f", b -> Writer.f32(b, Float.intBitsToFloat(0x7fc00001)));
    both("11".repeat(31) + "22", b -> Writer.u256(b, U256.fromHex("11".repeat(31) + "22")));
  }

  @Test
  void variableFields() {
    both("02c3a7", b -> Writer.str0255(b, Str0255.of("ç")));
    both("00", b -> Writer.str0255(b, Str0255.EMPTY));
    both("02aabb", b -> Writer.b032(b, Bytes.fromHex("aabb")));
    both("02aabb", b -> Writer.b0255(b, Bytes.fromHex("aabb")));
    both("0200aabb", b -> Writer.b064k(b, Bytes.fromHex("aabb")));
    both("020000aabb", b -> Writer.b016m(b, Bytes.fromHex("aabb")));
    both("aabb", b -> Writer.fixed(b, Bytes.fromHex("aabb")));
    both("00", b -> Writer.optionU32(b, OptionalLong.empty()));
    both("01ffffffff", b -> Writer.optionU32(b, OptionalLong.of(0xffffffffL)));
    both("02" + "00".repeat(64), b -> Writer.seq0255U256(b, List.of(U256.ZERO, U256.ZERO)));
    both("0100" + "ff".repeat(32), b -> Writer.seq064kU256(b, List.of(U256.MAX)));
    both("02000100ffff", b -> Writer.seq064kU16(b, List.of(1, 0xffff)));
    both("020001000000ffffffff", b -> Writer.seq064kU32(b, List.of(1L, 0xffffffffL)));
    both("0200" + "010000aa" + "000000", b -> Writer.seq064kB016m(b, List.of(Bytes.fromHex("aa"), Bytes.EMPTY)));
    both("0000", b -> Writer.seq064kU16(b, List.of()));
  }

  @Test
  void requireNamesTheMessage() {
    ByteBuffer b = ByteBuffer.allocate(3);
    Writer.require(b, 3, "M");
    assertThatThrownBy(() -> Writer.require(b, 4, "M"))
        .isInstanceOfSatisfying(MessageException.class, e -> {
          assertThat(e.kind()).isEqualTo(MessageException.Kind.DESTINATION_TOO_SMALL);
          assertThat(e.getMessage()).isEqualTo("M: needs 4 bytes, room for 3");
        });
  }
}
