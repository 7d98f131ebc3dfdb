package org.sv2j.harness;

import java.time.Instant;

/**
 * Something the {@link TestPool} did or saw, for logs and the {@code sv2 pool} command.
 *
 * @param time when
 * @param kind what
 * @param connection the pool's connection number (from 1)
 * @param channelId the channel, or 0
 * @param detail a human-readable detail; peer text inside it is already escaped
 */
public record PoolEvent(Instant time, Kind kind, int connection, long channelId, String detail) {
  /** What happened. */
  public enum Kind {
    /** A connection finished its handshake (or was accepted in plaintext). */
    CONNECTED,
    /** A connection failed (handshake, I/O or protocol). */
    CONNECTION_FAILED,
    /** A connection ended. */
    DISCONNECTED,
    /** {@code SetupConnection} answered with success. */
    SETUP,
    /** A channel was opened. */
    CHANNEL_OPENED,
    /** An open-channel request was refused. */
    CHANNEL_REFUSED,
    /** A channel was closed. */
    CHANNEL_CLOSED,
    /** A job (and possibly a prev hash) was sent. */
    JOB,
    /** A channel's target changed. */
    TARGET,
    /** A share was accepted. */
    SHARE_ACCEPTED,
    /** A share was rejected. */
    SHARE_REJECTED,
    /** The peer sent something the pool ignores or cannot decode. */
    PROTOCOL_ERROR
  }

  @Override
  public String toString() {
    return time + " conn " + connection + (channelId != 0 ? " channel " + channelId : "") + " " + kind + " " + detail;
  }
}
