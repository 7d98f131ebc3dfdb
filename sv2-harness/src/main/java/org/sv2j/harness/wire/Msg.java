package org.sv2j.harness.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * The common and mining messages the harness speaks, byte-exact with the reference's encoding (field names
 * are the reference's in lowerCamelCase). A stand-in until {@code messages-sv2} (issue 17) lands; then the
 * harness switches to {@code org.sv2j.messages} and this package goes. Not exported.
 *
 * <p>Byte arrays are shared, not copied: the harness never mutates a message after building it.
 */
public final class Msg {
  private Msg() {}

  private static final HexFormat HEX = HexFormat.of();

  /** A message with its header constants. */
  public interface Typed extends Sv2Message {
    /** @return the message type */
    int type();

    /** @return the reference's channel bit for this message */
    boolean channel();

    /** @return a message-form frame around this message */
    default Sv2Frame frame() {
      return Sv2Frame.fromMessage(0, type(), channel(), this);
    }
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static String hexList(List<byte[]> l) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < l.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(hex(l.get(i)));
    }
    return sb.append(']').toString();
  }

  /** SetupConnection (0x00). */
  public record SetupConnection(int protocol, int minVersion, int maxVersion, int flags, String endpointHost, int endpointPort, String vendor, String hardwareVersion, String firmware, String deviceId) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x00;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 1 + 2 + 2 + 4 + Out.str(endpointHost) + 2 + Out.str(vendor) + Out.str(hardwareVersion) + Out.str(firmware) + Out.str(deviceId);
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.put((byte) protocol);
      d.putShort((short) minVersion);
      d.putShort((short) maxVersion);
      d.putInt(flags);
      Out.str(d, endpointHost);
      d.putShort((short) endpointPort);
      Out.str(d, vendor);
      Out.str(d, hardwareVersion);
      Out.str(d, firmware);
      Out.str(d, deviceId);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SetupConnection decode(ByteBuffer p) {
      In in = new In(p, "SetupConnection");
      return new SetupConnection(in.u8("protocol"), in.u16("min_version"), in.u16("max_version"), in.u32("flags"), in.str("endpoint_host"), in.u16("endpoint_port"), in.str("vendor"), in.str("hardware_version"), in.str("firmware"), in.str("device_id"));
    }

    @Override
    public String toString() {
      return "SetupConnection{" + "protocol=" + protocol + ", " + "minVersion=" + minVersion + ", " + "maxVersion=" + maxVersion + ", " + "flags=" + Integer.toUnsignedString(flags) + ", " + "endpointHost=" + Out.quote(endpointHost) + ", " + "endpointPort=" + endpointPort + ", " + "vendor=" + Out.quote(vendor) + ", " + "hardwareVersion=" + Out.quote(hardwareVersion) + ", " + "firmware=" + Out.quote(firmware) + ", " + "deviceId=" + Out.quote(deviceId) + "}";
    }
  }

  /** SetupConnectionSuccess (0x01). */
  public record SetupConnectionSuccess(int usedVersion, int flags) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x01;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 2 + 4;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putShort((short) usedVersion);
      d.putInt(flags);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SetupConnectionSuccess decode(ByteBuffer p) {
      In in = new In(p, "SetupConnectionSuccess");
      return new SetupConnectionSuccess(in.u16("used_version"), in.u32("flags"));
    }

    @Override
    public String toString() {
      return "SetupConnectionSuccess{" + "usedVersion=" + usedVersion + ", " + "flags=" + Integer.toUnsignedString(flags) + "}";
    }
  }

  /** SetupConnectionError (0x02). */
  public record SetupConnectionError(int flags, String errorCode) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x02;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + Out.str(errorCode);
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(flags);
      Out.str(d, errorCode);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SetupConnectionError decode(ByteBuffer p) {
      In in = new In(p, "SetupConnectionError");
      return new SetupConnectionError(in.u32("flags"), in.str("error_code"));
    }

    @Override
    public String toString() {
      return "SetupConnectionError{" + "flags=" + Integer.toUnsignedString(flags) + ", " + "errorCode=" + Out.quote(errorCode) + "}";
    }
  }

  /** OpenStandardMiningChannel (0x10). */
  public record OpenStandardMiningChannel(int requestId, String userIdentity, float nominalHashRate, byte[] maxTarget) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x10;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + Out.str(userIdentity) + 4 + 32;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(requestId);
      Out.str(d, userIdentity);
      d.putFloat(nominalHashRate);
      Out.u256(d, maxTarget);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static OpenStandardMiningChannel decode(ByteBuffer p) {
      In in = new In(p, "OpenStandardMiningChannel");
      return new OpenStandardMiningChannel(in.u32("request_id"), in.str("user_identity"), in.f32("nominal_hash_rate"), in.u256("max_target"));
    }

    @Override
    public String toString() {
      return "OpenStandardMiningChannel{" + "requestId=" + Integer.toUnsignedString(requestId) + ", " + "userIdentity=" + Out.quote(userIdentity) + ", " + "nominalHashRate=" + nominalHashRate + ", " + "maxTarget=" + hex(maxTarget) + "}";
    }
  }

  /** OpenStandardMiningChannelSuccess (0x11). */
  public record OpenStandardMiningChannelSuccess(int requestId, int channelId, byte[] target, byte[] extranoncePrefix, int groupChannelId) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x11;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 32 + 1 + extranoncePrefix.length + 4;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(requestId);
      d.putInt(channelId);
      Out.u256(d, target);
      Out.b032(d, extranoncePrefix);
      d.putInt(groupChannelId);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static OpenStandardMiningChannelSuccess decode(ByteBuffer p) {
      In in = new In(p, "OpenStandardMiningChannelSuccess");
      return new OpenStandardMiningChannelSuccess(in.u32("request_id"), in.u32("channel_id"), in.u256("target"), in.b032("extranonce_prefix"), in.u32("group_channel_id"));
    }

    @Override
    public String toString() {
      return "OpenStandardMiningChannelSuccess{" + "requestId=" + Integer.toUnsignedString(requestId) + ", " + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "target=" + hex(target) + ", " + "extranoncePrefix=" + hex(extranoncePrefix) + ", " + "groupChannelId=" + Integer.toUnsignedString(groupChannelId) + "}";
    }
  }

  /** OpenMiningChannelError (0x12). */
  public record OpenMiningChannelError(int requestId, String errorCode) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x12;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + Out.str(errorCode);
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(requestId);
      Out.str(d, errorCode);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static OpenMiningChannelError decode(ByteBuffer p) {
      In in = new In(p, "OpenMiningChannelError");
      return new OpenMiningChannelError(in.u32("request_id"), in.str("error_code"));
    }

    @Override
    public String toString() {
      return "OpenMiningChannelError{" + "requestId=" + Integer.toUnsignedString(requestId) + ", " + "errorCode=" + Out.quote(errorCode) + "}";
    }
  }

  /** OpenExtendedMiningChannel (0x13). */
  public record OpenExtendedMiningChannel(int requestId, String userIdentity, float nominalHashRate, byte[] maxTarget, int minExtranonceSize) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x13;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + Out.str(userIdentity) + 4 + 32 + 2;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(requestId);
      Out.str(d, userIdentity);
      d.putFloat(nominalHashRate);
      Out.u256(d, maxTarget);
      d.putShort((short) minExtranonceSize);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static OpenExtendedMiningChannel decode(ByteBuffer p) {
      In in = new In(p, "OpenExtendedMiningChannel");
      return new OpenExtendedMiningChannel(in.u32("request_id"), in.str("user_identity"), in.f32("nominal_hash_rate"), in.u256("max_target"), in.u16("min_extranonce_size"));
    }

    @Override
    public String toString() {
      return "OpenExtendedMiningChannel{" + "requestId=" + Integer.toUnsignedString(requestId) + ", " + "userIdentity=" + Out.quote(userIdentity) + ", " + "nominalHashRate=" + nominalHashRate + ", " + "maxTarget=" + hex(maxTarget) + ", " + "minExtranonceSize=" + minExtranonceSize + "}";
    }
  }

  /** OpenExtendedMiningChannelSuccess (0x14). */
  public record OpenExtendedMiningChannelSuccess(int requestId, int channelId, byte[] target, int extranonceSize, byte[] extranoncePrefix, int groupChannelId) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x14;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = false;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 32 + 2 + 1 + extranoncePrefix.length + 4;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(requestId);
      d.putInt(channelId);
      Out.u256(d, target);
      d.putShort((short) extranonceSize);
      Out.b032(d, extranoncePrefix);
      d.putInt(groupChannelId);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static OpenExtendedMiningChannelSuccess decode(ByteBuffer p) {
      In in = new In(p, "OpenExtendedMiningChannelSuccess");
      return new OpenExtendedMiningChannelSuccess(in.u32("request_id"), in.u32("channel_id"), in.u256("target"), in.u16("extranonce_size"), in.b032("extranonce_prefix"), in.u32("group_channel_id"));
    }

    @Override
    public String toString() {
      return "OpenExtendedMiningChannelSuccess{" + "requestId=" + Integer.toUnsignedString(requestId) + ", " + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "target=" + hex(target) + ", " + "extranonceSize=" + extranonceSize + ", " + "extranoncePrefix=" + hex(extranoncePrefix) + ", " + "groupChannelId=" + Integer.toUnsignedString(groupChannelId) + "}";
    }
  }

  /** NewMiningJob (0x15). */
  public record NewMiningJob(int channelId, int jobId, Integer minNtime, int version, byte[] merkleRoot) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x15;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + (minNtime == null ? 1 : 5) + 4 + 32;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(jobId);
      Out.optU32(d, minNtime);
      d.putInt(version);
      Out.u256(d, merkleRoot);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static NewMiningJob decode(ByteBuffer p) {
      In in = new In(p, "NewMiningJob");
      return new NewMiningJob(in.u32("channel_id"), in.u32("job_id"), in.optU32("min_ntime"), in.u32("version"), in.u256("merkle_root"));
    }

    @Override
    public String toString() {
      return "NewMiningJob{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "jobId=" + Integer.toUnsignedString(jobId) + ", " + "minNtime=" + minNtime + ", " + "version=" + Integer.toUnsignedString(version) + ", " + "merkleRoot=" + hex(merkleRoot) + "}";
    }
  }

  /** UpdateChannel (0x16). */
  public record UpdateChannel(int channelId, float nominalHashRate, byte[] maximumTarget) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x16;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 32;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putFloat(nominalHashRate);
      Out.u256(d, maximumTarget);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static UpdateChannel decode(ByteBuffer p) {
      In in = new In(p, "UpdateChannel");
      return new UpdateChannel(in.u32("channel_id"), in.f32("nominal_hash_rate"), in.u256("maximum_target"));
    }

    @Override
    public String toString() {
      return "UpdateChannel{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "nominalHashRate=" + nominalHashRate + ", " + "maximumTarget=" + hex(maximumTarget) + "}";
    }
  }

  /** UpdateChannelError (0x17). */
  public record UpdateChannelError(int channelId, String errorCode) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x17;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + Out.str(errorCode);
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      Out.str(d, errorCode);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static UpdateChannelError decode(ByteBuffer p) {
      In in = new In(p, "UpdateChannelError");
      return new UpdateChannelError(in.u32("channel_id"), in.str("error_code"));
    }

    @Override
    public String toString() {
      return "UpdateChannelError{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "errorCode=" + Out.quote(errorCode) + "}";
    }
  }

  /** CloseChannel (0x18). */
  public record CloseChannel(int channelId, String reasonCode) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x18;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + Out.str(reasonCode);
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      Out.str(d, reasonCode);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static CloseChannel decode(ByteBuffer p) {
      In in = new In(p, "CloseChannel");
      return new CloseChannel(in.u32("channel_id"), in.str("reason_code"));
    }

    @Override
    public String toString() {
      return "CloseChannel{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "reasonCode=" + Out.quote(reasonCode) + "}";
    }
  }

  /** SubmitSharesStandard (0x1a). */
  public record SubmitSharesStandard(int channelId, int sequenceNumber, int jobId, int nonce, int ntime, int version) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x1a;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 4 + 4 + 4 + 4;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(sequenceNumber);
      d.putInt(jobId);
      d.putInt(nonce);
      d.putInt(ntime);
      d.putInt(version);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SubmitSharesStandard decode(ByteBuffer p) {
      In in = new In(p, "SubmitSharesStandard");
      return new SubmitSharesStandard(in.u32("channel_id"), in.u32("sequence_number"), in.u32("job_id"), in.u32("nonce"), in.u32("ntime"), in.u32("version"));
    }

    @Override
    public String toString() {
      return "SubmitSharesStandard{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "sequenceNumber=" + Integer.toUnsignedString(sequenceNumber) + ", " + "jobId=" + Integer.toUnsignedString(jobId) + ", " + "nonce=" + Integer.toUnsignedString(nonce) + ", " + "ntime=" + Integer.toUnsignedString(ntime) + ", " + "version=" + Integer.toUnsignedString(version) + "}";
    }
  }

  /** SubmitSharesExtended (0x1b). */
  public record SubmitSharesExtended(int channelId, int sequenceNumber, int jobId, int nonce, int ntime, int version, byte[] extranonce) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x1b;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 4 + 4 + 4 + 4 + 1 + extranonce.length;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(sequenceNumber);
      d.putInt(jobId);
      d.putInt(nonce);
      d.putInt(ntime);
      d.putInt(version);
      Out.b032(d, extranonce);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SubmitSharesExtended decode(ByteBuffer p) {
      In in = new In(p, "SubmitSharesExtended");
      return new SubmitSharesExtended(in.u32("channel_id"), in.u32("sequence_number"), in.u32("job_id"), in.u32("nonce"), in.u32("ntime"), in.u32("version"), in.b032("extranonce"));
    }

    @Override
    public String toString() {
      return "SubmitSharesExtended{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "sequenceNumber=" + Integer.toUnsignedString(sequenceNumber) + ", " + "jobId=" + Integer.toUnsignedString(jobId) + ", " + "nonce=" + Integer.toUnsignedString(nonce) + ", " + "ntime=" + Integer.toUnsignedString(ntime) + ", " + "version=" + Integer.toUnsignedString(version) + ", " + "extranonce=" + hex(extranonce) + "}";
    }
  }

  /** SubmitSharesSuccess (0x1c). */
  public record SubmitSharesSuccess(int channelId, int lastSequenceNumber, int newSubmitsAcceptedCount, long newSharesSum) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x1c;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 4 + 8;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(lastSequenceNumber);
      d.putInt(newSubmitsAcceptedCount);
      d.putLong(newSharesSum);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SubmitSharesSuccess decode(ByteBuffer p) {
      In in = new In(p, "SubmitSharesSuccess");
      return new SubmitSharesSuccess(in.u32("channel_id"), in.u32("last_sequence_number"), in.u32("new_submits_accepted_count"), in.u64("new_shares_sum"));
    }

    @Override
    public String toString() {
      return "SubmitSharesSuccess{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "lastSequenceNumber=" + Integer.toUnsignedString(lastSequenceNumber) + ", " + "newSubmitsAcceptedCount=" + Integer.toUnsignedString(newSubmitsAcceptedCount) + ", " + "newSharesSum=" + Long.toUnsignedString(newSharesSum) + "}";
    }
  }

  /** SubmitSharesError (0x1d). */
  public record SubmitSharesError(int channelId, int sequenceNumber, String errorCode) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x1d;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + Out.str(errorCode);
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(sequenceNumber);
      Out.str(d, errorCode);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SubmitSharesError decode(ByteBuffer p) {
      In in = new In(p, "SubmitSharesError");
      return new SubmitSharesError(in.u32("channel_id"), in.u32("sequence_number"), in.str("error_code"));
    }

    @Override
    public String toString() {
      return "SubmitSharesError{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "sequenceNumber=" + Integer.toUnsignedString(sequenceNumber) + ", " + "errorCode=" + Out.quote(errorCode) + "}";
    }
  }

  /** NewExtendedMiningJob (0x1f). */
  public record NewExtendedMiningJob(int channelId, int jobId, Integer minNtime, int version, boolean versionRollingAllowed, List<byte[]> merklePath, byte[] coinbaseTxPrefix, byte[] coinbaseTxSuffix) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x1f;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + (minNtime == null ? 1 : 5) + 4 + 1 + 1 + 32 * merklePath.size() + 2 + coinbaseTxPrefix.length + 2 + coinbaseTxSuffix.length;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(jobId);
      Out.optU32(d, minNtime);
      d.putInt(version);
      d.put((byte) (versionRollingAllowed ? 1 : 0));
      Out.seqU256(d, merklePath);
      Out.b064k(d, coinbaseTxPrefix);
      Out.b064k(d, coinbaseTxSuffix);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static NewExtendedMiningJob decode(ByteBuffer p) {
      In in = new In(p, "NewExtendedMiningJob");
      return new NewExtendedMiningJob(in.u32("channel_id"), in.u32("job_id"), in.optU32("min_ntime"), in.u32("version"), in.bool("version_rolling_allowed"), in.seqU256("merkle_path"), in.b064k("coinbase_tx_prefix"), in.b064k("coinbase_tx_suffix"));
    }

    @Override
    public String toString() {
      return "NewExtendedMiningJob{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "jobId=" + Integer.toUnsignedString(jobId) + ", " + "minNtime=" + minNtime + ", " + "version=" + Integer.toUnsignedString(version) + ", " + "versionRollingAllowed=" + versionRollingAllowed + ", " + "merklePath=" + hexList(merklePath) + ", " + "coinbaseTxPrefix=" + hex(coinbaseTxPrefix) + ", " + "coinbaseTxSuffix=" + hex(coinbaseTxSuffix) + "}";
    }
  }

  /** SetNewPrevHash (0x20). */
  public record SetNewPrevHash(int channelId, int jobId, byte[] prevHash, int minNtime, int nbits) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x20;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 4 + 32 + 4 + 4;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      d.putInt(jobId);
      Out.u256(d, prevHash);
      d.putInt(minNtime);
      d.putInt(nbits);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SetNewPrevHash decode(ByteBuffer p) {
      In in = new In(p, "SetNewPrevHash");
      return new SetNewPrevHash(in.u32("channel_id"), in.u32("job_id"), in.u256("prev_hash"), in.u32("min_ntime"), in.u32("nbits"));
    }

    @Override
    public String toString() {
      return "SetNewPrevHash{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "jobId=" + Integer.toUnsignedString(jobId) + ", " + "prevHash=" + hex(prevHash) + ", " + "minNtime=" + Integer.toUnsignedString(minNtime) + ", " + "nbits=" + Integer.toUnsignedString(nbits) + "}";
    }
  }

  /** SetTarget (0x21). */
  public record SetTarget(int channelId, byte[] maximumTarget) implements Typed {
    /** The extension type (0, the core protocol). */
    public static final int EXTENSION_TYPE = 0;
    /** The message type. */
    public static final int MSG_TYPE = 0x21;
    /** The reference's channel bit. */
    public static final boolean CHANNEL_MSG = true;

    @Override
    public int type() {
      return MSG_TYPE;
    }

    @Override
    public boolean channel() {
      return CHANNEL_MSG;
    }

    @Override
    public int encodedLength() {
      return 4 + 32;
    }

    @Override
    public void encodeTo(ByteBuffer d) {
      d.putInt(channelId);
      Out.u256(d, maximumTarget);
    }

    /**
     * Decodes a payload.
     *
     * @param p the payload
     * @return the message
     * @throws WireException if the payload does not hold one
     */
    public static SetTarget decode(ByteBuffer p) {
      In in = new In(p, "SetTarget");
      return new SetTarget(in.u32("channel_id"), in.u256("maximum_target"));
    }

    @Override
    public String toString() {
      return "SetTarget{" + "channelId=" + Integer.toUnsignedString(channelId) + ", " + "maximumTarget=" + hex(maximumTarget) + "}";
    }
  }

  /**
   * Decodes a core-protocol frame into its message, or returns {@code null} for an extension or a message
   * type the harness does not know (the frame is then shown as a frame).
   *
   * @param f the frame (not closed; its payload is read, not kept)
   * @return the message or {@code null}
   * @throws WireException if the payload does not decode as the message its type names
   */
  public static Typed decode(Sv2Frame f) {
    if (f.extensionTypeWithoutChannelBit() != 0) {
      return null;
    }
    ByteBuffer p = f.payload();
    return switch (f.msgType()) {
      case 0x00 -> SetupConnection.decode(p);
      case 0x01 -> SetupConnectionSuccess.decode(p);
      case 0x02 -> SetupConnectionError.decode(p);
      case 0x10 -> OpenStandardMiningChannel.decode(p);
      case 0x11 -> OpenStandardMiningChannelSuccess.decode(p);
      case 0x12 -> OpenMiningChannelError.decode(p);
      case 0x13 -> OpenExtendedMiningChannel.decode(p);
      case 0x14 -> OpenExtendedMiningChannelSuccess.decode(p);
      case 0x15 -> NewMiningJob.decode(p);
      case 0x16 -> UpdateChannel.decode(p);
      case 0x17 -> UpdateChannelError.decode(p);
      case 0x18 -> CloseChannel.decode(p);
      case 0x1a -> SubmitSharesStandard.decode(p);
      case 0x1b -> SubmitSharesExtended.decode(p);
      case 0x1c -> SubmitSharesSuccess.decode(p);
      case 0x1d -> SubmitSharesError.decode(p);
      case 0x1f -> NewExtendedMiningJob.decode(p);
      case 0x20 -> SetNewPrevHash.decode(p);
      case 0x21 -> SetTarget.decode(p);
      default -> null;
    };
  }
}
