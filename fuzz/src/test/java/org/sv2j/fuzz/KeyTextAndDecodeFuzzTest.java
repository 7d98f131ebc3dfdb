package org.sv2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.sv2j.cli.Sv2;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import picocli.CommandLine;

/**
 * Target 5: the text a user pastes and the bytes {@code sv2 decode} reads. Key text (base58check) gives a
 * key or a {@link NoiseException}, and what parses re-encodes to the same text; {@code sv2 decode} (binary
 * and {@code --hex}) ends with status 0 or 7, never an internal error.
 */
class KeyTextAndDecodeFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void keyText(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      byte[] pub = AuthorityKeys.decodePublicKey(text);
      if (!AuthorityKeys.encodePublicKey(pub).equals(text)) {
        throw new AssertionError("public key text does not round-trip: " + text);
      }
    } catch (NoiseException expected) {
      // refused
    }
    try {
      byte[] sec = AuthorityKeys.decodeSecretKey(text);
      if (!AuthorityKeys.encodeSecretKey(sec).equals(text)) {
        throw new AssertionError("secret key text does not round-trip");
      }
    } catch (NoiseException expected) {
      // refused
    }
    try {
      AuthorityKeys.KeyText t = AuthorityKeys.parseKeyText(text);
      if (t.checksum().length != 4) {
        throw new AssertionError("checksum length");
      }
    } catch (NoiseException expected) {
      // refused
    }
  }

  @FuzzTest(maxDuration = "10m")
  void decodeCommand(byte[] input) {
    for (boolean hex : new boolean[] {false, true}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = Sv2.commandLine(new PrintWriter(out), new PrintWriter(err));
      Object decode = cl.getSubcommands().get("decode").getCommand();
      setStdin(decode, hex ? new String(input, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1) : input);
      int status = hex ? cl.execute("decode", "--hex") : cl.execute("decode");
      if (status != Sv2.OK && status != Sv2.INVALID_INPUT) {
        throw new AssertionError("sv2 decode" + (hex ? " --hex" : "") + " exited " + status + ": " + err);
      }
      if (status == Sv2.INVALID_INPUT && !err.toString().startsWith("sv2 decode: ")) {
        throw new AssertionError("failure without a message: " + err);
      }
    }
  }

  /** DecodeCommand reads standard input from a field; set it without widening the command's API. */
  private static void setStdin(Object decodeCommand, byte[] bytes) {
    try {
      java.lang.reflect.Field f = decodeCommand.getClass().getDeclaredField("stdin");
      f.setAccessible(true);
      f.set(decodeCommand, new ByteArrayInputStream(bytes));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
