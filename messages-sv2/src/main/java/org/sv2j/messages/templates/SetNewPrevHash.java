package org.sv2j.messages.templates;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code SetNewPrevHash} (template distribution, extension_type 0x0000, msg_type 0x72; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code SetNewPrevHash} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code template_id}: U64
 *   <li>{@code prev_hash}: U256
 *   <li>{@code header_timestamp}: U32
 *   <li>{@code n_bits}: U32
 *   <li>{@code target}: U256
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param templateId {@code template_id}, U64: the template's identifier
 * @param prevHash {@code prev_hash}, U256: the previous block's hash
 * @param headerTimestamp {@code header_timestamp}, U32: the block header's nTime
 * @param nBits {@code n_bits}, U32: the block header's nBits
 * @param target {@code target}, U256: the target shares must meet
 */
public record SetNewPrevHash(
    long templateId,
    U256 prevHash,
    long headerTimestamp,
    long nBits,
    U256 target)
    implements TemplateDistributionMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x72;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "SetNewPrevHash";

  /** The encoded length: every SetNewPrevHash has the same. */
  public static final int ENCODED_LENGTH = 80;

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetNewPrevHash {
    Check.notNull(NAME, "prev_hash", prevHash);
    Check.u32(NAME, "header_timestamp", headerTimestamp);
    Check.u32(NAME, "n_bits", nBits);
    Check.notNull(NAME, "target", target);
  }


  /**
   * Reads a SetNewPrevHash at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetNewPrevHash decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetNewPrevHash with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetNewPrevHash decode(Reader r) {
    SetNewPrevHash m =
        new SetNewPrevHash(
            r.u64("template_id"),
            r.u256("prev_hash"),
            r.u32("header_timestamp"),
            r.u32("n_bits"),
            r.u256("target"));
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
    Writer.u64(dst, templateId);
    Writer.u256(dst, prevHash);
    Writer.u32(dst, headerTimestamp);
    Writer.u32(dst, nBits);
    Writer.u256(dst, target);
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
   * @return for example {@code SetNewPrevHash[templateId=…]}
   */
  @Override
  public String toString() {
    return "SetNewPrevHash[templateId=" + Long.toUnsignedString(templateId) + ", prevHash=" + prevHash + ", headerTimestamp=" + headerTimestamp + ", nBits=" + nBits + ", target=" + target + "]";
  }
}
