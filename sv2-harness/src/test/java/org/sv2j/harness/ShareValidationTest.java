package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.harness.wire.Msg;

/** Every share check of the test pool, each rejection with its code, on a connection that stays usable. */
@Timeout(60)
final class ShareValidationTest {
  static final byte[] TARGET = Targets.ofLeadingZeroBits(8);

  /** The standard job state a client learns: job id, merkle root, prev hash, ntime, nbits, version. */
  record Work(int jobId, int version, byte[] root, byte[] prev, int ntime, int nbits) {
    BlockHeader header(int nonce) {
      return new BlockHeader(version, prev, root, ntime, nbits, nonce);
    }

    int nonce(boolean meets, int from) {
      for (int n = from; ; n++) {
        if (Targets.meets(header(n).hash(), TARGET) == meets) {
          return n;
        }
      }
    }
  }

  static Work work(RawClient c) throws Exception {
    Msg.NewMiningJob j = c.next(Msg.NewMiningJob.class);
    assertThat(j.minNtime()).as("a future job: it waits for its prev hash").isNull();
    Msg.SetNewPrevHash p = c.next(Msg.SetNewPrevHash.class);
    assertThat(p.jobId()).isEqualTo(j.jobId());
    return new Work(j.jobId(), j.version(), j.merkleRoot(), p.prevHash(), p.minNtime(), p.nbits());
  }

  static String error(RawClient c, int seq) throws Exception {
    Msg.SubmitSharesError e = c.next(Msg.SubmitSharesError.class);
    assertThat(e.sequenceNumber()).isEqualTo(seq);
    return e.errorCode();
  }

  static void accepted(RawClient c, int seq, int count) throws Exception {
    Msg.SubmitSharesSuccess s = c.next(Msg.SubmitSharesSuccess.class);
    assertThat(s.lastSequenceNumber()).isEqualTo(seq);
    assertThat(s.newSubmitsAcceptedCount()).isEqualTo(count);
    assertThat(s.newSharesSum()).isEqualTo(count);
  }

  @Test
  void eachInvalidShareGetsItsCodeAndTheConnectionStaysUsable() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(TARGET).successBatch(1, Duration.ofMillis(10)).build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      Msg.OpenStandardMiningChannelSuccess open = c.openStandard(Targets.max());
      int ch = open.channelId();
      assertThat(open.target()).isEqualTo(TARGET);
      assertThat(open.groupChannelId()).isNotEqualTo(ch);
      Work w = work(c);

      // The pool's merkle root is the real one: coinbase with the channel's extranonce prefix, path folded in.
      int good = w.nonce(true, 0);
      // sequence numbers need not increase: 100, then 5, ...
      c.send(new Msg.SubmitSharesStandard(ch, 100, w.jobId, good, w.ntime, w.version));
      accepted(c, 100, 1);

      c.send(new Msg.SubmitSharesStandard(ch, 5, w.jobId, good, w.ntime, w.version));
      assertThat(error(c, 5)).isEqualTo("duplicate-share");

      int bad = w.nonce(false, 0);
      c.send(new Msg.SubmitSharesStandard(ch, 6, w.jobId, bad, w.ntime, w.version));
      assertThat(error(c, 6)).isEqualTo("difficulty-too-low");

      c.send(new Msg.SubmitSharesStandard(ch, 7, w.jobId + 1000, good, w.ntime, w.version));
      assertThat(error(c, 7)).isEqualTo("invalid-job-id");

      c.send(new Msg.SubmitSharesStandard(ch + 1000, 8, w.jobId, good, w.ntime, w.version));
      Msg.SubmitSharesError unknown = c.next(Msg.SubmitSharesError.class);
      assertThat(unknown.channelId()).isEqualTo(ch + 1000);
      assertThat(unknown.errorCode()).isEqualTo("invalid-channel-id");

      // version bits outside BIP 320 are refused; inside, a rolled version is a different, valid header
      c.send(new Msg.SubmitSharesStandard(ch, 9, w.jobId, good, w.ntime, w.version ^ 0x1));
      assertThat(error(c, 9)).isEqualTo("invalid-version");
      Work rolled = new Work(w.jobId, w.version | 0x0040_0000, w.root, w.prev, w.ntime, w.nbits);
      int r = rolled.nonce(true, 0);
      c.send(new Msg.SubmitSharesStandard(ch, 10, w.jobId, r, w.ntime, rolled.version));
      accepted(c, 10, 1);

      // ntime: a little ahead of the pool's clock is fine, far ahead is not, before min_ntime is not
      Work ahead = new Work(w.jobId, w.version, w.root, w.prev, (int) (System.currentTimeMillis() / 1000) + 60, w.nbits);
      c.send(new Msg.SubmitSharesStandard(ch, 11, w.jobId, ahead.nonce(true, 0), ahead.ntime, w.version));
      accepted(c, 11, 1);
      c.send(new Msg.SubmitSharesStandard(ch, 12, w.jobId, good, w.ntime + 3600, w.version));
      assertThat(error(c, 12)).isEqualTo("invalid-ntime");
      c.send(new Msg.SubmitSharesStandard(ch, 13, w.jobId, good, w.ntime - 1, w.version));
      assertThat(error(c, 13)).isEqualTo("invalid-ntime");

      // a new block: the old job is stale; the new one works
      pool.newBlock();
      Work w2 = work(c);
      c.send(new Msg.SubmitSharesStandard(ch, 14, w.jobId, w.nonce(true, good + 1), w.ntime, w.version));
      assertThat(error(c, 14)).isEqualTo("stale-share");
      c.send(new Msg.SubmitSharesStandard(ch, 15, w2.jobId, w2.nonce(true, 0), w2.ntime, w2.version));
      accepted(c, 15, 1);

      ChannelStats s = pool.channel(ch).orElseThrow();
      assertThat(s.accepted()).isEqualTo(4);
      assertThat(s.rejected()).containsEntry(ShareError.DUPLICATE_SHARE, 1L).containsEntry(ShareError.DIFFICULTY_TOO_LOW, 1L)
          .containsEntry(ShareError.INVALID_JOB_ID, 1L).containsEntry(ShareError.INVALID_VERSION, 1L)
          .containsEntry(ShareError.INVALID_NTIME, 2L).containsEntry(ShareError.STALE_SHARE, 1L);
      assertThat(pool.unknownChannelShares()).isEqualTo(1);
      assertThat(pool.rejected()).isEqualTo(8);
    }
  }

  @Test
  void extendedSharesAreCheckedThroughTheCoinbaseAndBatched() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(TARGET).successBatch(3, Duration.ofSeconds(5)).build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.send(new Msg.SetupConnection(0, 2, 2, TestPool.FLAG_REQUIRES_VERSION_ROLLING, "", 0, "", "", "", ""));
      c.next(Msg.SetupConnectionSuccess.class);
      c.send(new Msg.OpenExtendedMiningChannel(1, "x", 1f, Targets.max(), 13));
      Msg.OpenMiningChannelError tooBig = c.next(Msg.OpenMiningChannelError.class);
      assertThat(tooBig.requestId()).isEqualTo(1);
      c.send(new Msg.OpenExtendedMiningChannel(2, "x", 1f, Targets.max(), 8));
      Msg.OpenExtendedMiningChannelSuccess open = c.next(Msg.OpenExtendedMiningChannelSuccess.class);
      assertThat(open.extranonceSize()).isEqualTo(12);
      assertThat(open.extranoncePrefix()).hasSize(4);
      Msg.NewExtendedMiningJob j = c.next(Msg.NewExtendedMiningJob.class);
      Msg.SetNewPrevHash p = c.next(Msg.SetNewPrevHash.class);
      assertThat(j.versionRollingAllowed()).isTrue();
      assertThat(j.merklePath()).hasSize(3); // five stand-in transactions beside the coinbase

      int ch = open.channelId();
      int seq = 0;
      int found = 0;
      for (int e = 0; found < 3; e++) {
        byte[] extranonce = ByteBuffer.allocate(12).putInt(8, e).array();
        byte[] root = Merkle.root(Merkle.txid(Merkle.coinbase(j.coinbaseTxPrefix(), open.extranoncePrefix(), extranonce, j.coinbaseTxSuffix())), j.merklePath());
        BlockHeader h = new BlockHeader(j.version(), p.prevHash(), root, p.minNtime(), p.nbits(), 0);
        if (Targets.meets(h.hash(), TARGET)) {
          c.send(new Msg.SubmitSharesExtended(ch, 0, j.jobId(), 0, p.minNtime(), j.version(), extranonce));
          found++;
        }
      }
      // three accepted shares (the translator's sequence number is always 0) in one success
      Msg.SubmitSharesSuccess s = c.next(Msg.SubmitSharesSuccess.class);
      assertThat(s.newSubmitsAcceptedCount()).isEqualTo(3);
      c.send(new Msg.SubmitSharesExtended(ch, 1, j.jobId(), 0, p.minNtime(), j.version(), new byte[11]));
      assertThat(error(c, 1)).isEqualTo("bad-extranonce-size");
      // a standard share on an extended channel is not for this channel
      c.send(new Msg.SubmitSharesStandard(ch, 2, j.jobId(), 0, p.minNtime(), j.version()));
      assertThat(error(c, 2)).isEqualTo("invalid-channel-id");

      // UpdateChannel with a lower maximum target answers SetTarget; an unknown channel UpdateChannel.Error
      byte[] lower = Targets.ofLeadingZeroBits(9);
      c.send(new Msg.UpdateChannel(ch, 1f, lower));
      assertThat(c.next(Msg.SetTarget.class).maximumTarget()).isEqualTo(lower);
      c.send(new Msg.UpdateChannel(ch + 99, 1f, lower));
      assertThat(c.next(Msg.UpdateChannelError.class).errorCode()).isEqualTo("invalid-channel-id");

      // operator actions reach the channel with extended-channel messages only
      pool.newJob();
      Msg.NewExtendedMiningJob j2 = c.next(Msg.NewExtendedMiningJob.class);
      assertThat(j2.minNtime()).isEqualTo(p.minNtime());
      assertThat(pool.setTarget(ch & 0xffff_ffffL, TARGET)).isTrue();
      assertThat(c.next(Msg.SetTarget.class).maximumTarget()).isEqualTo(TARGET);
      assertThat(pool.closeChannel(ch & 0xffff_ffffL, "bye")).isTrue();
      assertThat(c.next(Msg.CloseChannel.class).reasonCode()).isEqualTo("bye");
      assertThat(pool.channels()).extracting(ChannelStats::accepted).isEqualTo(List.of(3L));
    }
  }

  @Test
  void setupIsCheckedFirst() throws Exception {
    try (TestPool pool = TestPool.builder().build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.send(new Msg.SetupConnection(1, 2, 2, 0, "", 0, "", "", "", ""));
      assertThat(c.next(Msg.SetupConnectionError.class).errorCode()).isEqualTo("unsupported-protocol");
    }
    try (TestPool pool = TestPool.builder().build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.send(new Msg.SetupConnection(0, 3, 4, 0, "", 0, "", "", "", ""));
      assertThat(c.next(Msg.SetupConnectionError.class).errorCode()).isEqualTo("protocol-version-mismatch");
    }
  }
}
