package org.sv2j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.PlainFrameCases;
import org.sv2j.testsupport.Vectors;

/**
 * The committed seed corpora, generated from the shared vectors and the fixed handshake. This test checks
 * that the files under {@code src/test/resources} are exactly what the generator makes (so a change in the
 * vectors or the codec shows up); {@code -Dsv2j.fuzz.writeSeeds=true} rewrites them.
 */
class SeedCorpusTest {
  private static final Path ROOT = Path.of("src/test/resources/org/sv2j/fuzz");

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    // 1. plaintext decoder: [split seed, limit/64] ++ stream
    ByteArrayOutputStream vectors = new ByteArrayOutputStream();
    for (PlainFrameCases.Case c : PlainFrameCases.cases()) {
      if (c.payload().length <= 4096) {
        vectors.writeBytes(encode(Sv2Frame.fromPayload(c.extensionType(), c.msgType(), c.channelMsg(), c.payload())));
      }
    }
    byte[] push = Hex.decode((String) Json.object(Json.array(Vectors.json("sv2_noise_vectors.json").get("plaintext_frames")).get(0)).get("frame_hex"));
    m.put("PlainDecoderFuzzTestInputs/decode/reference_vectors", concat(new byte[] {1, (byte) 255}, vectors.toByteArray()));
    m.put("PlainDecoderFuzzTestInputs/decode/push_solution", concat(new byte[] {2, 1}, push));
    m.put("PlainDecoderFuzzTestInputs/decode/over_the_limit", concat(new byte[] {3, 0}, push, push));
    m.put("PlainDecoderFuzzTestInputs/decode/truncated", concat(new byte[] {4, (byte) 200}, java.util.Arrays.copyOf(vectors.toByteArray(), 300)));
    // 2. encrypted decoder: [split seed] ++ ciphertext stream of the fixed session
    byte[] stream = NoiseDecoderFuzzTest.validStream();
    m.put("NoiseDecoderFuzzTestInputs/decode/all_frames", concat(new byte[] {5}, stream));
    m.put("NoiseDecoderFuzzTestInputs/decode/first_frames", concat(new byte[] {6}, java.util.Arrays.copyOf(stream, 200)));
    byte[] flipped = stream.clone();
    flipped[40] ^= 4;
    m.put("NoiseDecoderFuzzTestInputs/decode/flipped_bit", concat(new byte[] {7}, flipped));
    // 3. handshake steps: the fixed handshake's real messages
    try (Fixed.Sessions s = Fixed.handshake()) {
      m.put("HandshakeFuzzTestInputs/responderStep1/msg0", s.msg0());
      m.put("HandshakeFuzzTestInputs/initiatorStep2/msg1", s.msg1());
      m.put("HandshakeFuzzTestInputs/initiatorStep2/msg1_short", java.util.Arrays.copyOf(s.msg1(), 233));
      // 4. certificate: the fixed handshake's certificate and server key, then the provider's tail
      // (read from the end: "use the fixed authority key", a clock choice and a time).
      byte[] tail = {0x65, 0x53, (byte) 0xf1, 0x00, 0x03, 0x01};
      m.put("CertificateFuzzTestInputs/parseAndVerify/real_certificate",
          concat(s.initiator().certificate().toBytes(), s.initiator().certificate().subjectKey(), tail));
    }
    // 5. key text and the decode command
    Map<String, Object> kp = Json.object(Vectors.json("sv2_noise_vectors.json").get("key_encoding_keypairs"));
    int i = 0;
    for (Object o : Json.array(kp.get("valid"))) {
      Map<String, Object> v = Json.object(o);
      m.put("KeyTextAndDecodeFuzzTestInputs/keyText/public_" + i, ((String) v.get("public_key_base58check")).getBytes(StandardCharsets.US_ASCII));
      m.put("KeyTextAndDecodeFuzzTestInputs/keyText/secret_" + i, ((String) v.get("secret_key_base58check")).getBytes(StandardCharsets.US_ASCII));
      i++;
    }
    i = 0;
    for (Object o : Json.array(Json.object(kp.get("invalid_public_keys")).get("vectors"))) {
      m.put("KeyTextAndDecodeFuzzTestInputs/keyText/invalid_" + i++,
          ((String) Json.object(o).get("public_key_base58check")).getBytes(StandardCharsets.US_ASCII));
    }
    m.put("KeyTextAndDecodeFuzzTestInputs/decodeCommand/binary_frames", vectors.toByteArray());
    m.put("KeyTextAndDecodeFuzzTestInputs/decodeCommand/hex_frames", Hex.encode(push).getBytes(StandardCharsets.US_ASCII));
    // 6. buffer pool: pseudo-random operation scripts
    SplittableRandom r = new SplittableRandom(42);
    for (int k = 0; k < 4; k++) {
      byte[] script = new byte[300 + 200 * k];
      r.nextBytes(script);
      m.put("BufferPoolFuzzTestInputs/operations/script_" + k, script);
    }
    // 7. the message registry: [extension type, message type] ++ payload, from the reference's vectors
    // (one random case per message, the field-specific rejects and oddities, the TLV cases)
    Map<String, Object> messages = Vectors.json("sv2_reference_messages.json");
    for (Object o : Json.array(messages.get("cases"))) {
      Map<String, Object> c = Json.object(o);
      if (c.get("case").equals("random-0") && c.containsKey("payload_hex")) {
        m.put("MessagesFuzzTestInputs/decode/" + c.get("message") + "_" + c.get("msg_type") + "_" + c.get("extension_type"),
            message(c, (String) c.get("payload_hex")));
      }
    }
    i = 0;
    for (Object o : Json.array(messages.get("rejects"))) {
      Map<String, Object> c = Json.object(o);
      String what = (String) c.get("what");
      if (c.containsKey("msg_type") && c.containsKey("payload_hex") && !what.startsWith("1 trailing byte")) {
        m.put("MessagesFuzzTestInputs/decode/probe_" + i++ + "_" + c.get("message"), message(c, (String) c.get("payload_hex")));
      }
    }
    i = 0;
    for (Object o : Json.array(messages.get("tlv"))) {
      m.put("MessagesFuzzTestInputs/decode/tlv_" + i++, concat(new byte[] {0, 0x1b}, Hex.decode((String) Json.object(o).get("payload_hex"))));
    }
    return m;
  }

  private static byte[] message(Map<String, Object> c, String payloadHex) {
    return concat(new byte[] {(byte) ((Long) c.get("extension_type")).intValue(), (byte) ((Long) c.get("msg_type")).intValue()}, Hex.decode(payloadHex));
  }

  @Test
  void committedSeedsMatchTheGenerator() throws IOException {
    Map<String, byte[]> seeds = seeds();
    if (Boolean.getBoolean("sv2j.fuzz.writeSeeds")) {
      for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
        Path p = ROOT.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
    }
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      Path p = ROOT.resolve(e.getKey());
      assertThat(p).as("seed %s (regenerate with -Dsv2j.fuzz.writeSeeds=true)", e.getKey()).exists();
      assertThat(Files.readAllBytes(p)).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  private static byte[] encode(Sv2Frame f) {
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
