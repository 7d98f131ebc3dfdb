package org.sv2j.noise.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.sv2j.noise.NoiseException;

/**
 * A pure-Java {@link Aead}: ChaCha20 and Poly1305 written from RFC 8439, fused into one class with
 * no allocation per message and no dependency.
 *
 * <p>ChaCha20 runs its 20 rounds on 16 local {@code int}s, or, for runs of 8 blocks (512 bytes)
 * or more, on up to 128 blocks side by side in loops that HotSpot vectorizes; it XORs the key
 * stream into the message four bytes at a time through little-endian {@link VarHandle} views (of
 * the array, or of the buffer for direct buffers; heap buffers go to the array code).
 *
 * <p>Poly1305 works in radix 2^64 (two 64-bit words and a few carry bits) with {@link
 * Math#multiplyHigh}: four 64x64-bit products per 16-byte block. In the AEAD construction every
 * Poly1305 block is a full 16-byte block (AD and ciphertext are zero-padded to 16), so the only
 * partial-block handling is copying the tail of AD or ciphertext into a zeroed 16-byte block.
 *
 * <p>Encryption: one-time Poly1305 key from block 0, key stream from block 1, MAC over the
 * ciphertext. Decryption makes two passes: MAC over the ciphertext, constant-time tag comparison,
 * and only then decryption, so a message that fails leaves the buffer as it was.
 */
public final class ChaChaPolyJava implements Aead {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BB_INT =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BB_LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** "expand 32-byte k". */
  private static final int C0 = 0x61707865;
  private static final int C1 = 0x3320646e;
  private static final int C2 = 0x79622d32;
  private static final int C3 = 0x6b206574;

  // ChaCha20 key and (per message) nonce words.
  private int k0, k1, k2, k3, k4, k5, k6, k7;
  private int n0, n1, n2;

  // Poly1305 (per message): r as two 64-bit words, s1 = 5 r1 / 4, accumulator h (130 bits in
  // h0, h1 and the few bits of h2), final pad s in p0..p3 (then the tag).
  private long r0, r1, s1;
  private long h0, h1, h2;
  private int p0, p1, p2, p3;

  /**
   * Up to 128 blocks side by side for messages of 512 bytes and more: word {@code i} of block
   * {@code j} is {@code v[i][j]}. The rounds then run as loops over the blocks (two quarter rounds per
   * pass, or a whole double round per pass for at most 16 blocks), which HotSpot's superword pass
   * turns into SIMD instructions; long loops amortize the vector loop's set-up
   * ({@code AeadBenchmark}: 22 % less time per 64 KiB message with 128 lanes than with 32). The 8 KiB of
   * lanes are allocated on the first message that needs them, so a cipher that only sees small messages
   * holds none, and the lanes used are wiped after every message.
   */
  private static final int LANES = 128;
  /**
   * Fewest blocks worth the lane path: eight blocks in lanes (double-round passes) take about 70 % of
   * the time of eight blocks one by one on AVX2.
   */
  private static final int MIN_LANES = 8;

  private int[] v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;

  /** One key stream block, for block 0 (Poly1305 key) and a partial last block. */
  private final int[] ks = new int[16];
  /** A zero-padded 16-byte Poly1305 block: the tail of AD or ciphertext, or the lengths. */
  private final byte[] block = new byte[16];
  private boolean destroyed;

  /** A cipher for {@code key[off, off+32)} (copied). */
  public ChaChaPolyJava(byte[] key, int off) {
    setKey(key, off);
  }

  /** Replaces the key. */
  public void setKey(byte[] key, int off) {
    Objects.checkFromIndexSize(off, KEY_SIZE, key.length);
    k0 = (int) INT.get(key, off);
    k1 = (int) INT.get(key, off + 4);
    k2 = (int) INT.get(key, off + 8);
    k3 = (int) INT.get(key, off + 12);
    k4 = (int) INT.get(key, off + 16);
    k5 = (int) INT.get(key, off + 20);
    k6 = (int) INT.get(key, off + 24);
    k7 = (int) INT.get(key, off + 28);
    destroyed = false;
  }

  @Override
  public int encrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    Objects.checkFromIndexSize(off + len, TAG_SIZE, buf.length);
    if (adLen > 0) {
      Objects.checkFromIndexSize(adOff, adLen, ad.length);
    }
    start(nonce);
    macAd(ad, adOff, adLen);
    xor(buf, off, len);
    mac(buf, off, len);
    finish(adLen, len);
    INT.set(buf, off + len, p0);
    INT.set(buf, off + len + 4, p1);
    INT.set(buf, off + len + 8, p2);
    INT.set(buf, off + len + 12, p3);
    return len + TAG_SIZE;
  }

  @Override
  public int decrypt(
      byte[] nonce, byte[] ad, int adOff, int adLen, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int ctLen = checkCiphertextLength(len);
    if (adLen > 0) {
      Objects.checkFromIndexSize(adOff, adLen, ad.length);
    }
    start(nonce);
    macAd(ad, adOff, adLen);
    mac(buf, off, ctLen);
    finish(adLen, ctLen);
    int t = off + ctLen;
    int diff =
        (p0 ^ (int) INT.get(buf, t))
            | (p1 ^ (int) INT.get(buf, t + 4))
            | (p2 ^ (int) INT.get(buf, t + 8))
            | (p3 ^ (int) INT.get(buf, t + 12));
    if (diff != 0) {
      throw ChaChaPolyBc.badTag();
    }
    xor(buf, off, ctLen);
    return ctLen;
  }

  @Override
  public int encrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    Objects.checkFromIndexSize(index, len, buf.limit());
    Objects.checkFromIndexSize(index + len, TAG_SIZE, buf.limit());
    if (buf.hasArray()) {
      return encrypt(nonce, null, 0, 0, buf.array(), buf.arrayOffset() + index, len);
    }
    start(nonce);
    xor(buf, index, len);
    mac(buf, index, len);
    finish(0, len);
    BB_INT.set(buf, index + len, p0);
    BB_INT.set(buf, index + len + 4, p1);
    BB_INT.set(buf, index + len + 8, p2);
    BB_INT.set(buf, index + len + 12, p3);
    return len + TAG_SIZE;
  }

  @Override
  public int decrypt(byte[] nonce, ByteBuffer buf, int index, int len) {
    Objects.checkFromIndexSize(index, len, buf.limit());
    int ctLen = checkCiphertextLength(len);
    if (buf.hasArray()) {
      return decrypt(nonce, null, 0, 0, buf.array(), buf.arrayOffset() + index, len);
    }
    start(nonce);
    mac(buf, index, ctLen);
    finish(0, ctLen);
    int t = index + ctLen;
    int diff =
        (p0 ^ (int) BB_INT.get(buf, t))
            | (p1 ^ (int) BB_INT.get(buf, t + 4))
            | (p2 ^ (int) BB_INT.get(buf, t + 8))
            | (p3 ^ (int) BB_INT.get(buf, t + 12));
    if (diff != 0) {
      throw ChaChaPolyBc.badTag();
    }
    xor(buf, index, ctLen);
    return ctLen;
  }

  @Override
  public String backend() {
    return "java";
  }

  @Override
  public void destroy() {
    k0 = k1 = k2 = k3 = k4 = k5 = k6 = k7 = 0;
    n0 = n1 = n2 = 0;
    r0 = r1 = s1 = 0;
    h0 = h1 = h2 = 0;
    p0 = p1 = p2 = p3 = 0;
    Arrays.fill(ks, 0);
    Arrays.fill(block, (byte) 0);
    wipeLanes(LANES);
    destroyed = true;
  }

  /** True once {@link #destroy()} ran and until a new key is set; for tests. */
  boolean isDestroyed() {
    long acc = k0 | k1 | k2 | k3 | k4 | k5 | k6 | k7 | n0 | n1 | n2 | p0 | p1 | p2 | p3;
    acc |= r0 | r1 | s1 | h0 | h1 | h2;
    for (int i = 0; i < 16; i++) {
      acc |= ks[i] | block[i];
    }
    return destroyed && acc == 0 && lanesWiped();
  }

  /** Whether the lanes exist; for tests. */
  boolean lanesAllocated() {
    return v0 != null;
  }

  /** Whether every lane holds zero (true when there are none); for tests. */
  boolean lanesWiped() {
    int acc = 0;
    for (int i = 0; v0 != null && i < LANES; i++) {
      acc |= v0[i] | v1[i] | v2[i] | v3[i] | v4[i] | v5[i] | v6[i] | v7[i];
      acc |= v8[i] | v9[i] | v10[i] | v11[i] | v12[i] | v13[i] | v14[i] | v15[i];
    }
    return acc == 0;
  }

  // ---------------------------------------------------------------------------------------------

  /** Loads the nonce and keys Poly1305 with the first 32 bytes of block 0. */
  private void start(byte[] nonce) {
    if (destroyed) {
      throw new IllegalStateException("cipher destroyed");
    }
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be 12 bytes");
    }
    n0 = (int) INT.get(nonce, 0);
    n1 = (int) INT.get(nonce, 4);
    n2 = (int) INT.get(nonce, 8);
    keyStream(0);
    // r, clamped (RFC 8439 §2.5), as two 64-bit words; s1 = 5 r1 / 4 (r1 is a multiple of 4).
    r0 = ((ks[0] & 0xffffffffL) | ((long) ks[1] << 32)) & 0x0ffffffc0fffffffL;
    r1 = ((ks[2] & 0xffffffffL) | ((long) ks[3] << 32)) & 0x0ffffffc0ffffffcL;
    s1 = r1 + (r1 >>> 2);
    p0 = ks[4];
    p1 = ks[5];
    p2 = ks[6];
    p3 = ks[7];
    h0 = h1 = h2 = 0;
    Arrays.fill(ks, 0);
  }

  /** Key stream block {@code ctr} into {@link #ks}. */
  private void keyStream(int ctr) {
    final int k0 = this.k0, k1 = this.k1, k2 = this.k2, k3 = this.k3;
    final int k4 = this.k4, k5 = this.k5, k6 = this.k6, k7 = this.k7;
    final int n0 = this.n0, n1 = this.n1, n2 = this.n2;
    int x0 = C0;
    int x1 = C1;
    int x2 = C2;
    int x3 = C3;
    int x4 = k0;
    int x5 = k1;
    int x6 = k2;
    int x7 = k3;
    int x8 = k4;
    int x9 = k5;
    int x10 = k6;
    int x11 = k7;
    int x12 = ctr;
    int x13 = n0;
    int x14 = n1;
    int x15 = n2;
    for (int i = 0; i < 10; i++) {
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 16);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 8);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 7);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 16);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 8);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 7);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 16);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 8);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 7);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 16);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 8);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 7);
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 16);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 8);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 7);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 16);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 8);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 7);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 16);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 8);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 7);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 16);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 8);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    final int[] ks = this.ks;
    ks[0] = x0 + C0;
    ks[1] = x1 + C1;
    ks[2] = x2 + C2;
    ks[3] = x3 + C3;
    ks[4] = x4 + k0;
    ks[5] = x5 + k1;
    ks[6] = x6 + k2;
    ks[7] = x7 + k3;
    ks[8] = x8 + k4;
    ks[9] = x9 + k5;
    ks[10] = x10 + k6;
    ks[11] = x11 + k7;
    ks[12] = x12 + ctr;
    ks[13] = x13 + n0;
    ks[14] = x14 + n1;
    ks[15] = x15 + n2;
  }

  /** Key stream blocks {@code ctr .. ctr+n-1} into {@code v0..v15} (final addition included). */
  private void lanes(int ctr, int n) {
    final int k0 = this.k0, k1 = this.k1, k2 = this.k2, k3 = this.k3;
    final int k4 = this.k4, k5 = this.k5, k6 = this.k6, k7 = this.k7;
    final int n0 = this.n0, n1 = this.n1, n2 = this.n2;
    final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3, v4 = this.v4, v5 = this.v5;
    final int[] v6 = this.v6, v7 = this.v7, v8 = this.v8, v9 = this.v9, v10 = this.v10;
    final int[] v11 = this.v11, v12 = this.v12, v13 = this.v13, v14 = this.v14, v15 = this.v15;
    for (int j = 0; j < n; j++) {
      v0[j] = C0;
      v1[j] = C1;
      v2[j] = C2;
      v3[j] = C3;
      v4[j] = k0;
      v5[j] = k1;
      v6[j] = k2;
      v7[j] = k3;
      v8[j] = k4;
      v9[j] = k5;
      v10[j] = k6;
      v11[j] = k7;
      v12[j] = ctr + j;
      v13[j] = n0;
      v14[j] = n1;
      v15[j] = n2;
    }
    if (n <= 16) {
      doubleRounds(n);
    } else {
      for (int i = 0; i < 10; i++) {
        quarters(v0, v4, v8, v12, v1, v5, v9, v13, n);
        quarters(v2, v6, v10, v14, v3, v7, v11, v15, n);
        quarters(v0, v5, v10, v15, v1, v6, v11, v12, n);
        quarters(v2, v7, v8, v13, v3, v4, v9, v14, n);
      }
    }
    for (int j = 0; j < n; j++) {
      v0[j] += C0;
      v1[j] += C1;
      v2[j] += C2;
      v3[j] += C3;
      v4[j] += k0;
      v5[j] += k1;
      v6[j] += k2;
      v7[j] += k3;
      v8[j] += k4;
      v9[j] += k5;
      v10[j] += k6;
      v11[j] += k7;
      v12[j] += ctr + j;
      v13[j] += n0;
      v14[j] += n1;
      v15[j] += n2;
    }
  }

  /**
   * The 20 rounds on lanes {@code [0, n)}, one double round per pass: for at most 16 blocks, where
   * HotSpot's vector loop covers few lanes and its scalar pre- and post-loops dominate, each pass then
   * does eight quarter rounds per lane and loads and stores each word once.
   */
  private void doubleRounds(int n) {
    final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3, v4 = this.v4, v5 = this.v5;
    final int[] v6 = this.v6, v7 = this.v7, v8 = this.v8, v9 = this.v9, v10 = this.v10;
    final int[] v11 = this.v11, v12 = this.v12, v13 = this.v13, v14 = this.v14, v15 = this.v15;
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < n; j++) {
        int x0 = v0[j];
        int x1 = v1[j];
        int x2 = v2[j];
        int x3 = v3[j];
        int x4 = v4[j];
        int x5 = v5[j];
        int x6 = v6[j];
        int x7 = v7[j];
        int x8 = v8[j];
        int x9 = v9[j];
        int x10 = v10[j];
        int x11 = v11[j];
        int x12 = v12[j];
        int x13 = v13[j];
        int x14 = v14[j];
        int x15 = v15[j];
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 16);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 12);
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 8);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 7);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 16);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 12);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 8);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 7);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 16);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 12);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 8);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 7);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 16);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 12);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 8);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 7);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 16);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 12);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 8);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 7);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 16);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 12);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 8);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 7);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 16);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 12);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 8);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 7);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 16);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 12);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 8);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 7);
        v0[j] = x0;
        v1[j] = x1;
        v2[j] = x2;
        v3[j] = x3;
        v4[j] = x4;
        v5[j] = x5;
        v6[j] = x6;
        v7[j] = x7;
        v8[j] = x8;
        v9[j] = x9;
        v10[j] = x10;
        v11[j] = x11;
        v12[j] = x12;
        v13[j] = x13;
        v14[j] = x14;
        v15[j] = x15;
      }
    }
  }

  /**
   * Two independent quarter rounds, on words {@code (a, b, c, d)} and {@code (e, f, g, h)} of lanes
   * {@code [0, n)}: a loop body small enough for HotSpot to unroll and vectorize, large enough to keep
   * two dependency chains in flight (AeadBenchmark; it beat one quarter round and a full column round
   * per loop on AVX2).
   */
  private static void quarters(
      int[] a, int[] b, int[] c, int[] d, int[] e, int[] f, int[] g, int[] h, int n) {
    for (int j = 0; j < n; j++) {
      int x = a[j] + b[j];
      int w = Integer.rotateLeft(d[j] ^ x, 16);
      int y = c[j] + w;
      int z = Integer.rotateLeft(b[j] ^ y, 12);
      x += z;
      w = Integer.rotateLeft(w ^ x, 8);
      y += w;
      z = Integer.rotateLeft(z ^ y, 7);
      a[j] = x;
      b[j] = z;
      c[j] = y;
      d[j] = w;
      int x2 = e[j] + f[j];
      int w2 = Integer.rotateLeft(h[j] ^ x2, 16);
      int y2 = g[j] + w2;
      int z2 = Integer.rotateLeft(f[j] ^ y2, 12);
      x2 += z2;
      w2 = Integer.rotateLeft(w2 ^ x2, 8);
      y2 += w2;
      z2 = Integer.rotateLeft(z2 ^ y2, 7);
      e[j] = x2;
      f[j] = z2;
      g[j] = y2;
      h[j] = w2;
    }
  }

  private void ensureLanes() {
    if (v0 == null) {
      v0 = new int[LANES];
      v1 = new int[LANES];
      v2 = new int[LANES];
      v3 = new int[LANES];
      v4 = new int[LANES];
      v5 = new int[LANES];
      v6 = new int[LANES];
      v7 = new int[LANES];
      v8 = new int[LANES];
      v9 = new int[LANES];
      v10 = new int[LANES];
      v11 = new int[LANES];
      v12 = new int[LANES];
      v13 = new int[LANES];
      v14 = new int[LANES];
      v15 = new int[LANES];
    }
  }

  /** Zeroes lanes {@code [0, used)} of every word, if the lanes exist. */
  private void wipeLanes(int used) {
    if (v0 == null) {
      return;
    }
    Arrays.fill(v0, 0, used, 0);
    Arrays.fill(v1, 0, used, 0);
    Arrays.fill(v2, 0, used, 0);
    Arrays.fill(v3, 0, used, 0);
    Arrays.fill(v4, 0, used, 0);
    Arrays.fill(v5, 0, used, 0);
    Arrays.fill(v6, 0, used, 0);
    Arrays.fill(v7, 0, used, 0);
    Arrays.fill(v8, 0, used, 0);
    Arrays.fill(v9, 0, used, 0);
    Arrays.fill(v10, 0, used, 0);
    Arrays.fill(v11, 0, used, 0);
    Arrays.fill(v12, 0, used, 0);
    Arrays.fill(v13, 0, used, 0);
    Arrays.fill(v14, 0, used, 0);
    Arrays.fill(v15, 0, used, 0);
  }

  /** XORs the key stream from block 1 on into {@code b[off, off+len)}. */
  private void xor(byte[] b, int off, int len) {
    final int k0 = this.k0, k1 = this.k1, k2 = this.k2, k3 = this.k3;
    final int k4 = this.k4, k5 = this.k5, k6 = this.k6, k7 = this.k7;
    final int n0 = this.n0, n1 = this.n1, n2 = this.n2;
    int ctr = 1;
    if (len >= 64 * MIN_LANES) {
      ensureLanes();
      int used = Math.min(LANES, len >>> 6); // the first round of lanes is the widest
      for (int n; len >= 64 * MIN_LANES; len -= 64 * n, off += 64 * n, ctr += n) {
        n = Math.min(LANES, len >>> 6);
        lanes(ctr, n);
        final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3, v4 = this.v4;
        final int[] v5 = this.v5, v6 = this.v6, v7 = this.v7, v8 = this.v8, v9 = this.v9;
        final int[] v10 = this.v10, v11 = this.v11, v12 = this.v12, v13 = this.v13;
        final int[] v14 = this.v14, v15 = this.v15;
        for (int j = 0; j < n; j++) {
          int p = off + 64 * j;
          LONG.set(b, p + 0, (long) LONG.get(b, p + 0) ^ pair(v0[j], v1[j]));
          LONG.set(b, p + 8, (long) LONG.get(b, p + 8) ^ pair(v2[j], v3[j]));
          LONG.set(b, p + 16, (long) LONG.get(b, p + 16) ^ pair(v4[j], v5[j]));
          LONG.set(b, p + 24, (long) LONG.get(b, p + 24) ^ pair(v6[j], v7[j]));
          LONG.set(b, p + 32, (long) LONG.get(b, p + 32) ^ pair(v8[j], v9[j]));
          LONG.set(b, p + 40, (long) LONG.get(b, p + 40) ^ pair(v10[j], v11[j]));
          LONG.set(b, p + 48, (long) LONG.get(b, p + 48) ^ pair(v12[j], v13[j]));
          LONG.set(b, p + 56, (long) LONG.get(b, p + 56) ^ pair(v14[j], v15[j]));
        }
      }
      wipeLanes(used);
    }
    for (int end = off + (len & ~63); off < end; off += 64, ctr++) {
      int x0 = C0;
      int x1 = C1;
      int x2 = C2;
      int x3 = C3;
      int x4 = k0;
      int x5 = k1;
      int x6 = k2;
      int x7 = k3;
      int x8 = k4;
      int x9 = k5;
      int x10 = k6;
      int x11 = k7;
      int x12 = ctr;
      int x13 = n0;
      int x14 = n1;
      int x15 = n2;
      for (int i = 0; i < 10; i++) {
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 16);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 12);
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 8);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 7);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 16);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 12);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 8);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 7);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 16);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 12);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 8);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 7);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 16);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 12);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 8);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 7);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 16);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 12);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 8);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 7);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 16);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 12);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 8);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 7);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 16);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 12);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 8);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 7);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 16);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 12);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 8);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 7);
      }
      INT.set(b, off + 0, (int) INT.get(b, off + 0) ^ (x0 + C0));
      INT.set(b, off + 4, (int) INT.get(b, off + 4) ^ (x1 + C1));
      INT.set(b, off + 8, (int) INT.get(b, off + 8) ^ (x2 + C2));
      INT.set(b, off + 12, (int) INT.get(b, off + 12) ^ (x3 + C3));
      INT.set(b, off + 16, (int) INT.get(b, off + 16) ^ (x4 + k0));
      INT.set(b, off + 20, (int) INT.get(b, off + 20) ^ (x5 + k1));
      INT.set(b, off + 24, (int) INT.get(b, off + 24) ^ (x6 + k2));
      INT.set(b, off + 28, (int) INT.get(b, off + 28) ^ (x7 + k3));
      INT.set(b, off + 32, (int) INT.get(b, off + 32) ^ (x8 + k4));
      INT.set(b, off + 36, (int) INT.get(b, off + 36) ^ (x9 + k5));
      INT.set(b, off + 40, (int) INT.get(b, off + 40) ^ (x10 + k6));
      INT.set(b, off + 44, (int) INT.get(b, off + 44) ^ (x11 + k7));
      INT.set(b, off + 48, (int) INT.get(b, off + 48) ^ (x12 + ctr));
      INT.set(b, off + 52, (int) INT.get(b, off + 52) ^ (x13 + n0));
      INT.set(b, off + 56, (int) INT.get(b, off + 56) ^ (x14 + n1));
      INT.set(b, off + 60, (int) INT.get(b, off + 60) ^ (x15 + n2));
    }
    int rem = len & 63;
    if (rem > 0) {
      keyStream(ctr);
      int i = 0;
      for (; rem >= 4; i++, off += 4, rem -= 4) {
        INT.set(b, off, (int) INT.get(b, off) ^ ks[i]);
      }
      for (int w = ks[i]; rem > 0; rem--, off++, w >>>= 8) {
        b[off] ^= (byte) w;
      }
      Arrays.fill(ks, 0);
    }
  }

  /** As {@link #xor(byte[], int, int)} on absolute indices of a buffer. */
  private void xor(ByteBuffer b, int off, int len) {
    final int k0 = this.k0, k1 = this.k1, k2 = this.k2, k3 = this.k3;
    final int k4 = this.k4, k5 = this.k5, k6 = this.k6, k7 = this.k7;
    final int n0 = this.n0, n1 = this.n1, n2 = this.n2;
    int ctr = 1;
    if (len >= 64 * MIN_LANES) {
      ensureLanes();
      int used = Math.min(LANES, len >>> 6); // the first round of lanes is the widest
      for (int n; len >= 64 * MIN_LANES; len -= 64 * n, off += 64 * n, ctr += n) {
        n = Math.min(LANES, len >>> 6);
        lanes(ctr, n);
        final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3, v4 = this.v4;
        final int[] v5 = this.v5, v6 = this.v6, v7 = this.v7, v8 = this.v8, v9 = this.v9;
        final int[] v10 = this.v10, v11 = this.v11, v12 = this.v12, v13 = this.v13;
        final int[] v14 = this.v14, v15 = this.v15;
        for (int j = 0; j < n; j++) {
          int p = off + 64 * j;
          BB_LONG.set(b, p + 0, (long) BB_LONG.get(b, p + 0) ^ pair(v0[j], v1[j]));
          BB_LONG.set(b, p + 8, (long) BB_LONG.get(b, p + 8) ^ pair(v2[j], v3[j]));
          BB_LONG.set(b, p + 16, (long) BB_LONG.get(b, p + 16) ^ pair(v4[j], v5[j]));
          BB_LONG.set(b, p + 24, (long) BB_LONG.get(b, p + 24) ^ pair(v6[j], v7[j]));
          BB_LONG.set(b, p + 32, (long) BB_LONG.get(b, p + 32) ^ pair(v8[j], v9[j]));
          BB_LONG.set(b, p + 40, (long) BB_LONG.get(b, p + 40) ^ pair(v10[j], v11[j]));
          BB_LONG.set(b, p + 48, (long) BB_LONG.get(b, p + 48) ^ pair(v12[j], v13[j]));
          BB_LONG.set(b, p + 56, (long) BB_LONG.get(b, p + 56) ^ pair(v14[j], v15[j]));
        }
      }
      wipeLanes(used);
    }
    for (int end = off + (len & ~63); off < end; off += 64, ctr++) {
      int x0 = C0;
      int x1 = C1;
      int x2 = C2;
      int x3 = C3;
      int x4 = k0;
      int x5 = k1;
      int x6 = k2;
      int x7 = k3;
      int x8 = k4;
      int x9 = k5;
      int x10 = k6;
      int x11 = k7;
      int x12 = ctr;
      int x13 = n0;
      int x14 = n1;
      int x15 = n2;
      for (int i = 0; i < 10; i++) {
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 16);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 12);
        x0 += x4;
        x12 = Integer.rotateLeft(x12 ^ x0, 8);
        x8 += x12;
        x4 = Integer.rotateLeft(x4 ^ x8, 7);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 16);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 12);
        x1 += x5;
        x13 = Integer.rotateLeft(x13 ^ x1, 8);
        x9 += x13;
        x5 = Integer.rotateLeft(x5 ^ x9, 7);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 16);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 12);
        x2 += x6;
        x14 = Integer.rotateLeft(x14 ^ x2, 8);
        x10 += x14;
        x6 = Integer.rotateLeft(x6 ^ x10, 7);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 16);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 12);
        x3 += x7;
        x15 = Integer.rotateLeft(x15 ^ x3, 8);
        x11 += x15;
        x7 = Integer.rotateLeft(x7 ^ x11, 7);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 16);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 12);
        x0 += x5;
        x15 = Integer.rotateLeft(x15 ^ x0, 8);
        x10 += x15;
        x5 = Integer.rotateLeft(x5 ^ x10, 7);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 16);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 12);
        x1 += x6;
        x12 = Integer.rotateLeft(x12 ^ x1, 8);
        x11 += x12;
        x6 = Integer.rotateLeft(x6 ^ x11, 7);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 16);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 12);
        x2 += x7;
        x13 = Integer.rotateLeft(x13 ^ x2, 8);
        x8 += x13;
        x7 = Integer.rotateLeft(x7 ^ x8, 7);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 16);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 12);
        x3 += x4;
        x14 = Integer.rotateLeft(x14 ^ x3, 8);
        x9 += x14;
        x4 = Integer.rotateLeft(x4 ^ x9, 7);
      }
      BB_INT.set(b, off + 0, (int) BB_INT.get(b, off + 0) ^ (x0 + C0));
      BB_INT.set(b, off + 4, (int) BB_INT.get(b, off + 4) ^ (x1 + C1));
      BB_INT.set(b, off + 8, (int) BB_INT.get(b, off + 8) ^ (x2 + C2));
      BB_INT.set(b, off + 12, (int) BB_INT.get(b, off + 12) ^ (x3 + C3));
      BB_INT.set(b, off + 16, (int) BB_INT.get(b, off + 16) ^ (x4 + k0));
      BB_INT.set(b, off + 20, (int) BB_INT.get(b, off + 20) ^ (x5 + k1));
      BB_INT.set(b, off + 24, (int) BB_INT.get(b, off + 24) ^ (x6 + k2));
      BB_INT.set(b, off + 28, (int) BB_INT.get(b, off + 28) ^ (x7 + k3));
      BB_INT.set(b, off + 32, (int) BB_INT.get(b, off + 32) ^ (x8 + k4));
      BB_INT.set(b, off + 36, (int) BB_INT.get(b, off + 36) ^ (x9 + k5));
      BB_INT.set(b, off + 40, (int) BB_INT.get(b, off + 40) ^ (x10 + k6));
      BB_INT.set(b, off + 44, (int) BB_INT.get(b, off + 44) ^ (x11 + k7));
      BB_INT.set(b, off + 48, (int) BB_INT.get(b, off + 48) ^ (x12 + ctr));
      BB_INT.set(b, off + 52, (int) BB_INT.get(b, off + 52) ^ (x13 + n0));
      BB_INT.set(b, off + 56, (int) BB_INT.get(b, off + 56) ^ (x14 + n1));
      BB_INT.set(b, off + 60, (int) BB_INT.get(b, off + 60) ^ (x15 + n2));
    }
    int rem = len & 63;
    if (rem > 0) {
      keyStream(ctr);
      int i = 0;
      for (; rem >= 4; i++, off += 4, rem -= 4) {
        BB_INT.set(b, off, (int) BB_INT.get(b, off) ^ ks[i]);
      }
      for (int w = ks[i]; rem > 0; rem--, off++, w >>>= 8) {
        b.put(off, (byte) (b.get(off) ^ w));
      }
      Arrays.fill(ks, 0);
    }
  }

  private void macAd(byte[] ad, int adOff, int adLen) {
    if (adLen > 0) {
      mac(ad, adOff, adLen);
    }
  }

  /** MACs {@code m[off, off+len)}, zero-padded to a multiple of 16. */
  private void mac(byte[] m, int off, int len) {
    int full = len & ~15;
    if (full > 0) {
      blocks(m, off, full);
    }
    int rem = len & 15;
    if (rem > 0) {
      System.arraycopy(m, off + full, block, 0, rem);
      Arrays.fill(block, rem, 16, (byte) 0);
      blocks(block, 0, 16);
    }
  }

  /** As {@link #mac(byte[], int, int)} on absolute indices of a buffer. */
  private void mac(ByteBuffer m, int off, int len) {
    int full = len & ~15;
    if (full > 0) {
      blocks(m, off, full);
    }
    int rem = len & 15;
    if (rem > 0) {
      m.get(off + full, block, 0, rem);
      Arrays.fill(block, rem, 16, (byte) 0);
      blocks(block, 0, 16);
    }
  }

  /** Feeds the lengths block and computes the tag into {@code p0..p3}. */
  private void finish(int adLen, int ctLen) {
    LONG.set(block, 0, (long) adLen);
    LONG.set(block, 8, (long) ctLen);
    blocks(block, 0, 16);
    Arrays.fill(block, (byte) 0);

    long h0 = this.h0, h1 = this.h1, h2 = this.h2;
    // h < 2p here; g = h + 5 - 2^130 replaces h if it does not go negative, in constant time.
    long g0 = h0 + 5;
    long c = carry(h0, 5, g0);
    long g1 = h1 + c;
    c = carry(h1, c, g1);
    long g2 = h2 + c;
    long useG = -(g2 >>> 2);
    h0 = (h0 & ~useG) | (g0 & useG);
    h1 = (h1 & ~useG) | (g1 & useG);
    // + s mod 2^128.
    long s0 = (p0 & 0xffffffffL) | ((long) p1 << 32);
    long s1 = (p2 & 0xffffffffL) | ((long) p3 << 32);
    long t0 = h0 + s0;
    long t1 = h1 + s1 + carry(h0, s0, t0);
    p0 = (int) t0;
    p1 = (int) (t0 >>> 32);
    p2 = (int) t1;
    p3 = (int) (t1 >>> 32);
    this.h0 = this.h1 = this.h2 = 0;
  }

  /** Poly1305 over full 16-byte blocks {@code m[off, off+len)}, {@code len} a multiple of 16. */
  private void blocks(byte[] m, int off, int len) {
    final long r0 = this.r0, r1 = this.r1, s1 = this.s1;
    long h0 = this.h0, h1 = this.h1, h2 = this.h2;
    for (int end = off + len; off < end; off += 16) {
      long m0 = (long) LONG.get(m, off);
      long m1 = (long) LONG.get(m, off + 8);
      long t = h0 + m0;
      long c = carry(h0, m0, t);
      h0 = t;
      t = h1 + m1;
      long c1 = carry(h1, m1, t);
      long u = t + c;
      c1 += smallCarry(t, u);
      h1 = u;
      h2 += c1 + 1;
      // d0 = h0 r0 + h1 s1, d1 = h0 r1 + h1 r0 + h2 s1, d2 = h2 r0
      // (mod p, 2^128 r1 = 2^130 r1/4 = 5 r1/4 = s1).
      long a = h0 * r0;
      long b = h1 * s1;
      long d0 = a + b;
      long d0h =
          Math.multiplyHigh(h0, r0) + ((h0 >> 63) & r0)
              + Math.multiplyHigh(h1, s1) + ((h1 >> 63) & s1)
              + carry(a, b, d0);
      a = h0 * r1;
      b = h1 * r0;
      long d1 = a + b;
      long d1h =
          Math.multiplyHigh(h0, r1) + ((h0 >> 63) & r1)
              + Math.multiplyHigh(h1, r0) + ((h1 >> 63) & r0)
              + carry(a, b, d1);
      a = d1;
      b = h2 * s1; // h2 <= 6 here and s1 < 1.25 * 2^60: b < 2^63
      d1 = a + b;
      d1h += smallCarry(a, d1);
      long d2 = h2 * r0;
      h0 = d0;
      a = d1;
      d1 = a + d0h; // d0h < 2^62 (r0 < 2^60, s1 < 2^61)
      c = smallCarry(a, d1);
      h1 = d1;
      h2 = d2 + d1h + c;
      // Partial reduction: bits from 2^130 up times 5 back into h0.
      c = (h2 & ~3L) + (h2 >>> 2);
      h2 &= 3;
      t = h0 + c;
      c = carry(h0, c, t);
      h0 = t;
      t = h1 + c;
      c = smallCarry(h1, t);
      h1 = t;
      h2 += c;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
  }

  /** As {@link #blocks(byte[], int, int)} on absolute indices of a buffer. */
  private void blocks(ByteBuffer m, int off, int len) {
    final long r0 = this.r0, r1 = this.r1, s1 = this.s1;
    long h0 = this.h0, h1 = this.h1, h2 = this.h2;
    for (int end = off + len; off < end; off += 16) {
      long m0 = (long) BB_LONG.get(m, off);
      long m1 = (long) BB_LONG.get(m, off + 8);
      long t = h0 + m0;
      long c = carry(h0, m0, t);
      h0 = t;
      t = h1 + m1;
      long c1 = carry(h1, m1, t);
      long u = t + c;
      c1 += smallCarry(t, u);
      h1 = u;
      h2 += c1 + 1;
      // d0 = h0 r0 + h1 s1, d1 = h0 r1 + h1 r0 + h2 s1, d2 = h2 r0
      // (mod p, 2^128 r1 = 2^130 r1/4 = 5 r1/4 = s1).
      long a = h0 * r0;
      long b = h1 * s1;
      long d0 = a + b;
      long d0h =
          Math.multiplyHigh(h0, r0) + ((h0 >> 63) & r0)
              + Math.multiplyHigh(h1, s1) + ((h1 >> 63) & s1)
              + carry(a, b, d0);
      a = h0 * r1;
      b = h1 * r0;
      long d1 = a + b;
      long d1h =
          Math.multiplyHigh(h0, r1) + ((h0 >> 63) & r1)
              + Math.multiplyHigh(h1, r0) + ((h1 >> 63) & r0)
              + carry(a, b, d1);
      a = d1;
      b = h2 * s1; // h2 <= 6 here and s1 < 1.25 * 2^60: b < 2^63
      d1 = a + b;
      d1h += smallCarry(a, d1);
      long d2 = h2 * r0;
      h0 = d0;
      a = d1;
      d1 = a + d0h; // d0h < 2^62 (r0 < 2^60, s1 < 2^61)
      c = smallCarry(a, d1);
      h1 = d1;
      h2 = d2 + d1h + c;
      // Partial reduction: bits from 2^130 up times 5 back into h0.
      c = (h2 & ~3L) + (h2 >>> 2);
      h2 &= 3;
      t = h0 + c;
      c = carry(h0, c, t);
      h0 = t;
      t = h1 + c;
      c = smallCarry(h1, t);
      h1 = t;
      h2 += c;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
  }

  /**
   * Two consecutive key-stream words as the little-endian long they make: the lane XOR then reads and
   * writes the message eight bytes at a time (AVX2: about 20 % less time for that loop than four).
   */
  private static long pair(int lo, int hi) {
    return (lo & 0xffffffffL) | ((long) hi << 32);
  }

  /** The carry out of the unsigned sum {@code s = a + b}. */
  private static long carry(long a, long b, long s) {
    return ((a & b) | ((a | b) & ~s)) >>> 63;
  }

  /**
   * The carry out of the unsigned sum {@code s = a + b} for {@code 0 <= b < 2^63}: then the sum wraps
   * exactly when {@code a} has its top bit set and {@code s} has not. Two operations instead of five.
   */
  private static long smallCarry(long a, long s) {
    return (a & ~s) >>> 63;
  }

  private static int checkCiphertextLength(int len) {
    if (len < TAG_SIZE) {
      throw NoiseException.of(
          NoiseException.Kind.WRONG_MESSAGE_LENGTH, "ciphertext shorter than the 16-byte tag");
    }
    return len - TAG_SIZE;
  }
}
