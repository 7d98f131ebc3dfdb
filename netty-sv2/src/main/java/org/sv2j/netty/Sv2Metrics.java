package org.sv2j.netty;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters a pool operator asks for: open connections, handshakes done and failed, frames and bytes in and
 * out, and closes by {@link CloseCause}. One instance per {@link Sv2Server} or {@link Sv2Client} (or one of
 * your own, handed to the codecs); every counter is a {@link LongAdder}, so updating one from many event
 * loops costs no lock and no allocation, and reading is cheap enough to poll.
 *
 * <p>Bytes are counted on the wire (handshake messages, headers, tags and payload), frames once each
 * after a successful decode or encode. Reads of several counters are not one atomic snapshot.
 */
public final class Sv2Metrics {
  private final LongAdder accepted = new LongAdder();
  private final LongAdder open = new LongAdder();
  private final LongAdder handshakesCompleted = new LongAdder();
  private final LongAdder handshakesFailed = new LongAdder();
  private final LongAdder framesIn = new LongAdder();
  private final LongAdder framesOut = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder[] closes = new LongAdder[CloseCause.values().length];

  /** A new set of counters, all zero. */
  public Sv2Metrics() {
    for (int i = 0; i < closes.length; i++) {
      closes[i] = new LongAdder();
    }
  }

  /**
   * Connections accepted (server) or connected (client) so far, refused ones included.
   *
   * @return the count
   */
  public long connectionsAccepted() {
    return accepted.sum();
  }

  /**
   * Connections open right now (accepted and not yet closed; refused ones never count).
   *
   * @return the count
   */
  public long openConnections() {
    return open.sum();
  }

  /**
   * Noise handshakes that completed.
   *
   * @return the count
   */
  public long handshakesCompleted() {
    return handshakesCompleted.sum();
  }

  /**
   * Noise handshakes that failed or timed out.
   *
   * @return the count
   */
  public long handshakesFailed() {
    return handshakesFailed.sum();
  }

  /**
   * Frames decoded from peers.
   *
   * @return the count
   */
  public long framesIn() {
    return framesIn.sum();
  }

  /**
   * Frames encoded for peers.
   *
   * @return the count
   */
  public long framesOut() {
    return framesOut.sum();
  }

  /**
   * Bytes received (wire bytes of handshakes and decoded frames).
   *
   * @return the count
   */
  public long bytesIn() {
    return bytesIn.sum();
  }

  /**
   * Bytes sent (wire bytes of handshakes and encoded frames).
   *
   * @return the count
   */
  public long bytesOut() {
    return bytesOut.sum();
  }

  /**
   * Connections closed (or refused) for {@code cause}.
   *
   * @param cause the cause
   * @return the count
   */
  public long closes(CloseCause cause) {
    return closes[cause.ordinal()].sum();
  }

  /**
   * Every close count, in {@link CloseCause} order (a new map).
   *
   * @return cause to count, zero counts included
   */
  public Map<CloseCause, Long> closesByCause() {
    Map<CloseCause, Long> m = new EnumMap<>(CloseCause.class);
    for (CloseCause c : CloseCause.values()) {
      m.put(c, closes(c));
    }
    return m;
  }

  void accepted() {
    accepted.increment();
  }

  void opened() {
    open.increment();
  }

  void closed(CloseCause cause) {
    open.decrement();
    closes[cause.ordinal()].increment();
  }

  void refused(CloseCause cause) {
    closes[cause.ordinal()].increment();
  }

  void handshakeCompleted() {
    handshakesCompleted.increment();
  }

  void handshakeFailed() {
    handshakesFailed.increment();
  }

  void frameIn(int wireBytes) {
    framesIn.increment();
    bytesIn.add(wireBytes);
  }

  void frameOut(int wireBytes) {
    framesOut.increment();
    bytesOut.add(wireBytes);
  }

  void bytesIn(int n) {
    bytesIn.add(n);
  }

  void bytesOut(int n) {
    bytesOut.add(n);
  }

  /** One line with every counter (numbers only). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Sv2Metrics[open=").append(openConnections())
        .append(", accepted=").append(connectionsAccepted())
        .append(", handshakes=").append(handshakesCompleted())
        .append(", handshakesFailed=").append(handshakesFailed())
        .append(", framesIn=").append(framesIn())
        .append(", framesOut=").append(framesOut())
        .append(", bytesIn=").append(bytesIn())
        .append(", bytesOut=").append(bytesOut())
        .append(", closes={");
    boolean first = true;
    for (CloseCause c : CloseCause.values()) {
      long n = closes(c);
      if (n != 0) {
        sb.append(first ? "" : ", ").append(c).append('=').append(n);
        first = false;
      }
    }
    return sb.append("}]").toString();
  }
}
