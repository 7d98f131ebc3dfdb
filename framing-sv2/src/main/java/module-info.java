/** Stratum V2 frame headers, frames, sizes and limits. */
module org.sv2j.framing {
  requires transitive org.sv2j.buffer;

  exports org.sv2j.framing;
}
