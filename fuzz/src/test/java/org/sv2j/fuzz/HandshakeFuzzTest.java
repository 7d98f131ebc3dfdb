package org.sv2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sv2j.noise.Initiator;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.NoiseSession;
import org.sv2j.noise.Responder;

/**
 * Target 3: the handshake steps on arbitrary bytes. {@code Responder.step1} on any input (the interesting
 * length is 64) and {@code Initiator.step2} on any input (234) yield a session or a {@link NoiseException},
 * nothing else; the objects are spent either way.
 */
class HandshakeFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void responderStep1(byte[] message) {
    try (Responder r = Fixed.responder()) {
      Responder.Reply reply = r.step1(message);
      if (message.length != 64 || reply.message().length != 234) {
        throw new AssertionError("step1 accepted " + message.length + " bytes");
      }
      reply.session().close();
    } catch (NoiseException expected) {
      // refused: fine
    }
  }

  @FuzzTest(maxDuration = "10m")
  void initiatorStep2(byte[] message) {
    try (Initiator i = Fixed.initiator()) {
      i.step0();
      NoiseSession s = i.step2(message);
      if (message.length != 234) {
        throw new AssertionError("step2 accepted " + message.length + " bytes");
      }
      s.close();
    } catch (NoiseException expected) {
      // refused: fine
    }
  }
}
