package org.sv2j.harness;

/** A {@link TestMiner} could not start; {@link #stage()} says where it failed. */
public final class MinerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The step that failed (the {@code sv2 mine} exit codes follow it). */
  public enum Stage {
    /** The TCP connection. */
    CONNECT,
    /** The Noise handshake (including a refused certificate). */
    HANDSHAKE,
    /** {@code SetupConnection}. */
    SETUP,
    /** Opening the mining channel. */
    CHANNEL
  }

  /** The stage that failed. */
  private final Stage stage;

  /**
   * An exception.
   *
   * @param stage the failed step
   * @param message what happened (peer text escaped)
   * @param cause the cause, or {@code null}
   */
  public MinerException(Stage stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  /**
   * The failed step.
   *
   * @return the failed step
   */
  public Stage stage() {
    return stage;
  }
}
