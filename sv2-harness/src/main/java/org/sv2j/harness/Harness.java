package org.sv2j.harness;

import java.time.Duration;
import org.sv2j.codec.Sv2Connection;

/** Shared settings of the harness. */
public final class Harness {
  private Harness() {}

  /**
   * Connection options sized for mining traffic: a 5 s handshake, payloads up to 1 MiB (a job's coinbase
   * parts are at most 2 × 64 KiB), a 64 KiB decoder pool and a 16 KiB send buffer, so that hundreds of
   * connections stay small.
   */
  public static final Sv2Connection.Options OPTIONS =
      new Sv2Connection.Options(Duration.ofSeconds(5), 1 << 20, 64 * 1024, 16 * 1024);
}
