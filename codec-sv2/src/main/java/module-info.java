/** Stratum V2 encoders and decoders that move frames in and out of pool slices, plaintext and Noise-encrypted. */
module org.sv2j.codec {
  requires transitive org.sv2j.framing;
  requires transitive org.sv2j.noise;

  exports org.sv2j.codec;
}
