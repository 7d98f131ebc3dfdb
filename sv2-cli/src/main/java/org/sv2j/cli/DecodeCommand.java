package org.sv2j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sv2j.binary.MessageException;
import org.sv2j.framing.Header;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.UnknownMessageException;
import org.sv2j.messages.WithTlvs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sv2 decode}: lists the plaintext frames of a byte stream and decodes every message of every
 * subprotocol field by field. The input is streamed: memory stays bounded by one frame (at most 16 MiB,
 * grown only as its bytes arrive), whatever the input's size.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = "Lists the plaintext Sv2 frames in a byte stream (offset, extension type, channel bit, message type and its reference name, payload length, a payload preview) and decodes every message of every subprotocol field by field, TLV fields included. Frames that do not decode are reported with the reason; a truncated stream is reported precisely. Text a peer sent is printed escaped. The input is streamed.")
final class DecodeCommand extends Cli {
  private static final int PREVIEW = 16;
  private static final int CHUNK = 64 * 1024;
  private static final int LISTED_FAILURES = 20;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The stream; '-' or nothing reads standard input.")
  String file;

  @Option(names = "--hex", description = "The input is hex text (whitespace and ':' ignored).")
  boolean hex;

  /** Bytes read from stdin when FILE is absent; tests replace it. */
  InputStream stdin = System.in;

  /** The current frame: header and payload, grown as bytes arrive. */
  private byte[] frame = new byte[CHUNK];

  @Override
  int execute() throws Fail {
    try (InputStream raw = open()) {
      InputStream in = hex ? new HexInput(raw) : raw;
      return run(in);
    } catch (HexInput.BadHex e) {
      throw new Fail(Sv2.INVALID_INPUT, e.getMessage());
    } catch (IOException e) {
      throw new Fail(Sv2.INVALID_INPUT, "cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
    }
  }

  private InputStream open() throws Fail {
    if (file == null || file.equals("-")) {
      return new java.io.FilterInputStream(stdin) {
        @Override
        public void close() {
          // standard input stays open
        }
      };
    }
    try {
      return Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new Fail(Sv2.INVALID_INPUT, "no such file: " + file);
    } catch (IOException e) {
      throw new Fail(Sv2.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private int run(InputStream in) throws IOException, Fail {
    out().printf("%-8s %-6s %-2s %-4s %-34s %8s  %s%n", "offset", "ext", "ch", "type", "name", "length", "payload");
    MessagePrinter printer = new MessagePrinter(out(), "         ");
    long offset = 0;
    int count = 0;
    int failed = 0;
    List<String> failures = new ArrayList<>();
    while (true) {
      int got = in.readNBytes(frame, 0, Header.SIZE);
      if (got == 0) {
        break;
      }
      if (got < Header.SIZE) {
        summary(count, offset, failed, failures);
        throw new Fail(Sv2.INVALID_INPUT, "truncated: frame #" + count + " at offset " + offset + " has only " + got + " of its 6 header bytes");
      }
      Header h = Header.decode(frame, 0, Header.SIZE);
      int len = h.msgLength();
      int present = readPayload(in, len);
      if (present < len) {
        summary(count, offset, failed, failures);
        throw new Fail(Sv2.INVALID_INPUT, "truncated: frame #" + count + " at offset " + offset + " (type 0x" + Integer.toHexString(h.msgType())
            + ") announces " + len + " payload bytes, only " + present + " present");
      }
      int ext = h.extensionTypeWithoutChannelBit();
      String name = CliMessages.name(ext, h.msgType()).orElse("-");
      out().printf("%-8d 0x%04x %-2s 0x%02x %-34s %8d  %s%n", offset, ext, h.channelMsg() ? "1" : "0", h.msgType(), name, len, preview(len));
      String reason = decode(printer, ext, h.msgType(), len);
      if (reason != null) {
        failed++;
        out().println("         not decoded: " + reason);
        if (failures.size() < LISTED_FAILURES) {
          failures.add("#" + count + " at offset " + offset + " (" + reason + ")");
        }
      }
      count++;
      offset += Header.SIZE + len;
      out().flush();
    }
    summary(count, offset, failed, failures);
    return Sv2.OK;
  }

  /** Prints the message and its TLVs; returns why it could not be decoded, or null. */
  private String decode(MessagePrinter printer, int ext, int msgType, int len) {
    try {
      WithTlvs m = Sv2Messages.decodeWithTlvs(ext, msgType, ByteBuffer.wrap(frame, Header.SIZE, len));
      printer.message(m.message());
      printer.tlvs(m.tlvs());
      int used = m.message().encodedLength();
      int tlvBytes = m.encodedLength() - used;
      if (len - used > tlvBytes) {
        out().println("         " + (len - used) + " trailing bytes that are not TLV fields (ignored, as the reference ignores them)");
      }
      return null;
    } catch (UnknownMessageException e) {
      return "unknown message type (extension_type " + String.format("0x%04x", ext) + ", msg_type " + String.format("0x%02x", msgType) + ")";
    } catch (MessageException e) {
      return "malformed: " + e.getMessage();
    }
  }

  private void summary(long count, long offset, int failed, List<String> failures) {
    out().println(count + " frame" + (count == 1 ? "" : "s") + ", " + offset + " bytes"
        + (failed > 0 ? "; " + failed + " not decoded: " + String.join(", ", failures) + (failed > failures.size() ? ", ..." : "") : ""));
    out().flush();
  }

  /** Reads the payload after the header, growing the frame array only as bytes arrive; returns the count read. */
  private int readPayload(InputStream in, int len) throws IOException {
    int have = 0;
    while (have < len) {
      int want = Math.min(len - have, CHUNK);
      int need = Header.SIZE + have + want;
      if (frame.length < need) {
        frame = java.util.Arrays.copyOf(frame, Math.max(need, (int) Math.min((long) frame.length * 2, Header.SIZE + Header.MAX_PAYLOAD_LENGTH)));
      }
      int n = in.readNBytes(frame, Header.SIZE + have, want);
      have += n;
      if (n < want) {
        break;
      }
    }
    return have;
  }

  private String preview(int len) {
    int n = Math.min(PREVIEW, len);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(HEX.toHexDigits(frame[Header.SIZE + i]));
    }
    if (len > n) {
      sb.append(" ...");
    }
    return sb.toString();
  }

  /** Hex text to bytes, on the fly (whitespace and ':' skipped). */
  static final class HexInput extends InputStream {
    /** A character that is not a hex digit, or an odd digit count. */
    static final class BadHex extends IOException {
      private static final long serialVersionUID = 1L;

      BadHex(String message) {
        super(message);
      }
    }

    private final InputStream text;
    private final byte[] chunk = new byte[CHUNK];
    private int pos;
    private int end;
    private long chars;
    private long digits;

    HexInput(InputStream text) {
      this.text = text;
    }

    private int nextDigit() throws IOException {
      while (true) {
        if (pos == end) {
          end = text.read(chunk, 0, chunk.length);
          pos = 0;
          if (end <= 0) {
            end = 0;
            return -1;
          }
        }
        char c = (char) (chunk[pos++] & 0xff);
        long at = chars++;
        if (Character.isWhitespace(c) || c == ':') {
          continue;
        }
        int d = Character.digit(c, 16);
        if (d < 0 || c > 0x7f) {
          throw new BadHex("not a hex digit: " + (c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("byte 0x%02x", (int) c)) + " at character " + at);
        }
        digits++;
        return d;
      }
    }

    @Override
    public int read() throws IOException {
      int hi = nextDigit();
      if (hi < 0) {
        return -1;
      }
      int lo = nextDigit();
      if (lo < 0) {
        throw new BadHex("odd number of hex digits (" + digits + ")");
      }
      return hi << 4 | lo;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      int n = 0;
      while (n < len) {
        int v = read();
        if (v < 0) {
          return n == 0 ? -1 : n;
        }
        b[off + n++] = (byte) v;
      }
      return n;
    }
  }
}
