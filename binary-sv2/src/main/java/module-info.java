/**
 * The Stratum V2 binary data types (spec 03 §3.1 and the TLV fields of §3.4), encoded as the reference's
 * {@code binary_sv2} encodes them, with a bounds-checked {@link org.sv2j.binary.Reader} and {@link
 * org.sv2j.binary.Writer}.
 */
module org.sv2j.binary {
  exports org.sv2j.binary;
}
