package org.sv2j.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.harness.wire.Msg;

/** A hand-driven mining client for the negative tests: send a message, read the next one. */
final class RawClient implements AutoCloseable {
  final Sv2Connection c;

  RawClient(InetSocketAddress pool, Endpoints.Client side) throws IOException {
    c = side.connect(pool, Harness.OPTIONS);
  }

  void send(Msg.Typed m) throws IOException {
    c.send(m.frame());
  }

  Msg.Typed next() throws IOException {
    try (Sv2Frame f = c.receive(Duration.ofSeconds(10))) {
      if (f == null) {
        throw new AssertionError("no message within 10 s");
      }
      return Msg.decode(f);
    }
  }

  <M> M next(Class<M> type) throws IOException {
    Msg.Typed m = next();
    if (!type.isInstance(m)) {
      throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
    }
    return type.cast(m);
  }

  /** Setup + a standard channel with the given max target. */
  Msg.OpenStandardMiningChannelSuccess openStandard(byte[] maxTarget) throws IOException {
    send(new Msg.SetupConnection(0, 2, 2, 1, "127.0.0.1", 0, "test", "", "", ""));
    next(Msg.SetupConnectionSuccess.class);
    send(new Msg.OpenStandardMiningChannel(7, "raw", 1f, maxTarget));
    return next(Msg.OpenStandardMiningChannelSuccess.class);
  }

  @Override
  public void close() {
    c.close();
  }
}
