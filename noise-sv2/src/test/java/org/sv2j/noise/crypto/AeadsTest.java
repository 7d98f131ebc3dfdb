package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** {@code auto} follows the VM's cipher intrinsics, not the JDK version; forced backends are honoured. */
class AeadsTest {

  private static boolean flag(String name) {
    try {
      return Boolean.parseBoolean(
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
    } catch (IllegalArgumentException e) {
      return false; // the option does not exist on this JDK (17-19)
    }
  }

  @Test
  void autoUsesTheJdkCipherOnlyWhereBothIntrinsicsAreOn() {
    boolean both = flag("UseChaCha20Intrinsics") && flag("UsePoly1305Intrinsics");
    assertThat(Aeads.autoUsesJdkCipher()).isEqualTo(both);
    Aead a = Aeads.create(Aeads.Backend.AUTO, new byte[32], 0);
    if (both) {
      assertThat(a.backend()).startsWith("auto(java<");
    } else {
      // JDK 17-19, or an AVX2-only x86 (HotSpot has a ChaCha20 stub there but no Poly1305 stub):
      // the allocation-free pure-Java cipher for every size.
      assertThat(a).isInstanceOf(ChaChaPolyJava.class);
    }
    a.destroy();
  }

  @Test
  void forcedBackendsAreHonoured() {
    assertThat(Aeads.create(Aeads.Backend.JAVA, new byte[32], 0)).isInstanceOf(ChaChaPolyJava.class);
    assertThat(Aeads.create(Aeads.Backend.BC, new byte[32], 0)).isInstanceOf(ChaChaPolyBc.class);
    assertThat(Aeads.create(Aeads.Backend.JDK, new byte[32], 0)).isInstanceOf(ChaChaPolyJdk.class);
    assertThat(Aeads.configured()).isEqualTo(Aeads.Backend.AUTO); // no property set in this build
  }
}
