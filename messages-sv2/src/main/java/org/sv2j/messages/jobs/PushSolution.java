package org.sv2j.messages.jobs;

import java.nio.ByteBuffer;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Check;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Reader;
import org.sv2j.binary.U256;
import org.sv2j.binary.Writer;

/**
 * {@code PushSolution} (job declaration, extension_type 0x0000, msg_type 0x60; not a channel message (the frame's channel bit is clear)):
 * the reference's {@code PushSolution} struct, fields in wire order:
 *
 * <ul>
 *   <li>{@code extranonce}: B0_32
 *   <li>{@code prev_hash}: U256
 *   <li>{@code nonce}: U32
 *   <li>{@code ntime}: U32
 *   <li>{@code nbits}: U32
 *   <li>{@code version}: U32
 * </ul>
 *
 * <p>Immutable; built values are checked against their field types (a {@link MessageException} names the
 * field), so a message built here always encodes to bytes the reference accepts. Integers are Java
 * {@code int} (U8, U16) and {@code long} (U32; U64 as its 64 bits, unsigned).
 *
 * @param extranonce {@code extranonce}, B0_32: the extranonce the share or solution used
 * @param prevHash {@code prev_hash}, U256: the previous block's hash
 * @param nonce {@code nonce}, U32: the block header's nonce
 * @param ntime {@code ntime}, U32: the block header's nTime
 * @param nbits {@code nbits}, U32: the block header's nBits
 * @param version {@code version}, U32: the block header's version
 */
public record PushSolution(
    Bytes extranonce,
    U256 prevHash,
    long nonce,
    long ntime,
    long nbits,
    long version)
    implements JobDeclarationMessage {

  /** The extension this message belongs to. */
  public static final int EXTENSION_TYPE = 0x0000;

  /** The message type. */
  public static final int MSG_TYPE = 0x60;

  /** Whether frames of this message set the channel bit (the reference's constant). */
  public static final boolean CHANNEL_MSG = false;

  /** The reference's name of this message. */
  public static final String NAME = "PushSolution";

  /**
   * Checks the fields against their types.
   *
   * @throws MessageException naming the field for a value outside its type
   * @throws NullPointerException naming the field for a missing value
   */
  public PushSolution {
    extranonce = Check.bytes(NAME, "extranonce", extranonce, 32);
    Check.notNull(NAME, "prev_hash", prevHash);
    Check.u32(NAME, "nonce", nonce);
    Check.u32(NAME, "ntime", ntime);
    Check.u32(NAME, "nbits", nbits);
    Check.u32(NAME, "version", version);
  }


  /**
   * Reads a PushSolution at {@code payload}'s position, as the reference's {@code from_bytes}: bytes left
   * after the message (TLV fields) are not read, and the position stops at the end of the message.
   *
   * @param payload the bytes; its byte order does not matter
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static PushSolution decode(ByteBuffer payload) {
    return decode(Reader.of(payload, NAME));
  }

  /**
   * Reads a PushSolution with {@code r} (lenient or strict, see {@link Reader}), then calls {@link Reader#end()}.
   *
   * @param r the reader, at the message
   * @return the message
   * @throws MessageException naming the field that is truncated, too long or invalid
   */
  public static PushSolution decode(Reader r) {
    PushSolution m =
        new PushSolution(
            r.b032("extranonce"),
            r.u256("prev_hash"),
            r.u32("nonce"),
            r.u32("ntime"),
            r.u32("nbits"),
            r.u32("version"));
    r.end();
    return m;
  }

  @Override
  public int encodedLength() {
    return 48 + 1 + extranonce.length();
  }

  @Override
  public void encodeTo(ByteBuffer dst) {
    Writer.require(dst, encodedLength(), NAME);
    Writer.b032(dst, extranonce);
    Writer.u256(dst, prevHash);
    Writer.u32(dst, nonce);
    Writer.u32(dst, ntime);
    Writer.u32(dst, nbits);
    Writer.u32(dst, version);
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
   * @return for example {@code PushSolution[extranonce=…]}
   */
  @Override
  public String toString() {
    return "PushSolution[extranonce=" + extranonce + ", prevHash=" + prevHash + ", nonce=" + nonce + ", ntime=" + ntime + ", nbits=" + nbits + ", version=" + version + "]";
  }
}
