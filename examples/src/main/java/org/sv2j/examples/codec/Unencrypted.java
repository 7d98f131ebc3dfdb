package org.sv2j.examples.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sv2j.buffer.Slice;
import org.sv2j.codec.Encoder;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.framing.Sv2Message;

/**
 * The reference's {@code unencrypted} example in Java: a server and a client on loopback TCP, plain
 * blocking sockets, one frame. The client encodes a message holding a u16 nonce (1337) as message type
 * 0xff, extension 0, no channel bit, and writes it; the server reads exactly what the decoder's {@link
 * StandardDecoder#writable()} asks for until {@link StandardDecoder#nextFrame()} returns the frame, then
 * checks the type and the nonce.
 */
public final class Unencrypted {
  /** The example's message: one u16, little-endian. */
  public record Nonce(int value) implements Sv2Message {
    @Override
    public int encodedLength() {
      return 2;
    }

    @Override
    public void encodeTo(ByteBuffer dst) {
      dst.putShort((short) value);
    }
  }

  /** What the server received. */
  public record Received(int extensionType, int msgType, int msgLength, int nonce, byte[] wire) {}

  public static final int MSG_TYPE = 0xff;
  public static final int NONCE = 1337;

  private Unencrypted() {}

  /** Runs server and client on an ephemeral loopback port, printing each step; returns what arrived. */
  public static Received run(PrintStream out)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
      out.println("unencrypted: server listening on " + address);
      CompletableFuture<Received> serverSide = CompletableFuture.supplyAsync(() -> serve(server, out));

      try (SocketChannel client = SocketChannel.open(address);
          Encoder encoder = new Encoder()) {
        Sv2Frame frame = Sv2Frame.fromMessage(0, MSG_TYPE, false, new Nonce(NONCE));
        try (Slice bytes = encoder.encode(frame)) {
          ByteBuffer b = bytes.buffer();
          while (b.hasRemaining()) {
            client.write(b);
          }
          out.println("client: sent " + frame + " as " + bytes.length() + " bytes");
        }
      }
      Received r = serverSide.get(10, TimeUnit.SECONDS);
      out.println(
          "server: got frame type 0x" + Integer.toHexString(r.msgType()) + ", payload " + r.msgLength()
              + " bytes, nonce " + r.nonce());
      return r;
    }
  }

  private static Received serve(ServerSocketChannel server, PrintStream out) {
    try (SocketChannel peer = server.accept();
        StandardDecoder decoder = new StandardDecoder()) {
      while (true) {
        ByteBuffer region = decoder.writable();
        out.println("server: reading " + region.remaining() + " bytes");
        while (region.hasRemaining()) {
          if (peer.read(region) < 0) {
            throw new EOFException("peer closed before a whole frame arrived");
          }
        }
        try (Sv2Frame f = decoder.nextFrame()) {
          if (f == null) {
            continue;
          }
          if (f.msgType() != MSG_TYPE) {
            throw new IllegalStateException("unexpected message type " + f.msgType());
          }
          byte[] wire = new byte[f.encodedLength()];
          f.encodeTo(ByteBuffer.wrap(wire));
          int nonce = f.payload().getShort(0) & 0xffff;
          return new Received(f.extensionType(), f.msgType(), f.msgLength(), nonce, wire);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    Received r = run(System.out);
    if (r.nonce() != NONCE) {
      throw new IllegalStateException("nonce mismatch: " + r.nonce());
    }
  }
}
