package org.sv2j.messages.common;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Writer;

/**
 * {@code Reconnect} (common, extension_type 0x0000, msg_type 0x04; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code Reconnect} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code new_host}: STR0_255
 *   <li>{@code new_port}: U16
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param newHost {@code new_host}, STR0_255: the host to reconnect to (empty: the same)
 * @param newPort {@code new_port}, U16: the port to reconnect to
 */
public record Reconnect(
    Str0255 newHost,
    int newPort)
    implements CommonMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x04;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "Reconnect";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public Reconnect {
    Check.str0255(NAME, "new_host", newHost);
    Check.u16(NAME, "new_port", newPort);
  }

  /**
   * A Reconnect with the host given as text.
   *
   * @param newHost the host to reconnect to (empty: the same host)
   * @param newPort the port to reconnect to
   * @throws MessageException for a value outside its field's type
   */
  public Reconnect(String newHost, int newPort) {
    this(str("new_host", newHost), newPort);
  }

  private static Str0255 str(String field, String text) {
    try {
      return Str0255.of(Check.notNull(NAME, field, text));
    } catch (MessageException e) {
      throw new MessageException(NAME, field, e.kind(), "STR0_255 of more than 255 bytes");
    }
  }

  /**
   * Reads a Reconnect at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static Reconnect decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a Reconnect with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static Reconnect decode(Reader r) {
    Reconnect m =
        new Reconnect(
            r.str0255("new_host"),
            r.u16("new_port"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 2 + 1 + newHost.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.str0255(dst, newHost);
    Writer.u16(dst, newPort);
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
   * @return for example {@code Reconnect[newHost=…]}
   */
  @Override
  public String toString() {
    return "Reconnect[newHost=" + newHost + ", newPort=" + newPort + "]";
  }
}
