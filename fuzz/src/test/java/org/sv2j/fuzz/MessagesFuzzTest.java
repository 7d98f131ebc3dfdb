package org.sv2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.sv2j.binary.MessageException;
import org.sv2j.framing.Sv2Frame;
import org.sv2j.messages.AnyMessage;
import org.sv2j.messages.Sv2Messages;
import org.sv2j.messages.UnknownMessage;
import org.sv2j.messages.UnknownMessageException;
import org.sv2j.messages.WithTlvs;

/**
 * Target 7: the message registry. Input: extension type (low 2 bits of byte 0: 0 and 1 have messages, 2
 * and 3 do not), message type (byte 1), then the payload. Properties: {@code Sv2Messages.decode} gives a
 * message or a {@link MessageException}, nothing else; a decoded message encodes to bytes that decode to
 * the same message, and to exactly the input when strict decoding accepted it; TLV decoding and
 * pass-through agree with plain decoding; the flyweight views agree with the records field for field and
 * error for error.
 */
class MessagesFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] input) throws Exception {
    if (input.length < 2) {
      return;
    }
    int ext = input[0] & 0x03;
    int type = input[1] & 0xff;
    byte[] payload = Arrays.copyOfRange(input, 2, input.length);
    AnyMessage m = null;
    MessageException error = null;
    try {
      m = Sv2Messages.decode(ext, type, ByteBuffer.wrap(payload));
    } catch (MessageException e) {
      error = e;
    }
    if (error instanceof UnknownMessageException) {
      if (Sv2Messages.isKnown(ext, type)) {
        throw new AssertionError("known type refused as unknown", error);
      }
      try (Sv2Frame f = Sv2Frame.fromPayload(ext, type, (input[0] & 0x80) != 0, payload)) {
        AnyMessage pass = Sv2Messages.decodeOrPassThrough(f);
        if (!(pass instanceof UnknownMessage u) || !Arrays.equals(u.payload().toByteArray(), payload)) {
          throw new AssertionError("pass-through changed the frame");
        }
      }
      return;
    }
    views(ext, type, payload, m, error);
    if (m == null) {
      if (error.messageName() == null || error.getMessage().isBlank()) {
        throw new AssertionError("an error that names no message", error);
      }
      return;
    }
    byte[] again = encode(m);
    AnyMessage back = Sv2Messages.decode(ext, type, ByteBuffer.wrap(again));
    if (!back.equals(m) || !Arrays.equals(encode(back), again)) {
      throw new AssertionError("re-encoding changed " + m);
    }
    WithTlvs w = Sv2Messages.decodeWithTlvs(ext, type, ByteBuffer.wrap(payload));
    if (!w.message().equals(m)) {
      throw new AssertionError("TLV decoding disagrees");
    }
    try {
      AnyMessage strict = Sv2Messages.decodeStrict(ext, type, ByteBuffer.wrap(payload));
      if (!strict.equals(m) || !Arrays.equals(again, payload)) {
        throw new AssertionError("strict decoding accepted bytes that do not re-encode exactly");
      }
    } catch (MessageException e) {
      // Strictness refuses trailing bytes, BOOL bytes over 1 and text that is not UTF-8: fine.
    }
  }

  private static byte[] encode(AnyMessage m) {
    ByteBuffer b = ByteBuffer.allocate(m.encodedLength());
    m.encodeTo(b);
    if (b.hasRemaining()) {
      throw new AssertionError("encodedLength disagrees with encodeTo for " + m);
    }
    return b.array();
  }

  /** The mining messages that have a view: the view must agree with the record. */
  private static void views(int ext, int type, byte[] payload, AnyMessage m, MessageException error) throws Exception {
    if (ext != 0) {
      return;
    }
    String name = switch (type) {
      case 0x15 -> "NewMiningJob";
      case 0x1a -> "SubmitSharesStandard";
      case 0x1b -> "SubmitSharesExtended";
      case 0x1c -> "SubmitSharesSuccess";
      case 0x20 -> "SetNewPrevHash";
      case 0x21 -> "SetTarget";
      default -> null;
    };
    if (name == null) {
      return;
    }
    Object view = Class.forName("org.sv2j.messages.mining." + name + "View").getConstructor().newInstance();
    try {
      view.getClass().getMethod("wrap", ByteBuffer.class).invoke(view, ByteBuffer.wrap(payload));
    } catch (InvocationTargetException e) {
      if (!(e.getCause() instanceof MessageException ve)) {
        throw new AssertionError("the view threw something else", e.getCause());
      }
      if (error == null || !ve.kind().equals(error.kind()) || !String.valueOf(ve.field()).equals(String.valueOf(error.field()))) {
        throw new AssertionError("the view refused what the record " + (error == null ? "accepted" : "refused differently"), ve);
      }
      return;
    }
    if (error != null) {
      throw new AssertionError("the view accepted what the record refused", error);
    }
    Object shown = view.getClass().getMethod("toMessage").invoke(view);
    if (!shown.equals(m)) {
      throw new AssertionError("the view shows " + shown + ", the record " + m);
    }
  }
}
