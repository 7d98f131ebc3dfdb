package org.sv2j.harness;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;

/**
 * The sniffer's capture file: a plain stream of Sv2 frames, so that {@code sv2 decode FILE} lists it as it
 * stands. Each recorded frame is preceded by a small record frame with the capture's own extension type
 * {@value #EXTENSION_TYPE} (outside the spec's assigned range; no peer ever sees it):
 *
 * <ul>
 *   <li>the file starts with one header frame, type {@value #FILE_HEADER_TYPE}, payload the ASCII text {@code
 *       sv2j-capture/1};
 *   <li>before every recorded frame a record frame, type {@value #RECORD_TYPE}, payload (little-endian): u8
 *       direction (0 toward upstream, 1 toward downstream), u32 connection, u64 time in microseconds since the
 *       epoch, u8 action ({@link Sniffer.Action} ordinal);
 *   <li>then the recorded frame itself, header and payload exactly as it went over the (decrypted) wire.
 * </ul>
 *
 * <p>Reading is bounds-checked: a truncated file, a record frame of the wrong size or a frame over the
 * remaining bytes is an {@link IOException} naming the offset, never a runtime exception.
 */
public final class Capture {
  private Capture() {}

  /** Extension type of the capture's own frames. */
  public static final int EXTENSION_TYPE = 0x7ffe;
  /** Message type of the file header frame. */
  public static final int FILE_HEADER_TYPE = 0xc0;
  /** Message type of a record frame. */
  public static final int RECORD_TYPE = 0xc1;

  private static final byte[] MAGIC = "sv2j-capture/1".getBytes(StandardCharsets.US_ASCII);
  private static final int RECORD_LEN = 1 + 4 + 8 + 1;

  /**
   * Writes records to {@code file} (atomically replaced).
   *
   * @param file the file
   * @param records the records, in order
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, List<Sniffer.Record> records) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".capture", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      write(out, records);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Writes records to a stream (not closed).
   *
   * @param out the stream
   * @param records the records
   * @throws IOException if writing fails
   */
  public static void write(OutputStream out, List<Sniffer.Record> records) throws IOException {
    out.write(frame(EXTENSION_TYPE, FILE_HEADER_TYPE, MAGIC));
    ByteBuffer meta = ByteBuffer.allocate(RECORD_LEN).order(ByteOrder.LITTLE_ENDIAN);
    for (Sniffer.Record r : records) {
      meta.clear();
      meta.put((byte) r.direction().ordinal()).putInt(r.connection());
      Instant t = r.time();
      meta.putLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000).put((byte) r.action().ordinal());
      out.write(frame(EXTENSION_TYPE, RECORD_TYPE, meta.array()));
      byte[] h = new Header(r.extensionType(), r.msgType(), r.payloadLength()).toBytes();
      out.write(h);
      out.write(r.payload());
    }
  }

  private static byte[] frame(int ext, int type, byte[] payload) {
    byte[] h = new Header(ext, type, payload.length).toBytes();
    byte[] f = Arrays.copyOf(h, h.length + payload.length);
    System.arraycopy(payload, 0, f, h.length, payload.length);
    return f;
  }

  /**
   * Reads a capture file, decoding each frame with {@code decoder} (as the sniffer does). The file is read
   * as a stream (see {@link #forEach(Path, Function, Consumer)}); the returned list holds every record, so
   * for a capture too big to hold in memory use {@code forEach}.
   *
   * @param file the file
   * @param decoder frame to message, {@code null} for unknown frames, throwing for undecodable payloads
   * @return the records, in order
   * @throws IOException if the file cannot be read or is not a well-formed capture
   */
  public static List<Sniffer.Record> read(Path file, Function<Sv2Frame, Object> decoder) throws IOException {
    List<Sniffer.Record> out = new ArrayList<>();
    forEach(file, decoder, out::add);
    return out;
  }

  /**
   * Streams a capture file: hands each record to {@code sink} as it is read, keeping nothing, so that a
   * capture of any size is read in memory bounded by its largest frame (at most 16 MiB, the U24 length;
   * reserved only as the bytes arrive, so a truncated frame announcing more reserves no more than the
   * file holds). {@link #read(Path, Function)} collects the same records into a list.
   *
   * @param file the file
   * @param decoder as in {@link #read(Path, Function)}
   * @param sink receives each record, in order
   * @throws IOException if the file cannot be read or is not a well-formed capture (after the records before
   *     the defect went to {@code sink})
   */
  public static void forEach(Path file, Function<Sv2Frame, Object> decoder, Consumer<Sniffer.Record> sink) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      forEach(in, decoder, sink);
    }
  }

  /**
   * Streams a capture from {@code in} (not closed), as {@link #forEach(Path, Function, Consumer)}.
   *
   * @param in the stream
   * @param decoder as in {@link #read(Path, Function)}
   * @param sink receives each record, in order
   * @throws IOException if reading fails or the bytes are not a well-formed capture
   */
  public static void forEach(InputStream in, Function<Sv2Frame, Object> decoder, Consumer<Sniffer.Record> sink) throws IOException {
    long[] offset = {0};
    byte[] first = readFrame(in, offset, true);
    if (first == null) {
      throw new IOException("offset 0: truncated header (0 of 6 bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(first);
    Header h = header(b);
    if (h.extensionType() != EXTENSION_TYPE || h.msgType() != FILE_HEADER_TYPE || !Arrays.equals(payload(b, h), MAGIC)) {
      throw new IOException("not an sv2j capture (no sv2j-capture/1 header frame)");
    }
    long index = 0;
    while (true) {
      long at = offset[0];
      byte[] meta = readFrame(in, offset, false);
      if (meta == null) {
        return;
      }
      byte[] frame = readFrame(in, offset, true);
      if (frame == null) {
        throw new IOException("offset " + offset[0] + ": truncated header (0 of 6 bytes)");
      }
      byte[] both = Arrays.copyOf(meta, meta.length + frame.length);
      System.arraycopy(frame, 0, both, meta.length, frame.length);
      ByteBuffer rb = ByteBuffer.wrap(both).order(ByteOrder.LITTLE_ENDIAN);
      sink.accept(record(rb, at, index++, decoder));
    }
  }

  /**
   * Reads one whole frame (header and payload), or returns {@code null} at a clean end of the stream before
   * its first byte; {@code any} false checks that the frame is a record frame before reading its payload.
   */
  private static byte[] readFrame(InputStream in, long[] offset, boolean any) throws IOException {
    byte[] h = in.readNBytes(Header.SIZE);
    if (h.length == 0) {
      return null;
    }
    if (h.length < Header.SIZE) {
      throw new IOException("offset " + offset[0] + ": truncated header (" + h.length + " of 6 bytes)");
    }
    Header header = Header.decode(ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN));
    if (!any && (header.extensionType() != EXTENSION_TYPE || header.msgType() != RECORD_TYPE || header.msgLength() != RECORD_LEN)) {
      throw new IOException("offset " + offset[0] + ": expected a capture record frame, got " + header);
    }
    offset[0] += Header.SIZE;
    // readNBytes grows its buffer as bytes arrive: a length over what the file holds reserves no more.
    byte[] p = in.readNBytes(header.msgLength());
    if (p.length < header.msgLength()) {
      throw new IOException("offset " + offset[0] + ": frame announces " + header.msgLength() + " bytes, " + p.length + " left");
    }
    offset[0] += p.length;
    byte[] f = Arrays.copyOf(h, Header.SIZE + p.length);
    System.arraycopy(p, 0, f, Header.SIZE, p.length);
    return f;
  }

  /**
   * Reads a capture with the harness's own message decoder.
   *
   * @param file the file
   * @return the records
   * @throws IOException if the file cannot be read or is not a well-formed capture
   */
  public static List<Sniffer.Record> read(Path file) throws IOException {
    return read(file, Sniffer::decode);
  }

  /**
   * Reads capture bytes.
   *
   * @param bytes the capture
   * @param decoder as in {@link #read(Path, Function)}
   * @return the records
   * @throws IOException if the bytes are not a well-formed capture
   */
  public static List<Sniffer.Record> read(byte[] bytes, Function<Sv2Frame, Object> decoder) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Header first = header(b);
    byte[] magic = payload(b, first);
    if (first.extensionType() != EXTENSION_TYPE || first.msgType() != FILE_HEADER_TYPE || !Arrays.equals(magic, MAGIC)) {
      throw new IOException("not an sv2j capture (no sv2j-capture/1 header frame)");
    }
    List<Sniffer.Record> out = new ArrayList<>();
    while (b.hasRemaining()) {
      out.add(record(b, b.position(), out.size(), decoder));
    }
    return out;
  }

  /** Reads a record frame and the recorded frame after it from {@code b} ({@code at}: its offset in the file). */
  private static Sniffer.Record record(ByteBuffer b, long at, long index, Function<Sv2Frame, Object> decoder) throws IOException {
    Sniffer.Direction[] dirs = Sniffer.Direction.values();
    Sniffer.Action[] actions = Sniffer.Action.values();
    {
      Header mh = header(b);
      if (mh.extensionType() != EXTENSION_TYPE || mh.msgType() != RECORD_TYPE || mh.msgLength() != RECORD_LEN) {
        throw new IOException("offset " + at + ": expected a capture record frame, got " + mh);
      }
      ByteBuffer m = ByteBuffer.wrap(payload(b, mh)).order(ByteOrder.LITTLE_ENDIAN);
      int dir = m.get() & 0xff;
      int conn = m.getInt();
      long micros = m.getLong();
      int action = m.get() & 0xff;
      if (dir >= dirs.length || action >= actions.length) {
        throw new IOException("offset " + at + ": direction " + dir + " or action " + action + " out of range");
      }
      Header fh = header(b);
      byte[] payload = payload(b, fh);
      Object message = null;
      String error = null;
      try (Sv2Frame f = Sv2Frame.fromPayload(fh.extensionType() & ~Header.CHANNEL_BIT, fh.msgType(), fh.channelMsg(), payload)) {
        try {
          message = decoder.apply(f);
        } catch (RuntimeException e) {
          error = String.valueOf(e.getMessage());
        }
      }
      return new Sniffer.Record(index, conn, dirs[dir], Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
          Math.floorMod(micros, 1_000_000L) * 1_000), fh.extensionType(), fh.msgType(), payload, message, error, actions[action]);
    }
  }

  /**
   * Describes one of the capture's own frames (the file header or a record frame) for a listing such as
   * {@code sv2 decode}'s, so that a reader of a capture sees what the frames before each recorded frame
   * say instead of an unknown message type.
   *
   * @param extensionType the frame's extension type (without the channel bit)
   * @param msgType the frame's message type
   * @param payload the frame's payload (read from its position to its limit; not modified)
   * @return a one-line description, or empty when the frame is not a well-formed capture frame
   */
  public static Optional<String> describe(int extensionType, int msgType, ByteBuffer payload) {
    if (extensionType != EXTENSION_TYPE) {
      return Optional.empty();
    }
    ByteBuffer m = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (msgType == FILE_HEADER_TYPE) {
      return m.equals(ByteBuffer.wrap(MAGIC)) ? Optional.of("capture file header (sv2j-capture/1)") : Optional.empty();
    }
    if (msgType != RECORD_TYPE || m.remaining() != RECORD_LEN) {
      return Optional.empty();
    }
    int dir = m.get() & 0xff;
    int conn = m.getInt();
    long micros = m.getLong();
    int action = m.get() & 0xff;
    Sniffer.Direction[] dirs = Sniffer.Direction.values();
    Sniffer.Action[] actions = Sniffer.Action.values();
    if (dir >= dirs.length || action >= actions.length) {
      return Optional.empty();
    }
    Instant t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    return Optional.of("capture record: the next frame went " + dirs[dir] + " on connection " + conn + " at " + t + ", " + actions[action]);
  }

  private static Header header(ByteBuffer b) throws IOException {
    if (b.remaining() < Header.SIZE) {
      throw new IOException("offset " + b.position() + ": truncated header (" + b.remaining() + " of 6 bytes)");
    }
    Header h = Header.decode(b.slice(b.position(), Header.SIZE).order(ByteOrder.LITTLE_ENDIAN));
    b.position(b.position() + Header.SIZE);
    return h;
  }

  private static byte[] payload(ByteBuffer b, Header h) throws IOException {
    if (b.remaining() < h.msgLength()) {
      throw new IOException("offset " + b.position() + ": frame announces " + h.msgLength() + " bytes, " + b.remaining() + " left");
    }
    byte[] p = new byte[h.msgLength()];
    b.get(p);
    return p;
  }
}
