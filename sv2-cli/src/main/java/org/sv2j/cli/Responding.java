package org.sv2j.cli;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.sv2j.messages.AnyMessage;
import org.sv2j.binary.MessageException;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionError;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.codec.CodecException;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;

/**
 * The test server's behaviour on one connection: answer {@code SetupConnection} with {@code
 * SetupConnection.Success} (version 2, no flags) or, if version 2 is outside the client's range, with
 * {@code SetupConnection.Error protocol-version-mismatch}; echo every other frame unchanged.
 */
final class Responding {
  static final int VERSION = 2;

  private Responding() {}

  /** Serves {@code c} until the peer closes or fails; each event goes to {@code log}. Returns frames handled. */
  static int serve(Sv2Connection c, String who, Consumer<String> log) {
    return serve(c, who, null, log);
  }

  /**
   * As {@link #serve(Sv2Connection, String, Consumer)}, closing the connection when no whole frame arrives
   * within {@code idleTimeout} ({@code null}: wait for ever).
   */
  static int serve(Sv2Connection c, String who, Duration idleTimeout, Consumer<String> log) {
    int handled = 0;
    try {
      while (true) {
        Sv2Frame received = idleTimeout == null ? c.receive() : c.receive(idleTimeout);
        if (received == null) {
          log.accept(who + " idle for " + idleTimeout.toMillis() + " ms after " + handled + " frame(s): closed");
          return handled;
        }
        try (Sv2Frame f = received) {
          handled++;
          log.accept(who + " <- " + Describe.frame(f));
          Sv2Frame reply = answer(f);
          c.send(reply);
          log.accept(who + " -> " + Describe.frame(reply));
        }
      }
    } catch (EOFException e) {
      log.accept(who + " closed by peer after " + handled + " frame(s)");
    } catch (CodecException e) {
      log.accept(who + " failed: " + e.getMessage());
    } catch (IOException e) {
      log.accept(who + " closed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } finally {
      c.close();
    }
    return handled;
  }

  /** Whether {@code f} is a SetupConnection (common message, extension 0, type 0x00). */
  static boolean isSetupConnection(Sv2Frame f) {
    return f.extensionTypeWithoutChannelBit() == 0 && f.msgType() == SetupConnection.MSG_TYPE;
  }

  /** The reply to {@code f}: SetupConnection.Success or .Error for a SetupConnection, else a copy of {@code f}. */
  static Sv2Frame answer(Sv2Frame f) {
    if (isSetupConnection(f)) {
      try {
        SetupConnection s = SetupConnection.decode(f.payload());
        if (s.minVersion() <= VERSION && VERSION <= s.maxVersion()) {
          return new SetupConnectionSuccess(VERSION, 0).toFrame();
        }
        return new SetupConnectionError(0, "protocol-version-mismatch").toFrame();
      } catch (MessageException e) {
        return new SetupConnectionError(0, "malformed-setup-connection").toFrame();
      }
    }
    return Sv2Frame.fromPayload(f.extensionTypeWithoutChannelBit(), f.msgType(), f.channelMsg(), f.payloadToArray());
  }

  /** Human-readable one-line descriptions. */
  static final class Describe {
    private Describe() {}

    /** One line, not yet escaped: whoever prints it passes it through {@link Escape#text}. */
    static String frame(Sv2Frame f) {
      String name = CliMessages.name(f.extensionTypeWithoutChannelBit(), f.msgType()).orElse("type 0x" + hex2(f.msgType()));
      String decoded;
      try {
        Optional<AnyMessage> m = CliMessages.decode(f);
        decoded = m.map(AnyMessage::toString).orElse(f.msgLength() + " B payload");
      } catch (MessageException e) {
        decoded = "malformed: " + e.getMessage();
      }
      return String.format(
          "%s [ext 0x%04x%s, %d B payload] %s", name, f.extensionTypeWithoutChannelBit(), f.channelMsg() ? ", channel" : "", f.msgLength(), decoded);
    }

    static String hex2(int v) {
      return String.format("%02x", v);
    }
  }
}
