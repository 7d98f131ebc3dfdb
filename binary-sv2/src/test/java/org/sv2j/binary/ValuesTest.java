package org.sv2j.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.sv2j.testsupport.Hex;

/** The value types: immutability, content equality, printing; and {@link Check} at every bound. */
class ValuesTest {

  @Test
  void bytesAreImmutableAndCompareByContent() {
    byte[] src = {1, 2, 3};
    Bytes b = Bytes.of(src);
    src[0] = 9;
    assertThat(b.byteAt(0)).isEqualTo((byte) 1);
    byte[] out = b.toByteArray();
    out[1] = 9;
    assertThat(b.byteAt(1)).isEqualTo((byte) 2);
    ByteBuffer view = b.asReadOnlyBuffer();
    assertThat(view.isReadOnly()).isTrue();
    assertThatThrownBy(() -> view.put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
    assertThat(b).isEqualTo(Bytes.fromHex("010203")).hasSameHashCodeAs(Bytes.fromHex("010203"));
    assertThat(b).isNotEqualTo(Bytes.fromHex("0102")).isNotEqualTo("010203");
    assertThat(b.hashCode()).isEqualTo(b.hashCode());
    assertThat(b.length()).isEqualTo(3);
    assertThat(b.isEmpty()).isFalse();
    assertThat(Bytes.EMPTY.isEmpty()).isTrue();
    assertThat(Bytes.of(new byte[0])).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.fromHex("")).isSameAs(Bytes.EMPTY);
    assertThat(Bytes.of(new byte[] {5, 6, 7, 8}, 1, 2).hex()).isEqualTo("0607");
    assertThat(Bytes.of(new byte[] {5}, 1, 0)).isSameAs(Bytes.EMPTY);
    assertThatThrownBy(() -> Bytes.of(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> b.byteAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> b.byteAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(b.contentEquals(new byte[] {0, 1, 2, 3}, 1, 3)).isTrue();
    assertThat(b.contentEquals(new byte[] {0, 1, 2, 4}, 1, 3)).isFalse();
    byte[] dst = new byte[4];
    b.copyTo(dst, 1);
    assertThat(dst).containsExactly(0, 1, 2, 3);
    ByteBuffer bb = ByteBuffer.allocate(3);
    b.copyTo(bb);
    assertThat(bb.position()).isEqualTo(3);
    assertThat(bb.array()).containsExactly(1, 2, 3);
    ByteBuffer src2 = ByteBuffer.wrap(new byte[] {4, 5});
    assertThat(Bytes.copyOf(src2).hex()).isEqualTo("0405");
    assertThat(src2.hasRemaining()).isFalse();
  }

  @Test
  void bytesPrintAsHexShortenedAfter64() {
    assertThat(Bytes.fromHex("00ff").toString()).isEqualTo("00ff");
    assertThat(Bytes.of(new byte[64]).toString()).isEqualTo("00".repeat(64));
    assertThat(Bytes.of(new byte[65]).toString()).isEqualTo("00".repeat(64) + "…(65 bytes)");
    assertThat(Bytes.of(new byte[65]).hex()).hasSize(130);
  }

  @Test
  void stringsKeepTheirBytesAndPrintEscaped() {
    assertThat(Str0255.of("pool").toString()).isEqualTo("\"pool\"");
    assertThat(Str0255.of("").length()).isZero();
    assertThat(Str0255.of("")).isSameAs(Str0255.EMPTY);
    assertThat(Str0255.of("x".repeat(255)).length()).isEqualTo(255);
    assertThatThrownBy(() -> Str0255.of("x".repeat(256)))
        .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.kind()).isEqualTo(MessageException.Kind.TOO_LONG));
    assertThatThrownBy(() -> Str0255.of("ç".repeat(128))).isInstanceOf(MessageException.class);
    assertThatThrownBy(() -> Str0255.ofBytes(new byte[256])).isInstanceOf(MessageException.class);
    assertThat(Str0255.ofBytes(new byte[255]).length()).isEqualTo(255);
    assertThat(Str0255.ofBytes(new byte[0])).isSameAs(Str0255.EMPTY);
    byte[] raw = {(byte) 0xff, 'a'};
    Str0255 s = Str0255.ofBytes(raw);
    raw[1] = 'b';
    assertThat(s.hex()).isEqualTo("ff61");
    assertThat(s.toByteArray()).containsExactly(0xff, 'a');
    assertThat(s.isUtf8()).isFalse();
    assertThatThrownBy(s::text)
        .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.kind()).isEqualTo(MessageException.Kind.NOT_UTF8));
    assertThat(s.lenientText()).isEqualTo("\ufffda");
    assertThat(s.toString()).isEqualTo("\"\\xffa\"");
    assertThat(s.asReadOnlyBuffer().isReadOnly()).isTrue();
    assertThat(Str0255.fromHex("c3a7")).isEqualTo(Str0255.of("ç")).hasSameHashCodeAs(Str0255.of("ç"));
    assertThat(Str0255.of("a")).isNotEqualTo(Str0255.of("b")).isNotEqualTo("a");
    assertThat(Str0255.of("ç").isUtf8()).isTrue();
  }

  @Test
  void quoteEscapesEverythingThatCouldReachATerminal() {
    assertThat(Str0255.quote("a\"b\\c\n\r\t".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\"");
    assertThat(Str0255.quote(new byte[] {0x1b, '[', '3', '1', 'm'})).isEqualTo("\"\\u001b[31m\"");
    assertThat(Str0255.quote(new byte[] {0x00, 0x07, 0x7f})).isEqualTo("\"\\u0000\\u0007\\u007f\"");
    assertThat(Str0255.quote("\u202e\u200b\u2028".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\\u202e\\u200b\\u2028\"");
    assertThat(Str0255.quote("€😀ç".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"€😀ç\"");
    assertThat(Str0255.quote("\u0085".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\\u0085\"");
    assertThat(Str0255.quote("\udb80\udc00".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\\U000f0000\"");
    // Malformed UTF-8: lone continuation, overlong, surrogate, truncated sequence, bytes over 0xf4.
    assertThat(Str0255.quote(Hex.decode("80"))).isEqualTo("\"\\x80\"");
    assertThat(Str0255.quote(Hex.decode("c0af"))).isEqualTo("\"\\xc0\\xaf\"");
    assertThat(Str0255.quote(Hex.decode("eda080"))).isEqualTo("\"\\xed\\xa0\\x80\"");
    assertThat(Str0255.quote(Hex.decode("e282"))).isEqualTo("\"\\xe2\\x82\"");
    assertThat(Str0255.quote(Hex.decode("f5808080"))).isEqualTo("\"\\xf5\\x80\\x80\\x80\"");
    // U+209F is valid UTF-8 but unassigned: escaped too.
    assertThat(Str0255.quote(Hex.decode("e2829f41"))).isEqualTo("\"\\u209fA\"");
    assertThat(Str0255.quote(new byte[0])).isEqualTo("\"\"");
  }

  @Test
  void u256() {
    String hex = "0102030405060708" + "1112131415161718" + "2122232425262728" + "31323334353637f8";
    U256 u = U256.fromHex(hex);
    assertThat(u.hex()).isEqualTo(hex).isEqualTo(u.toString());
    assertThat(Hex.encode(u.toByteArray())).isEqualTo(hex);
    assertThat(u.word(0)).isEqualTo(0x0807060504030201L);
    assertThat(u.word(1)).isEqualTo(0x1817161514131211L);
    assertThat(u.word(2)).isEqualTo(0x2827262524232221L);
    assertThat(u.word(3)).isEqualTo(0xf837363534333231L);
    assertThatThrownBy(() -> u.word(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> u.word(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    BigInteger big = u.toBigInteger();
    byte[] be = Hex.decode(hex);
    for (int i = 0; i < 16; i++) {
      byte t = be[i];
      be[i] = be[31 - i];
      be[31 - i] = t;
    }
    assertThat(big).isEqualTo(new BigInteger(1, be));
    assertThat(U256.fromBigInteger(big)).isEqualTo(u);
    assertThat(U256.MAX.toBigInteger()).isEqualTo(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
    assertThat(U256.fromBigInteger(BigInteger.ZERO)).isEqualTo(U256.ZERO);
    assertThatThrownBy(() -> U256.fromBigInteger(BigInteger.ONE.shiftLeft(256))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> U256.fromBigInteger(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> U256.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> U256.fromBytes(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    assertThat(U256.ZERO.compareTo(U256.MAX)).isNegative();
    assertThat(U256.MAX.compareTo(U256.ZERO)).isPositive();
    assertThat(u.compareTo(U256.fromHex(hex))).isZero();
    // The last wire byte is the most significant; each word compares unsigned.
    for (int w = 0; w < 4; w++) {
      long[] a = {0, 0, 0, 0};
      long[] b = {0, 0, 0, 0};
      a[w] = 1;
      b[w] = -1;
      assertThat(new U256(a[0], a[1], a[2], a[3]).compareTo(new U256(b[0], b[1], b[2], b[3]))).as("word " + w).isNegative();
      long[] hi = {0, 0, 0, 0};
      hi[w] = 1;
      long[] lo = {-1, -1, -1, -1};
      lo[w] = 0;
      assertThat(new U256(hi[0], hi[1], hi[2], hi[3]).compareTo(new U256(lo[0], lo[1], lo[2], lo[3])))
          .as("word " + w)
          .isEqualTo(w == 3 ? 1 : -1);
      assertThat(new U256(a[0], a[1], a[2], a[3])).isNotEqualTo(U256.ZERO);
    }
    assertThat(U256.fromHex(hex)).hasSameHashCodeAs(u).isNotEqualTo(hex);
    assertThat(new U256(1, 0, 0, 0).hashCode()).isNotEqualTo(new U256(0, 1, 0, 0).hashCode());
  }

  @Test
  void tlvs() {
    Tlv t = new Tlv(2, 1, Bytes.fromHex("7731"));
    ByteBuffer b = ByteBuffer.allocate(t.encodedLength());
    t.encodeTo(b);
    assertThat(Hex.encode(b.array())).isEqualTo("02000102007731");
    assertThat(Tlv.read(ByteBuffer.wrap(b.array()))).isEqualTo(t);
    assertThat(t.toString()).isEqualTo("Tlv[0x0002/0x01 7731]");
    assertThat(Tlv.parseAll(ByteBuffer.wrap(Hex.decode("02000102007731" + "0300020000")))).containsExactly(t, new Tlv(3, 2, Bytes.EMPTY));
    assertThat(Tlv.parseAll(ByteBuffer.wrap(new byte[0]))).isEmpty();
    assertThat(Tlv.parseAll(ByteBuffer.wrap(Hex.decode("02000102007731" + "00")))).isEmpty();
    assertThat(Tlv.parseAll(ByteBuffer.wrap(Hex.decode("0200010300aabb")))).isEmpty();
    ByteBuffer cut = ByteBuffer.wrap(Hex.decode("0200010300aabb"));
    assertThatThrownBy(() -> Tlv.read(cut))
        .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.field()).isEqualTo("value"));
    assertThat(cut.position()).isZero();
    assertThatThrownBy(() -> Tlv.read(ByteBuffer.wrap(Hex.decode("02000103"))))
        .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.kind()).isEqualTo(MessageException.Kind.TRUNCATED));
    ByteBuffer untouched = ByteBuffer.wrap(Hex.decode("aa" + "02000102007731"));
    untouched.get();
    assertThat(Tlv.parseAll(untouched)).containsExactly(t);
    assertThat(untouched.position()).isEqualTo(1);
    assertThatThrownBy(() -> new Tlv(0x10000, 1, Bytes.EMPTY)).isInstanceOf(MessageException.class);
    assertThatThrownBy(() -> new Tlv(-1, 1, Bytes.EMPTY)).isInstanceOf(MessageException.class);
    assertThatThrownBy(() -> new Tlv(1, 256, Bytes.EMPTY)).isInstanceOf(MessageException.class);
    assertThatThrownBy(() -> new Tlv(1, 1, Bytes.of(new byte[65536]))).isInstanceOf(MessageException.class);
    assertThat(new Tlv(0xffff, 0xff, Bytes.of(new byte[65535])).encodedLength()).isEqualTo(65540);
  }

  @Test
  void checksAtEveryBound() {
    Check.u8("M", "f", 0);
    Check.u8("M", "f", 255);
    Check.u16("M", "f", 65535);
    Check.u24("M", "f", 0xffffff);
    Check.u32("M", "f", 0xffffffffL);
    Check.u32("M", "f", 0);
    for (Runnable bad : List.<Runnable>of(
        () -> Check.u8("M", "f", 256), () -> Check.u8("M", "f", -1),
        () -> Check.u16("M", "f", 65536), () -> Check.u16("M", "f", -1),
        () -> Check.u24("M", "f", 0x1000000), () -> Check.u24("M", "f", -1),
        () -> Check.u32("M", "f", 0x100000000L), () -> Check.u32("M", "f", -1),
        () -> Check.optionU32("M", "f", OptionalLong.of(-1)),
        () -> Check.seqU16("M", "f", List.of(1, 65536), 10),
        () -> Check.seqU32("M", "f", List.of(0x100000000L), 10))) {
      assertThatThrownBy(bad::run)
          .isInstanceOfSatisfying(MessageException.class, e -> {
            assertThat(e.kind()).isEqualTo(MessageException.Kind.OUT_OF_RANGE);
            assertThat(e.getMessage()).startsWith("M.f: outside U");
          });
    }
    assertThat(Check.optionU32("M", "f", OptionalLong.of(0xffffffffL))).hasValue(0xffffffffL);
    assertThat(Check.optionU32("M", "f", OptionalLong.empty())).isEmpty();
    assertThat(Check.bytes("M", "f", Bytes.of(new byte[32]), 32).length()).isEqualTo(32);
    assertThatThrownBy(() -> Check.bytes("M", "f", Bytes.of(new byte[33]), 32))
        .isInstanceOfSatisfying(MessageException.class, e -> {
          assertThat(e.kind()).isEqualTo(MessageException.Kind.TOO_LONG);
          assertThat(e.getMessage()).isEqualTo("M.f: 33 bytes over the bound 32");
        });
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      many.add(i);
    }
    assertThat(Check.seq("M", "f", many.subList(0, 255), 255)).hasSize(255);
    assertThatThrownBy(() -> Check.seq("M", "f", many, 255))
        .isInstanceOfSatisfying(MessageException.class, e -> assertThat(e.kind()).isEqualTo(MessageException.Kind.TOO_LONG));
    List<Integer> copy = Check.seq("M", "f", many, 256);
    many.set(0, 99);
    assertThat(copy.get(0)).isZero();
    assertThatThrownBy(() -> copy.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Check.seqBytes("M", "f", List.of(Bytes.of(new byte[3])), 5, 2)).isInstanceOf(MessageException.class);
    assertThat(Check.seqBytes("M", "f", List.of(Bytes.of(new byte[2])), 5, 2)).hasSize(1);
    assertThatThrownBy(() -> Check.notNull("M", "f", null)).isInstanceOf(NullPointerException.class).hasMessage("M.f is null");
    assertThatThrownBy(() -> Check.str0255("M", "f", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Check.seq("M", "f", java.util.Arrays.asList(1, null), 5)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void exceptionText() {
    assertThat(new MessageException("M", "f", MessageException.Kind.TRUNCATED, "d").getMessage()).isEqualTo("M.f: d");
    assertThat(new MessageException("M", null, MessageException.Kind.TRUNCATED, "d").getMessage()).isEqualTo("M: d");
    assertThat(new MessageException(null, "f", MessageException.Kind.TRUNCATED, "d").getMessage()).isEqualTo("f: d");
    assertThat(new MessageException(null, null, MessageException.Kind.TRUNCATED, "d").getMessage()).isEqualTo("d");
    assertThat(new MessageException("M", "f", MessageException.Kind.TRUNCATED, "d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hashCodesFollowTheContent() {
    // Equal content hashes alike (above); different content is not folded onto one constant.
    assertThat(Bytes.fromHex("01").hashCode()).isNotEqualTo(Bytes.fromHex("02").hashCode());
    Bytes b = Bytes.fromHex("0102");
    int first = b.hashCode();
    assertThat(first).isNotZero().isEqualTo(b.hashCode()).isEqualTo(Bytes.fromHex("0102").hashCode());
    assertThat(Str0255.of("a").hashCode()).isNotEqualTo(Str0255.of("b").hashCode());
    assertThat(Str0255.of("a").hashCode()).isNotZero();
  }

  @Test
  void checksReturnWhatTheyWereGiven() {
    Object o = new Object();
    assertThat(Check.notNull("M", "f", o)).isSameAs(o);
    Str0255 s = Str0255.of("x");
    assertThat(Check.str0255("M", "f", s)).isSameAs(s);
    Bytes b = Bytes.fromHex("aa");
    assertThat(Check.bytes("M", "f", b, 1)).isSameAs(b);
    assertThat(Check.seqU16("M", "f", List.of(0, 65535), 2)).containsExactly(0, 65535);
    assertThat(Check.seqU32("M", "f", List.of(0L, 0xffffffffL), 2)).containsExactly(0L, 0xffffffffL);
    assertThat(Check.seqBytes("M", "f", List.of(b, Bytes.EMPTY), 2, 1)).containsExactly(b, Bytes.EMPTY);
    // A reader's list is kept as it is, any other is copied.
    List<Integer> read = Reader.of(ByteBuffer.wrap(Hex.decode("01000500")), "M").seq064kU16("f");
    assertThat(Check.seqU16("M", "f", read, 1)).isSameAs(read);
  }

  @Test
  void quoteKnowsEachUtf8LeadByteRange() {
    // The first and last lead byte of each sequence length, each followed by a valid sequence.
    assertThat(Str0255.quote("\u0080".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\\u0080\"");
    assertThat(Str0255.quote("\u07c0".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\u07c0\"");
    assertThat(Str0255.quote("\u0800".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\u0800\"");
    assertThat(Str0255.quote("\uff21".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\uff21\"");
    assertThat(Str0255.quote(Hex.decode("f0908080"))).isEqualTo("\"\ud800\udc00\"");
    assertThat(Str0255.quote(Hex.decode("f4808080"))).isEqualTo("\"\\U00100000\"");
    assertThat(Str0255.quote(Hex.decode("f4808080")).length()).isEqualTo(12);
    // U+FFFF (a noncharacter) is the last code point written with four hex digits.
    assertThat(Str0255.quote(Hex.decode("efbfbf"))).isEqualTo("\"\\uffff\"");
    assertThat(Str0255.quote(Hex.decode("f0908080f4808080c2"))).isEqualTo("\"\ud800\udc00\\U00100000\\xc2\"");
  }

  @Test
  void tlvLengthsUseBothBytes() {
    // A TLV announcing 0x0103 bytes with 3 present is not a TLV list (low byte alone would fit).
    ByteBuffer src = ByteBuffer.wrap(Hex.decode("0200010301aabbcc"));
    assertThat(Tlv.parseAll(src)).isEmpty();
    assertThat(src.position()).isZero();
    byte[] longValue = new byte[0x0103];
    longValue[0x0102] = 7;
    Tlv t = new Tlv(1, 2, Bytes.of(longValue));
    ByteBuffer b = ByteBuffer.allocate(t.encodedLength());
    t.encodeTo(b);
    assertThat(Hex.encode(b.array(), 0, 5)).isEqualTo("0100020301");
    b.flip();
    assertThat(Tlv.parseAll(b)).containsExactly(t);
    assertThatThrownBy(() -> Tlv.read(ByteBuffer.wrap(Hex.decode("0200010300aabb"))))
        .isInstanceOf(MessageException.class)
        .hasMessage("TLV.value: needs 3 bytes, 2 left");
    assertThatThrownBy(() -> Tlv.read(ByteBuffer.wrap(Hex.decode("02000103"))))
        .isInstanceOf(MessageException.class)
        .hasMessage("TLV: header needs 5 bytes, 4 left");
  }
}
