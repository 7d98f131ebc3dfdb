package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.testsupport.Hex;
import org.sv2j.testsupport.Json;
import org.sv2j.testsupport.Vectors;
import picocli.CommandLine;

/** {@code sv2 decode}: every message of the reference's vectors, failures with reasons, escaping, streaming. */
class DecodeCommandTest {
  private static final Map<String, Object> FILE = Vectors.json("sv2_reference_messages.json");

  private static List<Map<String, Object>> list(String key) {
    return Json.array(FILE.get(key)).stream().map(Json::object).toList();
  }

  private static Run decode(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Sv2.commandLine(new PrintWriter(out), new PrintWriter(err));
    DecodeCommand d = cl.getSubcommands().get("decode").getCommand();
    d.stdin = stdin;
    String[] full = new String[args.length + 1];
    full[0] = "decode";
    System.arraycopy(args, 0, full, 1, args.length);
    int status = cl.execute(full);
    return new Run(status, out.toString(), err.toString());
  }

  private static Run decode(byte[] stdin, String... args) {
    return decode(new java.io.ByteArrayInputStream(stdin), args);
  }

  private static byte[] frame(Sv2Frame f) {
    ByteBuffer b = ByteBuffer.allocate(f.encodedLength());
    f.encodeTo(b);
    return b.array();
  }

  @Test
  void everyReferenceCaseIsNamedAndPrintedFieldByField() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    int n = 0;
    for (Map<String, Object> c : list("cases")) {
      if (c.containsKey("frame_hex")) {
        in.writeBytes(Hex.decode((String) c.get("frame_hex")));
        n++;
      }
    }
    Run r = decode(in.toByteArray());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains(n + " frames, " + in.size() + " bytes").doesNotContain("not decoded");
    for (Map<String, Object> m : list("messages")) {
      assertThat(r.out()).contains(" " + m.get("message") + " ");
      for (Object f : Json.array(m.get("fields"))) {
        assertThat(r.out()).contains("         " + Json.object(f).get("name") + " ");
      }
    }
    // No raw control character from a random STR0_255 reaches the terminal.
    assertThat(r.out().chars().filter(ch -> ch < 0x20 && ch != '\n').count()).isZero();
  }

  @Test
  void framesThatDoNotDecodeAreListedWithTheReason() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    Map<String, Object> unknown = list("rejects").stream().filter(r -> ((String) r.get("what")).startsWith("msg_type 0x1e")).findFirst().orElseThrow();
    in.writeBytes(Hex.decode((String) unknown.get("frame_hex")));
    Map<String, Object> bad = list("rejects").stream()
        .filter(r -> r.get("message").equals("SubmitSharesExtended") && ((String) r.get("what")).startsWith("extranonce:")).findFirst().orElseThrow();
    in.writeBytes(frame(Sv2Frame.fromPayload(0, 0x1b, true, Hex.decode((String) bad.get("payload_hex")))));
    in.writeBytes(frame(new SetupConnection(0, 2, 2, 0, "h", 1, "v", "hw", "fw", "id").toFrame()));
    Run r = decode(in.toByteArray());
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("not decoded: unknown message type (extension_type 0x0000, msg_type 0x1e)")
        .contains("not decoded: malformed: SubmitSharesExtended.extranonce: length 33 over the bound 32")
        .contains("3 frames, " + in.size() + " bytes; 2 not decoded: #0 at offset 0 (unknown message type", "#1 at offset 10 (malformed")
        .contains("vendor                           = \"v\"");
  }

  @Test
  void peerTextIsEscaped() {
    SetupConnection m = new SetupConnection(0, 2, 2, 0, "evil\u001b]0;title\u0007", 1, "\u001b[31mred", "a\nb", "\u202eabc", "\"q\"");
    Run r = decode(frame(m.toFrame()));
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .doesNotContain("\u202e")
        .contains("\"evil\\u001b]0;title\\u0007\"", "\"\\u001b[31mred\"", "\"a\\nb\"", "\"\\u202eabc\"", "\"\\\"q\\\"\"");
  }

  @Test
  void tlvFieldsArePrinted() {
    Map<String, Object> t = list("tlv").get(0);
    Run r = decode(Hex.decode((String) t.get("frame_hex")));
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("tlv[0] 0x0002/0x01 user_identity = \"" + t.get("user_identity_text") + "\"");
    Map<String, Object> cut = list("tlv").stream().filter(x -> ((String) x.get("what")).contains("truncated TLV")).findFirst().orElseThrow();
    Run c = decode(Hex.decode((String) cut.get("frame_hex")));
    assertThat(c.out()).contains("8 trailing bytes that are not TLV fields");
  }

  @Test
  void hexInputErrorsAreReported() {
    Run bad = decode("0000 01zz".getBytes(StandardCharsets.US_ASCII), "--hex");
    assertThat(bad.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(bad.err()).startsWith("sv2 decode: not a hex digit: 'z' at character 7");
    Run odd = decode("000".getBytes(StandardCharsets.US_ASCII), "--hex");
    assertThat(odd.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(odd.err()).contains("odd number of hex digits (3)");
    Run esc = decode(new byte[] {'0', 0x1b}, "--hex");
    assertThat(esc.err()).contains("byte 0x1b").doesNotContain("\u001b");
  }

  @Test
  void aTruncatedPayloadAnnouncingSixteenMegabytesIsReportedWithoutReadingPastIt() {
    byte[] in = Hex.decode("000060ffffff" + "0102");
    Run r = decode(in);
    assertThat(r.status()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(r.err()).contains("truncated: frame #0 at offset 0 (type 0x60) announces 16777215 payload bytes, only 2 present");
    assertThat(r.out()).contains("0 frames, 0 bytes");
  }

  @Test
  void theInputIsStreamed() {
    // A generated stream of 20,000 frames: by the time the generator hands out the last frames, the first
    // ones must already be printed (the command used to read everything before printing anything).
    byte[] one = frame(new SetupConnection(0, 2, 2, 0, "h", 1, "v", "hw", "fw", "id").toFrame());
    int frames = 20_000;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Sv2.commandLine(new PrintWriter(out), new PrintWriter(err));
    DecodeCommand d = cl.getSubcommands().get("decode").getCommand();
    boolean[] printedEarly = {false};
    d.stdin = new InputStream() {
      long pos;

      @Override
      public int read() {
        if (pos >= (long) frames * one.length) {
          return -1;
        }
        if (pos == (long) (frames - 1) * one.length) {
          printedEarly[0] = out.toString().contains("         device_id");
        }
        return one[(int) (pos++ % one.length)] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
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
    };
    int status = cl.execute("decode");
    assertThat(status).as(err.toString()).isZero();
    assertThat(printedEarly[0]).isTrue();
    assertThat(out.toString()).contains(frames + " frames, " + (long) frames * one.length + " bytes");
  }
}
