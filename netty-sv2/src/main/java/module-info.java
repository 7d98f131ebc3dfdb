/**
 * Stratum V2 on Netty: {@link org.sv2j.netty.Sv2NoiseHandler} (the Noise handshake, SslHandler-style),
 * the frame codecs {@link org.sv2j.netty.Sv2FrameCodec} (plaintext) and {@link
 * org.sv2j.netty.Sv2NoiseFrameCodec} (encrypted), and the bootstraps {@link org.sv2j.netty.Sv2Server} and
 * {@link org.sv2j.netty.Sv2Client} with their {@link org.sv2j.netty.Sv2Metrics}, and {@link
 * org.sv2j.netty.Sv2MessageHandler} for typed messages.
 */
module org.sv2j.netty {
  requires transitive org.sv2j.codec;
  requires transitive org.sv2j.messages;
  requires transitive io.netty.common;
  requires transitive io.netty.buffer;
  requires transitive io.netty.transport;
  requires transitive io.netty.codec;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;

  exports org.sv2j.netty;
}
