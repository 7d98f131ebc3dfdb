package org.sv2j.framing;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The 6-byte Sv2 frame header: {@code extension_type} (u16 little-endian, bit 15 = channel message),
 * {@code msg_type} (u8) and {@code msg_length} (u24 little-endian, the payload length without the header).
 *
 * <p>An immutable value; {@link #extensionType()} is the raw 16-bit field including the channel bit.
 * The static {@code ...At} readers decode single fields straight from a buffer for code paths that must
 * not allocate (decoders).
 *
 * <p>This class also holds the size constants of Sv2 framing, plaintext and Noise-encrypted.
 *
 * @param extensionType the raw extension type, u16 (bit 15 is the channel bit)
 * @param msgType the message type, u8
 * @param msgLength the payload length, u24
 */
public record Header(int extensionType, int msgType, int msgLength) {

  /** Size of a plaintext header on the wire. */
  public static final int SIZE = 6;

  /** Size of the AEAD authentication tag after every encrypted header and payload chunk. */
  public static final int MAC_SIZE = 16;

  /** Size of an encrypted header: the 6 header bytes plus their tag. */
  public static final int ENCRYPTED_SIZE = SIZE + MAC_SIZE;

  /** Largest Noise message, hence the largest encrypted payload chunk, tag included. */
  public static final int NOISE_MAX_CHUNK = 65_535;

  /** Largest plaintext that fits in one encrypted payload chunk ({@link #NOISE_MAX_CHUNK} minus the tag). */
  public static final int NOISE_MAX_CHUNK_PLAINTEXT = NOISE_MAX_CHUNK - MAC_SIZE;

  /** Largest payload a header can announce: 2^24 − 1 bytes. */
  public static final int MAX_PAYLOAD_LENGTH = (1 << 24) - 1;

  /** Bit 15 of the extension type: set on channel messages. */
  public static final int CHANNEL_BIT = 0x8000;

  /**
   * Checks the ranges: extension type u16, message type u8, length u24.
   *
   * @param extensionType the raw extension type, u16 (bit 15 is the channel bit)
   * @param msgType the message type, u8
   * @param msgLength the payload length, u24
   * @throws FramingException of kind {@link FramingException.Kind#INVALID_HEADER_FIELD} if a field is out
   *     of range
   */
  public Header {
    checkFields(extensionType, msgType, msgLength);
  }

  /**
   * A header whose channel bit is set when {@code channelMsg} and cleared otherwise; the other 15 bits of
   * {@code extensionType} are kept.
   *
   * @param extensionType the extension type; its bit 15 is replaced
   * @param msgType the message type, u8
   * @param channelMsg whether the message is a channel message
   * @param msgLength the payload length, u24
   * @return the header
   */
  public static Header of(int extensionType, int msgType, boolean channelMsg, int msgLength) {
    checkFields(extensionType, msgType, msgLength);
    return new Header(withChannelBit(extensionType, channelMsg), msgType, msgLength);
  }

  /**
   * Decodes the first 6 bytes of {@code bytes}; further bytes are ignored.
   *
   * @param bytes at least 6 bytes, the header first
   * @return the decoded header
   * @throws FramingException of kind {@link FramingException.Kind#UNEXPECTED_HEADER_LENGTH} if fewer than
   *     6 bytes are given
   */
  public static Header decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes the header in {@code bytes[off, off + len)} (only the first 6 bytes are read).
   *
   * @param bytes the array holding the header
   * @param off index of the header's first byte in {@code bytes}
   * @param len number of bytes available from {@code off}
   * @return the decoded header
   */
  public static Header decode(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    if (len < SIZE) {
      throw new FramingException(
          FramingException.Kind.UNEXPECTED_HEADER_LENGTH, "a header needs 6 bytes, got " + len);
    }
    int ext = (bytes[off] & 0xff) | (bytes[off + 1] & 0xff) << 8;
    int type = bytes[off + 2] & 0xff;
    int length = (bytes[off + 3] & 0xff) | (bytes[off + 4] & 0xff) << 8 | (bytes[off + 5] & 0xff) << 16;
    return new Header(ext, type, length);
  }

  /**
   * Decodes the header at {@code src}'s position (relative reads; the position advances by 6 on success
   * and does not move on failure).
   *
   * @param src the buffer holding the header at its position
   * @return the decoded header
   */
  public static Header decode(ByteBuffer src) {
    if (src.remaining() < SIZE) {
      throw new FramingException(
          FramingException.Kind.UNEXPECTED_HEADER_LENGTH, "a header needs 6 bytes, got " + src.remaining());
    }
    int p = src.position();
    Header h = new Header(extensionTypeAt(src, p), msgTypeAt(src, p), msgLengthAt(src, p));
    src.position(p + SIZE);
    return h;
  }

  /**
   * The raw extension type (channel bit included) of the header starting at absolute {@code index}.
   *
   * @param src the buffer holding the header
   * @param index absolute index of the header's first byte
   * @return the raw extension type, u16
   */
  public static int extensionTypeAt(ByteBuffer src, int index) {
    return (src.get(index) & 0xff) | (src.get(index + 1) & 0xff) << 8;
  }

  /**
   * The message type of the header starting at absolute {@code index}.
   *
   * @param src the buffer holding the header
   * @param index absolute index of the header's first byte
   * @return the message type, u8
   */
  public static int msgTypeAt(ByteBuffer src, int index) {
    return src.get(index + 2) & 0xff;
  }

  /**
   * The payload length of the header starting at absolute {@code index}.
   *
   * @param src the buffer holding the header
   * @param index absolute index of the header's first byte
   * @return the payload length, u24
   */
  public static int msgLengthAt(ByteBuffer src, int index) {
    return (src.get(index + 3) & 0xff) | (src.get(index + 4) & 0xff) << 8 | (src.get(index + 5) & 0xff) << 16;
  }

  /**
   * Writes a header with absolute puts at {@code index} (no position change, no allocation). The caller
   * guarantees the ranges (as checked by the constructor).
   *
   * @param dst the buffer to write into; its position does not change
   * @param index absolute index of the header's first byte
   * @param extensionType the raw extension type, u16
   * @param msgType the message type, u8
   * @param msgLength the payload length, u24
   */
  public static void writeAt(ByteBuffer dst, int index, int extensionType, int msgType, int msgLength) {
    dst.put(index, (byte) extensionType);
    dst.put(index + 1, (byte) (extensionType >>> 8));
    dst.put(index + 2, (byte) msgType);
    dst.put(index + 3, (byte) msgLength);
    dst.put(index + 4, (byte) (msgLength >>> 8));
    dst.put(index + 5, (byte) (msgLength >>> 16));
  }

  /**
   * Writes the 6 bytes at {@code dst}'s position and advances it.
   *
   * @param dst the buffer to write into; it needs 6 bytes remaining
   */
  public void encodeTo(ByteBuffer dst) {
    if (dst.remaining() < SIZE) {
      throw new FramingException(
          FramingException.Kind.DESTINATION_TOO_SMALL, "a header needs 6 bytes, room for " + dst.remaining());
    }
    int p = dst.position();
    writeAt(dst, p, extensionType, msgType, msgLength);
    dst.position(p + SIZE);
  }

  /**
   * The 6 header bytes as a new array.
   *
   * @return a new 6-byte array
   */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    writeAt(ByteBuffer.wrap(b), 0, extensionType, msgType, msgLength);
    return b;
  }

  /**
   * Whether bit 15 of the extension type is set (the payload starts with a u32 channel id).
   *
   * @return whether the channel bit is set
   */
  public boolean channelMsg() {
    return (extensionType & CHANNEL_BIT) != 0;
  }

  /**
   * The extension type with the channel bit cleared.
   *
   * @return the extension type without the channel bit
   */
  public int extensionTypeWithoutChannelBit() {
    return extensionType & ~CHANNEL_BIT;
  }

  /**
   * Size of this header's payload once encrypted: see {@link #encryptedLength(int)}.
   *
   * @return the encrypted payload length in bytes
   */
  public int encryptedLength() {
    return encryptedLength(msgLength);
  }

  /**
   * Size of a payload of {@code payloadLength} bytes once Noise-encrypted: the payload split into chunks
   * of at most {@link #NOISE_MAX_CHUNK_PLAINTEXT} bytes, each followed by its {@link #MAC_SIZE}-byte tag,
   * that is {@code L + 16 × ceil(L / 65519)}; 0 for an empty payload (no chunk, no tag). The encrypted
   * header ({@link #ENCRYPTED_SIZE}) is not included.
   *
   * @param payloadLength the plaintext payload length, {@code >= 0}
   * @return the encrypted payload length in bytes
   */
  public static int encryptedLength(int payloadLength) {
    if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH) {
      throw new FramingException(
          FramingException.Kind.INVALID_HEADER_FIELD, "payload length outside u24: " + payloadLength);
    }
    int chunks = (payloadLength + NOISE_MAX_CHUNK_PLAINTEXT - 1) / NOISE_MAX_CHUNK_PLAINTEXT;
    return payloadLength + MAC_SIZE * chunks;
  }

  /**
   * {@code extensionType} with bit 15 set when {@code channelMsg}, cleared otherwise.
   *
   * @param extensionType the extension type; its bit 15 is replaced
   * @param channelMsg whether to set the channel bit
   * @return the extension type with the channel bit set or cleared
   */
  public static int withChannelBit(int extensionType, boolean channelMsg) {
    return channelMsg ? extensionType | CHANNEL_BIT : extensionType & ~CHANNEL_BIT;
  }

  static void checkFields(int extensionType, int msgType, int msgLength) {
    if ((extensionType & ~0xffff) != 0) {
      throw new FramingException(
          FramingException.Kind.INVALID_HEADER_FIELD, "extension type outside u16: " + extensionType);
    }
    if ((msgType & ~0xff) != 0) {
      throw new FramingException(FramingException.Kind.INVALID_HEADER_FIELD, "message type outside u8: " + msgType);
    }
    if (msgLength < 0 || msgLength > MAX_PAYLOAD_LENGTH) {
      throw new FramingException(
          msgLength > MAX_PAYLOAD_LENGTH
              ? FramingException.Kind.PAYLOAD_TOO_LARGE
              : FramingException.Kind.INVALID_HEADER_FIELD,
          "message length outside u24: " + msgLength);
    }
  }

  @Override
  public String toString() {
    return String.format(
        "Header[ext=0x%04x%s, type=0x%02x, length=%d]",
        extensionType, channelMsg() ? " (channel)" : "", msgType, msgLength);
  }
}
