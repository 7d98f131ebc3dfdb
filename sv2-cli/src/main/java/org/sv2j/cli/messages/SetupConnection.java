package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * {@code SetupConnection} (client → server, message type 0x00, extension 0, no channel bit; spec 03
 * §3.6.1): protocol U8, min_version U16, max_version U16, flags U32, endpoint_host STR0_255, endpoint_port
 * U16, vendor, hardware_version, firmware, device_id (STR0_255 each).
 *
 * @param protocol the sub-protocol, u8 ({@link #MINING}, {@link #JOB_DECLARATION}, {@link #TEMPLATE_DISTRIBUTION})
 * @param minVersion the lowest protocol version the client supports, u16
 * @param maxVersion the highest protocol version the client supports, u16
 * @param flags the protocol's feature flags, u32
 * @param endpointHost the host the client connected to
 * @param endpointPort the port the client connected to, u16
 * @param vendor the device's vendor
 * @param hardwareVersion the device's hardware version
 * @param firmware the device's firmware
 * @param deviceId the device's id
 */
public record SetupConnection(
    int protocol,
    int minVersion,
    int maxVersion,
    long flags,
    String endpointHost,
    int endpointPort,
    String vendor,
    String hardwareVersion,
    String firmware,
    String deviceId)
    implements Sv2Message {
  /** The message type, 0x00. */
  public static final int MSG_TYPE = 0x00;
  /** Protocol numbers of the {@code protocol} field. */
  public static final int MINING = 0;
  /** The job declaration protocol. */
  public static final int JOB_DECLARATION = 1;
  /** The template distribution protocol. */
  public static final int TEMPLATE_DISTRIBUTION = 2;

  /**
   * Checks the field ranges.
   *
   * @param protocol the sub-protocol, u8 ({@link #MINING}, {@link #JOB_DECLARATION}, {@link #TEMPLATE_DISTRIBUTION})
   * @param minVersion the lowest protocol version the client supports, u16
   * @param maxVersion the highest protocol version the client supports, u16
   * @param flags the protocol's feature flags, u32
   * @param endpointHost the host the client connected to
   * @param endpointPort the port the client connected to, u16
   * @param vendor the device's vendor
   * @param hardwareVersion the device's hardware version
   * @param firmware the device's firmware
   * @param deviceId the device's id
   * @throws IllegalArgumentException if a field is out of range or a string is over 255 UTF-8 bytes
   */
  public SetupConnection {
    Wire.checkU8("protocol", protocol);
    Wire.checkU16("min_version", minVersion);
    Wire.checkU16("max_version", maxVersion);
    Wire.checkU32("flags", flags);
    Wire.checkU16("endpoint_port", endpointPort);
    Wire.str0255("endpoint_host", Objects.requireNonNull(endpointHost, "endpointHost"));
    Wire.str0255("vendor", Objects.requireNonNull(vendor, "vendor"));
    Wire.str0255("hardware_version", Objects.requireNonNull(hardwareVersion, "hardwareVersion"));
    Wire.str0255("firmware", Objects.requireNonNull(firmware, "firmware"));
    Wire.str0255("device_id", Objects.requireNonNull(deviceId, "deviceId"));
  }

  @Override
  public int encodedLength() {
    return 1 + 2 + 2 + 4 + 2 + 5
        + Wire.str0255("endpoint_host", endpointHost).length
        + Wire.str0255("vendor", vendor).length
        + Wire.str0255("hardware_version", hardwareVersion).length
        + Wire.str0255("firmware", firmware).length
        + Wire.str0255("device_id", deviceId).length;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    dst.put((byte) protocol);
    Wire.putU16(dst, minVersion);
    Wire.putU16(dst, maxVersion);
    Wire.putU32(dst, flags);
    Wire.putStr(dst, Wire.str0255("endpoint_host", endpointHost));
    Wire.putU16(dst, endpointPort);
    Wire.putStr(dst, Wire.str0255("vendor", vendor));
    Wire.putStr(dst, Wire.str0255("hardware_version", hardwareVersion));
    Wire.putStr(dst, Wire.str0255("firmware", firmware));
    Wire.putStr(dst, Wire.str0255("device_id", deviceId));
  }

  /**
   * This message in a frame (extension 0, no channel bit).
   *
   * @return a new message-form frame
   */
  public Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(0, MSG_TYPE, false, this);
  }

  /**
   * Reads the message from {@code payload}'s position (bytes after it, such as TLV fields, are left).
   *
   * @param payload the frame's payload
   * @return the message
   * @throws MessageException if the payload does not hold the message
   */
  public static SetupConnection decode(ByteBuffer payload) {
    return new SetupConnection(
        Wire.u8(payload, "protocol"),
        Wire.u16(payload, "min_version"),
        Wire.u16(payload, "max_version"),
        Wire.u32(payload, "flags"),
        Wire.str(payload, "endpoint_host"),
        Wire.u16(payload, "endpoint_port"),
        Wire.str(payload, "vendor"),
        Wire.str(payload, "hardware_version"),
        Wire.str(payload, "firmware"),
        Wire.str(payload, "device_id"));
  }
}
