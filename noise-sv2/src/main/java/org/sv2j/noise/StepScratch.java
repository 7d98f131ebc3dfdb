package org.sv2j.noise;

import java.util.Arrays;
import org.sv2j.noise.crypto.ScratchPool;

/**
 * The temporaries of one handshake step ({@link Responder#step1}, {@link Initiator#step2}), from a
 * small bounded pool so that a handshake allocates none of them and nothing stays tied to a
 * connection (or to a thread) after its step. Everything is zeroed before the object goes back.
 */
final class StepScratch {
  /** The responder's message, decrypted in place by the initiator. */
  final byte[] work = new byte[Responder.STEP1_MESSAGE_SIZE];
  /** The remote ephemeral encoding. */
  final byte[] remoteEphemeral = new byte[64];
  /** The remote static encoding (the initiator's, once decrypted). */
  final byte[] remoteStatic = new byte[64];
  /** BIP-340 auxiliary randomness of the responder's signature. */
  final byte[] aux = new byte[32];
  /** The split keys. */
  final byte[] k1 = new byte[32];
  final byte[] k2 = new byte[32];

  private static final ScratchPool<StepScratch> POOL = new ScratchPool<>(StepScratch::new);

  static StepScratch take() {
    return POOL.take();
  }

  /** Zeroes everything and returns this object to the pool. */
  void release() {
    Arrays.fill(work, (byte) 0);
    Arrays.fill(remoteEphemeral, (byte) 0);
    Arrays.fill(remoteStatic, (byte) 0);
    Arrays.fill(aux, (byte) 0);
    Arrays.fill(k1, (byte) 0);
    Arrays.fill(k2, (byte) 0);
    POOL.give(this);
  }

  /** True if every field is zero; for tests. */
  boolean isWiped() {
    int acc = 0;
    for (byte[] a : new byte[][] {work, remoteEphemeral, remoteStatic, aux, k1, k2}) {
      for (byte b : a) {
        acc |= b;
      }
    }
    return acc == 0;
  }

  /** Whether a pooled object is clean: takes one, checks it, gives it back; for tests. */
  static boolean pooledIsWiped() {
    StepScratch s = POOL.take();
    boolean w = s.isWiped();
    POOL.give(s);
    return w;
  }
}
