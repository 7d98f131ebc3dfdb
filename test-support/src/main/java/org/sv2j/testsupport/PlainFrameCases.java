package org.sv2j.testsupport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cases of {@code sv2_reference_plain_frames.json}: plaintext frames the Rust reference encoded, with
 * their payloads rebuilt from the file (hex, or the {@code (i + seed) mod 251} pattern for big ones).
 */
public final class PlainFrameCases {
  /** One positive case: the reference's input and the bytes it produced. */
  public record Case(
      String name,
      int extensionType,
      boolean channelMsg,
      int msgType,
      byte[] payload,
      String payloadSha256,
      String headerHex,
      String encodedHex,
      String encodedSha256,
      int encodedLength) {

    /** Whether the file gives the whole encoding (small cases) or only its SHA-256. */
    public boolean hasEncodedBytes() {
      return encodedHex != null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The negative case: a payload length the reference refuses to frame. */
  public record Negative(String name, int extensionType, boolean channelMsg, int msgType, int payloadLength) {}

  private static final String FILE = "sv2_reference_plain_frames.json";

  private PlainFrameCases() {}

  /** All positive cases, in file order. */
  public static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (Object o : Json.array(Vectors.json(FILE).get("cases"))) {
      Map<String, Object> c = Json.object(o);
      Map<String, Object> in = Json.object(c.get("input"));
      Map<String, Object> p = Json.object(in.get("payload"));
      Map<String, Object> ex = Json.object(c.get("expected"));
      int len = ((Long) p.get("len")).intValue();
      byte[] payload;
      if (p.containsKey("hex")) {
        payload = Hex.decode((String) p.get("hex"));
      } else {
        Map<String, Object> pattern = Json.object(p.get("pattern"));
        if (!"payload[i] = (i + seed) mod 251".equals(pattern.get("rule"))) {
          throw new IllegalStateException("unknown payload rule in " + c.get("name"));
        }
        int seed = ((Long) pattern.get("seed")).intValue();
        payload = new byte[len];
        for (int i = 0; i < len; i++) {
          payload[i] = (byte) ((i + seed) % 251);
        }
      }
      if (payload.length != len || !sha256Hex(payload).equals(p.get("sha256"))) {
        throw new IllegalStateException("payload of " + c.get("name") + " does not match its length/SHA-256");
      }
      out.add(
          new Case(
              (String) c.get("name"),
              ((Long) in.get("extension_type")).intValue(),
              (Boolean) in.get("channel_msg"),
              ((Long) in.get("msg_type")).intValue(),
              payload,
              (String) p.get("sha256"),
              (String) ex.get("header_hex"),
              (String) ex.get("encoded_hex"),
              (String) ex.get("encoded_sha256"),
              ((Long) ex.get("encoded_len")).intValue()));
    }
    return out;
  }

  /** The negative cases. */
  public static List<Negative> negatives() {
    List<Negative> out = new ArrayList<>();
    for (Object o : Json.array(Vectors.json(FILE).get("negative_cases"))) {
      Map<String, Object> c = Json.object(o);
      Map<String, Object> in = Json.object(c.get("input"));
      Map<String, Object> p = Json.object(in.get("payload"));
      out.add(
          new Negative(
              (String) c.get("name"),
              ((Long) in.get("extension_type")).intValue(),
              (Boolean) in.get("channel_msg"),
              ((Long) in.get("msg_type")).intValue(),
              ((Long) p.get("len")).intValue()));
    }
    return out;
  }

  /** Lower-case hex SHA-256 of {@code bytes[off, off + len)}. */
  public static String sha256Hex(byte[] bytes, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, off, len);
      return Hex.encode(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return sha256Hex(bytes, 0, bytes.length);
  }
}
