package org.sv2j.harness;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.sv2j.codec.Sv2Connection;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.UnknownMessage;

/**
 * A man-in-the-middle between Sv2 downstreams (miners, proxies) and one upstream (a pool): it accepts
 * downstream connections (as Noise responder with its own authority key, or plaintext), opens one upstream
 * connection for each (as Noise initiator checking the upstream's authority key, or plaintext), and moves every
 * frame across, decrypted, decoded and recorded with its direction and time. By default frames are forwarded
 * unchanged (the same header and payload bytes, re-encrypted for the other side).
 *
 * <pre>{@code
 * try (Sniffer sniffer = Sniffer.builder(pool.address()).build().start()) {
 *   // point the miner at sniffer.address()
 *   sniffer.expect(Direction.TO_UPSTREAM, SetupConnection.class, Duration.ofSeconds(5));
 *   sniffer.drop(Sniffer.is(Direction.TO_DOWNSTREAM, SetNewPrevHash.class));   // fault injection
 * }
 * }</pre>
 *
 * <h2>Records and expectations</h2>
 *
 * {@link #records()} holds the frames (the latest {@link Builder#maxRecords(int)}) in the order the sniffer read them (per direction this is the wire
 * order). {@link #expect} waits for the next message of a class in one direction: each direction has a cursor
 * that moves past each match, so consecutive {@code expect} calls assert an order. Frames of extensions the
 * decoder does not know are recorded as frames ({@link Record#message()} is {@code null}); a payload that does
 * not decode has {@link Record#decodeError()} and is still forwarded.
 *
 * <h2>Fault injection</h2>
 *
 * {@link #drop}, {@link #delay}, {@link #replace} and {@link #corrupt} arm a fault for the <em>next</em> frame
 * that matches a predicate (one frame each; arm several for more). A delay holds that direction back (later
 * frames stay behind it, as on a slow link). A corrupted frame toward an encrypted peer is sent as bytes that
 * fail authentication, so the peer must close the connection; toward a plaintext peer its payload bytes are
 * inverted (header unchanged).
 *
 * <h2>Threads and ownership</h2>
 *
 * One acceptor thread, and per downstream connection (at most {@link Builder#maxConnections(int)}) two
 * forwarding threads (daemon threads named {@code sv2-sniffer-*}). The accept loop outlives accept failures
 * (a full file table, for one): it logs them at most once a second and retries after a short pause. When either side of a pair ends, the sniffer closes the other. The sniffer owns its
 * connections and its server key material ({@link #close()} releases them). All methods are thread-safe.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Records keep a copy of every payload, up to {@link Builder#maxRecords(int)} records (default {@value
 *       #DEFAULT_MAX_RECORDS}; each at most the options' maximum payload); beyond it the oldest are dropped and
 *       counted ({@link #droppedRecords()}); {@link #clear()} drops them all.
 *   <li>{@code expect} throws {@link AssertionError} (it is meant for tests) listing what the direction held.
 * </ul>
 */
public final class Sniffer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.sv2j.harness.sniffer");

  /** The default of {@link Builder#maxConnections(int)}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1_000;

  /** The default of {@link Builder#maxRecords(int)}. */
  public static final int DEFAULT_MAX_RECORDS = 100_000;

  /** Which way a frame went. */
  public enum Direction {
    /** From a downstream (miner) toward the upstream (pool). */
    TO_UPSTREAM,
    /** From the upstream toward a downstream. */
    TO_DOWNSTREAM
  }

  /** What the sniffer did with a recorded frame. */
  public enum Action {
    /** Forwarded unchanged. */
    FORWARDED,
    /** Dropped by a fault. */
    DROPPED,
    /** Forwarded unchanged after a delay. */
    DELAYED,
    /** Replaced by another frame. */
    REPLACED,
    /** Forwarded corrupted. */
    CORRUPTED
  }

  /**
   * One frame the sniffer saw.
   *
   * @param index sequence number since the start or the last {@link #clear()} (from 0); its position in
   *     {@link #records()} once {@link #droppedRecords()} is subtracted
   * @param connection the downstream connection number (from 1)
   * @param direction which way it went
   * @param time when it was read
   * @param extensionType the raw extension type, channel bit included
   * @param msgType the message type
   * @param payload the payload (the record keeps its own copy: {@link #payload()} returns a fresh copy each
   *     call, and {@code equals}/{@code hashCode} compare it by content)
   * @param message the decoded message, or {@code null} for an unknown type or a decode error
   * @param decodeError why the payload did not decode, or {@code null}
   * @param action what the sniffer did with it
   */
  public record Record(
      long index, int connection, Direction direction, Instant time, int extensionType, int msgType, byte[] payload,
      Object message, String decodeError, Action action) {

    /**
     * Copies the payload in.
     *
     * @param index see the record
     * @param connection see the record
     * @param direction see the record
     * @param time see the record
     * @param extensionType see the record
     * @param msgType see the record
     * @param payload see the record (copied)
     * @param message see the record
     * @param decodeError see the record
     * @param action see the record
     */
    public Record {
      payload = payload.clone();
    }

    /**
     * The payload.
     *
     * @return a copy of the payload bytes (the record's own stay unchanged)
     */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /**
     * The payload's length, without copying it.
     *
     * @return the number of payload bytes
     */
    public int payloadLength() {
      return payload.length;
    }

    /**
     * Equal when every component is, the payload compared by content.
     *
     * @param o the other object
     * @return whether it is an equal record
     */
    @Override
    public boolean equals(Object o) {
      return o instanceof Record r && index == r.index && connection == r.connection && direction == r.direction
          && time.equals(r.time) && extensionType == r.extensionType && msgType == r.msgType
          && java.util.Arrays.equals(payload, r.payload) && Objects.equals(message, r.message)
          && Objects.equals(decodeError, r.decodeError) && action == r.action;
    }

    /**
     * A hash of every component, the payload by content.
     *
     * @return a hash of every component, the payload by content
     */
    @Override
    public int hashCode() {
      return Objects.hash(index, connection, direction, time, extensionType, msgType, message, decodeError, action) * 31
          + java.util.Arrays.hashCode(payload);
    }

    /**
     * Whether the channel bit is set.
     *
     * @return whether the channel bit is set
     */
    public boolean channelMsg() {
      return (extensionType & Header.CHANNEL_BIT) != 0;
    }

    /**
     * The message's simple class name, or a frame description.
     *
     * @return the message's simple class name, or a frame description
     */
    public String name() {
      return message != null ? message.getClass().getSimpleName()
          : String.format("frame(ext=0x%04x, type=0x%02x)", extensionType & ~Header.CHANNEL_BIT, msgType);
    }

    /**
     * A new frame with the recorded header and payload.
     *
     * @return a new frame with the recorded header and payload
     */
    public Sv2Frame toFrame() {
      return Sv2Frame.fromPayload(extensionType & ~Header.CHANNEL_BIT, msgType, channelMsg(), payload);
    }

    /** One line: time, connection, direction, name, fields (peer text escaped). */
    @Override
    public String toString() {
      String what = message != null ? message.toString()
          : name() + " " + payload.length + " bytes" + (decodeError != null ? " (undecodable: " + Text.escape(decodeError) + ")" : "");
      return time + " #" + connection + " " + (direction == Direction.TO_UPSTREAM ? "->" : "<-") + " " + what
          + (action == Action.FORWARDED ? "" : " [" + action + "]");
    }
  }

  /** A fault armed by {@link #drop}, {@link #delay}, {@link #replace} or {@link #corrupt}. */
  public static final class Fault {
    final Predicate<Record> matches;
    final Action action;
    final Duration delay;
    final Function<Record, Sv2Frame> replacement;
    private final CountDownLatch fired = new CountDownLatch(1);
    private volatile Record hit;

    Fault(Predicate<Record> matches, Action action, Duration delay, Function<Record, Sv2Frame> replacement) {
      this.matches = matches;
      this.action = action;
      this.delay = delay;
      this.replacement = replacement;
    }

    /**
     * Whether it has fired.
     *
     * @return whether it has fired
     */
    public boolean fired() {
      return fired.getCount() == 0;
    }

    /**
     * Waits until the fault fired.
     *
     * @param timeout how long at most
     * @return the frame it hit, or {@code null} on timeout
     * @throws InterruptedException if interrupted
     */
    public Record await(Duration timeout) throws InterruptedException {
      return fired.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? hit : null;
    }

    void fire(Record r) {
      hit = r;
      fired.countDown();
    }
  }

  private final Builder cfg;
  private ServerSocketChannel listener;
  private Thread acceptor;
  private volatile Acceptor acceptLoop;
  private volatile boolean closed;
  /** The kept records, oldest first; guarded by itself. */
  private final Ring records;
  private final Map<Direction, Long> cursors = new EnumMap<>(Direction.class);
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Set<Sv2Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pairs = new AtomicInteger();

  private Sniffer(Builder b) {
    this.cfg = b;
    this.records = new Ring(b.maxRecords);
    cursors.put(Direction.TO_UPSTREAM, -1L);
    cursors.put(Direction.TO_DOWNSTREAM, -1L);
  }

  /**
   * A builder for a sniffer in front of {@code upstream} (plaintext both ways, listening on 127.0.0.1:0).
   *
   * @param upstream the upstream's address
   * @return a new builder
   */
  public static Builder builder(InetSocketAddress upstream) {
    return new Builder(upstream);
  }

  /**
   * Binds and starts accepting downstreams.
   *
   * @return this sniffer
   * @throws IOException if the address cannot be bound
   */
  public synchronized Sniffer start() throws IOException {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    listener = ServerSocketChannel.open();
    listener.bind(cfg.listen, 1024);
    ServerSocketChannel l = listener;
    acceptLoop = new Acceptor("sv2 sniffer", l::accept, cfg.maxConnections, this::pair, () -> closed,
        Acceptor.daemonThreads("sv2-sniffer-up"));
    acceptor = new Thread(acceptLoop, "sv2-sniffer-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  /**
   * The address downstreams connect to.
   *
   * @return the bound address
   */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("not listening", e);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Records

  /**
   * A snapshot of every kept record, in order (see {@link #droppedRecords()}).
   *
   * @return a snapshot of every kept record, in order (see {@link #droppedRecords()})
   */
  public List<Record> records() {
    synchronized (records) {
      return records.list(r -> true);
    }
  }

  /**
   * How many of the oldest records were dropped to keep at most {@link Builder#maxRecords(int)} (since the
   * start or the last {@link #clear()}).
   *
   * @return the count
   */
  public long droppedRecords() {
    synchronized (records) {
      return records.first;
    }
  }

  /**
   * The records of one direction.
   *
   * @param d the direction
   * @return a snapshot, in order
   */
  public List<Record> records(Direction d) {
    synchronized (records) {
      return records.list(r -> r.direction == d);
    }
  }

  /**
   * The decoded messages of one direction.
   *
   * @param d the direction
   * @return a snapshot, in order (unknown frames left out)
   */
  public List<Object> messages(Direction d) {
    synchronized (records) {
      return records.list(r -> r.direction == d && r.message != null).stream().map(Record::message).toList();
    }
  }

  /** Drops every record, resets the {@link #expect} cursors, the record index and {@link #droppedRecords()}. */
  public void clear() {
    synchronized (records) {
      records.clear();
      cursors.replaceAll((k, v) -> -1L);
    }
  }

  /**
   * Waits for the next message of {@code type} in direction {@code d} after the previous match in that
   * direction, and moves the direction's cursor past it.
   *
   * @param <M> the message type
   * @param d the direction
   * @param type the message class
   * @param timeout how long at most
   * @return the message
   * @throws AssertionError if none arrived in time (the message lists what the direction held)
   * @throws InterruptedException if interrupted
   */
  public <M> M expect(Direction d, Class<M> type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (records) {
      while (true) {
        long cursor = cursors.get(d);
        for (long i = Math.max(cursor + 1, records.first); i < records.next; i++) {
          Record r = records.get(i);
          if (r.direction == d && type.isInstance(r.message)) {
            cursors.put(d, i);
            return type.cast(r.message);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          StringBuilder seen = new StringBuilder();
          if (records.first > 0) {
            seen.append("  (").append(records.first).append(" older records dropped)\n");
          }
          for (Record r : records.list(x -> true)) {
            if (r.direction == d) {
              seen.append(r.index <= cursor ? "  (before cursor) " : "  ").append(r.name()).append('\n');
            }
          }
          throw new AssertionError("no " + type.getSimpleName() + " " + d + " within " + timeout.toMillis() + " ms; seen:\n" + seen);
        }
        TimeUnit.NANOSECONDS.timedWait(records, left);
      }
    }
  }

  /**
   * Waits for a record that matches, from the oldest kept record.
   *
   * @param p the predicate
   * @param timeout how long at most
   * @return the first matching record, or {@code null} on timeout
   * @throws InterruptedException if interrupted
   */
  public Record await(Predicate<Record> p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (records) {
      long from = 0;
      while (true) {
        for (long i = Math.max(from, records.first); i < records.next; i++) {
          if (p.test(records.get(i))) {
            return records.get(i);
          }
        }
        from = records.next;
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(records, left);
      }
    }
  }

  /**
   * A predicate for faults and {@link #await}: a message of {@code type} going {@code d}.
   *
   * @param d the direction
   * @param type the message class
   * @return the predicate
   */
  public static Predicate<Record> is(Direction d, Class<?> type) {
    return r -> r.direction == d && type.isInstance(r.message);
  }

  /**
   * Writes every record so far to a capture file ({@link Capture}).
   *
   * @param file the file (created or replaced)
   * @throws IOException if it cannot be written
   */
  public void writeCapture(Path file) throws IOException {
    Capture.write(file, records());
  }

  // ---------------------------------------------------------------------------------------------------
  // Faults

  /**
   * Drops the next matching frame.
   *
   * @param p which frame
   * @return the armed fault
   */
  public Fault drop(Predicate<Record> p) {
    return arm(new Fault(p, Action.DROPPED, null, null));
  }

  /**
   * Holds the next matching frame back for {@code d}, then forwards it (its direction waits with it).
   *
   * @param p which frame
   * @param d how long
   * @return the armed fault
   */
  public Fault delay(Predicate<Record> p, Duration d) {
    return arm(new Fault(p, Action.DELAYED, Objects.requireNonNull(d), null));
  }

  /**
   * Sends {@code replacement}'s frame instead of the next matching frame.
   *
   * @param p which frame
   * @param replacement builds the frame to send from the record
   * @return the armed fault
   */
  public Fault replace(Predicate<Record> p, Function<Record, Sv2Frame> replacement) {
    return arm(new Fault(p, Action.REPLACED, null, Objects.requireNonNull(replacement)));
  }

  /**
   * Corrupts the next matching frame (see the class comment for what that means per side).
   *
   * @param p which frame
   * @return the armed fault
   */
  public Fault corrupt(Predicate<Record> p) {
    return arm(new Fault(p, Action.CORRUPTED, null, null));
  }

  private Fault arm(Fault f) {
    faults.add(f);
    return f;
  }

  /**
   * Downstream connections closed on arrival because {@link Builder#maxConnections(int)} were open.
   *
   * @return downstream connections refused since start
   */
  public long connectionsRefused() {
    Acceptor a = acceptLoop;
    return a == null ? 0 : a.refused();
  }

  /**
   * Downstream connections currently proxied.
   *
   * @return downstream connections currently proxied
   */
  public int connectionsOpen() {
    return pairs.get();
  }

  /** Stops accepting and closes every connection; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      if (listener != null) {
        listener.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(Sv2Connection::close);
    if (acceptor != null) {
      try {
        acceptor.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    cfg.downstream.close();
  }

  @Override
  public String toString() {
    return "Sniffer[" + (listener == null ? "not started" : address()) + " -> " + cfg.upstream + ", downstream "
        + cfg.downstream + ", upstream " + cfg.upstreamSide + "]";
  }

  // ---------------------------------------------------------------------------------------------------
  // Plumbing

  private void pair(int id, SocketChannel ch) {
    Sv2Connection down;
    try {
      ch.socket().setTcpNoDelay(true);
      down = cfg.downstream.accept(ch, cfg.options);
    } catch (IOException | RuntimeException e) {
      Acceptor.closeQuietly(ch);
      LOG.log(System.Logger.Level.INFO, "downstream #{0}: handshake failed: {1}", id, Text.escape(String.valueOf(e.getMessage())));
      return;
    }
    Sv2Connection up;
    try {
      up = cfg.upstreamSide.connect(cfg.upstream, cfg.options);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "downstream #{0}: upstream {1} failed: {2}", id, cfg.upstream, e.getMessage());
      down.close();
      return;
    }
    open.add(down);
    open.add(up);
    pairs.incrementAndGet();
    if (closed) {
      down.close();
      up.close();
    }
    Thread back = new Thread(() -> pump(id, up, down, Direction.TO_DOWNSTREAM), "sv2-sniffer-" + id + "-down");
    back.setDaemon(true);
    try {
      back.start();
    } catch (RuntimeException | Error e) { // typically OutOfMemoryError: unable to create native thread
      LOG.log(System.Logger.Level.WARNING, "downstream #{0}: no thread for the upstream direction: {1}", id, e.toString());
      down.close();
      up.close();
      open.remove(down);
      open.remove(up);
      pairs.decrementAndGet();
      return;
    }
    pump(id, down, up, Direction.TO_UPSTREAM);
    try {
      back.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    open.remove(down);
    open.remove(up);
    pairs.decrementAndGet();
  }

  private void pump(int id, Sv2Connection from, Sv2Connection to, Direction d) {
    try {
      while (!closed) {
        Sv2Frame f = from.receive();
        Record r;
        try (f) {
          r = record(id, d, f);
        }
        forward(r, to);
      }
    } catch (EOFException | ClosedChannelException e) {
      LOG.log(System.Logger.Level.DEBUG, "#{0} {1}: ended", id, d);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "#{0} {1}: {2}", id, d, e.toString());
    } finally {
      from.close();
      to.close();
    }
  }

  private Record record(int id, Direction d, Sv2Frame f) {
    byte[] payload = f.payloadToArray();
    Object message = null;
    String error = null;
    try {
      message = cfg.decoder.apply(f);
    } catch (RuntimeException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    Fault fault = null;
    Instant now = cfg.clock.instant();
    Record probe = new Record(-1, id, d, now, f.extensionType(), f.msgType(), payload, message, error, Action.FORWARDED);
    for (Fault x : faults) {
      if (x.matches.test(probe) && faults.remove(x)) {
        fault = x;
        break;
      }
    }
    Record r;
    synchronized (records) {
      r = new Record(records.next, id, d, now, f.extensionType(), f.msgType(), payload, message, error,
          fault == null ? Action.FORWARDED : fault.action);
      records.add(r);
      records.notifyAll();
    }
    Consumer<Record> l = cfg.listener;
    if (l != null) {
      try {
        l.accept(r);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "sniffer listener failed: {0}", e.toString());
      }
    }
    if (fault != null) {
      pendingFault.set(fault);
    }
    return r;
  }

  /** The fault chosen for the frame this thread is forwarding (set by record, read by forward). */
  private final ThreadLocal<Fault> pendingFault = new ThreadLocal<>();

  private void forward(Record r, Sv2Connection to) throws IOException {
    Fault fault = pendingFault.get();
    pendingFault.remove();
    if (fault == null) {
      to.send(r.toFrame());
      return;
    }
    fault.fire(r);
    switch (fault.action) {
      case DROPPED -> { }
      case DELAYED -> {
        try {
          Thread.sleep(fault.delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClosedChannelException();
        }
        to.send(r.toFrame());
      }
      case REPLACED -> to.send(fault.replacement.apply(r));
      case CORRUPTED -> {
        if (to.isEncrypted()) {
          // Bytes that cannot authenticate: the peer's decoder fails on the header's tag and must close.
          byte[] junk = new byte[Header.encryptedLength(r.payload.length)];
          new java.util.Random(r.index).nextBytes(junk);
          ByteBuffer b = ByteBuffer.wrap(junk);
          SocketChannel ch = to.channel();
          while (b.hasRemaining()) {
            ch.write(b);
          }
        } else {
          byte[] p = r.payload.clone();
          for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ~p[i];
          }
          to.send(Sv2Frame.fromPayload(r.extensionType & ~Header.CHANNEL_BIT, r.msgType, r.channelMsg(), p));
        }
      }
      default -> to.send(r.toFrame());
    }
  }

  /**
   * The default decoder: {@link Sv2Messages#decodeOrPassThrough}, with frames of unknown extensions or types
   * recorded as frames ({@code null} message).
   *
   * @param f the frame (not closed)
   * @return the message, or {@code null} for an unknown frame
   * @throws org.sv2j.binary.MessageException if a known message's payload does not decode
   */
  public static Object decode(Sv2Frame f) {
    AnyMessage m = Sv2Messages.decodeOrPassThrough(f);
    return m instanceof UnknownMessage ? null : m;
  }

  /**
   * The kept records: a ring that grows up to its bound, then replaces the oldest. Indices are the records'
   * {@link Record#index()}: {@code first} is the oldest kept, {@code next} the next one to be added.
   */
  private static final class Ring {
    private final int max;
    private Record[] slots;
    long first;
    long next;

    Ring(int max) {
      this.max = max;
      this.slots = new Record[Math.min(16, max)];
    }

    Record get(long index) {
      return slots[(int) (index % slots.length)];
    }

    void add(Record r) {
      if (next - first == slots.length) {
        if (slots.length < max) {
          Record[] bigger = new Record[(int) Math.min(max, 2L * slots.length)];
          for (long i = first; i < next; i++) {
            bigger[(int) (i % bigger.length)] = get(i);
          }
          slots = bigger;
        } else {
          slots[(int) (first % slots.length)] = null;
          first++;
        }
      }
      slots[(int) (next % slots.length)] = r;
      next++;
    }

    List<Record> list(Predicate<Record> p) {
      List<Record> out = new ArrayList<>();
      for (long i = first; i < next; i++) {
        Record r = get(i);
        if (p.test(r)) {
          out.add(r);
        }
      }
      return java.util.Collections.unmodifiableList(out);
    }

    void clear() {
      slots = new Record[Math.min(16, max)];
      first = 0;
      next = 0;
    }
  }

  /** Configuration of a {@link Sniffer}. */
  public static final class Builder {
    final InetSocketAddress upstream;
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    Endpoints.Server downstream = Endpoints.Server.plain();
    Endpoints.Client upstreamSide = Endpoints.Client.plain();
    Function<Sv2Frame, Object> decoder = Sniffer::decode;
    Sv2Connection.Options options = Harness.OPTIONS;
    Clock clock = Clock.systemUTC();
    Consumer<Record> listener;
    int maxRecords = DEFAULT_MAX_RECORDS;
    int maxConnections = DEFAULT_MAX_CONNECTIONS;

    Builder(InetSocketAddress upstream) {
      this.upstream = Objects.requireNonNull(upstream);
    }

    /**
     * The most downstream connections relayed at once (default {@value Sniffer#DEFAULT_MAX_CONNECTIONS});
     * each holds two threads and an upstream connection. A downstream past it is closed as soon as it is
     * accepted (it reads end-of-stream) and counted in {@link Sniffer#connectionsRefused()}; the pairs
     * already open carry on.
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
     * Where downstreams connect (default 127.0.0.1, any free port).
     *
     * @param address the address
     * @return this builder
     */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address);
      return this;
    }

    /**
     * The downstream side: plaintext or Noise responder with the sniffer's own authority key (owned by the
     * sniffer from now on).
     *
     * @param server the side
     * @return this builder
     */
    public Builder downstream(Endpoints.Server server) {
      this.downstream = Objects.requireNonNull(server);
      return this;
    }

    /**
     * The upstream side: plaintext, or Noise checking the upstream's authority key.
     *
     * @param client the side
     * @return this builder
     */
    public Builder upstream(Endpoints.Client client) {
      this.upstreamSide = Objects.requireNonNull(client);
      return this;
    }

    /**
     * How frames become messages (default: the harness's message set). It returns {@code null} for frames it
     * does not know and throws for payloads that do not decode.
     *
     * @param decoder the decoder
     * @return this builder
     */
    public Builder decoder(Function<Sv2Frame, Object> decoder) {
      this.decoder = Objects.requireNonNull(decoder);
      return this;
    }

    /**
     * Connection options for both sides (default {@link Harness#OPTIONS}).
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(Sv2Connection.Options options) {
      this.options = Objects.requireNonNull(options);
      return this;
    }

    /**
     * How many records the sniffer keeps (default {@value Sniffer#DEFAULT_MAX_RECORDS}). Beyond it each new
     * record drops the oldest: {@link Sniffer#records()} and a capture hold the latest {@code max}, {@link
     * Sniffer#droppedRecords()} counts the dropped ones, {@link Record#index()} keeps counting, and {@link
     * Sniffer#expect} and {@link Sniffer#await} no longer find a dropped record (an {@code expect} whose
     * message was dropped before it was matched fails, naming the dropped count). The listener sees every
     * record regardless.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxRecords(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxRecords must be at least 1");
      }
      this.maxRecords = max;
      return this;
    }

    /**
     * Sees every record as it is made, on the forwarding thread (before the frame is forwarded); keep it quick.
     *
     * @param listener the listener, or {@code null}
     * @return this builder
     */
    public Builder listener(Consumer<Record> listener) {
      this.listener = listener;
      return this;
    }

    /**
     * The sniffer (not started).
     *
     * @return a new sniffer
     */
    public Sniffer build() {
      return new Sniffer(this);
    }
  }
}
