package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Header, txid, merkle and target arithmetic against published Bitcoin main-net data. Hashes below are
 * written as block explorers and Bitcoin Core's {@code getblock}/{@code getrawtransaction} print them
 * (big-endian hex), so they are reversed into internal order here.
 *
 * <p>Sources: the genesis block is hard-coded in Bitcoin Core, {@code src/kernel/chainparams.cpp}
 * ({@code CreateGenesisBlock(1231006505, 2083236893, 0x1d00ffff, 1, 50 * COIN)}, hash {@code
 * 000000000019d6689c…e26f}, merkle root {@code 4a5e1e4b…a33b}). Block 100,000 (hash {@code
 * 000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506}, four transactions) is the worked
 * example of the Bitcoin developer documentation's merkle-tree section and can be checked at
 * https://blockstream.info/block/000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506 or with
 * {@code bitcoin-cli getblock 000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506 0}: its
 * header fields, its coinbase transaction (raw, from {@code getrawtransaction
 * 8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87}) and its three other txids.
 */
final class BitcoinDataTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] le(String displayedHex) {
    return Hashes.reversed(HEX.parseHex(displayedHex));
  }

  @Test
  void genesisHeaderHashesToTheGenesisBlockHash() {
    BlockHeader genesis = new BlockHeader(1, new byte[32],
        le("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"), 1231006505, 0x1d00ffff, 2083236893);
    assertThat(genesis.toBytes()).hasSize(80);
    assertThat(genesis.hashHex()).isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    // and it meets the target its nBits encode, as Sv2 compares: U256 little-endian
    assertThat(Targets.meets(genesis.hash(), Targets.fromNbits(0x1d00ffff))).isTrue();
    assertThat(Targets.toBigInteger(Targets.fromNbits(0x1d00ffff)))
        .isEqualTo(new BigInteger("00000000ffff0000000000000000000000000000000000000000000000000000", 16));
  }

  // Block 100,000
  static final String COINBASE_100000 =
      "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff08044c86041b020602ffffffff"
          + "0100f2052a010000004341041b0e8c2567c12536aa13357b79a073dc4444acb83c4ec7a0e2f99dd7457516c5817242da796924ca"
          + "4e99947d087fedf9ce467cb9f7c6287078f801df276fdf84ac00000000";
  static final List<String> TXIDS_100000 = List.of(
      "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
      "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
      "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
      "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d");
  static final String MERKLE_ROOT_100000 = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766";

  @Test
  void coinbaseTxidMerklePathAndHeaderOfBlock100000() {
    byte[] coinbase = HEX.parseHex(COINBASE_100000);
    assertThat(Merkle.txid(coinbase)).isEqualTo(le(TXIDS_100000.get(0)));

    // Split the coinbase the way an Sv2 pool would around an extranonce: here the scriptSig's last push
    // (02 0602) stands in for extranonce prefix + extranonce.
    int scriptEnd = HEX.parseHex(COINBASE_100000.substring(0, COINBASE_100000.indexOf("ffffffff0100f2"))).length;
    byte[] prefix = java.util.Arrays.copyOfRange(coinbase, 0, scriptEnd - 2);
    byte[] suffix = java.util.Arrays.copyOfRange(coinbase, scriptEnd, coinbase.length);
    byte[] rebuilt = Merkle.coinbase(prefix, new byte[] {0x06}, new byte[] {0x02}, suffix);
    assertThat(rebuilt).isEqualTo(coinbase);

    List<byte[]> txids = TXIDS_100000.stream().map(BitcoinDataTest::le).toList();
    List<byte[]> path = Merkle.coinbasePath(txids);
    assertThat(path).hasSize(2);
    assertThat(path.get(0)).isEqualTo(txids.get(1));
    byte[] root = Merkle.root(Merkle.txid(rebuilt), path);
    assertThat(root).isEqualTo(le(MERKLE_ROOT_100000));

    BlockHeader h = new BlockHeader(1, le("000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250"),
        root, 1293623863, 0x1b04864c, 274148111);
    assertThat(h.hashHex()).isEqualTo("000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506");
    assertThat(Targets.meets(h.hash(), Targets.fromNbits(0x1b04864c))).isTrue();
    // one nonce off, the hash no longer meets the block's target (a 2^-50-ish chance otherwise)
    BlockHeader off = new BlockHeader(1, h.prevHash(), root, 1293623863, 0x1b04864c, 274148112);
    assertThat(Targets.meets(off.hash(), Targets.fromNbits(0x1b04864c))).isFalse();
  }

  @Test
  void oddLevelsPairTheLastHashWithItself() {
    // three leaves: the second level has [h01, h22]; the path of leaf 0 is [leaf1, h22]
    byte[] a = Hashes.sha256d(new byte[] {1});
    byte[] b = Hashes.sha256d(new byte[] {2});
    byte[] c = Hashes.sha256d(new byte[] {3});
    List<byte[]> path = Merkle.coinbasePath(List.of(a, b, c));
    byte[] cc = new byte[64];
    System.arraycopy(c, 0, cc, 0, 32);
    System.arraycopy(c, 0, cc, 32, 32);
    assertThat(path.get(1)).isEqualTo(Hashes.sha256d(cc));
    assertThat(Merkle.coinbasePath(List.of(a))).isEmpty();
    assertThat(Merkle.root(a, List.of())).isEqualTo(a);
  }

  @Test
  void targetsCompareAsLittleEndianU256() {
    byte[] low = new byte[32];
    byte[] high = new byte[32];
    low[31] = 0x01;  // most significant byte
    high[0] = (byte) 0xff; // least significant byte only: smaller
    assertThat(Targets.compare(high, low)).isNegative();
    assertThat(Targets.meets(high, low)).isTrue();
    assertThat(Targets.meets(low, low)).isTrue(); // equal meets
    assertThat(Targets.meets(low, high)).isFalse();
    assertThat(Targets.toBigInteger(Targets.ofLeadingZeroBits(8))).isEqualTo(BigInteger.ONE.shiftLeft(248).subtract(BigInteger.ONE));
    assertThat(Targets.expectedHashes(Targets.ofLeadingZeroBits(16))).isEqualTo(65536.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThatThrownBy(() -> Targets.compare(new byte[31], low)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Targets.BIP320_VERSION_MASK).isEqualTo(0x1fffe000);
  }
}
