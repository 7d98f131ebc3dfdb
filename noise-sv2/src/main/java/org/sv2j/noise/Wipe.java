package org.sv2j.noise;

import java.util.Arrays;

/** Zeroes handshake temporaries once a step is over, whether it succeeded or failed. */
final class Wipe {
  private Wipe() {}

  /** Fills every non-null array with zeros; arrays not yet created by a failed step are skipped. */
  static void all(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }
}
