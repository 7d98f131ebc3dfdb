package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auto}'s decision as a pure function of the VM options and CPU features it reads. */
class AeadAutoTest {
  /** The flags of this VM's Xeon that matter (it has AVX-512 IFMA but not AVX-IFMA). */
  private static final Set<String> XEON_AVX512 =
      Set.of("sse4_2", "avx", "avx2", "avx512f", "avx512dq", "avx512ifma", "avx512bw", "avx512vl");
  /** An AMD EPYC of the Zen 2/3 kind: AVX2, no AVX-512 at all. */
  private static final Set<String> EPYC_AVX2 = Set.of("sse4_2", "avx", "avx2", "bmi2", "adx");
  /** A Skylake-SP Xeon: AVX-512 F/BW/VL but no IFMA. */
  private static final Set<String> SKYLAKE_SP =
      Set.of("avx", "avx2", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd");
  /** A client core with the VEX-encoded IFMA and no AVX-512. */
  private static final Set<String> AVX_IFMA = Set.of("avx", "avx2", "avx_vnni", "avx_ifma");

  /** Hidden diagnostic flags (no -XX:+UnlockDiagnosticVMOptions), Linux x86-64, C2 reachable. */
  private static AeadAuto.Platform hidden(int feature, Integer useAvx, Long mvs, Set<String> cpu) {
    return new AeadAuto.Platform(feature, "amd64", null, null, useAvx, mvs, null, cpu, true);
  }

  @Test
  void visibleDiagnosticFlagsDecide() {
    AeadAuto.Choice both =
        AeadAuto.decide(new AeadAuto.Platform(25, "amd64", true, true, 2, 32L, 4, EPYC_AVX2, true));
    assertThat(both.jdkFast()).isTrue(); // HotSpot's own word beats the feature rule
    assertThat(both.reason()).contains("UseChaCha20Intrinsics=true, UsePoly1305Intrinsics=true");
    AeadAuto.Choice chachaOnly =
        AeadAuto.decide(
            new AeadAuto.Platform(25, "amd64", true, false, 3, 64L, 4, XEON_AVX512, true));
    assertThat(chachaOnly.jdkFast()).isFalse();
    assertThat(chachaOnly.reason()).contains("UsePoly1305Intrinsics=false");
    assertThat(
            AeadAuto.decide(
                    new AeadAuto.Platform(25, "aarch64", true, true, null, 16L, null, null, true))
                .jdkFast())
        .isTrue();
  }

  @Test
  void hiddenFlagsAvx512IfmaWithUseAvx3OnJdk20AndLater() {
    for (int feature : new int[] {20, 21, 25, 30}) {
      AeadAuto.Choice c = AeadAuto.decide(hidden(feature, 3, 64L, XEON_AVX512));
      assertThat(c.jdkFast()).as("JDK %d", feature).isTrue();
      assertThat(c.reason()).contains("UseAVX=3").contains("avx512ifma");
    }
    assertThat(AeadAuto.decide(hidden(25, 3, null, XEON_AVX512)).jdkFast()).isTrue();
  }

  @Test
  void useAvx2OnAnAvx512MachineMeansPureJava() {
    // -XX:UseAVX=2 on this VM: HotSpot drops its AVX-512 features and with them the Poly1305 stub.
    AeadAuto.Choice c = AeadAuto.decide(hidden(25, 2, 32L, XEON_AVX512));
    assertThat(c.jdkFast()).isFalse();
    assertThat(c.reason()).contains("UseAVX=2").contains("UseAVX<3").contains("no Poly1305 stub");
    assertThat(AeadAuto.decide(hidden(25, 1, 16L, XEON_AVX512)).jdkFast()).isFalse();
  }

  @Test
  void narrowVectorsOrMissingIfmaMeanPureJava() {
    assertThat(AeadAuto.decide(hidden(25, 3, 32L, XEON_AVX512)).jdkFast()).isFalse();
    assertThat(AeadAuto.decide(hidden(25, 3, 64L, SKYLAKE_SP)).jdkFast()).isFalse();
    AeadAuto.Choice epyc = AeadAuto.decide(hidden(25, 2, 32L, EPYC_AVX2));
    assertThat(epyc.jdkFast()).isFalse();
    assertThat(epyc.reason()).contains("neither avx512ifma nor avx_ifma");
  }

  @Test
  void avxIfmaNeedsJdk23() {
    assertThat(AeadAuto.decide(hidden(22, 2, 32L, AVX_IFMA)).jdkFast()).isFalse();
    AeadAuto.Choice c = AeadAuto.decide(hidden(23, 2, 32L, AVX_IFMA));
    assertThat(c.jdkFast()).isTrue();
    assertThat(c.reason()).contains("avx_ifma");
    assertThat(AeadAuto.decide(hidden(25, 1, 16L, AVX_IFMA)).jdkFast()).isFalse();
  }

  @Test
  void jdk17To19HaveNoStubs() {
    for (int feature : new int[] {17, 18, 19}) {
      AeadAuto.Choice c = AeadAuto.decide(hidden(feature, 3, 64L, XEON_AVX512));
      assertThat(c.jdkFast()).isFalse();
      assertThat(c.reason()).contains("JDK " + feature).contains("before JDK 20");
    }
  }

  @Test
  void unknownsMeanPureJava() {
    assertThat(AeadAuto.decide(hidden(25, 3, 64L, null)).reason()).contains("CPU features unknown");
    assertThat(AeadAuto.decide(hidden(25, 3, 64L, null)).jdkFast()).isFalse();
    assertThat(AeadAuto.decide(hidden(25, null, 64L, XEON_AVX512)).jdkFast()).isFalse();
    AeadAuto.Choice arm =
        AeadAuto.decide(
            new AeadAuto.Platform(25, "aarch64", null, null, null, 16L, null, Set.of(), true));
    assertThat(arm.jdkFast()).isFalse();
    assertThat(arm.reason()).contains("aarch64");
  }

  @Test
  void noC2OrNoSunJceMeansPureJava() {
    AeadAuto.Choice c1Only =
        AeadAuto.decide(
            new AeadAuto.Platform(25, "amd64", true, true, 3, 64L, 1, XEON_AVX512, true));
    assertThat(c1Only.jdkFast()).isFalse();
    assertThat(c1Only.reason()).contains("TieredStopAtLevel=1");
    assertThat(
            AeadAuto.decide(
                    new AeadAuto.Platform(25, "amd64", null, null, 3, 64L, 4, XEON_AVX512, true))
                .jdkFast())
        .isTrue();
    AeadAuto.Choice noJce =
        AeadAuto.decide(
            new AeadAuto.Platform(25, "amd64", true, true, 3, 64L, null, XEON_AVX512, false));
    assertThat(noJce.jdkFast()).isFalse();
    assertThat(noJce.reason()).contains("SunJCE");
  }

  @Test
  void cpuinfoParsingTakesTheFirstProcessorsFlags() {
    String text =
        "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu AVX2 avx512ifma  avx512vl\n"
            + "bugs\t\t: spectre_v1\n\nprocessor\t: 1\nflags\t\t: fpu sse2\n";
    assertThat(AeadAuto.parseCpuFlags(text)).containsExactlyInAnyOrder("fpu", "avx2", "avx512ifma",
        "avx512vl");
    // "vmx flags" (Intel VMX features) is another line; AArch64's line is "Features".
    assertThat(AeadAuto.parseCpuFlags("vmx flags\t: ept\nFeatures\t: fp asimd\n")).isNull();
    assertThat(AeadAuto.parseCpuFlags("")).isNull();
    assertThat(AeadAuto.parseCpuFlags("flags\t\t:\n")).isEmpty();
  }

  @Test
  void cpuinfoReadIsBounded(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing");
    assertThat(AeadAuto.cpuFlags(missing)).isNull();
    Path small = Files.writeString(dir.resolve("small"), "flags : avx2 avx512ifma\n");
    assertThat(AeadAuto.cpuFlags(small)).containsExactlyInAnyOrder("avx2", "avx512ifma");
    // A flags line beyond the first 64 KiB is not looked for (the real one is in the first 2 KB).
    Path big = dir.resolve("big");
    Files.write(
        big,
        ("x".repeat(70 * 1024) + "\nflags : avx2\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThat(AeadAuto.cpuFlags(big)).isNull();
  }

  @Test
  void thisJvmsProbeIsConsistentWithAeads() {
    AeadAuto.Platform p = AeadAuto.probe();
    assertThat(p.feature()).isEqualTo(Runtime.version().feature());
    // The native cipher, where present, takes precedence over the JDK cipher.
    assertThat(Aeads.autoUsesJdkCipher())
        .isEqualTo(AeadAuto.decide(p).jdkFast() && !Aeads.autoUsesNativeCipher());
    assertThat(Aeads.autoReason()).isEqualTo(AeadAuto.decide(p).reason());
  }
}
