package org.sv2j.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sv2-harness is a named JPMS module that exports only its API package. */
final class ModuleDescriptorTest {
  @Test
  void namedModuleExportingTheApiPackage() throws Exception {
    Path classes = Path.of(BlockHeader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
    assertThat(d.name()).isEqualTo("org.sv2j.harness");
    assertThat(d.isAutomatic()).isFalse();
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("org.sv2j.harness");
    assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).contains("org.sv2j.codec", "org.sv2j.messages");
  }
}
