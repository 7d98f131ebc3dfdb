/** The Stratum V2 Noise NX handshake and ChaCha20-Poly1305 transport, on Bouncy Castle. */
module org.sv2j.noise {
  requires org.bouncycastle.provider;

  exports org.sv2j.noise;
}
