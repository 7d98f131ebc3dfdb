/** Stratum V2 encoders and decoders that move frames in and out of pool slices. */
module org.sv2j.codec {
  requires transitive org.sv2j.framing;

  exports org.sv2j.codec;
}
