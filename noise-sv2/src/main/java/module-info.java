/**
 * The Stratum V2 Noise NX handshake ({@code Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256}) and its
 * ChaCha20-Poly1305 transport, in pure Java on Bouncy Castle.
 *
 * <p>{@code org.sv2j.noise} is the API: {@link org.sv2j.noise.Initiator}, {@link
 * org.sv2j.noise.Responder}, {@link org.sv2j.noise.NoiseSession}, {@link
 * org.sv2j.noise.Certificate}, {@link org.sv2j.noise.AuthorityKeys}, {@link
 * org.sv2j.noise.NoiseException}. The building blocks (secp256k1, ElligatorSwift, BIP-340, AEAD
 * backends, HKDF, the Noise symmetric state) live in {@code org.sv2j.noise.crypto}, which is not
 * exported.
 */
module org.sv2j.noise {
  requires org.bouncycastle.provider;
  // HotSpotDiagnosticMXBean: the AEAD choice reads which cipher intrinsics HotSpot enabled.
  requires jdk.management;
  // Optional: the native ChaCha20-Poly1305 backend (OpenSSL's libcrypto) is used only if JNA is present.
  requires static com.sun.jna;

  exports org.sv2j.noise;
}
