package org.sv2j.harness;

/**
 * Why the test pool refused a share: the {@code error_code} of its {@code SubmitShares.Error}. The first five
 * are the spec's codes; the others are the pool's own (the spec lets a pool add codes, and a receiver
 * treats an unknown one as a plain rejection).
 */
public enum ShareError {
  /** The channel id is not one of this connection's open channels. */
  INVALID_CHANNEL_ID("invalid-channel-id"),
  /** The job was built on a previous block (its prev hash is no longer current). */
  STALE_SHARE("stale-share"),
  /** The header's hash does not meet the channel's target. */
  DIFFICULTY_TOO_LOW("difficulty-too-low"),
  /** The job id is not one the pool sent to this channel. */
  INVALID_JOB_ID("invalid-job-id"),
  /** The same share (job, nonce, ntime, version, extranonce) was already accepted. */
  DUPLICATE_SHARE("duplicate-share"),
  /** Version bits changed outside the BIP 320 mask, or at all where the job does not allow rolling. */
  INVALID_VERSION("invalid-version"),
  /** ntime below the job's minimum or too far ahead of the pool's clock. */
  INVALID_NTIME("invalid-ntime"),
  /** An extended share whose extranonce is not the channel's {@code extranonce_size}. */
  BAD_EXTRANONCE_SIZE("bad-extranonce-size");

  private final String code;

  ShareError(String code) {
    this.code = code;
  }

  /**
   * The text sent as {@code error_code}.
   *
   * @return the code
   */
  public String code() {
    return code;
  }

  /**
   * The constant for a received code.
   *
   * @param code an {@code error_code}
   * @return the constant, or {@code null} if the code is not one of these
   */
  public static ShareError ofCode(String code) {
    for (ShareError e : values()) {
      if (e.code.equals(code)) {
        return e;
      }
    }
    return null;
  }
}
