package org.sv2j.netty;

/**
 * Why a Noise handshake did not complete: a timeout, the peer closing during the handshake, or (as the
 * cause) the {@link org.sv2j.noise.NoiseException} of a bad message or certificate.
 */
public final class Sv2HandshakeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the connection was closed. */
  private final CloseCause closeCause;

  Sv2HandshakeException(String message, CloseCause closeCause, Throwable cause) {
    super(message, cause);
    this.closeCause = closeCause;
  }

  /**
   * How the connection is accounted: {@link CloseCause#HANDSHAKE_TIMEOUT} or {@link
   * CloseCause#HANDSHAKE_FAILED}.
   *
   * @return the close cause
   */
  public CloseCause closeCause() {
    return closeCause;
  }

}
