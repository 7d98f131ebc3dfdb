package org.sv2j.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.Responder;

/**
 * How one side of a harness connection is secured: the server side ({@link Server}: plaintext, or Noise
 * responder with an authority key) and the client side ({@link Client}: plaintext, or Noise initiator that
 * checks the server's authority key, or accepts any).
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * The accepting side. An encrypted server owns a {@link Responder.Builder} and destroys it on {@link
   * #close()}.
   */
  public static final class Server implements AutoCloseable {
    private final Responder.Builder responders;

    private Server(Responder.Builder responders) {
      this.responders = responders;
    }

    /**
     * No encryption.
     *
     * @return a plaintext server side
     */
    public static Server plain() {
      return new Server(null);
    }

    /**
     * Noise with this authority key pair (copied; the caller keeps and destroys {@code keys}).
     *
     * @param keys the authority key pair
     * @param certificateValidity how long each certificate is valid
     * @return an encrypted server side
     */
    public static Server noise(AuthorityKeys keys, Duration certificateValidity) {
      byte[] secret = keys.secretKey();
      try {
        return new Server(Responder.builder(keys.publicKey(), secret, certificateValidity));
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }

    /**
     * Noise through a caller's responder builder (owned by this object from now on).
     *
     * @param responders the builder
     * @return an encrypted server side
     */
    public static Server noise(Responder.Builder responders) {
      return new Server(responders);
    }

    /**
     * Whether connections are encrypted.
     *
     * @return whether connections are encrypted
     */
    public boolean encrypted() {
      return responders != null;
    }

    /**
     * Wraps an accepted channel, doing the handshake if encrypted.
     *
     * @param ch the accepted channel (owned by the connection)
     * @param options connection options
     * @return the connection
     * @throws IOException as the {@link Sv2Connection} factories
     */
    public Sv2Connection accept(SocketChannel ch, Sv2Connection.Options options) throws IOException {
      return responders == null ? Sv2Connection.plain(ch, options) : Sv2Connection.responder(ch, responders.build(), options);
    }

    /** Destroys the authority key material. */
    @Override
    public void close() {
      if (responders != null) {
        responders.destroy();
      }
    }

    @Override
    public String toString() {
      return responders == null ? "plaintext" : "noise";
    }
  }

  /** The connecting side. */
  public static final class Client {
    private final byte[] authority;
    private final boolean encrypted;

    private Client(byte[] authority, boolean encrypted) {
      this.authority = authority;
      this.encrypted = encrypted;
    }

    /**
     * No encryption.
     *
     * @return a plaintext client side
     */
    public static Client plain() {
      return new Client(null, false);
    }

    /**
     * Noise, checking the server's certificate against this authority public key.
     *
     * @param authorityPublicKey the 32-byte x-only key (copied)
     * @return an encrypted client side
     */
    public static Client noise(byte[] authorityPublicKey) {
      if (authorityPublicKey.length != 32) {
        throw new IllegalArgumentException("an authority public key has 32 bytes");
      }
      return new Client(authorityPublicKey.clone(), true);
    }

    /**
     * Noise without checking the server's authority (encrypted, not authenticated).
     *
     * @return an encrypted, unauthenticated client side
     */
    public static Client noiseUnauthenticated() {
      return new Client(null, true);
    }

    /**
     * Whether connections are encrypted.
     *
     * @return whether connections are encrypted
     */
    public boolean encrypted() {
      return encrypted;
    }

    /**
     * Connects and, if encrypted, does the handshake.
     *
     * @param address where to connect
     * @param options connection options
     * @return the connection
     * @throws IOException if the connection fails (within the options' handshake timeout) and as the {@link
     *     Sv2Connection} factories ({@link org.sv2j.codec.CodecException}, unchecked, for handshake failures)
     */
    public Sv2Connection connect(InetSocketAddress address, Sv2Connection.Options options) throws IOException {
      return open(connectWithin(address, options.handshakeTimeout()), options);
    }

    /**
     * Opens a blocking TCP connection, giving up after {@code timeout} (an unreachable host otherwise takes
     * the operating system's minutes).
     *
     * @param address where to connect
     * @param timeout how long at most
     * @return the connected channel
     * @throws IOException if the connection fails or times out
     */
    public static SocketChannel connectWithin(InetSocketAddress address, Duration timeout) throws IOException {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.socket().connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        return ch;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    /**
     * Wraps a connected channel and, if encrypted, does the handshake (so that a caller can tell a failed
     * connect from a failed handshake).
     *
     * @param ch a connected channel (owned by the connection; closed on failure)
     * @param options connection options
     * @return the connection
     * @throws IOException as the {@link Sv2Connection} factories
     */
    public Sv2Connection open(SocketChannel ch, Sv2Connection.Options options) throws IOException {
      try {
        ch.socket().setTcpNoDelay(true);
      } catch (IOException ignored) {
        // a latency nicety only
      }
      if (!encrypted) {
        return Sv2Connection.plain(ch, options);
      }
      Initiator i = authority == null ? Initiator.createUnauthenticated() : Initiator.create(authority);
      return Sv2Connection.initiator(ch, i, options);
    }

    @Override
    public String toString() {
      return !encrypted ? "plaintext" : authority == null ? "noise (unauthenticated)" : "noise";
    }
  }
}
