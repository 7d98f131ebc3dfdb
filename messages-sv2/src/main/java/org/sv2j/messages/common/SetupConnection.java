package org.sv2j.messages.common;

import java.nio.ByteBuffer;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Writer;

/**
 * {@code SetupConnection} (common, extension_type 0x0000, msg_type 0x00; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code SetupConnection} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code protocol}: U8
 *   <li>{@code min_version}: U16
 *   <li>{@code max_version}: U16
 *   <li>{@code flags}: U32
 *   <li>{@code endpoint_host}: STR0_255
 *   <li>{@code endpoint_port}: U16
 *   <li>{@code vendor}: STR0_255
 *   <li>{@code hardware_version}: STR0_255
 *   <li>{@code firmware}: STR0_255
 *   <li>{@code device_id}: STR0_255
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param protocol {@code protocol}, U8: the subprotocol: 0 mining, 1 job declaration, 2 template distribution
 * @param minVersion {@code min_version}, U16: the lowest protocol version the client supports
 * @param maxVersion {@code max_version}, U16: the highest protocol version the client supports
 * @param flags {@code flags}, U32: feature flags (meaning per protocol)
 * @param endpointHost {@code endpoint_host}, STR0_255: the host name the client connected to
 * @param endpointPort {@code endpoint_port}, U16: the port the client connected to
 * @param vendor {@code vendor}, STR0_255: the client's vendor
 * @param hardwareVersion {@code hardware_version}, STR0_255: the hardware's version
 * @param firmware {@code firmware}, STR0_255: the firmware's version
 * @param deviceId {@code device_id}, STR0_255: the device's identifier
 */
public record SetupConnection(
    int protocol,
    int minVersion,
    int maxVersion,
    long flags,
    Str0255 endpointHost,
    int endpointPort,
    Str0255 vendor,
    Str0255 hardwareVersion,
    Str0255 firmware,
    Str0255 deviceId)
    implements CommonMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x00;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "SetupConnection";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public SetupConnection {
    checkProtocol(protocol);
    Check.u16(NAME, "min_version", minVersion);
    Check.u16(NAME, "max_version", maxVersion);
    Check.u32(NAME, "flags", flags);
    Check.str0255(NAME, "endpoint_host", endpointHost);
    Check.u16(NAME, "endpoint_port", endpointPort);
    Check.str0255(NAME, "vendor", vendor);
    Check.str0255(NAME, "hardware_version", hardwareVersion);
    Check.str0255(NAME, "firmware", firmware);
    Check.str0255(NAME, "device_id", deviceId);
  }

  /** {@code protocol} value: the mining protocol. */
  public static final int MINING = 0;

  /** {@code protocol} value: the job declaration protocol. */
  public static final int JOB_DECLARATION = 1;

  /** {@code protocol} value: the template distribution protocol. */
  public static final int TEMPLATE_DISTRIBUTION = 2;

  /**
   * A SetupConnection with its strings given as text (encoded as UTF-8).
   *
   * @param protocol the subprotocol: {@link #MINING}, {@link #JOB_DECLARATION} or {@link #TEMPLATE_DISTRIBUTION}
   * @param minVersion the lowest protocol version the client supports
   * @param maxVersion the highest protocol version the client supports
   * @param flags feature flags
   * @param endpointHost the host name the client connected to
   * @param endpointPort the port the client connected to
   * @param vendor the client's vendor
   * @param hardwareVersion the hardware's version
   * @param firmware the firmware's version
   * @param deviceId the device's identifier
   * @throws MessageException for a value outside its field's type
   */
  public SetupConnection(
      int protocol, int minVersion, int maxVersion, long flags, String endpointHost, int endpointPort,
      String vendor, String hardwareVersion, String firmware, String deviceId) {
    this(protocol, minVersion, maxVersion, flags, str("endpoint_host", endpointHost), endpointPort, str("vendor", vendor),
        str("hardware_version", hardwareVersion), str("firmware", firmware), str("device_id", deviceId));
  }

  private static void checkProtocol(int protocol) {
    if (protocol < MINING || protocol > TEMPLATE_DISTRIBUTION) {
      throw new MessageException(NAME, "protocol", MessageException.Kind.INVALID_VALUE, "not a protocol: " + protocol);
    }
  }

  private static int readProtocol(Reader r) {
    int p = r.u8("protocol");
    checkProtocol(p);
    return p;
  }

  private static Str0255 str(String field, String text) {
    try {
      return Str0255.of(Check.notNull(NAME, field, text));
    } catch (MessageException e) {
      throw new MessageException(NAME, field, e.kind(), "STR0_255 of more than 255 bytes");
    }
  }

  /**
   * Reads a SetupConnection at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetupConnection decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a SetupConnection with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static SetupConnection decode(Reader r) {
    SetupConnection m =
        new SetupConnection(
            readProtocol(r),
            r.u16("min_version"),
            r.u16("max_version"),
            r.u32("flags"),
            r.str0255("endpoint_host"),
            r.u16("endpoint_port"),
            r.str0255("vendor"),
            r.str0255("hardware_version"),
            r.str0255("firmware"),
            r.str0255("device_id"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 11 + 1 + endpointHost.length() + 1 + vendor.length() + 1 + hardwareVersion.length() + 1 + firmware.length() + 1 + deviceId.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.u8(dst, protocol);
    Writer.u16(dst, minVersion);
    Writer.u16(dst, maxVersion);
    Writer.u32(dst, flags);
    Writer.str0255(dst, endpointHost);
    Writer.u16(dst, endpointPort);
    Writer.str0255(dst, vendor);
    Writer.str0255(dst, hardwareVersion);
    Writer.str0255(dst, firmware);
    Writer.str0255(dst, deviceId);
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
   * @return for example {@code SetupConnection[protocol=…]}
   */
  @Override
  public String toString() {
    return "SetupConnection[protocol=" + protocol + ", minVersion=" + minVersion + ", maxVersion=" + maxVersion + ", flags=" + flags + ", endpointHost=" + endpointHost + ", endpointPort=" + endpointPort + ", vendor=" + vendor + ", hardwareVersion=" + hardwareVersion + ", firmware=" + firmware + ", deviceId=" + deviceId + "]";
  }
}
