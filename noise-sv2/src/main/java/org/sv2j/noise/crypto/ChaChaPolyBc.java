package org.sv2j.noise.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.sv2j.noise.NoiseException;

/**
 * The default {@link Aead}: the RFC 8439 §2.8 construction composed from Bouncy Castle's ChaCha20
 * block function ({@link ChaChaEngine#chachaCore}, on the state of a {@link ChaCha7539Engine}) and
 * {@link Poly1305}, with no allocation per message.
 *
 * <p>Why not BC's own {@code ChaCha20Poly1305} AEAD: it copies overlapping in-place input into a
 * fresh array, buffers decryption byte by byte, and allocates 200–350 B per message. Why not {@code
 * ChaCha7539Engine.processBytes}: it needs a new {@code ParametersWithIV} per nonce and XORs one byte
 * at a time. Here the nonce words are written straight into the engine state, each 64-byte key
 * stream block is XORed four bytes at a time, and Poly1305 is re-keyed through one {@link
 * KeyParameter} whose array (BC hands out the live array) is overwritten with each one-time key.
 */
public final class ChaChaPolyBc implements Aead {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] ZEROS = new byte[16];
  /** Chunk size for buffers without an accessible array: a multiple of the 64-byte block. */
  private static final int CHUNK = 512;

  private final Core core = new Core();
  private final Poly1305 mac = new Poly1305();
  private final KeyParameter macKey = new KeyParameter(new byte[32]);
  /** Lengths block, then the computed tag. */
  private final byte[] scratch = new byte[16];
  /** Staging area for direct/read-only-array buffers; allocated on first use. */
  private byte[] chunk;
  private boolean destroyed;

  /** A cipher for {@code key[off, off+32)} (copied into the engine state). */
  public ChaChaPolyBc(byte[] key, int off) {
    setKey(key, off);
  }

  /** Replaces the key (the handshake re-keys on every MixKey without a new object). */
  public void setKey(byte[] key, int off) {
    Objects.checkFromIndexSize(off, KEY_SIZE, key.length);
    core.key(key, off);
    destroyed = false;
  }

  @Override
  public int encrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    Objects.checkFromIndexSize(off + len, TAG_SIZE, buf.length);
    start(nonce);
    macAd(ad, adOff, adLen);
    xor(buf, off, len);
    mac.update(buf, off, len);
    finish(adLen, len);
    mac.doFinal(buf, off + len);
    return len + TAG_SIZE;
  }

  @Override
  public int decrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int ctLen = checkCiphertextLength(len);
    start(nonce);
    macAd(ad, adOff, adLen);
    mac.update(buf, off, ctLen);
    finish(adLen, ctLen);
    mac.doFinal(scratch, 0);
    if (!tagEquals(scratch, buf, off + ctLen)) {
      throw badTag();
    }
    xor(buf, off, ctLen);
    return ctLen;
  }

  @Override
  public int encrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    Objects.checkFromIndexSize(index, len, buf.limit());
    Objects.checkFromIndexSize(index + len, TAG_SIZE, buf.limit());
    byte[] c = chunk();
    start(nonce);
    for (int done = 0; done < len; ) {
      int n = Math.min(CHUNK, len - done);
      buf.get(index + done, c, 0, n);
      xor(c, 0, n);
      mac.update(c, 0, n);
      buf.put(index + done, c, 0, n);
      done += n;
    }
    finish(0, len);
    mac.doFinal(scratch, 0);
    buf.put(index + len, scratch, 0, TAG_SIZE);
    return len + TAG_SIZE;
  }

  @Override
  public int decrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    Objects.checkFromIndexSize(index, len, buf.limit());
    int ctLen = checkCiphertextLength(len);
    byte[] c = chunk();
    start(nonce);
    // Pass 1 authenticates; pass 2 decrypts only once the tag is known good.
    for (int done = 0; done < ctLen; ) {
      int n = Math.min(CHUNK, ctLen - done);
      buf.get(index + done, c, 0, n);
      mac.update(c, 0, n);
      done += n;
    }
    finish(0, ctLen);
    mac.doFinal(scratch, 0);
    buf.get(index + ctLen, c, 0, TAG_SIZE);
    if (!tagEquals(scratch, c, 0)) {
      throw badTag();
    }
    for (int done = 0; done < ctLen; ) {
      int n = Math.min(CHUNK, ctLen - done);
      buf.get(index + done, c, 0, n);
      xor(c, 0, n);
      buf.put(index + done, c, 0, n);
      done += n;
    }
    Arrays.fill(c, (byte) 0);
    return ctLen;
  }

  @Override
  public String backend() {
    return "bc";
  }

  @Override
  public void destroy() {
    core.wipe();
    Arrays.fill(macKey.getKey(), (byte) 0);
    mac.init(macKey); // overwrites r, s and the accumulator with zeros
    Arrays.fill(scratch, (byte) 0);
    if (chunk != null) {
      Arrays.fill(chunk, (byte) 0);
    }
    destroyed = true;
  }

  /** True once {@link #destroy()} ran and until a new key is set; for tests. */
  boolean isDestroyed() {
    return destroyed && core.isZero();
  }

  // ---------------------------------------------------------------------------------------------

  /** Loads the nonce, derives the Poly1305 one-time key from block 0 and leaves the counter at 1. */
  private void start(byte[] nonce) {
    if (destroyed) {
      throw new IllegalStateException("cipher destroyed");
    }
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be 12 bytes");
    }
    core.nonce(nonce);
    int[] x = core.block();
    byte[] k = macKey.getKey();
    for (int i = 0; i < 8; i++) {
      INT.set(k, 4 * i, x[i]);
    }
    mac.init(macKey);
  }

  private void macAd(byte[] ad, int adOff, int adLen) {
    if (adLen > 0) {
      mac.update(ad, adOff, adLen);
      pad(adLen);
    }
  }

  /** Pads the ciphertext to 16 and feeds the lengths block; the caller then takes the tag. */
  private void finish(int adLen, int ctLen) {
    pad(ctLen);
    LONG.set(scratch, 0, (long) adLen);
    LONG.set(scratch, 8, (long) ctLen);
    mac.update(scratch, 0, 16);
  }

  private void pad(int len) {
    int rem = len & 15;
    if (rem != 0) {
      mac.update(ZEROS, 0, 16 - rem);
    }
  }

  /**
   * XORs the key stream into {@code b[off, off+len)}, continuing at the next block. Every call but
   * the last of a message must cover whole 64-byte blocks.
   */
  private void xor(byte[] b, int off, int len) {
    while (len >= 64) {
      int[] x = core.block();
      for (int i = 0; i < 16; i++) {
        int p = off + 4 * i;
        INT.set(b, p, (int) INT.get(b, p) ^ x[i]);
      }
      off += 64;
      len -= 64;
    }
    if (len > 0) {
      int[] x = core.block();
      int i = 0;
      for (; len >= 4; i++, off += 4, len -= 4) {
        INT.set(b, off, (int) INT.get(b, off) ^ x[i]);
      }
      for (int w = x[i]; len > 0; len--, off++, w >>>= 8) {
        b[off] ^= (byte) w;
      }
    }
  }

  private static boolean tagEquals(byte[] a, byte[] b, int bOff) {
    int diff = 0;
    for (int i = 0; i < TAG_SIZE; i++) {
      diff |= a[i] ^ b[bOff + i];
    }
    return diff == 0;
  }

  private static int checkCiphertextLength(int len) {
    if (len < TAG_SIZE) {
      throw NoiseException.of(
          NoiseException.Kind.WRONG_MESSAGE_LENGTH, "ciphertext shorter than the 16-byte tag");
    }
    return len - TAG_SIZE;
  }

  static NoiseException badTag() {
    return NoiseException.of(NoiseException.Kind.BAD_TAG, "ChaCha20-Poly1305 tag mismatch");
  }

  private byte[] chunk() {
    if (chunk == null) {
      chunk = new byte[CHUNK];
    }
    return chunk;
  }

  /** The engine, opened up for its state words: key and nonce set directly, one block at a time. */
  private static final class Core extends ChaCha7539Engine {
    private static final byte[] ZERO_NONCE = new byte[NONCE_SIZE];
    private final byte[] keyCopy = new byte[KEY_SIZE];

    void key(byte[] key, int off) {
      System.arraycopy(key, off, keyCopy, 0, KEY_SIZE);
      setKey(keyCopy, ZERO_NONCE); // constants, key words, nonce words; no allocation
      Arrays.fill(keyCopy, (byte) 0);
    }

    void nonce(byte[] nonce) {
      engineState[12] = 0;
      engineState[13] = (int) INT.get(nonce, 0);
      engineState[14] = (int) INT.get(nonce, 4);
      engineState[15] = (int) INT.get(nonce, 8);
    }

    /** Computes the block at the current counter into {@code x} and advances the counter. */
    int[] block() {
      ChaChaEngine.chachaCore(20, engineState, x);
      engineState[12]++;
      return x;
    }

    void wipe() {
      Arrays.fill(engineState, 0);
      Arrays.fill(x, 0);
    }

    boolean isZero() {
      int acc = 0;
      for (int i = 0; i < 16; i++) {
        acc |= engineState[i] | x[i];
      }
      return acc == 0;
    }
  }
}
