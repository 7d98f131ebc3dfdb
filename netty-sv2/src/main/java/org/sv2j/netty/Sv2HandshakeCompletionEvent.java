package org.sv2j.netty;

import java.util.Objects;
import org.sv2j.noise.Certificate;

/**
 * The user event {@link Sv2NoiseHandler} fires down the pipeline when the Noise handshake completes or
 * fails (as Netty's {@code SslHandshakeCompletionEvent}). On success the encrypted codec is already in
 * place, so a handler may write frames right away.
 */
public final class Sv2HandshakeCompletionEvent {
  private final Throwable cause;
  private final Certificate certificate;

  private Sv2HandshakeCompletionEvent(Throwable cause, Certificate certificate) {
    this.cause = cause;
    this.certificate = certificate;
  }

  static Sv2HandshakeCompletionEvent success(Certificate certificate) {
    return new Sv2HandshakeCompletionEvent(null, certificate);
  }

  static Sv2HandshakeCompletionEvent failure(Throwable cause) {
    return new Sv2HandshakeCompletionEvent(Objects.requireNonNull(cause, "cause"), null);
  }

  /**
   * Whether the handshake completed.
   *
   * @return true on success
   */
  public boolean isSuccess() {
    return cause == null;
  }

  /**
   * Why the handshake failed.
   *
   * @return the cause, or {@code null} on success
   */
  public Throwable cause() {
    return cause;
  }

  /**
   * The certificate of the session: on the initiator side the responder's, verified against the authority
   * key (unless the initiator is unauthenticated); on the responder side its own.
   *
   * @return the certificate, or {@code null} on failure
   */
  public Certificate certificate() {
    return certificate;
  }

  @Override
  public String toString() {
    return isSuccess() ? "Sv2HandshakeCompletionEvent[success]" : "Sv2HandshakeCompletionEvent[" + cause + "]";
  }
}
