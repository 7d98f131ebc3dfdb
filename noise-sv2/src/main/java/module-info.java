/**
 * The Stratum V2 Noise NX handshake and ChaCha20-Poly1305 transport, on Bouncy Castle.
 *
 * <p>So far this module holds the internal secp256k1, ElligatorSwift and BIP-340 building blocks
 * ({@code org.sv2j.noise.crypto}, not exported); the public handshake API ({@code org.sv2j.noise}) is
 * exported when it lands.
 */
module org.sv2j.noise {
  requires org.bouncycastle.provider;
}
