package org.sv2j.codec;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.RandomSource;
import org.sv2j.noise.Responder;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.PlainFrameCases;
import org.sv2j.testsupport.Vectors;

/**
 * Transcript hs1 of {@code sv2_reference_handshake.json}: the reference's deterministic handshake replayed
 * with its fixed randomness and clocks, and its transport frames.
 */
final class Hs1 {
  /** One transport frame of the transcript. */
  record TransportFrame(
      int index,
      boolean fromInitiator,
      int extensionType,
      boolean channelMsg,
      int msgType,
      byte[] payload,
      byte[] ciphertext,
      String encryptedHeaderHex,
      List<Integer> chunkLengths) {

    Sv2Frame frame() {
      return Sv2Frame.fromPayload(extensionType, msgType, channelMsg, payload);
    }
  }

  /** Both ends of a completed handshake. */
  record Sessions(NoiseSession initiator, NoiseSession responder, byte[] msg0, byte[] msg1) {}

  static final Map<String, Object> ROOT =
      Json.object(Json.array(Vectors.json("sv2_reference_handshake.json").get("transcripts")).get(0));
  static final Map<String, Object> FIXED = Json.object(ROOT.get("fixed_inputs"));
  static final Map<String, Object> HANDSHAKE = Json.object(ROOT.get("handshake"));

  private Hs1() {}

  static byte[] hex(Map<String, Object> m, String k) {
    return Hex.decode((String) m.get(k));
  }

  static long number(String k) {
    return (Long) FIXED.get(k);
  }

  static byte[] rng(String key) {
    return hex(Json.object(FIXED.get(key)), "rng_bytes");
  }

  static RandomSource scripted(byte[]... draws) {
    Deque<byte[]> q = new ArrayDeque<>(List.of(draws));
    return bytes -> {
      byte[] next = q.poll();
      if (next == null || next.length != bytes.length) {
        throw new AssertionError("unscripted draw of " + bytes.length + " bytes");
      }
      System.arraycopy(next, 0, bytes, 0, bytes.length);
    };
  }

  static Clock at(long epochSeconds) {
    return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
  }

  static byte[] authorityPublic() {
    return hex(FIXED, "authority_xonly_public_key");
  }

  static Initiator initiator() {
    return Initiator.builder(authorityPublic())
        .random(scripted(rng("initiator_ephemeral")))
        .clock(at(number("initiator_now")))
        .build();
  }

  static Responder responder() {
    return Responder.builder(
            authorityPublic(),
            hex(FIXED, "authority_secret_key"),
            Duration.ofSeconds(number("cert_validity_secs")))
        .random(scripted(rng("responder_ephemeral"), rng("responder_static"), hex(FIXED, "schnorr_aux_rand")))
        .clock(at(number("responder_now_valid_from")))
        .build();
  }

  /** Runs the whole handshake in memory. */
  static Sessions handshake() {
    try (Initiator i = initiator();
        Responder r = responder()) {
      byte[] m0 = i.step0();
      Responder.Reply reply = r.step1(m0);
      NoiseSession is = i.step2(reply.message());
      return new Sessions(is, reply.session(), m0, reply.message());
    }
  }

  static byte[] msg0() {
    return hex(HANDSHAKE, "msg0_initiator_to_responder_hex");
  }

  static byte[] msg1() {
    return hex(HANDSHAKE, "msg1_responder_to_initiator_hex");
  }

  static List<TransportFrame> transportFrames() {
    return Json.array(ROOT.get("transport_frames")).stream().map(Json::object).map(Hs1::frame).toList();
  }

  private static TransportFrame frame(Map<String, Object> m) {
    Map<String, Object> p = Json.object(m.get("payload"));
    Map<String, Object> c = Json.object(m.get("ciphertext"));
    int len = ((Long) p.get("len")).intValue();
    byte[] payload;
    if (p.containsKey("hex")) {
      payload = Hex.decode((String) p.get("hex"));
    } else {
      int seed = ((Long) Json.object(p.get("pattern")).get("seed")).intValue();
      payload = new byte[len];
      for (int i = 0; i < len; i++) {
        payload[i] = (byte) ((i + seed) % 251);
      }
    }
    if (payload.length != len || !PlainFrameCases.sha256Hex(payload).equals(p.get("sha256"))) {
      throw new IllegalStateException("payload of frame " + m.get("index") + " does not match the file");
    }
    byte[] ct = c.containsKey("hex") ? Hex.decode((String) c.get("hex")) : Vectors.bytes((String) c.get("file"));
    if (ct.length != ((Long) c.get("len")).intValue() || !PlainFrameCases.sha256Hex(ct).equals(c.get("sha256"))) {
      throw new IllegalStateException("ciphertext of frame " + m.get("index") + " does not match the file");
    }
    List<Integer> chunks =
        Json.array(c.get("chunk_ciphertext_lengths")).stream().map(o -> ((Long) o).intValue()).toList();
    return new TransportFrame(
        ((Long) m.get("index")).intValue(),
        "initiator->responder".equals(m.get("direction")),
        ((Long) m.get("extension_type_in")).intValue(),
        (Boolean) m.get("channel_msg"),
        ((Long) m.get("msg_type")).intValue(),
        payload,
        ct,
        (String) c.get("encrypted_header_hex"),
        chunks);
  }

  static ByteBuffer concat(List<byte[]> parts) {
    int n = parts.stream().mapToInt(b -> b.length).sum();
    ByteBuffer b = ByteBuffer.allocate(n);
    parts.forEach(b::put);
    return b.flip();
  }
}
