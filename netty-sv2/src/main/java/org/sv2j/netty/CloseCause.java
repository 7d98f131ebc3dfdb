package org.sv2j.netty;

/**
 * Why a connection ended, as counted by {@link Sv2Metrics#closes(CloseCause)}. The first cause recorded
 * for a channel wins; a connection closed without any recorded cause counts as {@link #PEER_CLOSED}.
 */
public enum CloseCause {
  /** The peer closed the connection (end of stream or reset) with no earlier cause on our side. */
  PEER_CLOSED,
  /** A handler of the application (or {@code Sv2Server.close()}) closed the connection. */
  LOCAL,
  /** No handshake completed within the handshake timeout. */
  HANDSHAKE_TIMEOUT,
  /** The handshake failed: a bad message, a bad certificate, or the peer left during the handshake. */
  HANDSHAKE_FAILED,
  /** Nothing arrived from the peer within the idle timeout. */
  IDLE_TIMEOUT,
  /** A frame failed to decode: a bad tag, a payload over the limit, a malformed header. */
  CODEC_ERROR,
  /** The bytes queued for a peer that does not read exceeded the per-connection bound. */
  OUTBOUND_LIMIT,
  /** The channel stayed unwritable (the peer did not read) for longer than the send timeout. */
  SEND_STALLED,
  /** Refused at accept: the server already ran its maximum number of concurrent handshakes. */
  SHED_HANDSHAKES,
  /** Refused at accept: the server already held its maximum number of connections. */
  MAX_CONNECTIONS,
  /** An I/O error on the socket, or an exception no handler dealt with. */
  ERROR;

  /**
   * The cause recorded for {@code channel} so far (the first one wins), or {@link #PEER_CLOSED} if none
   * is: read it in {@code channelInactive} to learn why a connection ended.
   *
   * @param channel a channel of an Sv2 pipeline
   * @return the cause
   */
  public static CloseCause of(io.netty.channel.Channel channel) {
    return Channels.causeOf(channel);
  }
}
