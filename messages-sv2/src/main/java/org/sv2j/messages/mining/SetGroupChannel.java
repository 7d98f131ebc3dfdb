package org.sv2j.messages.mining;

import java.nio.ByteBuffer;
import java.util.List;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Writer;

/**
 * {@code SetGroupChannel} (mining, extension_type 0x0000, msg_type 0x25; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code SetGroupChannel} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code group_channel_id}: U32
 *   <li>{@code channel_ids}: SEQ0_64K[U32]
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param groupChannelId {@code group_channel_id}, U32: the group channel the channel belongs to
 * @param channelIds {@code channel_ids}, SEQ0_64K[U32]: the channels that belong to the group
 */
public record SetGroupChannel(
    long groupChannelId,
    List<Long> channelIds)
    implements MiningMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x25;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "SetGroupChannel";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetGroupChannel {
    Check.u32(NAME, "group_channel_id", groupChannelId);
    channelIds = Check.seqU32(NAME, "channel_ids", channelIds, 0xffff);
  }


  /**
   * Reads a SetGroupChannel at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetGroupChannel decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetGroupChannel with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetGroupChannel decode(Reader r) {
    SetGroupChannel m =
        new SetGroupChannel(
            r.u32("group_channel_id"),
            r.seq064kU32("channel_ids"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + 2 + 4 * channelIds.size();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, groupChannelId);
    Writer.seq064kU32(dst, channelIds);
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
   * @return for example {@code SetGroupChannel[groupChannelId=…]}
   */
  @Override
  public String toString() {
    return "SetGroupChannel[groupChannelId=" + groupChannelId + ", channelIds=" + channelIds + "]";
  }
}
