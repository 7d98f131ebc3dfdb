package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.common.*;
import org.sv2j.messages.mining.*;

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
    NewMiningJob j = c.next(NewMiningJob.class);
    assertThat(j.minNtime()).as("a future job: it waits for its prev hash").isEmpty();
    SetNewPrevHash p = c.next(SetNewPrevHash.class);
    assertThat(p.jobId()).isEqualTo(j.jobId());
    return new Work((int) j.jobId(), (int) j.version(), j.merkleRoot().toByteArray(), p.prevHash().toByteArray(), (int) p.minNtime(), (int) p.nbits());
  }

  static String error(RawClient c, int seq) throws Exception {
    SubmitSharesError e = c.next(SubmitSharesError.class);
    assertThat(e.sequenceNumber()).isEqualTo(seq);
    return e.errorCode().lenientText();
  }

  static void accepted(RawClient c, int seq, int count) throws Exception {
    SubmitSharesSuccess s = c.next(SubmitSharesSuccess.class);
    assertThat(s.lastSequenceNumber()).isEqualTo(seq);
    assertThat(s.newSubmitsAcceptedCount()).isEqualTo(count);
    assertThat(s.newSharesSum()).isEqualTo(count);
  }

  @Test
  void eachInvalidShareGetsItsCodeAndTheConnectionStaysUsable() throws Exception {
    try (TestPool pool = TestPool.builder().shareTarget(TARGET).successBatch(1, Duration.ofMillis(10)).build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      OpenStandardMiningChannelSuccess open = c.openStandard(Targets.max());
      long ch = open.channelId();
      assertThat(open.target().toByteArray()).isEqualTo(TARGET);
      assertThat(open.groupChannelId()).isNotEqualTo(ch);
      Work w = work(c);

      // The pool's merkle root is the real one: coinbase with the channel's extranonce prefix, path folded in.
      int good = w.nonce(true, 0);
      // sequence numbers need not increase: 100, then 5, ...
      c.send(new SubmitSharesStandard(ch, 100, w.jobId, good, w.ntime, w.version));
      accepted(c, 100, 1);

      c.send(new SubmitSharesStandard(ch, 5, w.jobId, good, w.ntime, w.version));
      assertThat(error(c, 5)).isEqualTo("duplicate-share");

      int bad = w.nonce(false, 0);
      c.send(new SubmitSharesStandard(ch, 6, w.jobId, bad, w.ntime, w.version));
      assertThat(error(c, 6)).isEqualTo("difficulty-too-low");

      c.send(new SubmitSharesStandard(ch, 7, w.jobId + 1000, good, w.ntime, w.version));
      assertThat(error(c, 7)).isEqualTo("invalid-job-id");

      c.send(new SubmitSharesStandard(ch + 1000, 8, w.jobId, good, w.ntime, w.version));
      SubmitSharesError unknown = c.next(SubmitSharesError.class);
      assertThat(unknown.channelId()).isEqualTo(ch + 1000);
      assertThat(unknown.errorCode().lenientText()).isEqualTo("invalid-channel-id");

      // version bits outside BIP 320 are refused; inside, a rolled version is a different, valid header
      c.send(new SubmitSharesStandard(ch, 9, w.jobId, good, w.ntime, w.version ^ 0x1));
      assertThat(error(c, 9)).isEqualTo("invalid-version");
      Work rolled = new Work(w.jobId, w.version | 0x0040_0000, w.root, w.prev, w.ntime, w.nbits);
      int r = rolled.nonce(true, 0);
      c.send(new SubmitSharesStandard(ch, 10, w.jobId, r, w.ntime, rolled.version));
      accepted(c, 10, 1);

      // ntime: a little ahead of the pool's clock is fine, far ahead is not, before min_ntime is not
      Work ahead = new Work(w.jobId, w.version, w.root, w.prev, (int) (System.currentTimeMillis() / 1000) + 60, w.nbits);
      c.send(new SubmitSharesStandard(ch, 11, w.jobId, ahead.nonce(true, 0), ahead.ntime, w.version));
      accepted(c, 11, 1);
      c.send(new SubmitSharesStandard(ch, 12, w.jobId, good, w.ntime + 3600, w.version));
      assertThat(error(c, 12)).isEqualTo("invalid-ntime");
      c.send(new SubmitSharesStandard(ch, 13, w.jobId, good, w.ntime - 1, w.version));
      assertThat(error(c, 13)).isEqualTo("invalid-ntime");

      // a new block: the old job is stale; the new one works
      pool.newBlock();
      Work w2 = work(c);
      c.send(new SubmitSharesStandard(ch, 14, w.jobId, w.nonce(true, good + 1), w.ntime, w.version));
      assertThat(error(c, 14)).isEqualTo("stale-share");
      c.send(new SubmitSharesStandard(ch, 15, w2.jobId, w2.nonce(true, 0), w2.ntime, w2.version));
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
      c.send(new SetupConnection(0, 2, 2, TestPool.FLAG_REQUIRES_VERSION_ROLLING, "", 0, "", "", "", ""));
      c.next(SetupConnectionSuccess.class);
      c.send(new OpenExtendedMiningChannel(1, Str0255.of("x"), 1f, U256.MAX, 13));
      OpenMiningChannelError tooBig = c.next(OpenMiningChannelError.class);
      assertThat(tooBig.requestId()).isEqualTo(1);
      c.send(new OpenExtendedMiningChannel(2, Str0255.of("x"), 1f, U256.MAX, 8));
      OpenExtendedMiningChannelSuccess open = c.next(OpenExtendedMiningChannelSuccess.class);
      assertThat(open.extranonceSize()).isEqualTo(12);
      assertThat(open.extranoncePrefix().length()).isEqualTo(4);
      NewExtendedMiningJob j = c.next(NewExtendedMiningJob.class);
      SetNewPrevHash p = c.next(SetNewPrevHash.class);
      assertThat(j.versionRollingAllowed()).isTrue();
      assertThat(j.merklePath()).hasSize(3); // five stand-in transactions beside the coinbase
      List<byte[]> path = j.merklePath().stream().map(U256::toByteArray).toList();
      byte[] prefix = j.coinbaseTxPrefix().toByteArray();
      byte[] suffix = j.coinbaseTxSuffix().toByteArray();

      long ch = open.channelId();
      int seq = 0;
      int found = 0;
      for (int e = 0; found < 3; e++) {
        byte[] extranonce = ByteBuffer.allocate(12).putInt(8, e).array();
        byte[] root = Merkle.root(Merkle.txid(Merkle.coinbase(prefix, open.extranoncePrefix().toByteArray(), extranonce, suffix)), path);
        BlockHeader h = new BlockHeader((int) j.version(), p.prevHash().toByteArray(), root, (int) p.minNtime(), (int) p.nbits(), 0);
        if (Targets.meets(h.hash(), TARGET)) {
          c.send(new SubmitSharesExtended(ch, 0, j.jobId(), 0, p.minNtime(), j.version(), Bytes.of(extranonce)));
          found++;
        }
      }
      // three accepted shares (the translator's sequence number is always 0) in one success
      SubmitSharesSuccess s = c.next(SubmitSharesSuccess.class);
      assertThat(s.newSubmitsAcceptedCount()).isEqualTo(3);
      c.send(new SubmitSharesExtended(ch, 1, j.jobId(), 0, p.minNtime(), j.version(), Bytes.of(new byte[11])));
      assertThat(error(c, 1)).isEqualTo("bad-extranonce-size");
      // a standard share on an extended channel is not for this channel
      c.send(new SubmitSharesStandard(ch, 2, j.jobId(), 0, p.minNtime(), j.version()));
      assertThat(error(c, 2)).isEqualTo("invalid-channel-id");

      // UpdateChannel with a lower maximum target answers SetTarget; an unknown channel UpdateChannel.Error
      byte[] lower = Targets.ofLeadingZeroBits(9);
      c.send(new UpdateChannel(ch, 1f, U256.fromBytes(lower)));
      assertThat(c.next(SetTarget.class).maximumTarget().toByteArray()).isEqualTo(lower);
      c.send(new UpdateChannel(ch + 99, 1f, U256.fromBytes(lower)));
      assertThat(c.next(UpdateChannelError.class).errorCode().lenientText()).isEqualTo("invalid-channel-id");

      // operator actions reach the channel with extended-channel messages only
      pool.newJob();
      NewExtendedMiningJob j2 = c.next(NewExtendedMiningJob.class);
      assertThat(j2.minNtime()).hasValue(p.minNtime());
      assertThat(pool.setTarget(ch, TARGET)).isTrue();
      assertThat(c.next(SetTarget.class).maximumTarget().toByteArray()).isEqualTo(TARGET);
      assertThat(pool.closeChannel(ch, "bye")).isTrue();
      assertThat(c.next(CloseChannel.class).reasonCode().lenientText()).isEqualTo("bye");
      assertThat(pool.channels()).extracting(ChannelStats::accepted).isEqualTo(List.of(3L));
    }
  }

  @Test
  void setupIsCheckedFirst() throws Exception {
    try (TestPool pool = TestPool.builder().build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.send(new SetupConnection(1, 2, 2, 0, "", 0, "", "", "", ""));
      assertThat(c.next(SetupConnectionError.class).errorCode().lenientText()).isEqualTo("unsupported-protocol");
    }
    try (TestPool pool = TestPool.builder().build().start();
        RawClient c = new RawClient(pool.address(), Endpoints.Client.plain())) {
      c.send(new SetupConnection(0, 3, 4, 0, "", 0, "", "", "", ""));
      assertThat(c.next(SetupConnectionError.class).errorCode().lenientText()).isEqualTo("protocol-version-mismatch");
    }
  }
}
