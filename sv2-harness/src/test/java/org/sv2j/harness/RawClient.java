package org.sv2j.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.common.*;
import org.sv2j.messages.mining.*;

/** A hand-driven mining client for the negative tests: send a message, read the next one. */
final class RawClient implements AutoCloseable {
  final Sv2Connection c;

  RawClient(InetSocketAddress pool, Endpoints.Client side) throws IOException {
    c = side.connect(pool, Harness.OPTIONS);
  }

  RawClient(Sv2Connection c) {
    this.c = c;
  }

  void send(AnyMessage m) throws IOException {
    c.send(m.toFrame());
  }

  AnyMessage next() throws IOException {
    try (Sv2Frame f = c.receive(Duration.ofSeconds(10))) {
      if (f == null) {
        throw new AssertionError("no message within 10 s");
      }
      return Sv2Messages.decode(f);
    }
  }

  <M> M next(Class<M> type) throws IOException {
    AnyMessage m = next();
    if (!type.isInstance(m)) {
      throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
    }
    return type.cast(m);
  }

  /** Setup + a standard channel with the given max target. */
  OpenStandardMiningChannelSuccess openStandard(byte[] maxTarget) throws IOException {
    send(new SetupConnection(0, 2, 2, 1, "127.0.0.1", 0, "test", "", "", ""));
    next(SetupConnectionSuccess.class);
    send(new OpenStandardMiningChannel(7, Str0255.of("raw"), 1f, U256.fromBytes(maxTarget)));
    return next(OpenStandardMiningChannelSuccess.class);
  }

  @Override
  public void close() {
    c.close();
  }
}
