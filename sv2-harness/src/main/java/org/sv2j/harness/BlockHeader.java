package org.sv2j.harness;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 80-byte Bitcoin block header: version, previous block hash, merkle root, time, nBits, nonce, each
 * little-endian, hashes in internal byte order (as Sv2's {@code prev_hash} and {@code merkle_root} U256
 * fields carry them).
 *
 * @param version nVersion
 * @param prevHash the previous block's hash, 32 bytes, internal order (copied)
 * @param merkleRoot the merkle root, 32 bytes, internal order (copied)
 * @param time nTime (Sv2's ntime)
 * @param nbits the compact network target
 * @param nonce the nonce
 */
public record BlockHeader(int version, byte[] prevHash, byte[] merkleRoot, int time, int nbits, int nonce) {
  /** Length of a serialized header. */
  public static final int SIZE = 80;

  /**
   * Checks lengths and copies the hashes.
   *
   * @param version nVersion
   * @param prevHash the previous block's hash (32 bytes)
   * @param merkleRoot the merkle root (32 bytes)
   * @param time nTime
   * @param nbits the compact target
   * @param nonce the nonce
   * @throws IllegalArgumentException if a hash is not 32 bytes
   */
  public BlockHeader {
    prevHash = check(prevHash, "prevHash");
    merkleRoot = check(merkleRoot, "merkleRoot");
  }

  private static byte[] check(byte[] h, String name) {
    Objects.requireNonNull(h, name);
    if (h.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes, got " + h.length);
    }
    return h.clone();
  }

  /**
   * A copy of the previous block hash.
   *
   * @return a copy of the previous block hash
   */
  @Override
  public byte[] prevHash() {
    return prevHash.clone();
  }

  /**
   * A copy of the merkle root.
   *
   * @return a copy of the merkle root
   */
  @Override
  public byte[] merkleRoot() {
    return merkleRoot.clone();
  }

  /**
   * The header as hashed and sent on the wire.
   *
   * @return 80 new bytes
   */
  public byte[] toBytes() {
    byte[] b = new byte[SIZE];
    writeTo(b);
    return b;
  }

  /**
   * Writes the 80 bytes into {@code dst[0, 80)}.
   *
   * @param dst at least 80 bytes
   */
  public void writeTo(byte[] dst) {
    putIntLE(dst, 0, version);
    System.arraycopy(prevHash, 0, dst, 4, 32);
    System.arraycopy(merkleRoot, 0, dst, 36, 32);
    putIntLE(dst, 68, time);
    putIntLE(dst, 72, nbits);
    putIntLE(dst, 76, nonce);
  }

  /**
   * The block hash, double SHA-256 of the 80 bytes, internal order (compare with {@link Targets}).
   *
   * @return 32 new bytes
   */
  public byte[] hash() {
    return Hashes.sha256d(toBytes());
  }

  /**
   * The block hash as explorers print it (big-endian hex).
   *
   * @return 64 hex digits
   */
  public String hashHex() {
    return HexFormat.of().formatHex(Hashes.reversed(hash()));
  }

  /** Offset of the nonce in the serialized header. */
  public static final int NONCE_OFFSET = 76;
  /** Offset of nTime in the serialized header. */
  public static final int TIME_OFFSET = 68;
  /** Offset of nVersion in the serialized header. */
  public static final int VERSION_OFFSET = 0;

  /**
   * Writes a little-endian u32.
   *
   * @param b destination
   * @param off offset
   * @param v the value
   */
  public static void putIntLE(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHeader h
        && version == h.version && time == h.time && nbits == h.nbits && nonce == h.nonce
        && Arrays.equals(prevHash, h.prevHash) && Arrays.equals(merkleRoot, h.merkleRoot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, time, nbits, nonce, Arrays.hashCode(prevHash), Arrays.hashCode(merkleRoot));
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "BlockHeader[version=0x" + Integer.toHexString(version) + ", prevHash=" + hex.formatHex(Hashes.reversed(prevHash))
        + ", merkleRoot=" + hex.formatHex(Hashes.reversed(merkleRoot)) + ", time=" + Integer.toUnsignedString(time)
        + ", nbits=0x" + Integer.toHexString(nbits) + ", nonce=" + Integer.toUnsignedString(nonce) + "]";
  }
}
