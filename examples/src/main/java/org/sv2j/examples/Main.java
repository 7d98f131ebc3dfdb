package org.sv2j.examples;

/** Runs every example in turn (the README's main job until the CLI demo exists). */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.out.println("sv2j examples");
  }
}
