package org.sv2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every library artifact is a named (explicit, not automatic) JPMS module exporting its package. */
class ModuleDescriptorsTest {
  private static final Map<String, String> EXPECTED =
      Map.of(
          "org.sv2j.buffer", "org.sv2j.buffer",
          "org.sv2j.framing", "org.sv2j.framing",
          "org.sv2j.codec", "org.sv2j.codec",
          "org.sv2j.noise", "org.sv2j.noise",
          "org.sv2j.binary", "org.sv2j.binary",
          "org.sv2j.messages", "org.sv2j.messages.mining");

  @Test
  void libraryModulesAreNamedAndExportTheirPackage() {
    Path[] entries =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> p.toString().contains("-sv2"))
            .toArray(Path[]::new);
    Map<String, ModuleDescriptor> found =
        ModuleFinder.of(entries).findAll().stream()
            .map(ModuleReference::descriptor)
            .collect(Collectors.toMap(ModuleDescriptor::name, Function.identity()));

    assertThat(found.keySet()).containsAll(EXPECTED.keySet());
    EXPECTED.forEach(
        (module, pkg) -> {
          ModuleDescriptor d = found.get(module);
          assertThat(d.isAutomatic()).as(module + " is explicit").isFalse();
          assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source))
              .as(module + " exports")
              .contains(pkg);
          Optional<ModuleDescriptor.Exports> internal =
              d.exports().stream().filter(e -> e.source().contains(".crypto")).findAny();
          assertThat(internal).as(module + " keeps internals unexported").isEmpty();
        });
  }
}
