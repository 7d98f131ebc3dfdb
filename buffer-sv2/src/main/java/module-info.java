/** Pre-allocated buffer pool and explicitly released slices: where Stratum V2 bytes live. */
module org.sv2j.buffer {
  exports org.sv2j.buffer;
}
