package org.sv2j.noise.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} follows the VM's cipher intrinsics, not the JDK version; forced backends are honoured.
 *
 * <p>HotSpot's intrinsic flags are diagnostic, so the test JVM (like any application's) cannot read
 * them. The truth comes from a child JVM started with {@code -XX:+UnlockDiagnosticVMOptions
 * -XX:+PrintFlagsFinal}; the choice from another child JVM with the same options but the flags hidden.
 * On x86-64 both run once with HotSpot's default {@code UseAVX} and once with {@code -XX:UseAVX=2}
 * (an AVX2-only server's flag state).
 */
class AeadsTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final boolean X86 =
      List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
  private static final boolean LINUX =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  /** HotSpot's own answer under {@code vmOptions}: both intrinsic flags on (absent = off). */
  private static boolean bothIntrinsics(List<String> vmOptions) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA));
    cmd.addAll(vmOptions);
    cmd.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintFlagsFinal", "-version"));
    Map<String, String> flags = new HashMap<>();
    for (String line : run(cmd).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 4 && f[2].equals("=")) {
        flags.put(f[1], f[3]);
      }
    }
    assertThat(flags).containsKey("UseSerialGC"); // the flag table was printed at all
    return "true".equals(flags.get("UseChaCha20Intrinsics"))
        && "true".equals(flags.get("UsePoly1305Intrinsics"));
  }

  /** What {@code auto} chooses in a fresh JVM under {@code vmOptions}, diagnostic flags hidden. */
  private static Map<String, String> choice(List<String> vmOptions) throws Exception {
    return choice(vmOptions, System.getProperty("java.class.path"));
  }

  private static String codeSource(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /**
   * Child JVMs get what the build gives this one on JDK 24+ (the parent POM's profile): native
   * access for the class path, without which the native cipher is left out.
   */
  private static final List<String> NATIVE_ACCESS =
      Runtime.version().feature() >= 24
          ? List.of("--enable-native-access=ALL-UNNAMED")
          : List.of();

  private static Map<String, String> choice(List<String> vmOptions, String classPath)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA));
    cmd.addAll(NATIVE_ACCESS);
    cmd.addAll(vmOptions);
    cmd.addAll(List.of("-cp", classPath, AeadsChoiceMain.class.getName()));
    Map<String, String> out = new HashMap<>();
    for (String line : run(cmd).split("\n")) {
      for (String key : List.of("jdkFast", "backend", "reason")) {
        if (line.startsWith(key + "=")) {
          out.put(key, line.substring(key.length() + 1).strip());
        }
      }
    }
    assertThat(out).containsKeys("jdkFast", "backend", "reason");
    return out;
  }

  /** The JDK-cipher rule, with the native cipher (preferred where present) kept out. */
  private static void assertChoiceMatchesHotSpot(List<String> vmOptions) throws Exception {
    boolean truth = bothIntrinsics(vmOptions);
    List<String> noNative = new ArrayList<>(vmOptions);
    noNative.add("-Dsv2j.noise.aead.native=false");
    Map<String, String> c = choice(noNative);
    boolean chosen = Boolean.parseBoolean(c.get("jdkFast"));
    String what = vmOptions + " -> " + c + ", HotSpot: both intrinsics " + truth;
    if (X86 && LINUX) {
      assertThat(chosen).as(what).isEqualTo(truth); // the feature rule reproduces HotSpot's
    } else if (chosen) {
      assertThat(truth).as(what).isTrue(); // elsewhere it may only be more cautious
    }
    assertThat(c.get("backend")).as(what).isEqualTo(chosen ? "auto(java<512<=jdk)" : "java");
    assertThat(c.get("reason")).as(what).doesNotContain("UseChaCha20Intrinsics=n/a");
  }

  @Test
  void autoMatchesHotSpotsIntrinsicsWithTheDefaultVectorWidth() throws Exception {
    assertChoiceMatchesHotSpot(List.of());
  }

  @Test
  void autoMatchesHotSpotsIntrinsicsWithAvx2Only() throws Exception {
    if (!X86) {
      return; // UseAVX is an x86 option
    }
    assertChoiceMatchesHotSpot(List.of("-XX:UseAVX=2"));
    // An AVX2-only machine (or this one restricted to AVX2) must not get the JDK cipher unless the
    // CPU has the VEX-encoded IFMA that JDK 23's AVX2 Poly1305 stub needs.
    Set<String> cpu = LINUX ? AeadAuto.cpuFlags(Path.of("/proc/cpuinfo")) : null;
    assumeFalse(cpu != null && cpu.contains("avx_ifma"), "this CPU has AVX-IFMA");
    Map<String, String> c = choice(List.of("-XX:UseAVX=2", "-Dsv2j.noise.aead.native=false"));
    assertThat(c.get("jdkFast")).isEqualTo("false");
    assertThat(c.get("backend")).isEqualTo("java");
  }

  @Test
  void theNativeCipherIsPreferredWhereAvailable() throws Exception {
    Map<String, String> c = choice(List.of());
    if (ChaChaPolyNative.isAvailable()) {
      assertThat(c.get("backend")).isEqualTo("auto(java<512<=native)");
      assertThat(c.get("jdkFast")).isEqualTo("false");
    } else {
      assertThat(c.get("backend")).isIn("java", "auto(java<512<=jdk)");
    }
    Map<String, String> t = choice(List.of("-Dsv2j.noise.aead.nativeThreshold=2048"));
    if (ChaChaPolyNative.isAvailable()) {
      assertThat(t.get("backend")).isEqualTo("auto(java<2048<=native)");
    }
  }

  @Test
  void theTestJvmsOwnChoiceFollowsTheSameRule() {
    Aead a = Aeads.create(Aeads.Backend.AUTO, new byte[32], 0);
    if (Aeads.autoUsesNativeCipher()) {
      assertThat(a.backend()).endsWith("<=native)");
      assertThat(Aeads.autoUsesJdkCipher()).isFalse();
    } else if (Aeads.autoUsesJdkCipher()) {
      assertThat(a.backend()).endsWith("<=jdk)");
    } else {
      assertThat(a).isInstanceOf(ChaChaPolyJava.class);
    }
    assertThat(Aeads.autoReason()).isNotBlank();
    a.destroy();
  }

  @Test
  void forcedBackendsAreHonoured() {
    assertThat(Aeads.create(Aeads.Backend.JAVA, new byte[32], 0)).isInstanceOf(ChaChaPolyJava.class);
    assertThat(Aeads.create(Aeads.Backend.BC, new byte[32], 0)).isInstanceOf(ChaChaPolyBc.class);
    assertThat(Aeads.create(Aeads.Backend.JDK, new byte[32], 0)).isInstanceOf(ChaChaPolyJdk.class);
    assertThat(Aeads.configured()).isEqualTo(Aeads.Backend.AUTO); // no property set in this build
  }

  @Test
  void withoutJnaAutoFallsBackAndSaysWhy() throws Exception {
    // Only noise-sv2's classes, the test tool and Bouncy Castle: no JNA.
    String cp =
        String.join(
            java.io.File.pathSeparator,
            codeSource(Aeads.class),
            codeSource(AeadsChoiceMain.class),
            codeSource(org.bouncycastle.util.Arrays.class));
    String out = run(List.of(JAVA, "-cp", cp, AeadsChoiceMain.class.getName()));
    boolean jdkFast = AeadAuto.decide(AeadAuto.probe()).jdkFast();
    assertThat(out).contains("backend=" + (jdkFast ? "auto(java<512<=jdk)" : "java"));
    // One log line, naming the reason.
    assertThat(out.split("ChaCha20-Poly1305 backend:", -1)).hasSize(2);
    assertThat(out)
        .contains("native cipher not used: JNA (net.java.dev.jna:jna) is not on the class path");
    // Forcing the native backend without JNA fails, and says why.
    Process p =
        new ProcessBuilder(
                JAVA, "-Dsv2j.noise.aead=native", "-cp", cp, AeadsChoiceMain.class.getName())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String failed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(failed).contains("native ChaCha20-Poly1305 unavailable: JNA");
    if (ChaChaPolyNative.isAvailable()) {
      assertThat(choice(List.of("-Dsv2j.noise.aead=native")).get("backend")).isEqualTo("native");
    }
  }

  @Test
  void onJdk24AndLaterTheNativeCipherNeedsNativeAccess() throws Exception {
    assertThat(ChaChaPolyNative.nativeAccessDenied(getClass().getModule(), 17)).isNull();
    assertThat(ChaChaPolyNative.nativeAccessDenied(getClass().getModule(), 23)).isNull();
    if (Runtime.version().feature() < 24) {
      return; // earlier JDKs load native code without restriction or warning
    }
    // This JVM has --enable-native-access=ALL-UNNAMED (parent POM profile): allowed.
    assertThat(ChaChaPolyNative.nativeAccessDenied(getClass().getModule(), 24)).isNull();
    // A JVM without it: auto leaves the native cipher out (no JVM warning) and says why.
    String out =
        run(
            List.of(
                JAVA, "-cp", System.getProperty("java.class.path"), AeadsChoiceMain.class.getName()));
    assertThat(out).containsAnyOf("backend=java\n", "backend=auto(java<512<=jdk)\n");
    assertThat(out).doesNotContain("restricted method");
    if (LINUX) {
      assertThat(out).contains("native cipher not used: native access is not enabled for JNA");
    }
  }

  @Test
  void aForcedBackendWinsInAFreshJvm() throws Exception {
    Map<String, String> c = choice(List.of("-Dsv2j.noise.aead=bc"));
    assertThat(c.get("backend")).isEqualTo("bc");
  }
}
