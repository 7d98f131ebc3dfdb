package org.sv2j.harness;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.binary.Bytes;
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

/**
 * A Stratum V2 test miner: connects (plaintext or Noise), sends {@code SetupConnection} (protocol 0), opens a
 * standard or an extended channel, mines on CPU threads against the channel's target, submits shares, follows
 * new jobs, prev hashes and {@code SetTarget}, and counts what the pool accepted and rejected.
 *
 * <pre>{@code
 * try (TestMiner miner = TestMiner.builder(pool.address()).channel(TestMiner.ChannelKind.EXTENDED).build()) {
 *   miner.start();                                   // connect, set up, open the channel, mine
 *   miner.awaitAccepted(5, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>A standard channel mines header-only from {@code NewMiningJob}; an extended channel builds the coinbase
 * from the job's prefix, its extranonce prefix, its own extranonce (distinct per thread) and the suffix, and
 * rolls version bits within the BIP 320 mask when the job allows. Mining threads split the nonce space; when it
 * is used up a thread moves ntime on by one second.
 *
 * <h2>Threads and ownership</h2>
 *
 * {@link #start()} runs on the caller; then one reader thread and {@link Builder#threads} mining threads (daemon
 * threads named {@code sv2-miner-*}) run until {@link #close()}, the pool closes the channel or the connection
 * ends. The miner owns its connection. Counters are safe to read from any thread.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Shares are counted as accepted when the pool's {@code SubmitShares.Success} arrives: a batching pool
 *       acknowledges a little later than the share was sent ({@link #awaitAccepted} waits for that).
 *   <li>{@link #start()} throws {@link MinerException} with a {@link MinerException.Stage} saying which step
 *       failed; the {@code sv2 mine} exit codes follow it.
 * </ul>
 */
public final class TestMiner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.sv2j.harness.miner");

  /** The kind of channel to open. */
  public enum ChannelKind {
    /** {@code OpenStandardMiningChannel}: header-only mining. */
    STANDARD,
    /** {@code OpenExtendedMiningChannel}: the miner builds the coinbase and may roll version bits. */
    EXTENDED
  }

  private final Builder cfg;
  private Sv2Connection conn;
  private volatile boolean closed;
  private final List<Thread> threads = new ArrayList<>();

  private volatile long channelId = -1;
  private volatile byte[] extranoncePrefix;
  private volatile int extranonceSize;
  private volatile byte[] target;
  private volatile long groupChannelId;
  private volatile Work work;
  private final Map<Integer, Job> jobs = new HashMap<>();
  private Prev prev;
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger workGeneration = new AtomicInteger();

  private final LongAdder hashes = new LongAdder();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong jobsReceived = new AtomicLong();
  private final Map<String, AtomicLong> rejectedByCode = new java.util.concurrent.ConcurrentHashMap<>();
  /** Distinct error codes {@link #rejectedByCode()} keeps. */
  static final int MAX_ERROR_CODES = 64;
  /** The key of {@link #rejectedByCode()} that counts the codes beyond {@link #MAX_ERROR_CODES}. */
  public static final String OTHER_ERROR_CODES = "(other codes)";
  private final Object countsChanged = new Object();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile String endReason;
  private long startNanos;

  private TestMiner(Builder b) {
    this.cfg = b;
  }

  /**
   * A builder for a miner of the pool at {@code pool} (plaintext, one standard channel, one thread).
   *
   * @param pool the pool's address
   * @return a new builder
   */
  public static Builder builder(InetSocketAddress pool) {
    return new Builder(pool);
  }

  /**
   * Connects, sets the connection up, opens the channel and starts mining; returns once the channel is open.
   *
   * @return this miner
   * @throws MinerException if a step failed (the stage says which); the miner is then closed
   * @throws IllegalStateException if already started
   */
  public synchronized TestMiner start() throws MinerException {
    if (conn != null || closed) {
      throw new IllegalStateException("already started");
    }
    startNanos = System.nanoTime();
    java.nio.channels.SocketChannel ch;
    try {
      ch = Endpoints.Client.connectWithin(cfg.pool, cfg.replyTimeout);
    } catch (IOException e) {
      close();
      throw new MinerException(MinerException.Stage.CONNECT, "cannot connect to " + cfg.pool + ": " + e.getMessage(), e);
    }
    try {
      conn = cfg.client.open(ch, cfg.options);
    } catch (IOException | org.sv2j.codec.CodecException e) {
      close();
      throw new MinerException(MinerException.Stage.HANDSHAKE, "handshake with " + cfg.pool + " failed: " + e.getMessage(), e);
    }
    try {
      setup();
      openChannel();
    } catch (MinerException e) {
      close();
      throw e;
    } catch (IOException | RuntimeException e) {
      close();
      throw new MinerException(MinerException.Stage.SETUP, "connection failed during setup: " + e.getMessage(), e);
    }
    Thread reader = new Thread(this::readLoop, "sv2-miner-read");
    reader.setDaemon(true);
    threads.add(reader);
    for (int i = 0; i < cfg.threads; i++) {
      int index = i;
      Thread t = new Thread(() -> mineLoop(index), "sv2-miner-hash-" + i);
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    return this;
  }

  private void setup() throws IOException, MinerException {
    int flags = cfg.kind == ChannelKind.STANDARD ? TestPool.FLAG_REQUIRES_STANDARD_JOBS
        : cfg.versionRolling ? TestPool.FLAG_REQUIRES_VERSION_ROLLING : 0;
    String host = cfg.pool.getHostString();
    conn.send(new SetupConnection(SetupConnection.MINING, 2, 2, flags, host.length() > 255 ? "" : host, cfg.pool.getPort(), "sv2j", "cpu", "sv2j test miner", cfg.userIdentity).toFrame());
    AnyMessage reply = receive(MinerException.Stage.SETUP);
    if (reply instanceof SetupConnectionError e) {
      throw new MinerException(MinerException.Stage.SETUP, "SetupConnection refused: " + e.errorCode(), null);
    }
    if (!(reply instanceof SetupConnectionSuccess)) {
      throw new MinerException(MinerException.Stage.SETUP, "SetupConnection answered with " + name(reply), null);
    }
  }

  private void openChannel() throws IOException, MinerException {
    if (cfg.kind == ChannelKind.STANDARD) {
      conn.send(new OpenStandardMiningChannel(1, Str0255.of(cfg.userIdentity), cfg.nominalHashRate, U256.fromBytes(cfg.maxTarget)).toFrame());
    } else {
      conn.send(new OpenExtendedMiningChannel(1, Str0255.of(cfg.userIdentity), cfg.nominalHashRate, U256.fromBytes(cfg.maxTarget), cfg.minExtranonceSize).toFrame());
    }
    AnyMessage reply = receive(MinerException.Stage.CHANNEL);
    if (reply instanceof OpenMiningChannelError e) {
      throw new MinerException(MinerException.Stage.CHANNEL, "channel refused: " + e.errorCode(), null);
    }
    if (reply instanceof OpenStandardMiningChannelSuccess s && cfg.kind == ChannelKind.STANDARD) {
      target = s.target().toByteArray();
      extranoncePrefix = s.extranoncePrefix().toByteArray();
      extranonceSize = 0;
      groupChannelId = s.groupChannelId();
      channelId = s.channelId();
    } else if (reply instanceof OpenExtendedMiningChannelSuccess s && cfg.kind == ChannelKind.EXTENDED) {
      if (s.extranonceSize() < 4 || s.extranonceSize() > 32 || s.extranoncePrefix().length() + s.extranonceSize() > 32) {
        throw new MinerException(MinerException.Stage.CHANNEL, "unusable extranonce_size " + s.extranonceSize(), null);
      }
      target = s.target().toByteArray();
      extranoncePrefix = s.extranoncePrefix().toByteArray();
      extranonceSize = s.extranonceSize();
      groupChannelId = s.groupChannelId();
      channelId = s.channelId();
    } else {
      throw new MinerException(MinerException.Stage.CHANNEL, "open channel answered with " + name(reply), null);
    }
  }

  private AnyMessage receive(MinerException.Stage stage) throws IOException, MinerException {
    Sv2Frame f = conn.receive(cfg.replyTimeout);
    if (f == null) {
      throw new MinerException(stage, "no answer within " + cfg.replyTimeout.toMillis() + " ms", null);
    }
    try (f) {
      AnyMessage m = Sv2Messages.decodeOrPassThrough(f);
      if (m instanceof UnknownMessage) {
        throw new MinerException(stage, "unexpected frame " + f, null);
      }
      return m;
    }
  }

  private static String name(Object m) {
    return m == null ? "nothing" : m.getClass().getSimpleName();
  }

  // ---------------------------------------------------------------------------------------------------
  // Reader

  private void readLoop() {
    try {
      while (!closed) {
        Sv2Frame f = conn.receive();
        try (f) {
          AnyMessage m = Sv2Messages.decodeOrPassThrough(f);
          if (!(m instanceof UnknownMessage)) {
            handle(m);
          }
        }
      }
    } catch (EOFException | ClosedChannelException e) {
      end("connection closed");
    } catch (IOException | RuntimeException e) {
      end(closed ? "closed" : "connection failed: " + e.getMessage());
    }
    end("closed");
  }

  private void handle(AnyMessage m) {
    if (m instanceof SubmitSharesSuccess s) {
      accepted.addAndGet(s.newSubmitsAcceptedCount());
      notifyCounts();
    } else if (m instanceof SubmitSharesError e) {
      rejected.incrementAndGet();
      // The codes are the pool's text: keep at most MAX_ERROR_CODES distinct ones, count the rest together.
      String code = Text.escape(e.errorCode().lenientText());
      if (rejectedByCode.size() >= MAX_ERROR_CODES && !rejectedByCode.containsKey(code)) {
        code = OTHER_ERROR_CODES;
      }
      rejectedByCode.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
      notifyCounts();
    } else if (m instanceof NewMiningJob j) {
      if (cfg.kind != ChannelKind.STANDARD) {
        protocolError("NewMiningJob on an extended channel");
        return;
      }
      jobsReceived.incrementAndGet();
      onJob(new Job((int) j.jobId(), (int) j.version(), ntime(j.minNtime()), j.merkleRoot().toByteArray(), null, null, null, false));
    } else if (m instanceof NewExtendedMiningJob j) {
      if (cfg.kind != ChannelKind.EXTENDED) {
        // The miner asked for standard jobs (REQUIRES_STANDARD_JOBS), as the reference's mining device does.
        protocolError("NewExtendedMiningJob on a standard channel");
        return;
      }
      jobsReceived.incrementAndGet();
      List<byte[]> path = j.merklePath().stream().map(U256::toByteArray).toList();
      onJob(new Job((int) j.jobId(), (int) j.version(), ntime(j.minNtime()), null, path, j.coinbaseTxPrefix().toByteArray(),
          j.coinbaseTxSuffix().toByteArray(), j.versionRollingAllowed()));
    } else if (m instanceof SetNewPrevHash p) {
      onPrevHash(new Prev((int) p.jobId(), p.prevHash().toByteArray(), (int) p.minNtime(), (int) p.nbits()));
    } else if (m instanceof SetTarget t) {
      target = t.maximumTarget().toByteArray();
      workGeneration.incrementAndGet();
    } else if (m instanceof CloseChannel c) {
      end("channel closed by the pool: " + c.reasonCode());
      close();
    }
  }

  private void protocolError(String what) {
    end("protocol error: the pool sent " + what);
    close();
  }

  private static Integer ntime(java.util.OptionalLong v) {
    return v.isPresent() ? (int) v.getAsLong() : null;
  }

  private synchronized void onJob(Job j) {
    jobs.put(j.jobId, j);
    if (jobs.size() > 64) {
      jobs.keySet().removeIf(id -> prev == null || id != prev.jobId && jobs.size() > 64);
    }
    if (j.minNtime != null && prev != null) {
      activate(j, prev);
    }
  }

  private synchronized void onPrevHash(Prev p) {
    prev = p;
    Job j = jobs.get(p.jobId);
    if (j != null) {
      jobs.clear();
      jobs.put(j.jobId, j);
      activate(j, p);
    } else {
      work = null; // nothing to mine on until the job arrives
      workGeneration.incrementAndGet();
    }
  }

  private void activate(Job j, Prev p) {
    int ntime = Math.max(p.minNtime, (int) (System.currentTimeMillis() / 1000));
    work = new Work(j, p, ntime);
    workGeneration.incrementAndGet();
  }

  private void notifyCounts() {
    synchronized (countsChanged) {
      countsChanged.notifyAll();
    }
  }

  private void end(String reason) {
    if (endReason == null) {
      endReason = reason;
    }
    ended.countDown();
    notifyCounts();
  }

  // ---------------------------------------------------------------------------------------------------
  // Mining

  private void mineLoop(int index) {
    MessageDigest md = Hashes.sha256();
    byte[] header = new byte[BlockHeader.SIZE];
    byte[] first = new byte[32];
    byte[] hash = new byte[32];
    int threadsN = cfg.threads;
    // Where this thread stopped, so that a restart on the same work (a new target) never repeats a share.
    Work last = null;
    long nonce = index;
    int ntime = 0;
    int round = 0;
    byte[] extranonce = null;
    byte[] root = null;
    try {
      while (!closed) {
        int gen = workGeneration.get();
        Work w = work;
        byte[] t = target;
        if (w == null || t == null || (cfg.maxShares > 0 && submitted.get() >= cfg.maxShares)) {
          sleep(20);
          continue;
        }
        if (w != last) {
          last = w;
          nonce = index;
          ntime = w.ntime;
          extranonce = null;
          if (w.job.merkleRoot != null) {
            root = w.job.merkleRoot;
          } else {
            // Distinct per thread and per round: bytes 0-1 the thread, 2-3 the round.
            extranonce = new byte[extranonceSize];
            ByteBuffer.wrap(extranonce).putShort(0, (short) index).putShort(2, (short) round++);
            root = Merkle.root(Merkle.txid(Merkle.coinbase(w.job.prefix, extranoncePrefix, extranonce, w.job.suffix)), w.job.path);
          }
        }
        int version = w.job.version;
        if (cfg.versionRolling && (w.job.versionRollingAllowed || w.job.merkleRoot != null)) {
          version = (version & ~Targets.BIP320_VERSION_MASK) | ((index << 13) & Targets.BIP320_VERSION_MASK);
        }
        new BlockHeader(version, w.prev.prevHash, root, ntime, w.prev.nbits, 0).writeTo(header);
        while (!closed) {
          for (int k = 0; k < 4096; k++) {
            if (nonce > 0xffff_ffffL) {
              ntime++; // nonce space used up: move time on
              BlockHeader.putIntLE(header, BlockHeader.TIME_OFFSET, ntime);
              nonce = index;
            }
            BlockHeader.putIntLE(header, BlockHeader.NONCE_OFFSET, (int) nonce);
            md.update(header, 0, BlockHeader.SIZE);
            md.digest(first, 0, 32);
            md.update(first, 0, 32);
            md.digest(hash, 0, 32);
            nonce += threadsN;
            if (Targets.meets(hash, t)) {
              submit(w, (int) (nonce - threadsN), ntime, version, extranonce);
              if (cfg.maxShares > 0 && submitted.get() >= cfg.maxShares) {
                break;
              }
            }
          }
          hashes.add(4096);
          if (workGeneration.get() != gen || (cfg.maxShares > 0 && submitted.get() >= cfg.maxShares)) {
            break;
          }
        }
      }
    } catch (IOException e) {
      end(closed ? "closed" : "share not sent: " + e.getMessage());
    } catch (RuntimeException e) {
      // Never a silently dead hashing thread: the miner ends and says why.
      end("mining failed: " + e);
      close();
    } catch (java.security.DigestException e) {
      throw new AssertionError(e);
    }
  }

  private void submit(Work w, int nonce, int ntime, int version, byte[] extranonce) throws IOException {
    int seq = sequence.incrementAndGet();
    long ch = channelId;
    AnyMessage m = extranonce == null
        ? new SubmitSharesStandard(ch, u(seq), u(w.job.jobId), u(nonce), u(ntime), u(version))
        : new SubmitSharesExtended(ch, u(seq), u(w.job.jobId), u(nonce), u(ntime), u(version), Bytes.of(extranonce));
    submitted.incrementAndGet();
    conn.send(m.toFrame());
  }

  private static long u(int v) {
    return v & 0xffff_ffffL;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Results

  /**
   * Waits until at least {@code n} shares were accepted, the miner ended, or the timeout passed.
   *
   * @param n the count to wait for
   * @param timeout how long at most
   * @return whether {@code n} shares were accepted
   * @throws InterruptedException if interrupted
   */
  public boolean awaitAccepted(long n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (countsChanged) {
      while (accepted.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended.getCount() == 0) {
          return accepted.get() >= n;
        }
        TimeUnit.NANOSECONDS.timedWait(countsChanged, left);
      }
      return true;
    }
  }

  /**
   * Waits until every submitted share was answered (accepted or rejected), or the timeout passed.
   *
   * @param timeout how long at most
   * @return whether every share was answered
   * @throws InterruptedException if interrupted
   */
  public boolean awaitAnswers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (countsChanged) {
      while (accepted.get() + rejected.get() < submitted.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended.getCount() == 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(countsChanged, Math.min(left, 50_000_000L));
      }
      return accepted.get() + rejected.get() >= submitted.get();
    }
  }

  /**
   * The open channel's id, or -1 before it is open.
   *
   * @return the open channel's id, or -1 before it is open
   */
  public long channelId() {
    return channelId;
  }

  /**
   * The group channel id the pool announced.
   *
   * @return the group channel id the pool announced
   */
  public long groupChannelId() {
    return groupChannelId;
  }

  /**
   * Shares submitted.
   *
   * @return shares submitted
   */
  public long submitted() {
    return submitted.get();
  }

  /**
   * Shares the pool acknowledged as accepted.
   *
   * @return shares the pool acknowledged as accepted
   */
  public long accepted() {
    return accepted.get();
  }

  /**
   * Shares the pool rejected.
   *
   * @return shares the pool rejected
   */
  public long rejected() {
    return rejected.get();
  }

  /**
   * Rejections by {@code error_code} (escaped; at most 64 distinct codes, the rest under {@link #OTHER_ERROR_CODES}), a snapshot.
   *
   * @return rejections by {@code error_code} (escaped; at most 64 distinct codes, the rest under {@link #OTHER_ERROR_CODES}), a snapshot
   */
  public Map<String, Long> rejectedByCode() {
    Map<String, Long> m = new java.util.TreeMap<>();
    rejectedByCode.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /**
   * Jobs received.
   *
   * @return jobs received
   */
  public long jobs() {
    return jobsReceived.get();
  }

  /**
   * Double SHA-256 header hashes computed.
   *
   * @return double SHA-256 header hashes computed
   */
  public long hashes() {
    return hashes.sum();
  }

  /**
   * Hashes per second since {@link #start()}.
   *
   * @return hashes per second since {@link #start()}
   */
  public double hashRate() {
    double s = (System.nanoTime() - startNanos) / 1e9;
    return s <= 0 ? 0 : hashes.sum() / s;
  }

  /**
   * Why the miner stopped, or {@code null} while it runs.
   *
   * @return why the miner stopped, or {@code null} while it runs
   */
  public String endReason() {
    return ended.getCount() == 0 ? endReason : null;
  }

  /**
   * Whether the miner is running (started, not ended).
   *
   * @return whether the miner is running (started, not ended)
   */
  public boolean isRunning() {
    return conn != null && ended.getCount() > 0 && !closed;
  }

  /** Stops mining and closes the connection; idempotent. Waits briefly for the threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (conn != null) {
      conn.close();
    }
    end("closed");
    for (Thread t : threads) {
      if (t != Thread.currentThread()) {
        try {
          t.join(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "miner closed: {0}", this);
  }

  @Override
  public String toString() {
    return "TestMiner[" + cfg.kind + " channel " + channelId + ", submitted " + submitted + ", accepted " + accepted
        + ", rejected " + rejected + "]";
  }

  record Job(int jobId, int version, Integer minNtime, byte[] merkleRoot, List<byte[]> path, byte[] prefix, byte[] suffix, boolean versionRollingAllowed) {}

  record Prev(int jobId, byte[] prevHash, int minNtime, int nbits) {}

  record Work(Job job, Prev prev, int ntime) {}

  /** Configuration of a {@link TestMiner}. */
  public static final class Builder {
    final InetSocketAddress pool;
    Endpoints.Client client = Endpoints.Client.plain();
    ChannelKind kind = ChannelKind.STANDARD;
    int threads = 1;
    String userIdentity = "sv2j-test-miner";
    float nominalHashRate = 1e6f;
    byte[] maxTarget = Targets.max();
    int minExtranonceSize = 4;
    boolean versionRolling = true;
    long maxShares;
    Duration replyTimeout = Duration.ofSeconds(10);
    Sv2Connection.Options options = Harness.OPTIONS;

    Builder(InetSocketAddress pool) {
      this.pool = Objects.requireNonNull(pool);
    }

    /**
     * Plaintext or Noise (default plaintext).
     *
     * @param client the client side
     * @return this builder
     */
    public Builder client(Endpoints.Client client) {
      this.client = Objects.requireNonNull(client);
      return this;
    }

    /**
     * Standard or extended channel (default standard).
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder channel(ChannelKind kind) {
      this.kind = Objects.requireNonNull(kind);
      return this;
    }

    /**
     * Mining threads (default 1).
     *
     * @param n 1 to 256
     * @return this builder
     */
    public Builder threads(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("threads in 1..256");
      }
      this.threads = n;
      return this;
    }

    /**
     * {@code user_identity} of the channel (default {@code sv2j-test-miner}).
     *
     * @param user at most 255 UTF-8 bytes
     * @return this builder
     */
    public Builder userIdentity(String user) {
      this.userIdentity = Objects.requireNonNull(user);
      return this;
    }

    /**
     * {@code max_target} of the open request (default all 0xff: any target the pool likes).
     *
     * @param target U256 little-endian (copied)
     * @return this builder
     */
    public Builder maxTarget(byte[] target) {
      if (target.length != 32) {
        throw new IllegalArgumentException("a target is 32 bytes");
      }
      this.maxTarget = target.clone();
      return this;
    }

    /**
     * Whether to roll version bits within the BIP 320 mask (default on; asks for it in {@code
     * SetupConnection} on extended channels).
     *
     * @param on whether to roll
     * @return this builder
     */
    public Builder versionRolling(boolean on) {
      this.versionRolling = on;
      return this;
    }

    /**
     * Stop submitting after this many shares (default 0: no limit); the connection stays open.
     *
     * @param n the limit, or 0
     * @return this builder
     */
    public Builder maxShares(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("negative limit");
      }
      this.maxShares = n;
      return this;
    }

    /**
     * {@code min_extranonce_size} of an extended channel request (default 4, at least 4 bytes so threads
     * can use distinct extranonces).
     *
     * @param n 4 to 32
     * @return this builder
     */
    public Builder minExtranonceSize(int n) {
      if (n < 4 || n > 32) {
        throw new IllegalArgumentException("min extranonce size in 4..32");
      }
      this.minExtranonceSize = n;
      return this;
    }

    /**
     * How long to wait for each setup answer (default 10 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder replyTimeout(Duration timeout) {
      this.replyTimeout = Objects.requireNonNull(timeout);
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
     * The miner (not started).
     *
     * @return a new miner
     */
    public TestMiner build() {
      return new TestMiner(this);
    }
  }
}
