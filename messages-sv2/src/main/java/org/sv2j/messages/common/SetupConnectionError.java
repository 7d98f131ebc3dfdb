package org.sv2j.messages.common;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Writer;

/**
 * {@code SetupConnectionError} (common, extension_type 0x0000, msg_type 0x02; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code SetupConnectionError} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code flags}: U32
 *   <li>{@code error_code}: STR0_255
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param flags {@code flags}, U32: feature flags (meaning per protocol)
 * @param errorCode {@code error_code}, STR0_255: a short error name such as {@code unknown-user}
 */
public record SetupConnectionError(
    long flags,
    Str0255 errorCode)
    implements CommonMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x02;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "SetupConnectionError";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetupConnectionError {
    Check.u32(NAME, "flags", flags);
    Check.str0255(NAME, "error_code", errorCode);
  }

  /**
   * A SetupConnection.Error with its code given as text.
   *
   * @param flags the flags the server does not support
   * @param errorCode the error code, such as {@code unsupported-feature-flags}
   * @throws MessageException for a value outside its field's type
   */
  public SetupConnectionError(long flags, String errorCode) {
    this(flags, str("error_code", errorCode));
  }

  private static Str0255 str(String field, String text) {
    try {
      return Str0255.of(Check.notNull(NAME, field, text));
    } catch (MessageException e) {
      throw new MessageException(NAME, field, e.kind(), "STR0_255 of more than 255 bytes");
    }
  }

  /**
   * Reads a SetupConnectionError at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetupConnectionError decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetupConnectionError with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetupConnectionError decode(Reader r) {
    SetupConnectionError m =
        new SetupConnectionError(
            r.u32("flags"),
            r.str0255("error_code"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 4 + 1 + errorCode.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u32(dst, flags);
    Writer.str0255(dst, errorCode);
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
   * @return for example {@code SetupConnectionError[flags=…]}
   */
  @Override
  public String toString() {
    return "SetupConnectionError[flags=" + flags + ", errorCode=" + errorCode + "]";
  }
}
