package org.sv2j.netty;

import java.io.IOException;

/**
 * A write refused because the bytes already queued for the peer exceed the codec's bound: the peer does
 * not read. The connection is closed with {@link CloseCause#OUTBOUND_LIMIT}.
 */
public final class Sv2OutboundLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what was queued and the bound
   */
  public Sv2OutboundLimitException(String message) {
    super(message);
  }
}
