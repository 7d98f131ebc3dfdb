package org.sv2j.noise.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseException.Reason;

/**
 * Base58 (Bitcoin alphabet) and Base58Check (payload ‖ first 4 bytes of SHA256(SHA256(payload))).
 * Leading zero bytes map to leading {@code '1'} characters. Quadratic, meant for key-sized inputs.
 *
 * <p>Decoding errors are {@link NoiseException} of kind INVALID_KEY_ENCODING with reason
 * BAD_BASE58_CHARACTER (with the 0-based position, never the string) or BAD_CHECKSUM. Nothing is
 * trimmed: surrounding whitespace is a bad character.
 */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    // log(256)/log(58) < 1.37: enough base-58 digits for the rest
    byte[] digits = new byte[(input.length - zeros) * 137 / 100 + 1];
    int used = 0;
    for (int i = zeros; i < input.length; i++) {
      int carry = input[i] & 0xff;
      for (int j = 0; j < used; j++) {
        carry += (digits[j] & 0xff) << 8;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[used++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    StringBuilder sb = new StringBuilder(zeros + used);
    for (int i = 0; i < zeros; i++) {
      sb.append('1');
    }
    for (int i = used - 1; i >= 0; i--) {
      sb.append(ALPHABET[digits[i]]);
    }
    return sb.toString();
  }

  public static byte[] decode(String input) {
    int zeros = 0;
    while (zeros < input.length() && input.charAt(zeros) == '1') {
      zeros++;
    }
    byte[] bytes = new byte[(input.length() - zeros) * 733 / 1000 + 1]; // log(58)/log(256) < 0.733
    int used = 0;
    for (int i = zeros; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw NoiseException.keyEncoding(
            Reason.BAD_BASE58_CHARACTER, "not a base58 character at position " + i);
      }
      int carry = digit;
      for (int j = 0; j < used; j++) {
        carry += (bytes[j] & 0xff) * 58;
        bytes[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        bytes[used++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + used];
    for (int i = 0; i < used; i++) {
      out[zeros + i] = bytes[used - 1 - i];
    }
    return out;
  }

  public static String encodeCheck(byte[] payload) {
    byte[] withSum = Arrays.copyOf(payload, payload.length + 4);
    System.arraycopy(checksum(payload, payload.length), 0, withSum, payload.length, 4);
    try {
      return encode(withSum);
    } finally {
      Arrays.fill(withSum, (byte) 0);
    }
  }

  /** The payload of a Base58Check string. */
  public static byte[] decodeCheck(String input) {
    byte[] raw = decode(input);
    try {
      if (raw.length < 4) {
        throw NoiseException.keyEncoding(Reason.BAD_CHECKSUM, "base58check string too short");
      }
      int n = raw.length - 4;
      byte[] sum = checksum(raw, n);
      int diff = 0;
      for (int i = 0; i < 4; i++) {
        diff |= sum[i] ^ raw[n + i];
      }
      if (diff != 0) {
        throw NoiseException.keyEncoding(Reason.BAD_CHECKSUM, "base58check checksum mismatch");
      }
      return Arrays.copyOf(raw, n);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static byte[] checksum(byte[] data, int len) {
    SHA256Digest d = new SHA256Digest();
    byte[] h = new byte[32];
    d.update(data, 0, len);
    d.doFinal(h, 0);
    d.update(h, 0, 32);
    d.doFinal(h, 0);
    return Arrays.copyOf(h, 4);
  }
}
