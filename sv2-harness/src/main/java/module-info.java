/**
 * The Sv2 test harness: {@link org.sv2j.harness.Sniffer} (a man-in-the-middle that terminates Noise on both
 * sides and records every message), {@link org.sv2j.harness.TestPool} and {@link org.sv2j.harness.TestMiner}
 * (the mining protocol for real: jobs, prev hashes, targets, share validation), plus the Bitcoin header,
 * merkle and target arithmetic they share and the capture file format.
 */
module org.sv2j.harness {
  requires transitive org.sv2j.codec;
  requires transitive org.sv2j.messages;

  exports org.sv2j.harness;
}
