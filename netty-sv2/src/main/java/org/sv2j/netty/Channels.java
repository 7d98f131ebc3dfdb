package org.sv2j.netty;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Close-cause bookkeeping shared by the handlers: the first cause recorded for a channel wins. */
final class Channels {
  static final AttributeKey<CloseCause> CLOSE_CAUSE = AttributeKey.valueOf("org.sv2j.netty.closeCause");

  private Channels() {}

  /** Records {@code cause} unless one is recorded already. */
  static void cause(Channel ch, CloseCause cause) {
    ch.attr(CLOSE_CAUSE).setIfAbsent(cause);
  }

  /** Records {@code cause} (unless one is recorded) and closes the channel. */
  static void close(Channel ch, CloseCause cause) {
    cause(ch, cause);
    ch.close();
  }

  /** The recorded cause, or {@link CloseCause#PEER_CLOSED}. */
  static CloseCause causeOf(Channel ch) {
    CloseCause c = ch.hasAttr(CLOSE_CAUSE) ? ch.attr(CLOSE_CAUSE).get() : null;
    return c == null ? CloseCause.PEER_CLOSED : c;
  }

  /** {@code s} with control characters and non-ASCII escaped, cut to 200 characters: safe for a log line. */
  static String escape(Object o) {
    String s = String.valueOf(o);
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 200) + 8);
    for (int i = 0; i < s.length() && sb.length() < 200; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        sb.append(c);
      } else if (c == '\\') {
        sb.append("\\\\");
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    if (sb.length() >= 200) {
      sb.append("...");
    }
    return sb.toString();
  }
}
