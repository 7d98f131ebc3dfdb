package org.sv2j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.sv2j.noise.AuthorityKeys;
import org.sv2j.noise.NoiseException;
import org.sv2j.noise.Responder;
import org.sv2j.noise.ServerCredential;

/**
 * {@code sv2 serve --credential FILE}: loads a server credential, refuses to start with one that is
 * expired or not yet valid, warns ahead of expiry, and hands out the responder builder. Kept apart
 * from {@link ServeCommand} so that command only gains an option and a branch.
 */
final class ServeCredential {
  final Responder.Builder responders;
  final String description;
  /** The authority public key the credential was signed by, as text. */
  final String authorityText;

  private ServeCredential(Responder.Builder responders, String description, String authorityText) {
    this.responders = responders;
    this.description = description;
    this.authorityText = authorityText;
  }

  static ServeCredential load(Path file, Duration warnBefore, Consumer<String> log) throws Fail {
    try (ServerCredential c = ServerCredential.read(file)) {
      ServerCredential.Status status;
      try {
        status = c.check(Instant.now(), warnBefore);
      } catch (NoiseException e) {
        throw new Fail(
            Sv2.CERTIFICATE,
            "refusing to start: the credential in " + file + " is "
                + (e.reason() == NoiseException.Reason.EXPIRED
                    ? "expired (since " + c.notValidAfter() + ")"
                    : "not valid before " + c.validFrom())
                + "; certify a new one with sv2 keys certify");
      }
      if (status.expiresSoon()) {
        log.accept("WARNING: the server credential expires at " + status.notValidAfter() + " (in "
            + status.remaining().toHours() + " h); certify a new one with sv2 keys certify");
      }
      Responder.Builder b = Responder.builder(c).expiryWarning(warnBefore);
      String authority = AuthorityKeys.encodePublicKey(c.authorityPublicKey());
      return new ServeCredential(
          b,
          " (encrypted; pre-signed credential of authority " + authority
              + ", valid until " + c.notValidAfter() + "; no authority secret in this process)",
          authority);
    } catch (NoiseException e) {
      throw new Fail(Sv2.INVALID_INPUT, "credential " + file + " refused: " + e.getMessage());
    } catch (IOException e) {
      throw new Fail(Sv2.INVALID_INPUT, "cannot read the credential " + file + ": " + e.getMessage());
    }
  }
}
