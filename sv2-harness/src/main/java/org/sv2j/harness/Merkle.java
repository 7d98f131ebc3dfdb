package org.sv2j.harness;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase and merkle arithmetic as Sv2's extended jobs use it: the coinbase is {@code coinbase_tx_prefix
 * || extranonce_prefix || extranonce || coinbase_tx_suffix} (serialized without witness), its txid is its
 * double SHA-256, and the merkle root folds the job's {@code merkle_path} (the coinbase's sibling hashes,
 * from the leaves up) into it. All hashes are in internal byte order.
 */
public final class Merkle {
  private Merkle() {}

  /**
   * Concatenates the coinbase parts.
   *
   * @param prefix {@code coinbase_tx_prefix}
   * @param extranoncePrefix the channel's extranonce prefix
   * @param extranonce the miner's extranonce (empty for standard channels)
   * @param suffix {@code coinbase_tx_suffix}
   * @return the serialized coinbase transaction
   */
  public static byte[] coinbase(byte[] prefix, byte[] extranoncePrefix, byte[] extranonce, byte[] suffix) {
    byte[] c = new byte[prefix.length + extranoncePrefix.length + extranonce.length + suffix.length];
    int o = 0;
    System.arraycopy(prefix, 0, c, o, prefix.length);
    o += prefix.length;
    System.arraycopy(extranoncePrefix, 0, c, o, extranoncePrefix.length);
    o += extranoncePrefix.length;
    System.arraycopy(extranonce, 0, c, o, extranonce.length);
    o += extranonce.length;
    System.arraycopy(suffix, 0, c, o, suffix.length);
    return c;
  }

  /**
   * A transaction's txid (double SHA-256 of its non-witness serialization).
   *
   * @param tx the serialized transaction
   * @return 32 bytes, internal order
   */
  public static byte[] txid(byte[] tx) {
    return Hashes.sha256d(tx);
  }

  /**
   * The merkle root from the coinbase txid and its path.
   *
   * @param coinbaseTxid the coinbase's txid (internal order)
   * @param path the sibling hashes from the leaves up (each 32 bytes, internal order)
   * @return the root, 32 bytes, internal order
   * @throws IllegalArgumentException if a hash is not 32 bytes
   */
  public static byte[] root(byte[] coinbaseTxid, List<byte[]> path) {
    MessageDigest md = Hashes.sha256();
    byte[] acc = check(coinbaseTxid);
    byte[] pair = new byte[64];
    for (byte[] sibling : path) {
      System.arraycopy(acc, 0, pair, 0, 32);
      System.arraycopy(check(sibling), 0, pair, 32, 32);
      acc = Hashes.sha256d(md, pair, 0, 64);
    }
    return acc;
  }

  /**
   * The merkle path of the first leaf (the coinbase) of a full list of txids, as a pool puts it into
   * {@code NewExtendedMiningJob.merkle_path}: at each level the sibling of the running hash, the last hash
   * paired with itself when a level has an odd count (Bitcoin's rule).
   *
   * @param txids every txid of the block in order, the coinbase first (internal order)
   * @return the path, from the leaves up
   */
  public static List<byte[]> coinbasePath(List<byte[]> txids) {
    MessageDigest md = Hashes.sha256();
    List<byte[]> level = new ArrayList<>(txids);
    List<byte[]> path = new ArrayList<>();
    byte[] pair = new byte[64];
    while (level.size() > 1) {
      path.add(level.size() > 1 ? level.get(1) : level.get(0));
      List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        byte[] l = level.get(i);
        byte[] r = i + 1 < level.size() ? level.get(i + 1) : l;
        System.arraycopy(l, 0, pair, 0, 32);
        System.arraycopy(r, 0, pair, 32, 32);
        up.add(Hashes.sha256d(md, pair, 0, 64));
      }
      level = up;
    }
    return path;
  }

  private static byte[] check(byte[] h) {
    if (h.length != 32) {
      throw new IllegalArgumentException("a merkle hash has 32 bytes, got " + h.length);
    }
    return h;
  }
}
