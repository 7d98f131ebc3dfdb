package org.sv2j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code --port-file}: the bound port, written beside the target and moved into place, so a watcher never reads half a number. */
final class PortFile {
  private PortFile() {}

  static void write(Path portFile, int port) throws IOException {
    Path target = portFile.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), ".sv2-port", ".tmp");
    try {
      Files.writeString(tmp, Integer.toString(port), StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
