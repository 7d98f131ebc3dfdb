package org.sv2j.harness;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.U256;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.UnknownMessage;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionError;
import org.sv2j.messages.common.SetupConnectionSuccess;
import org.sv2j.messages.mining.CloseChannel;
import org.sv2j.messages.mining.NewExtendedMiningJob;
import org.sv2j.messages.mining.NewMiningJob;
import org.sv2j.messages.mining.OpenExtendedMiningChannel;
import org.sv2j.messages.mining.OpenExtendedMiningChannelSuccess;
import org.sv2j.messages.mining.OpenMiningChannelError;
import org.sv2j.messages.mining.OpenStandardMiningChannel;
import org.sv2j.messages.mining.OpenStandardMiningChannelSuccess;
import org.sv2j.messages.mining.SetNewPrevHash;
import org.sv2j.messages.mining.SetTarget;
import org.sv2j.messages.mining.SubmitSharesError;
import org.sv2j.messages.mining.SubmitSharesExtended;
import org.sv2j.messages.mining.SubmitSharesStandard;
import org.sv2j.messages.mining.SubmitSharesSuccess;
import org.sv2j.messages.mining.UpdateChannel;
import org.sv2j.messages.mining.UpdateChannelError;

/**
 * A Stratum V2 test pool (mining protocol): accepts connections (plaintext or Noise), answers {@code
 * SetupConnection} for protocol 0, opens standard and extended channels, sends jobs and prev hashes, and
 * validates every share for real: the 80-byte header from the job (for extended channels the coinbase from
 * prefix, extranonce prefix, the miner's extranonce and suffix, its txid and the merkle root from the path),
 * double SHA-256, compared with the channel's target as a U256 little-endian.
 *
 * <pre>{@code
 * try (TestPool pool = TestPool.builder().shareTarget(Targets.ofLeadingZeroBits(12)).build().start()) {
 *   InetSocketAddress where = pool.address();
 *   ...
 *   assertThat(pool.accepted()).isPositive();
 * }
 * }</pre>
 *
 * <h2>What peers get</h2>
 *
 * A standard channel only ever receives standard-channel messages ({@code NewMiningJob}, {@code
 * SetNewPrevHash}, {@code SetTarget}, {@code SubmitShares.Success/Error}, {@code UpdateChannel.Error},
 * {@code CloseChannel}); an extended channel the same with {@code NewExtendedMiningJob}. The pool never sends
 * {@code SetExtranoncePrefix}, {@code SetGroupChannel} or {@code Reconnect}, so the reference's mining device
 * and translator can both use it. Each connection's standard channels share one group channel id (announced in
 * {@code OpenStandardMiningChannel.Success}). Version rolling within the BIP 320 mask is allowed on every job;
 * ntime may run ahead of the pool's clock by {@link Builder#ntimeTolerance}; sequence numbers are not required
 * to increase. Accepted shares are acknowledged in batches ({@link Builder#successBatch}).
 *
 * <h2>Threads and ownership</h2>
 *
 * One acceptor thread, one thread per connection (at most {@link Builder#maxConnections(int)}), and one
 * timer thread when {@link Builder#jobInterval} is set; all are daemon threads named {@code sv2-pool-*}. The
 * accept loop outlives accept failures (a full file table, for one): it logs them at most once a second
 * and retries after a short pause. The pool owns its connections and the server key
 * material: {@link #close()} closes them all and destroys the key. Methods are thread-safe.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@code user_identity} and other peer strings in {@link ChannelStats} and events are peer-controlled:
 *       escape them before printing ({@link Text#escape}).
 *   <li>Counts are per channel; a closed channel keeps its counts in {@link #channels()}.
 * </ul>
 */
public final class TestPool implements AutoCloseable {
  /** The default of {@link Builder#maxConnections(int)}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1_000;

  private static final System.Logger LOG = System.getLogger("org.sv2j.harness.pool");

  /** {@code SetupConnection.flags} bit: the downstream requires standard jobs. */
  public static final int FLAG_REQUIRES_STANDARD_JOBS = 0x1;
  /** {@code SetupConnection.flags} bit: the downstream requires version rolling. */
  public static final int FLAG_REQUIRES_VERSION_ROLLING = 0x4;

  /**
   * Accepted shares remembered per channel and block for duplicate detection: about 10 MB per channel at
   * most, so that a peer with a fast hasher and an easy target cannot grow the pool without bound.
   */
  static final int MAX_SEEN = 1 << 16;

  private final Builder cfg;
  private final Endpoints.Server server;
  private ServerSocketChannel listener;
  private Thread acceptor;
  private volatile Acceptor acceptLoop;
  private ScheduledExecutorService timer;
  private ScheduledExecutorService watchdog;
  private volatile boolean closed;

  private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
  private final Map<Long, Counts> counts = new ConcurrentHashMap<>();
  private final AtomicLong nextChannelId = new AtomicLong(1);
  private final AtomicInteger nextJobId = new AtomicInteger(1);
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicLong unknownChannelShares = new AtomicLong();
  /** Closed channels whose counts are still kept, oldest first; guarded by itself. */
  private final java.util.ArrayDeque<Long> closedChannels = new java.util.ArrayDeque<>();
  /** Shares of closed channels whose counts were let go (see {@link Builder#keepClosedChannels(int)}). */
  private final AtomicLong retiredAccepted = new AtomicLong();
  private final AtomicLong retiredRejected = new AtomicLong();

  /** The current block: prev hash and the template every job is built from; replaced as a whole. */
  private volatile Block block;

  private TestPool(Builder b) {
    this.cfg = b;
    this.server = b.server;
    this.block = newBlockState(b.random.nextLong(), 0);
  }

  /**
   * A builder with CPU-friendly defaults (target 2^-16, no job timer, plaintext on 127.0.0.1:0).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts accepting.
   *
   * @return this pool
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized TestPool start() throws IOException {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    listener = ServerSocketChannel.open();
    listener.bind(cfg.listen, 1024);
    ServerSocketChannel l = listener;
    acceptLoop = new Acceptor("sv2 test pool", l::accept, cfg.maxConnections, this::serve, () -> closed,
        Acceptor.daemonThreads("sv2-pool-conn"));
    acceptor = new Thread(acceptLoop, "sv2-pool-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    if (!cfg.jobInterval.isZero()) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sv2-pool-timer");
        t.setDaemon(true);
        return t;
      });
      long ms = cfg.jobInterval.toMillis();
      timer.scheduleAtFixedRate(this::newJob, ms, ms, TimeUnit.MILLISECONDS);
    }
    watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sv2-pool-watchdog");
      t.setDaemon(true);
      return t;
    });
    long check = Math.max(10, Math.min(1_000, cfg.sendTimeout.toMillis() / 4));
    watchdog.scheduleWithFixedDelay(this::closeStuckSenders, check, check, TimeUnit.MILLISECONDS);
    LOG.log(System.Logger.Level.DEBUG, "test pool listening on {0} ({1})", address(), server);
    return this;
  }

  /**
   * The bound address (with the real port when bound to port 0).
   *
   * @return the address
   * @throws IllegalStateException before {@link #start()}
   */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("not listening", e);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Operator actions

  /** Sends a fresh job (same prev hash, new coinbase) to every open channel, active at once. */
  public void newJob() {
    Block b = block;
    Block next = b.withTemplate(b.templateSeq + 1);
    block = next;
    for (Conn c : conns) {
      c.sendJobs(next, false);
    }
  }

  /**
   * A new block: a new prev hash, so every job sent before is stale. Each channel gets a future job and the
   * {@code SetNewPrevHash} that activates it.
   */
  public void newBlock() {
    Block next = newBlockState(cfg.random.nextLong(), block.height + 1);
    block = next;
    for (Conn c : conns) {
      c.sendJobs(next, true);
    }
  }

  /**
   * Changes one channel's target and sends it {@code SetTarget}.
   *
   * @param channelId the channel
   * @param target the new U256 little-endian target (copied)
   * @return whether the channel was found open
   */
  public boolean setTarget(long channelId, byte[] target) {
    byte[] t = checkU256(target);
    for (Conn c : conns) {
      if (c.setTarget(channelId, t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes one channel from the pool's side ({@code CloseChannel}).
   *
   * @param channelId the channel
   * @param reasonCode the reason text
   * @return whether the channel was found open
   */
  public boolean closeChannel(long channelId, String reasonCode) {
    for (Conn c : conns) {
      if (c.closeChannel(channelId, reasonCode)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------
  // Counts

  /**
   * Every open channel and the latest closed ones ({@link Builder#keepClosedChannels(int)}), with their counts.
   *
   * @return snapshots, ordered by channel id
   */
  public List<ChannelStats> channels() {
    List<ChannelStats> out = new ArrayList<>();
    counts.values().forEach(c -> out.add(c.snapshot()));
    out.sort((a, b) -> Long.compare(a.channelId(), b.channelId()));
    return out;
  }

  /**
   * One channel's counts.
   *
   * @param channelId the channel
   * @return its snapshot, if it is open or among the closed channels still kept
   */
  public Optional<ChannelStats> channel(long channelId) {
    Counts c = counts.get(channelId);
    return c == null ? Optional.empty() : Optional.of(c.snapshot());
  }

  /**
   * Shares accepted on all channels ever opened.
   *
   * @return shares accepted on all channels ever opened
   */
  public long accepted() {
    return counts.values().stream().mapToLong(c -> c.accepted.get()).sum() + retiredAccepted.get();
  }

  /**
   * Shares rejected on all channels, plus those sent for channels that were never open.
   *
   * @return shares rejected on all channels, plus those sent for channels that were never open
   */
  public long rejected() {
    return counts.values().stream().mapToLong(Counts::rejectedTotal).sum() + retiredRejected.get() + unknownChannelShares.get();
  }

  /**
   * Shares sent for a channel id the connection did not have open (answered invalid-channel-id).
   *
   * @return shares sent for a channel id the connection did not have open (answered invalid-channel-id)
   */
  public long unknownChannelShares() {
    return unknownChannelShares.get();
  }

  /**
   * Connections accepted since start (handshake done).
   *
   * @return connections accepted since start (handshake done)
   */
  public int connectionsAccepted() {
    return connectionCount.get();
  }

  /**
   * Connections closed on arrival because {@link Builder#maxConnections(int)} were open.
   *
   * @return connections refused since start
   */
  public long connectionsRefused() {
    Acceptor a = acceptLoop;
    return a == null ? 0 : a.refused();
  }

  /**
   * Connections currently open.
   *
   * @return connections currently open
   */
  public int connectionsOpen() {
    return conns.size();
  }

  /** Stops accepting, closes every connection and destroys the key material; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
    try {
      if (listener != null) {
        listener.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Conn c : conns) {
      c.close();
    }
    if (acceptor != null) {
      try {
        acceptor.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.close();
  }

  @Override
  public String toString() {
    return "TestPool[" + (listener == null ? "not started" : address()) + ", " + server + ", " + conns.size() + " connections]";
  }

  // ---------------------------------------------------------------------------------------------------
  // Internals

  private void serve(int id, SocketChannel ch) {
    String remote;
    try {
      ch.socket().setTcpNoDelay(true);
      remote = String.valueOf(ch.getRemoteAddress());
    } catch (IOException e) {
      remote = "?";
    }
    Sv2Connection sc;
    try {
      sc = server.accept(ch, cfg.options);
    } catch (IOException | RuntimeException e) {
      Acceptor.closeQuietly(ch); // the connection closes it on a failed handshake; not if building the responder failed
      event(PoolEvent.Kind.CONNECTION_FAILED, id, 0, remote + ": " + e.getMessage());
      return;
    }
    Conn c = new Conn(id, sc);
    conns.add(c);
    if (closed) {
      c.close();
    }
    connectionCount.incrementAndGet();
    event(PoolEvent.Kind.CONNECTED, id, 0, remote + (sc.isEncrypted() ? " (encrypted)" : " (plaintext)"));
    try {
      c.run();
    } catch (EOFException | ClosedChannelException e) {
      // the peer left, or we closed
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        event(PoolEvent.Kind.CONNECTION_FAILED, id, 0, e.toString());
      }
    } finally {
      c.close();
      conns.remove(c);
      synchronized (c) {
        c.channels.keySet().forEach(this::retire);
        c.channels.clear();
      }
      event(PoolEvent.Kind.DISCONNECTED, id, 0, remote);
    }
  }

  /**
   * Notes that a channel closed; beyond {@link Builder#keepClosedChannels(int)} closed channels the oldest's
   * counts move into the totals, so that a peer opening and closing channels in a loop grows nothing.
   */
  private void retire(long channelId) {
    synchronized (closedChannels) {
      closedChannels.addLast(channelId);
      while (closedChannels.size() > cfg.keepClosedChannels) {
        Counts c = counts.remove(closedChannels.removeFirst());
        if (c != null) {
          retiredAccepted.addAndGet(c.accepted.get());
          retiredRejected.addAndGet(c.rejectedTotal());
        }
      }
    }
  }

  /** Closes every connection whose peer has not taken a frame for longer than the send timeout. */
  private void closeStuckSenders() {
    long now = System.nanoTime();
    long limit = cfg.sendTimeout.toNanos();
    for (Conn c : conns) {
      long since = c.sendingSince;
      if (since != 0 && now - since > limit) {
        event(PoolEvent.Kind.CONNECTION_FAILED, c.id, 0, "the peer has not read a frame for " + cfg.sendTimeout.toMillis() + " ms; closed");
        c.close();
      }
    }
  }

  private void event(PoolEvent.Kind kind, int conn, long channel, String detail) {
    PoolEvent e = new PoolEvent(cfg.clock.instant(), kind, conn, channel, detail);
    LOG.log(System.Logger.Level.DEBUG, "{0}", e);
    Consumer<PoolEvent> l = cfg.listener;
    if (l != null) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.log(System.Logger.Level.WARNING, "pool listener failed: {0}", ex.toString());
      }
    }
  }

  private static byte[] checkU256(byte[] t) {
    if (t.length != 32) {
      throw new IllegalArgumentException("a target is a 32-byte U256");
    }
    return t.clone();
  }

  private Block newBlockState(long seed, int height) {
    byte[] prev = Hashes.sha256d(ByteBuffer.allocate(16).putLong(seed).putInt(height).array());
    int minNtime = (int) (cfg.clock.millis() / 1000);
    return new Block(height, prev, minNtime, cfg.nbits, cfg.version, 0, cfg);
  }

  /** The block being mined and the template its jobs are built from (immutable). */
  static final class Block {
    final int height;
    final byte[] prevHash;
    final int minNtime;
    final int nbits;
    final int version;
    final int templateSeq;
    final List<byte[]> merklePath;
    final List<U256> merklePathU256;
    final byte[] coinbasePrefix;
    final byte[] coinbaseSuffix;
    private final Builder cfg;

    Block(int height, byte[] prevHash, int minNtime, int nbits, int version, int templateSeq, Builder cfg) {
      this.height = height;
      this.prevHash = prevHash;
      this.minNtime = minNtime;
      this.nbits = nbits;
      this.version = version;
      this.templateSeq = templateSeq;
      this.cfg = cfg;
      // A few stand-in transactions so that the merkle path is a real path.
      List<byte[]> txids = new ArrayList<>();
      txids.add(new byte[32]); // the coinbase's place; the path does not depend on it
      for (int i = 0; i < cfg.transactions; i++) {
        txids.add(Hashes.sha256d(ByteBuffer.allocate(40).put(prevHash).putInt(templateSeq).putInt(i).array()));
      }
      this.merklePath = List.copyOf(Merkle.coinbasePath(txids));
      this.merklePathU256 = merklePath.stream().map(U256::fromBytes).toList();
      // coinbase: version 2, one input (null prevout), scriptSig = BIP 34 height push + extranonce, one output.
      ByteBuffer p = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      p.putInt(2).put((byte) 1).put(new byte[32]).putInt(-1);
      p.put((byte) (4 + 4 + cfg.extranonceLength)); // script length
      p.put((byte) 3).put((byte) height).put((byte) (height >>> 8)).put((byte) (height >>> 16));
      p.put((byte) 3).put((byte) templateSeq).put((byte) (templateSeq >>> 8)).put((byte) (templateSeq >>> 16));
      this.coinbasePrefix = java.util.Arrays.copyOf(p.array(), p.position());
      ByteBuffer s = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      s.putInt(-1).put((byte) 1).putLong(312_500_000L).put((byte) 1).put((byte) 0x51).putInt(0);
      this.coinbaseSuffix = java.util.Arrays.copyOf(s.array(), s.position());
    }

    Block withTemplate(int seq) {
      return new Block(height, prevHash, minNtime, nbits, version, seq, cfg);
    }

    byte[] merkleRoot(byte[] extranoncePrefix, byte[] extranonce) {
      return Merkle.root(Merkle.txid(Merkle.coinbase(coinbasePrefix, extranoncePrefix, extranonce, coinbaseSuffix)), merklePath);
    }
  }

  /** A job as sent to one channel. */
  record Job(int jobId, Block block, byte[] merkleRoot) {}

  /** Share counts of one channel, kept after the channel closes (up to {@link Builder#keepClosedChannels(int)}). */
  static final class Counts {
    final long channelId;
    final boolean extended;
    final String user;
    final AtomicLong accepted = new AtomicLong();
    final Map<ShareError, AtomicLong> rejected = new EnumMap<>(ShareError.class);

    Counts(long channelId, boolean extended, String user) {
      this.channelId = channelId;
      this.extended = extended;
      this.user = user;
      for (ShareError e : ShareError.values()) {
        rejected.put(e, new AtomicLong());
      }
    }

    long rejectedTotal() {
      return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    ChannelStats snapshot() {
      Map<ShareError, Long> r = new EnumMap<>(ShareError.class);
      rejected.forEach((k, v) -> {
        if (v.get() != 0) {
          r.put(k, v.get());
        }
      });
      return new ChannelStats(channelId, extended, user, accepted.get(), r);
    }
  }

  /** One open channel. Guarded by its connection's lock. */
  static final class Channel {
    final long id;
    final boolean extended;
    final byte[] extranoncePrefix;
    final int extranonceSize;
    byte[] maxTarget;
    byte[] target;
    final Counts counts;
    final LinkedHashMap<Integer, Job> jobs = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Job> eldest) {
        return size() > 32;
      }
    };
    /** Accepted shares of the current block, for duplicate detection. */
    final Set<ShareKey> seen = new HashSet<>();
    int seenHeight = -1;
    /** The block (template) of the last job sent. */
    Block lastBlock;
    // pending SubmitShares.Success batch
    int pendingCount;
    long pendingLastSeq;
    long pendingSum;

    Channel(long id, boolean extended, byte[] extranoncePrefix, int extranonceSize, byte[] maxTarget, byte[] target, Counts counts) {
      this.id = id;
      this.extended = extended;
      this.extranoncePrefix = extranoncePrefix;
      this.extranonceSize = extranonceSize;
      this.maxTarget = maxTarget;
      this.target = target;
      this.counts = counts;
    }
  }

  record ShareKey(int jobId, int nonce, int ntime, int version, String extranonce) {}

  /** One downstream connection: its reader runs on its own thread; the timer sends through it too. */
  final class Conn {
    final int id;
    final Sv2Connection sc;
    final Map<Long, Channel> channels = new LinkedHashMap<>();
    final long groupChannelId = nextChannelId.getAndIncrement();
    boolean setupDone;
    /** {@link System#nanoTime()} when the send in progress began (never 0 then), 0 when none is. */
    volatile long sendingSince;

    Conn(int id, Sv2Connection sc) {
      this.id = id;
      this.sc = sc;
    }

    void close() {
      sc.close();
    }

    void run() throws IOException {
      while (!closed) {
        boolean pending;
        synchronized (this) {
          pending = channels.values().stream().anyMatch(ch -> ch.pendingCount > 0);
        }
        Sv2Frame f = pending ? sc.receive(cfg.successDelay) : sc.receive();
        if (f == null) {
          synchronized (this) {
            flushAll();
          }
          continue;
        }
        try (f) {
          handle(f);
        }
      }
    }

    private void send(AnyMessage m) throws IOException {
      sendingSince = System.nanoTime() | 1;
      try {
        sc.send(m.toFrame());
      } finally {
        sendingSince = 0;
      }
    }

    private synchronized void handle(Sv2Frame f) throws IOException {
      AnyMessage m;
      try {
        m = Sv2Messages.decodeOrPassThrough(f);
      } catch (MessageException e) {
        event(PoolEvent.Kind.PROTOCOL_ERROR, id, 0, "undecodable frame type 0x" + Integer.toHexString(f.msgType()) + ": " + e.getMessage());
        throw new IOException("undecodable message: " + e.getMessage(), e);
      }
      if (m instanceof UnknownMessage) {
        event(PoolEvent.Kind.PROTOCOL_ERROR, id, 0, "ignored unknown frame " + f);
        return;
      }
      if (!setupDone) {
        if (!(m instanceof SetupConnection s)) {
          throw new IOException("expected SetupConnection first, got " + m.getClass().getSimpleName());
        }
        setup(s);
        return;
      }
      if (m instanceof SubmitSharesStandard s) {
        share(s.channelId(), s.sequenceNumber(), (int) s.jobId(), (int) s.nonce(), (int) s.ntime(), (int) s.version(), null);
      } else if (m instanceof SubmitSharesExtended s) {
        share(s.channelId(), s.sequenceNumber(), (int) s.jobId(), (int) s.nonce(), (int) s.ntime(), (int) s.version(), s.extranonce().toByteArray());
      } else if (m instanceof OpenStandardMiningChannel o) {
        open(o.requestId(), o.userIdentity().lenientText(), o.maxTarget().toByteArray(), false, 0);
      } else if (m instanceof OpenExtendedMiningChannel o) {
        open(o.requestId(), o.userIdentity().lenientText(), o.maxTarget().toByteArray(), true, o.minExtranonceSize());
      } else if (m instanceof UpdateChannel u) {
        update(u);
      } else if (m instanceof CloseChannel c) {
        Channel ch = channels.remove(c.channelId());
        if (ch != null) {
          retire(ch.id);
        }
        event(PoolEvent.Kind.CHANNEL_CLOSED, id, c.channelId(),
            (ch == null ? "unknown channel, " : "by the miner, ") + "reason " + c.reasonCode());
      } else {
        event(PoolEvent.Kind.PROTOCOL_ERROR, id, 0, "ignored " + m.messageName());
      }
    }

    private void setup(SetupConnection s) throws IOException {
      if (s.protocol() != SetupConnection.MINING) {
        send(new SetupConnectionError(0, "unsupported-protocol"));
        throw new IOException("SetupConnection for protocol " + s.protocol() + " refused");
      }
      if (s.minVersion() > 2 || s.maxVersion() < 2) {
        send(new SetupConnectionError(0, "protocol-version-mismatch"));
        throw new IOException("SetupConnection versions " + s.minVersion() + ".." + s.maxVersion() + " refused");
      }
      setupDone = true;
      send(new SetupConnectionSuccess(2, 0));
      event(PoolEvent.Kind.SETUP, id, 0, "flags 0x" + Long.toHexString(s.flags()) + ", vendor " + s.vendor());
    }

    private void open(long requestId, String user, byte[] maxTarget, boolean extended, int minExtranonceSize) throws IOException {
      int prefixLen = extended ? cfg.extranoncePrefixLength : cfg.extranonceLength;
      int minerSize = extended ? cfg.extranonceLength - cfg.extranoncePrefixLength : 0;
      if (extended && minExtranonceSize > minerSize) {
        send(new OpenMiningChannelError(requestId, Str0255.of("min-extranonce-size-too-large")));
        event(PoolEvent.Kind.CHANNEL_REFUSED, id, 0, "min_extranonce_size " + minExtranonceSize + " over " + minerSize);
        return;
      }
      if (channels.size() >= cfg.maxChannels) {
        send(new OpenMiningChannelError(requestId, Str0255.of("max-channels-reached")));
        event(PoolEvent.Kind.CHANNEL_REFUSED, id, 0, "already " + channels.size() + " channels on this connection");
        return;
      }
      long chId = nextChannelId.getAndIncrement();
      byte[] prefix = new byte[prefixLen];
      ByteBuffer.wrap(prefix).putInt((int) chId);
      byte[] target = Targets.min(cfg.shareTarget, maxTarget).clone();
      Counts cnt = new Counts(chId, extended, user);
      counts.put(chId, cnt);
      Channel ch = new Channel(chId, extended, prefix, minerSize, maxTarget.clone(), target, cnt);
      channels.put(chId, ch);
      if (extended) {
        send(new OpenExtendedMiningChannelSuccess(requestId, chId, U256.fromBytes(target), minerSize, Bytes.of(prefix), groupChannelId));
      } else {
        send(new OpenStandardMiningChannelSuccess(requestId, chId, U256.fromBytes(target), Bytes.of(prefix), groupChannelId));
      }
      event(PoolEvent.Kind.CHANNEL_OPENED, id, chId, (extended ? "extended" : "standard") + ", user " + Text.quote(user)
          + ", group " + groupChannelId + ", target " + Text.hex(Hashes.reversed(target)));
      sendJob(ch, block, true);
    }

    /** Sends the current job to every channel (from the timer or an operator action). */
    synchronized void sendJobs(Block b, boolean newPrevHash) {
      try {
        for (Channel ch : channels.values()) {
          // A channel opened while this block was being announced already has its job.
          if (ch.lastBlock != b) {
            sendJob(ch, b, newPrevHash);
          }
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "connection {0}: job not sent: {1}", id, e.toString());
        close();
      }
    }

    private void sendJob(Channel ch, Block b, boolean withPrevHash) throws IOException {
      flush(ch);
      int jobId = nextJobId.getAndIncrement();
      byte[] root = ch.extended ? null : b.merkleRoot(ch.extranoncePrefix, new byte[0]);
      ch.jobs.put(jobId, new Job(jobId, b, root));
      ch.lastBlock = b;
      OptionalLong minNtime = withPrevHash ? OptionalLong.empty() : OptionalLong.of(b.minNtime & 0xffff_ffffL);
      long job = jobId & 0xffff_ffffL;
      long version = b.version & 0xffff_ffffL;
      if (ch.extended) {
        send(new NewExtendedMiningJob(ch.id, job, minNtime, version, true, b.merklePathU256, Bytes.of(b.coinbasePrefix), Bytes.of(b.coinbaseSuffix)));
      } else {
        send(new NewMiningJob(ch.id, job, minNtime, version, U256.fromBytes(root)));
      }
      if (withPrevHash) {
        send(new SetNewPrevHash(ch.id, job, U256.fromBytes(b.prevHash), b.minNtime & 0xffff_ffffL, b.nbits & 0xffff_ffffL));
      }
      event(PoolEvent.Kind.JOB, id, ch.id, "job " + Integer.toUnsignedString(jobId) + (withPrevHash ? " + SetNewPrevHash (height " + b.height + ")" : ""));
    }

    synchronized boolean setTarget(long channelId, byte[] target) {
      Channel ch = channels.get(channelId);
      if (ch == null) {
        return false;
      }
      ch.target = target;
      try {
        flush(ch);
        send(new SetTarget(channelId, U256.fromBytes(target)));
      } catch (IOException e) {
        close();
      }
      event(PoolEvent.Kind.TARGET, id, channelId, Text.hex(Hashes.reversed(target)));
      return true;
    }

    synchronized boolean closeChannel(long channelId, String reason) {
      Channel ch = channels.remove(channelId);
      if (ch == null) {
        return false;
      }
      retire(channelId);
      try {
        flush(ch);
        send(new CloseChannel(channelId, Str0255.of(reason)));
      } catch (IOException e) {
        close();
      }
      event(PoolEvent.Kind.CHANNEL_CLOSED, id, channelId, "by the pool, reason " + Text.quote(reason));
      return true;
    }

    private void update(UpdateChannel u) throws IOException {
      long chId = u.channelId();
      Channel ch = channels.get(chId);
      if (ch == null) {
        send(new UpdateChannelError(u.channelId(), Str0255.of("invalid-channel-id")));
        return;
      }
      ch.maxTarget = u.maximumTarget().toByteArray();
      byte[] t = Targets.min(cfg.shareTarget, ch.maxTarget).clone();
      if (Targets.compare(t, ch.target) != 0) {
        ch.target = t;
        flush(ch);
        send(new SetTarget(u.channelId(), U256.fromBytes(t)));
        event(PoolEvent.Kind.TARGET, id, chId, Text.hex(Hashes.reversed(t)) + " (UpdateChannel)");
      }
    }

    private void share(long channelId, long seq, int jobId, int nonce, int ntime, int version, byte[] extranonce) throws IOException {
      long chId = channelId;
      Channel ch = channels.get(chId);
      ShareError err;
      if (ch == null || ch.extended != (extranonce != null)) {
        err = ShareError.INVALID_CHANNEL_ID;
      } else {
        err = validate(ch, jobId, nonce, ntime, version, extranonce);
      }
      if (err == null) {
        ch.counts.accepted.incrementAndGet();
        ch.pendingCount++;
        ch.pendingLastSeq = seq;
        ch.pendingSum += 1;
        event(PoolEvent.Kind.SHARE_ACCEPTED, id, chId, "seq " + seq + ", job " + Integer.toUnsignedString(jobId));
        if (ch.pendingCount >= cfg.successBatch) {
          flush(ch);
        }
        return;
      }
      if (ch != null) {
        ch.counts.rejected.get(err).incrementAndGet();
        flush(ch);
      } else {
        unknownChannelShares.incrementAndGet();
      }
      send(new SubmitSharesError(channelId, seq, Str0255.of(err.code())));
      event(PoolEvent.Kind.SHARE_REJECTED, id, chId, "seq " + seq + ", job " + Integer.toUnsignedString(jobId) + ": " + err.code());
    }

    private ShareError validate(Channel ch, int jobId, int nonce, int ntime, int version, byte[] extranonce) {
      Job job = ch.jobs.get(jobId);
      if (job == null) {
        return ShareError.INVALID_JOB_ID;
      }
      Block cur = block;
      if (job.block.height != cur.height || !java.util.Arrays.equals(job.block.prevHash, cur.prevHash)) {
        return ShareError.STALE_SHARE;
      }
      if (extranonce != null && extranonce.length != ch.extranonceSize) {
        return ShareError.BAD_EXTRANONCE_SIZE;
      }
      if (((version ^ job.block.version) & ~Targets.BIP320_VERSION_MASK) != 0) {
        return ShareError.INVALID_VERSION;
      }
      long now = cfg.clock.millis() / 1000;
      long nt = ntime & 0xffff_ffffL;
      if (nt < (job.block.minNtime & 0xffff_ffffL) || nt > now + cfg.ntimeTolerance.toSeconds()) {
        return ShareError.INVALID_NTIME;
      }
      byte[] root = extranonce == null ? job.merkleRoot : job.block.merkleRoot(ch.extranoncePrefix, extranonce);
      BlockHeader h = new BlockHeader(version, job.block.prevHash, root, ntime, job.block.nbits, nonce);
      if (!Targets.meets(h.hash(), ch.target)) {
        return ShareError.DIFFICULTY_TOO_LOW;
      }
      if (ch.seenHeight != cur.height || ch.seen.size() >= MAX_SEEN) {
        // A new block makes every older share stale anyway; the cap keeps a flood of easy shares bounded
        // (after it, a duplicate of a share from before the reset would be accepted once more).
        ch.seen.clear();
        ch.seenHeight = cur.height;
      }
      ShareKey key = new ShareKey(jobId, nonce, ntime, version, extranonce == null ? "" : Text.hex(extranonce));
      if (!ch.seen.add(key)) {
        return ShareError.DUPLICATE_SHARE;
      }
      return null;
    }

    private void flushAll() throws IOException {
      for (Channel ch : channels.values()) {
        flush(ch);
      }
    }

    private void flush(Channel ch) throws IOException {
      if (ch.pendingCount == 0) {
        return;
      }
      SubmitSharesSuccess s = new SubmitSharesSuccess(ch.id, ch.pendingLastSeq, ch.pendingCount, ch.pendingSum);
      ch.pendingCount = 0;
      ch.pendingSum = 0;
      send(s);
    }
  }

  /** Configuration of a {@link TestPool}. */
  public static final class Builder {
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    Endpoints.Server server = Endpoints.Server.plain();
    byte[] shareTarget = Targets.ofLeadingZeroBits(16);
    Duration jobInterval = Duration.ZERO;
    Duration ntimeTolerance = Duration.ofMinutes(10);
    Duration sendTimeout = Duration.ofSeconds(10);
    int successBatch = 10;
    Duration successDelay = Duration.ofMillis(50);
    int extranonceLength = 16;
    int extranoncePrefixLength = 4;
    int transactions = 5;
    int nbits = 0x1703_6e3a; // a 2025 mainnet difficulty: no CPU finds a block
    int version = 0x2000_0000;
    Sv2Connection.Options options = Harness.OPTIONS;
    Clock clock = Clock.systemUTC();
    java.util.Random random = new java.util.Random();
    Consumer<PoolEvent> listener;
    int maxChannels = 64;
    int keepClosedChannels = 10_000;
    int maxConnections = DEFAULT_MAX_CONNECTIONS;

    Builder() {}

    /**
     * The most connections served at once (default {@value TestPool#DEFAULT_MAX_CONNECTIONS}); each holds
     * a thread. A connection past it is closed as soon as it is accepted (the peer reads end-of-stream)
     * and counted in {@link TestPool#connectionsRefused()}; those already open carry on.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxConnections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1");
      }
      this.maxConnections = n;
      return this;
    }

    /**
     * How many closed channels keep their own counts for {@link TestPool#channels()} and {@link
     * TestPool#channel(long)} (default 10,000); the oldest beyond it are folded into {@link
     * TestPool#accepted()} and {@link TestPool#rejected()}, which stay exact.
     *
     * @param n at least 0
     * @return this builder
     */
    public Builder keepClosedChannels(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("a negative count");
      }
      this.keepClosedChannels = n;
      return this;
    }

    /**
     * Open channels one connection may hold (default 64); more are refused with {@code
     * OpenMiningChannel.Error} {@code max-channels-reached}.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxChannelsPerConnection(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("at least one channel");
      }
      this.maxChannels = n;
      return this;
    }

    /**
     * How long one frame may wait for a peer that does not read (its TCP window full) before the pool closes
     * that connection (default 10 s). Sends to a connection happen under its lock, also from the job timer
     * and the operator actions ({@link TestPool#newJob()}, {@link TestPool#newBlock()}, ...), so a peer that
     * never reads would otherwise stall job distribution to every other connection; with the timeout it
     * stalls it at most this long (plus a quarter of it, at most a second, for the check).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder sendTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the send timeout must be positive");
      }
      this.sendTimeout = timeout;
      return this;
    }

    /**
     * Where to listen (default 127.0.0.1, port 0 = any free port).
     *
     * @param address the address
     * @return this builder
     */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address);
      return this;
    }

    /**
     * Plaintext or Noise (default plaintext); the pool owns the server side from now on.
     *
     * @param server the server side
     * @return this builder
     */
    public Builder server(Endpoints.Server server) {
      this.server = Objects.requireNonNull(server);
      return this;
    }

    /**
     * The share target every channel gets (capped by the channel's {@code max_target}); default 2^240 − 1
     * (about 65,536 hashes a share).
     *
     * @param target U256 little-endian (copied)
     * @return this builder
     */
    public Builder shareTarget(byte[] target) {
      this.shareTarget = checkU256(target);
      return this;
    }

    /**
     * Sends a fresh job to every channel at this interval (default: never; zero turns it off).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder jobInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("negative interval");
      }
      this.jobInterval = interval;
      return this;
    }

    /**
     * How far ahead of the pool's clock a share's ntime may be (default 10 minutes).
     *
     * @param tolerance the tolerance
     * @return this builder
     */
    public Builder ntimeTolerance(Duration tolerance) {
      this.ntimeTolerance = Objects.requireNonNull(tolerance);
      return this;
    }

    /**
     * Batching of {@code SubmitShares.Success}: one acknowledges up to {@code maxShares} shares, sent once
     * that many are accepted or when {@code maxDelay} passes with no further frame (default 10 and 50 ms).
     *
     * @param maxShares 1 for one success per share
     * @param maxDelay the longest an accepted share waits for its acknowledgement
     * @return this builder
     */
    public Builder successBatch(int maxShares, Duration maxDelay) {
      if (maxShares < 1 || maxDelay.isNegative() || maxDelay.isZero()) {
        throw new IllegalArgumentException("maxShares >= 1 and a positive delay");
      }
      this.successBatch = maxShares;
      this.successDelay = maxDelay;
      return this;
    }

    /**
     * The coinbase's extranonce: total length and the pool's prefix for extended channels (default 16 and 4,
     * leaving 12 bytes to extended miners; standard channels get all 16 as their prefix).
     *
     * @param total total extranonce bytes, 4 to 32
     * @param extendedPrefix the pool's part for extended channels, 4 to {@code total}
     * @return this builder
     */
    public Builder extranonce(int total, int extendedPrefix) {
      if (total < 4 || total > 32 || extendedPrefix < 4 || extendedPrefix > total) {
        throw new IllegalArgumentException("extranonce total in 4..32, prefix in 4..total");
      }
      this.extranonceLength = total;
      this.extranoncePrefixLength = extendedPrefix;
      return this;
    }

    /**
     * The nBits of the jobs' headers (default a 2025 mainnet value).
     *
     * @param nbits compact target
     * @return this builder
     */
    public Builder nbits(int nbits) {
      this.nbits = nbits;
      return this;
    }

    /**
     * Connection options (default {@link Harness#OPTIONS}).
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(Sv2Connection.Options options) {
      this.options = Objects.requireNonNull(options);
      return this;
    }

    /**
     * The clock for ntime checks and job times.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Receives every pool event (connections, channels, jobs, shares) on the pool's threads; keep it quick.
     *
     * @param listener the listener, or {@code null}
     * @return this builder
     */
    public Builder listener(Consumer<PoolEvent> listener) {
      this.listener = listener;
      return this;
    }

    /**
     * The pool (not started).
     *
     * @return a new pool
     */
    public TestPool build() {
      return new TestPool(this);
    }
  }
}
