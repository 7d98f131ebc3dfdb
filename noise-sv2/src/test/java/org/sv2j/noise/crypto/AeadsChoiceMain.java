package org.sv2j.noise.crypto;

/** Prints the configured backend's choice in a fresh JVM, for {@link AeadsTest} (a test tool, not a test). */
public final class AeadsChoiceMain {
  private AeadsChoiceMain() {}

  /**
   * Prints {@code jdkFast=<bool>}, {@code backend=<name>} and {@code reason=<text>}, one a line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Aead a = Aeads.create(new byte[32], 0);
    System.out.println("jdkFast=" + Aeads.autoUsesJdkCipher());
    System.out.println("backend=" + a.backend());
    System.out.println("reason=" + Aeads.autoReason());
    a.destroy();
  }
}
