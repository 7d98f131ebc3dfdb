/**
 * Every Stratum V2 message of the reference (stratum-mining/stratum at 268022034c18), one immutable record
 * per message in a package per subprotocol, and {@link org.sv2j.messages.Sv2Messages}, the registry that
 * decodes a frame into its message.
 */
module org.sv2j.messages {
  requires transitive org.sv2j.binary;
  requires transitive org.sv2j.framing;

  exports org.sv2j.messages;
  exports org.sv2j.messages.common;
  exports org.sv2j.messages.mining;
  exports org.sv2j.messages.templates;
  exports org.sv2j.messages.jobs;
  exports org.sv2j.messages.extensions;
}
