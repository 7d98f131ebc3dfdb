package org.sv2j.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What {@code sv2 serve} counts, for its metrics lines. Thread-safe; cheap enough for every frame. */
final class ServeMetrics {
  /** Why a connection ended (or was never served). */
  enum Close {
    PEER_CLOSED, IDLE_TIMEOUT, HANDSHAKE_TIMEOUT, HANDSHAKE_FAILED, SEND_TIMEOUT, PAYLOAD_TOO_LARGE,
    PROTOCOL_ERROR, IO_ERROR, REFUSED_CONNECTIONS, REFUSED_HANDSHAKES, SHUTDOWN, OTHER
  }

  final AtomicLong open = new AtomicLong();
  final LongAdder accepted = new LongAdder();
  final LongAdder handshakesDone = new LongAdder();
  final LongAdder handshakesFailed = new LongAdder();
  final LongAdder framesIn = new LongAdder();
  final LongAdder framesOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder acceptErrors = new LongAdder();
  private final Map<Close, LongAdder> closes = new EnumMap<>(Close.class);

  ServeMetrics() {
    for (Close c : Close.values()) {
      closes.put(c, new LongAdder());
    }
  }

  void closed(Close cause) {
    closes.get(cause).increment();
  }

  long closes(Close cause) {
    return closes.get(cause).sum();
  }

  /** One line: {@code open=… accepted=… handshakes=ok/failed frames=in/out bytes=in/out closes{…}}. */
  String line() {
    StringBuilder sb = new StringBuilder("metrics: open=").append(open.get())
        .append(" accepted=").append(accepted.sum())
        .append(" handshakes_done=").append(handshakesDone.sum())
        .append(" handshakes_failed=").append(handshakesFailed.sum())
        .append(" frames_in=").append(framesIn.sum())
        .append(" frames_out=").append(framesOut.sum())
        .append(" bytes_in=").append(bytesIn.sum())
        .append(" bytes_out=").append(bytesOut.sum())
        .append(" accept_errors=").append(acceptErrors.sum())
        .append(" closes{");
    boolean first = true;
    for (Map.Entry<Close, LongAdder> e : closes.entrySet()) {
      long v = e.getValue().sum();
      if (v > 0) {
        sb.append(first ? "" : " ").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append('=').append(v);
        first = false;
      }
    }
    Runtime rt = Runtime.getRuntime();
    return sb.append("} heap_used=").append(rt.totalMemory() - rt.freeMemory()).append(" heap_max=").append(rt.maxMemory()).toString();
  }
}
