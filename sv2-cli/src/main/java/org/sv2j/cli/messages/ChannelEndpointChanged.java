package org.sv2j.cli.messages;

import java.nio.ByteBuffer;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * {@code ChannelEndpointChanged} (server → client, type 0x03, channel bit set; spec 03 §3.6.4 and 08):
 * channel_id U32, which is also the frame's channel id.
 *
 * @param channelId the channel id, u32
 */
public record ChannelEndpointChanged(long channelId) implements Sv2Message {
  /** The message type, 0x03. */
  public static final int MSG_TYPE = 0x03;

  /**
   * Checks the field ranges.
   *
   * @param channelId the channel id, u32
   * @throws IllegalArgumentException if a field is out of range
   */
  public ChannelEndpointChanged {
    Wire.checkU32("channel_id", channelId);
  }

  @Override
  public int encodedLength() {
    return 4;
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Wire.putU32(dst, channelId);
  }

  /**
   * This message in a frame: extension 0 with the channel bit set.
   *
   * @return a new message-form frame
   */
  public Sv2Frame toFrame() {
    return Sv2Frame.fromMessage(0, MSG_TYPE, true, this);
  }

  /**
   * Reads the message from {@code payload}'s position.
   *
   * @param payload the frame's payload
   * @return the message
   * @throws MessageException if the payload is too short
   */
  public static ChannelEndpointChanged decode(ByteBuffer payload) {
    return new ChannelEndpointChanged(Wire.u32(payload, "channel_id"));
  }
}
