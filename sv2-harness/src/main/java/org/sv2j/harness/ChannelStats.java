package org.sv2j.harness;

import java.util.Map;

/**
 * A snapshot of one channel's share counts.
 *
 * @param channelId the channel
 * @param extended whether it is an extended channel
 * @param userIdentity the {@code user_identity} the miner opened it with (peer text: escape before printing)
 * @param accepted shares accepted
 * @param rejected shares rejected, by reason (an immutable map holding only non-zero counts)
 */
public record ChannelStats(long channelId, boolean extended, String userIdentity, long accepted, Map<ShareError, Long> rejected) {
  /**
   * Copies the map.
   *
   * @param channelId the channel
   * @param extended whether it is an extended channel
   * @param userIdentity the channel's {@code user_identity}
   * @param accepted shares accepted
   * @param rejected shares rejected, by reason
   */
  public ChannelStats {
    rejected = Map.copyOf(rejected);
  }

  /**
   * All rejections.
   *
   * @return the sum of {@link #rejected()}
   */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
