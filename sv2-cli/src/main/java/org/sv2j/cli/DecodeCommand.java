package org.sv2j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sv2j.messages.AnyMessage;
import org.sv2j.binary.MessageException;
import org.sv2j.codec.StandardDecoder;
import org.sv2j.framing.Header;
import org.sv2j.framing.Sv2Frame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sv2 decode}: lists the plaintext frames of a byte stream. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = "Lists the plaintext Sv2 frames in a byte stream: offset, extension type, channel bit, message type (with its name for the spec's messages), payload length and a payload preview; the common messages are decoded field by field. A truncated or malformed stream is reported precisely.")
final class DecodeCommand extends Cli {
  private static final int PREVIEW = 16;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The stream; '-' or nothing reads standard input.")
  String file;

  @Option(names = "--hex", description = "The input is hex text (whitespace and ':' ignored).")
  boolean hex;

  /** Bytes read from stdin when FILE is absent; tests replace it. */
  InputStream stdin = System.in;

  @Override
  int execute() throws Fail {
    byte[] input = read();
    if (hex) {
      input = parseHex(new String(input, StandardCharsets.US_ASCII));
    }
    List<Sv2Frame> frames = new ArrayList<>();
    try (StandardDecoder decoder = new StandardDecoder(new org.sv2j.buffer.BufferFromSystemMemory(), Header.MAX_PAYLOAD_LENGTH)) {
      decoder.feed(ByteBuffer.wrap(input), frames::add);
      out().printf("%-8s %-6s %-2s %-4s %-34s %8s  %s%n", "offset", "ext", "ch", "type", "name", "length", "payload");
      long offset = 0;
      int notParsed = 0;
      for (int i = 0; i < frames.size(); i++) {
        try (Sv2Frame f = frames.get(i)) {
          String name = CliMessages.name(f.extensionTypeWithoutChannelBit(), f.msgType()).orElse("-");
          out().printf(
              "%-8d 0x%04x %-2s 0x%02x %-34s %8d  %s%n",
              offset, f.extensionTypeWithoutChannelBit(), f.channelMsg() ? "1" : "0", f.msgType(), name, f.msgLength(), preview(f));
          try {
            Optional<AnyMessage> m = CliMessages.decode(f);
            if (m.isPresent()) {
              out().println("         " + m.get());
            }
          } catch (MessageException e) {
            // The framing is fine; the payload just is not that message (extensions, other uses of the type).
            notParsed++;
            out().println("         (payload does not parse as " + name + ": " + e.getMessage() + ")");
          }
          offset += f.encodedLength();
        }
      }
      out().println(frames.size() + " frame" + (frames.size() == 1 ? "" : "s") + ", " + offset + " bytes"
          + (notParsed > 0 ? "; " + notParsed + " payload(s) did not parse as the common message their type names" : ""));
      if (offset < input.length) {
        throw new Fail(Sv2.INVALID_INPUT, truncation(input, (int) offset, frames.size()));
      }
      return Sv2.OK;
    }
  }

  private static String truncation(byte[] input, int offset, int index) {
    int left = input.length - offset;
    if (left < Header.SIZE) {
      return "truncated: frame #" + index + " at offset " + offset + " has only " + left + " of its 6 header bytes";
    }
    Header h = Header.decode(input, offset, left);
    return "truncated: frame #" + index + " at offset " + offset + " (type 0x" + Integer.toHexString(h.msgType())
        + ") announces " + h.msgLength() + " payload bytes, only " + (left - Header.SIZE) + " present";
  }

  private static String preview(Sv2Frame f) {
    int n = Math.min(PREVIEW, f.msgLength());
    byte[] p = new byte[n];
    f.payload().get(p);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(HEX.toHexDigits(p[i]));
    }
    if (f.msgLength() > n) {
      sb.append(" ...");
    }
    return sb.toString();
  }

  private byte[] read() throws Fail {
    try {
      if (file == null || file.equals("-")) {
        return stdin.readAllBytes();
      }
      return Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new Fail(Sv2.INVALID_INPUT, "no such file: " + file);
    } catch (IOException e) {
      throw new Fail(Sv2.INVALID_INPUT, "cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
    }
  }

  static byte[] parseHex(String text) throws Fail {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == ':') {
        continue;
      }
      if (Character.digit(c, 16) < 0) {
        throw new Fail(Sv2.INVALID_INPUT, "not a hex digit: '" + c + "' at character " + i);
      }
      digits.append(c);
    }
    if (digits.length() % 2 != 0) {
      throw new Fail(Sv2.INVALID_INPUT, "odd number of hex digits (" + digits.length() + ")");
    }
    return HEX.parseHex(digits);
  }
}
