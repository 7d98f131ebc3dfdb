package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.crypto.ElligatorSwift;
import org.sv2j.noise.crypto.Secp256k1;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/**
 * Replays {@code sv2_reference_handshake.json} (emitted by the Rust reference): both handshake
 * messages byte for byte from scripted randomness and fixed clocks, the certificate, every transport
 * frame in both directions, and every verdict of {@code initiator_step2_checks}.
 */
class ReferenceHandshakeTest {
  private final ReferenceTranscript t = ReferenceTranscript.load();

  @Test
  void drawsAndKeysAreTheReferences() {
    assertThat(Json.object(t.root.get("rng_draws")))
        .containsEntry("initiator", 1L)
        .containsEntry("responder", 3L);
    for (String name :
        new String[] {"initiator_ephemeral", "responder_ephemeral", "responder_static"}) {
      Map<String, Object> k = t.key(name);
      byte[] raw = ReferenceTranscript.hex(k, "rng_bytes");
      boolean odd = (Boolean) k.get("public_key_parity_odd");
      assertThat(Secp256k1.hasEvenY(raw)).as(name).isEqualTo(!odd);
      HandshakeKey key = HandshakeKey.draw(ScriptedRandom.of(raw));
      assertThat(Hex.encode(key.secret)).as(name).isEqualTo(k.get("effective_secret_key"));
      assertThat(Hex.encode(key.xOnly)).as(name).isEqualTo(k.get("xonly_public_key"));
      assertThat(Hex.encode(key.encoding)).as(name).isEqualTo(k.get("ellswift_encoding"));
    }
  }

  @Test
  void fullTranscriptByteForByte() throws Exception {
    ScriptedRandom ir = t.initiatorRandom();
    ScriptedRandom rr = t.responderRandom();
    Initiator initiator =
        Initiator.builder(t.authorityPublic())
            .random(ir)
            .clock(ReferenceTranscript.clockAt(t.number(t.fixed, "initiator_now")))
            .build();
    Responder responder =
        Responder.builder(
                t.authorityPublic(),
                t.authoritySecret(),
                java.time.Duration.ofSeconds(t.number(t.fixed, "cert_validity_secs")))
            .random(rr)
            .clock(ReferenceTranscript.clockAt(t.number(t.fixed, "responder_now_valid_from")))
            .build();
    assertThat(ir.draws()).isEqualTo(1);
    assertThat(rr.draws()).isEqualTo(2); // ephemeral and static at construction

    byte[] msg0 = initiator.step0();
    assertThat(msg0).hasSize(64).isEqualTo(t.msg0());

    Responder.Reply reply = responder.step1(msg0);
    assertThat(rr.draws()).isEqualTo(3); // BIP-340 aux randomness in step 1
    assertThat(rr.exhausted()).isTrue();
    byte[] msg1 = reply.message();
    assertThat(msg1).hasSize(234);
    assertThat(Hex.encode(msg1, 0, 64))
        .isEqualTo(t.handshake.get("msg1_responder_ephemeral_hex"));
    assertThat(Hex.encode(msg1, 64, 80)).isEqualTo(t.handshake.get("msg1_encrypted_static_hex"));
    assertThat(Hex.encode(msg1, 144, 90))
        .isEqualTo(t.handshake.get("msg1_encrypted_signature_noise_message_hex"));
    assertThat(msg1).isEqualTo(t.msg1());

    NoiseSession iSession = initiator.step2(msg1.clone());
    NoiseSession rSession = reply.session();

    byte[] certPlain = ReferenceTranscript.hex(t.handshake, "signature_noise_message_plaintext_hex");
    assertThat(rSession.certificate().toBytes()).isEqualTo(certPlain);
    assertThat(iSession.certificate().toBytes()).isEqualTo(certPlain);
    assertThat(iSession.certificate()).isEqualTo(rSession.certificate());
    Certificate cert = iSession.certificate();
    assertThat(cert.version()).isEqualTo(t.number(t.fixed, "cert_version"));
    assertThat(cert.validFrom()).isEqualTo(t.number(t.fixed, "responder_now_valid_from"));
    assertThat(cert.notValidAfter()).isEqualTo(t.number(t.fixed, "not_valid_after"));
    assertThat(Hex.encode(cert.subjectKey()))
        .isEqualTo(t.key("responder_static").get("xonly_public_key"));
    assertThat(
            ElligatorSwift.decode(
                ReferenceTranscript.hex(t.key("responder_static"), "ellswift_encoding")))
        .isEqualTo(cert.subjectKey());

    assertThat(initiator.isWiped()).isTrue();
    assertThat(responder.isWiped()).isTrue();
    assertThat(iSession.isInitiator()).isTrue();
    assertThat(rSession.isInitiator()).isFalse();

    replayTransport(iSession, rSession);
  }

  /**
   * Every frame of {@code transport_frames}: the sender encrypts the header and the payload chunks
   * (≤ 65,519 plaintext bytes each) to exactly the reference ciphertext with exactly its nonces,
   * and the receiver decrypts it back. The session keys are right iff this passes: the JSON gives
   * no keys, only what they produce.
   */
  private void replayTransport(NoiseSession iSession, NoiseSession rSession) throws Exception {
    List<Map<String, Object>> frames = t.transportFrames();
    assertThat(frames).hasSize(9);
    int chunked = 0;
    for (Map<String, Object> f : frames) {
      String what = "frame " + f.get("index");
      boolean fromInitiator = f.get("direction").equals("initiator->responder");
      NoiseSession sender = fromInitiator ? iSession : rSession;
      NoiseSession receiver = fromInitiator ? rSession : iSession;

      byte[] header = ReferenceTranscript.hex(f, "sv2_plaintext_header_hex");
      byte[] payload = payload(Json.object(f.get("payload")));
      Map<String, Object> c = Json.object(f.get("ciphertext"));
      byte[] expected =
          c.containsKey("file")
              ? Vectors.bytes((String) c.get("file"))
              : ReferenceTranscript.hex(c, "hex");
      assertThat(expected.length).as(what).isEqualTo(t.number(c, "len"));
      assertThat(Hex.encode(sha256(expected))).as(what).isEqualTo(c.get("sha256"));
      List<Long> nonces = Json.array(c.get("aead_nonces")).stream().map(o -> (Long) o).toList();
      List<Long> chunkLens =
          Json.array(c.get("chunk_ciphertext_lengths")).stream().map(o -> (Long) o).toList();

      // Encrypt: header then chunks, in one frame buffer.
      byte[] frame = new byte[22 + payload.length + 16 * chunkLens.size()];
      System.arraycopy(header, 0, frame, 0, 6);
      List<Long> used = new ArrayList<>();
      used.add(sender.sendNonce());
      assertThat(sender.encrypt(frame, 0, 6)).isEqualTo(22);
      int at = 22;
      List<Long> lens = new ArrayList<>();
      for (int done = 0; done < payload.length; ) {
        int n = Math.min(NoiseSession.MAX_CHUNK_PLAINTEXT, payload.length - done);
        System.arraycopy(payload, done, frame, at, n);
        used.add(sender.sendNonce());
        int ct = sender.encrypt(frame, at, n);
        lens.add((long) ct);
        at += ct;
        done += n;
      }
      assertThat(at).as(what).isEqualTo(frame.length);
      assertThat(used).as(what + " nonces").isEqualTo(nonces);
      assertThat(lens).as(what + " chunk lengths").isEqualTo(chunkLens);
      assertThat(Hex.encode(frame, 0, 22)).as(what).isEqualTo(c.get("encrypted_header_hex"));
      assertThat(frame).as(what).isEqualTo(expected);
      if (lens.size() > 1) {
        chunked++;
      }

      // Decrypt the reference bytes back.
      byte[] in = expected.clone();
      assertThat(receiver.receiveNonce()).isEqualTo(nonces.get(0));
      assertThat(receiver.decrypt(in, 0, 22)).isEqualTo(6);
      assertThat(Arrays.copyOf(in, 6)).as(what).isEqualTo(header);
      int p = 22;
      int q = 0;
      for (long len : chunkLens) {
        int n = receiver.decrypt(in, p, (int) len);
        assertThat(Arrays.copyOfRange(in, p, p + n))
            .as(what)
            .isEqualTo(Arrays.copyOfRange(payload, q, q + n));
        p += (int) len;
        q += n;
      }
      assertThat(q).isEqualTo(payload.length);
    }
    assertThat(chunked).as("frames split into several chunks").isEqualTo(3);
  }

  private static byte[] payload(Map<String, Object> p) throws Exception {
    int len = ((Long) p.get("len")).intValue();
    long seed = (Long) Json.object(p.get("pattern")).get("seed");
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[i] = (byte) ((i + seed) % 251);
    }
    assertThat(Hex.encode(sha256(out))).isEqualTo(p.get("sha256"));
    if (p.containsKey("hex")) {
      assertThat(Hex.encode(out)).isEqualTo(p.get("hex"));
    }
    return out;
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  @Test
  void everyStep2CheckGetsTheReferenceVerdict() {
    List<Map<String, Object>> checks = t.step2Checks();
    assertThat(checks).hasSize(10);
    for (Map<String, Object> c : checks) {
      String name = (String) c.get("name");
      String key = (String) c.get("authority_xonly_public_key");
      Initiator initiator =
          t.initiator(key == null ? null : Hex.decode(key), (Long) c.get("initiator_now"));
      assertThat(initiator.step0()).isEqualTo(t.msg0());
      byte[] msg1 = t.msg1();
      if (c.get("tamper") != null) {
        Map<String, Object> tamper = Json.object(c.get("tamper"));
        int at = ((Long) tamper.get("msg1_offset")).intValue();
        msg1[at] ^= (byte) (long) (Long) tamper.get("xor");
      }
      if (c.get("expected").equals("accept")) {
        NoiseSession s = initiator.step2(msg1);
        assertThat(s).as(name).isNotNull();
      } else {
        String ref = (String) c.get("reference_error");
        NoiseException.Kind kind =
            ref.contains("InvalidCertificate")
                ? NoiseException.Kind.INVALID_CERTIFICATE
                : ref.contains("Aead") ? NoiseException.Kind.BAD_TAG : null;
        assertThat(kind).as(name + ": unmapped reference error " + ref).isNotNull();
        byte[] m = msg1;
        assertThatThrownBy(() -> initiator.step2(m))
            .as(name)
            .isInstanceOfSatisfying(
                NoiseException.class,
                e -> {
                  assertThat(e.kind()).as(name).isEqualTo(kind);
                  if (kind == NoiseException.Kind.INVALID_CERTIFICATE) {
                    assertThat(e.certificate()).isNotNull();
                    assertThat(e.certificate().toBytes())
                        .isEqualTo(
                            ReferenceTranscript.hex(
                                t.handshake, "signature_noise_message_plaintext_hex"));
                  }
                });
      }
      assertThat(initiator.isWiped()).as(name).isTrue();
    }
  }

  @Test
  void certificateWindowReasons() {
    Map<String, NoiseException.Reason> reasons =
        Map.of(
            "valid_from_minus_11s", NoiseException.Reason.NOT_YET_VALID,
            "not_valid_after_plus_11s", NoiseException.Reason.EXPIRED,
            "wrong_authority_key", NoiseException.Reason.BAD_SIGNATURE);
    int seen = 0;
    for (Map<String, Object> c : t.step2Checks()) {
      NoiseException.Reason want = reasons.get((String) c.get("name"));
      if (want == null) {
        continue;
      }
      seen++;
      Initiator initiator =
          t.initiator(
              Hex.decode((String) c.get("authority_xonly_public_key")),
              (Long) c.get("initiator_now"));
      initiator.step0();
      assertThatThrownBy(() -> initiator.step2(t.msg1()))
          .isInstanceOfSatisfying(
              NoiseException.class, e -> assertThat(e.reason()).isEqualTo(want));
    }
    assertThat(seen).isEqualTo(3);
  }
}
