package org.sv2j.framing;

import java.nio.ByteBuffer;

/**
 * A message that knows its own Sv2 binary encoding, so that a frame can be built around it and serialized
 * straight into the destination without an intermediate array (see {@link Sv2Frame#fromMessage}).
 *
 * <p>Contract: {@link #encodedLength()} returns the exact number of bytes {@link #encodeTo(ByteBuffer)}
 * writes, and both are stable for as long as a frame refers to the message. The frame checks the count
 * after encoding: a message that writes more or fewer bytes, or throws, fails the encode with a {@link
 * FramingException} of kind {@link FramingException.Kind#MESSAGE_ENCODING}.
 */
public interface Sv2Message {

  /**
   * Number of bytes {@link #encodeTo(ByteBuffer)} writes; the frame's {@code msg_length}.
   *
   * @return the encoded length in bytes
   */
  int encodedLength();

  /**
   * Writes the message at {@code dst}'s position with relative puts, advancing it by exactly {@link
   * #encodedLength()}. {@code dst} is little-endian and its limit is the end of this message: writing past
   * it throws {@link java.nio.BufferOverflowException}.
   *
   * @param dst the buffer to write into, little-endian, limited to this message
   */
  void encodeTo(ByteBuffer dst);
}
