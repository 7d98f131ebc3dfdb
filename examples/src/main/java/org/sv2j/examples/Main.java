package org.sv2j.examples;

import org.sv2j.examples.buffer.BasicBufferPool;
import org.sv2j.examples.buffer.BufferPoolExhaustion;
import org.sv2j.examples.buffer.VariableSizedMessages;
import org.sv2j.examples.codec.Encrypted;
import org.sv2j.examples.codec.Unencrypted;

/**
 * Runs every example in turn (the README's main job is {@code ./sv2 demo}; this is for reading the
 * examples' output side by side). Each example also runs as a test.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    BasicBufferPool.run(System.out);
    System.out.println();
    BufferPoolExhaustion.run(System.out);
    System.out.println();
    VariableSizedMessages.run(System.out);
    System.out.println();
    Unencrypted.run(System.out);
    System.out.println();
    Encrypted.run(System.out);
  }
}
