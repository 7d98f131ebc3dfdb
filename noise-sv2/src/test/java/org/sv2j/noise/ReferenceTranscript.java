package org.sv2j.noise;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;

/** The fixed inputs and outputs of {@code sv2_reference_handshake.json} transcript hs1. */
final class ReferenceTranscript {
  final Map<String, Object> root;
  final Map<String, Object> fixed;
  final Map<String, Object> handshake;

  private ReferenceTranscript() {
    Map<String, Object> file = Vectors.json("sv2_reference_handshake.json");
    List<Object> transcripts = Json.array(file.get("transcripts"));
    root = Json.object(transcripts.get(0));
    fixed = Json.object(root.get("fixed_inputs"));
    handshake = Json.object(root.get("handshake"));
  }

  static ReferenceTranscript load() {
    return new ReferenceTranscript();
  }

  byte[] authorityPublic() {
    return hex(fixed, "authority_xonly_public_key");
  }

  byte[] authoritySecret() {
    return hex(fixed, "authority_secret_key");
  }

  Map<String, Object> key(String name) {
    return Json.object(fixed.get(name));
  }

  byte[] rng(String keyName) {
    return hex(key(keyName), "rng_bytes");
  }

  byte[] auxRand() {
    return hex(fixed, "schnorr_aux_rand");
  }

  long number(Map<String, Object> m, String k) {
    return (Long) m.get(k);
  }

  ScriptedRandom initiatorRandom() {
    return ScriptedRandom.of(rng("initiator_ephemeral"));
  }

  ScriptedRandom responderRandom() {
    return ScriptedRandom.of(rng("responder_ephemeral"), rng("responder_static"), auxRand());
  }

  static Clock clockAt(long epochSeconds) {
    return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
  }

  Responder responder() {
    return Responder.builder(
            authorityPublic(),
            authoritySecret(),
            java.time.Duration.ofSeconds(number(fixed, "cert_validity_secs")))
        .random(responderRandom())
        .clock(clockAt(number(fixed, "responder_now_valid_from")))
        .build();
  }

  Initiator initiator(byte[] authorityKeyOrNull, long now) {
    Initiator.Builder b =
        authorityKeyOrNull == null
            ? Initiator.unauthenticatedBuilder()
            : Initiator.builder(authorityKeyOrNull);
    return b.random(initiatorRandom()).clock(clockAt(now)).build();
  }

  byte[] msg0() {
    return hex(handshake, "msg0_initiator_to_responder_hex");
  }

  byte[] msg1() {
    return hex(handshake, "msg1_responder_to_initiator_hex");
  }

  List<Map<String, Object>> step2Checks() {
    return Json.array(root.get("initiator_step2_checks")).stream().map(Json::object).toList();
  }

  List<Map<String, Object>> transportFrames() {
    return Json.array(root.get("transport_frames")).stream().map(Json::object).toList();
  }

  static byte[] hex(Map<String, Object> m, String k) {
    return Hex.decode((String) m.get(k));
  }
}
