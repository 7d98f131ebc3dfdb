/**
 * The Stratum V2 Noise NX handshake and transport cipher ({@code
 * Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256}), byte-compatible with the Sv2 reference
 * implementation (noise_sv2).
 *
 * <h2>The handshake</h2>
 *
 * Client (miner, proxy):
 *
 * <pre>{@code
 * Initiator initiator = Initiator.create(authorityXOnlyKey);
 * send(initiator.step0());                                   // 64 bytes
 * NoiseSession session = initiator.step2(receive(234));
 * }</pre>
 *
 * Server (pool), with one {@link org.sv2j.noise.Responder.Builder} for the whole process:
 *
 * <pre>{@code
 * Responder.Reply reply = builder.build().step1(receive(64));
 * send(reply.message());                                     // 234 bytes
 * NoiseSession session = reply.session();
 * }</pre>
 *
 * Handshake messages travel raw (no Sv2 frame header). Afterwards every Sv2 frame is sent as the
 * encrypted 6-byte header followed by the payload in encrypted chunks of at most 65,519 plaintext
 * bytes, each through {@link org.sv2j.noise.NoiseSession#encrypt(byte[], int, int)}.
 *
 * <h2>Keys</h2>
 *
 * The pool's long-term identity is its authority key pair ({@link org.sv2j.noise.AuthorityKeys},
 * with the text form of the reference's key tools). The responder's static key is drawn afresh per
 * handshake and certified by the authority ({@link org.sv2j.noise.Certificate}); clients pin the
 * authority's 32-byte x-only public key. Alternatively the authority certifies a long-lived static
 * key once, offline, as a {@link org.sv2j.noise.ServerCredential}; a responder built from it holds
 * no authority secret and signs nothing per handshake (SECURITY.md).
 *
 * <h2>Errors and secrets</h2>
 *
 * Every failure is a {@link org.sv2j.noise.NoiseException} with a kind. Handshake objects are
 * single-use and wipe their secrets when they finish or fail; sessions wipe their keys on close,
 * and by default after the first message that fails to authenticate (fail-stop).
 * No {@code toString} and no exception message contains secret bytes.
 */
package org.sv2j.noise;
