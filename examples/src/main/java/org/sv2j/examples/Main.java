package org.sv2j.examples;

/**
 * The README's main job: the encrypted loopback demo. The other examples (buffer pool, unencrypted and
 * encrypted codec) have their own {@code main} and run as tests.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    EncryptedDemo.run(System.out);
  }
}
