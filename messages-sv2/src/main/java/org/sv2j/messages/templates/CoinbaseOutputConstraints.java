package org.sv2j.messages.templates;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code CoinbaseOutputConstraints} (template distribution, extension_type 0x0000, msg_type 0x70; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code CoinbaseOutputConstraints} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code coinbase_output_max_additional_size}: U32
 *   <li>{@code coinbase_output_max_additional_sigops}: U16
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param coinbaseOutputMaxAdditionalSize {@code coinbase_output_max_additional_size}, U32: the most bytes the client's coinbase outputs add
 * @param coinbaseOutputMaxAdditionalSigops {@code coinbase_output_max_additional_sigops}, U16: the most signature operations the client's coinbase outputs add
 */
public record CoinbaseOutputConstraints(
    long coinbaseOutputMaxAdditionalSize,
    int coinbaseOutputMaxAdditionalSigops)
    implements TemplateDistributionMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x70;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "CoinbaseOutputConstraints";

  /** The encoded length: every CoinbaseOutputConstraints has the same. */
  public static final int ENCODED_LENGTH = 6;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public CoinbaseOutputConstraints {
    Check.u32(NAME, "coinbase_output_max_additional_size", coinbaseOutputMaxAdditionalSize);
    Check.u16(NAME, "coinbase_output_max_additional_sigops", coinbaseOutputMaxAdditionalSigops);
  }


  /**
   * Reads a CoinbaseOutputConstraints at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static CoinbaseOutputConstraints decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a CoinbaseOutputConstraints with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static CoinbaseOutputConstraints decode(Reader r) {
    CoinbaseOutputConstraints m =
        new CoinbaseOutputConstraints(
            r.u32("coinbase_output_max_additional_size"),
            r.u16("coinbase_output_max_additional_sigops"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return ENCODED_LENGTH;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, coinbaseOutputMaxAdditionalSize);
    Writer.u16(dst, coinbaseOutputMaxAdditionalSigops);
  }

  @Override
  public int extensionType() {
    return EXTENSION_TYPE;
  }

  @Override
  public int msgType() {
    return MSG_TYPE;
  }

  @Override
  public boolean channelMsg() {
    return CHANNEL_MSG;
  }

  @Override
  public String messageName() {
    return NAME;
  }

  /**
   * The fields by the reference's names, byte strings in hex, text quoted and escaped.
   *
   * @return for example {@code CoinbaseOutputConstraints[coinbaseOutputMaxAdditionalSize=…]}
   */
  @Override
  public String toString() {
    return "CoinbaseOutputConstraints[coinbaseOutputMaxAdditionalSize=" + coinbaseOutputMaxAdditionalSize + ", coinbaseOutputMaxAdditionalSigops=" + coinbaseOutputMaxAdditionalSigops + "]";
  }
}
