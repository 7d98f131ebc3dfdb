package org.sv2j.noise.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How {@link Aeads}' {@code auto} mode decides whether HotSpot runs SunJCE's ChaCha20-Poly1305 on its
 * vector stubs: {@link #decide} is a pure function of what {@link #probe} reads from the running JVM,
 * so that tests can feed it any machine.
 *
 * <p>HotSpot's own answer, the options {@code UseChaCha20Intrinsics} and {@code UsePoly1305Intrinsics},
 * are <em>diagnostic</em>: {@code HotSpotDiagnosticMXBean.getVMOption} refuses them unless the JVM runs
 * with {@code -XX:+UnlockDiagnosticVMOptions}. When they are visible they decide. When they are hidden
 * (the normal case) the decision repeats HotSpot's rule for x86-64 from what is readable: the JDK
 * feature version, the product options {@code UseAVX} and {@code MaxVectorSize}, and the CPU's feature
 * flags from Linux's {@code /proc/cpuinfo}:
 *
 * <ul>
 *   <li>JDK 20 added both stubs (JDK-8247645 ChaCha20, JDK-8288047 Poly1305). Poly1305's first stub
 *       needs AVX-512 IFMA with AVX-512 VL and BW, {@code UseAVX} 3 (HotSpot drops its AVX-512
 *       features below that) and {@code MaxVectorSize} 64.
 *   <li>JDK 23 added a second Poly1305 stub on 256-bit registers (JDK-8325991) for CPUs with AVX-IFMA
 *       (the VEX-encoded IFMA of recent Intel cores, {@code avx_ifma} in {@code /proc/cpuinfo}), which
 *       {@code UseAVX} 2 suffices for.
 *   <li>ChaCha20's stub needs only AVX, implied by both.
 *   <li>Both stubs run only in C2-compiled code: with tiered compilation stopped below level 4 they
 *       never run.
 * </ul>
 *
 * <p>Anything not known to match (another architecture, another VM, no {@code /proc/cpuinfo}, an
 * option unreadable) counts as "not intrinsified": the pure-Java cipher is then chosen, which is never
 * far off and allocates nothing. A start-up measurement was not used: the stubs only run once C2 has
 * compiled the caller, which a class initialiser cannot wait for without stalling the application.
 */
final class AeadAuto {
  /** What {@code /proc/cpuinfo} is read up to: the first processor's block is about 2 KB. */
  private static final int CPUINFO_LIMIT = 64 * 1024;

  private AeadAuto() {}

  /**
   * What the decision reads from the JVM and the machine.
   *
   * @param feature the JDK feature version ({@code Runtime.version().feature()})
   * @param arch the {@code os.arch} property
   * @param chacha20Intrinsics {@code UseChaCha20Intrinsics}' value, null if unreadable
   * @param poly1305Intrinsics {@code UsePoly1305Intrinsics}' value, null if unreadable
   * @param useAvx {@code UseAVX}'s value, null if unreadable
   * @param maxVectorSize {@code MaxVectorSize}'s value, null if unreadable
   * @param tieredStopAtLevel {@code TieredStopAtLevel}'s value if tiered compilation is on, else null
   * @param cpuFlags the CPU's feature flags (lower case), null if unknown
   * @param sunJceCipher whether the JDK offers {@code ChaCha20-Poly1305}
   */
  record Platform(
      int feature,
      String arch,
      Boolean chacha20Intrinsics,
      Boolean poly1305Intrinsics,
      Integer useAvx,
      Long maxVectorSize,
      Integer tieredStopAtLevel,
      Set<String> cpuFlags,
      boolean sunJceCipher) {}

  /**
   * The decision.
   *
   * @param jdkFast whether SunJCE's cipher runs on both vector stubs here
   * @param reason why, for the log line
   */
  record Choice(boolean jdkFast, String reason) {}

  /**
   * Decides from {@code p} alone.
   *
   * @param p what was read
   * @return the decision and its reason
   */
  static Choice decide(Platform p) {
    if (!p.sunJceCipher()) {
      return new Choice(false, "SunJCE has no ChaCha20-Poly1305");
    }
    if (p.tieredStopAtLevel() != null && p.tieredStopAtLevel() < 4) {
      return new Choice(
          false, "TieredStopAtLevel=" + p.tieredStopAtLevel() + ": no C2, so no cipher intrinsics");
    }
    if (p.chacha20Intrinsics() != null && p.poly1305Intrinsics() != null) {
      String flags =
          "UseChaCha20Intrinsics="
              + p.chacha20Intrinsics()
              + ", UsePoly1305Intrinsics="
              + p.poly1305Intrinsics();
      return new Choice(p.chacha20Intrinsics() && p.poly1305Intrinsics(), flags);
    }
    String seen =
        "JDK "
            + p.feature()
            + ", "
            + p.arch()
            + ", UseAVX="
            + na(p.useAvx())
            + ", MaxVectorSize="
            + na(p.maxVectorSize());
    if (p.feature() < 20) {
      return new Choice(false, seen + ": no ChaCha20/Poly1305 stubs before JDK 20");
    }
    if (!isX86(p.arch())) {
      return new Choice(
          false, seen + ": intrinsic flags hidden and no feature rule for this architecture");
    }
    if (p.useAvx() == null) {
      return new Choice(false, seen + ": UseAVX unreadable");
    }
    if (p.cpuFlags() == null) {
      return new Choice(false, seen + ": CPU features unknown (no /proc/cpuinfo)");
    }
    Set<String> f = p.cpuFlags();
    boolean avx512 =
        p.useAvx() >= 3
            && f.contains("avx512ifma")
            && f.contains("avx512vl")
            && f.contains("avx512bw")
            && (p.maxVectorSize() == null || p.maxVectorSize() >= 64);
    if (avx512) {
      return new Choice(true, seen + ", CPU avx512ifma+vl+bw: AVX-512 Poly1305 and ChaCha20 stubs");
    }
    boolean avxIfma = p.feature() >= 23 && p.useAvx() >= 2 && f.contains("avx_ifma");
    if (avxIfma) {
      return new Choice(true, seen + ", CPU avx_ifma: AVX2 Poly1305 and ChaCha20 stubs");
    }
    String why;
    if (f.contains("avx512ifma") && p.useAvx() < 3) {
      why = ", CPU avx512ifma but UseAVX<3 turns AVX-512 off";
    } else if (f.contains("avx512ifma")) {
      why = ", CPU avx512ifma but MaxVectorSize<64 or no avx512vl/bw";
    } else if (f.contains("avx_ifma")) {
      why = ", CPU avx_ifma but JDK < 23 or UseAVX<2";
    } else {
      why = ", CPU has neither avx512ifma nor avx_ifma";
    }
    return new Choice(false, seen + why + ": no Poly1305 stub");
  }

  private static boolean isX86(String arch) {
    return "amd64".equals(arch) || "x86_64".equals(arch);
  }

  private static String na(Object o) {
    return o == null ? "n/a" : o.toString();
  }

  /**
   * Reads the running JVM and machine.
   *
   * @return what {@link #decide} needs
   */
  static Platform probe() {
    String arch = System.getProperty("os.arch", "");
    String os = System.getProperty("os.name", "");
    Boolean tiered = bool(vmOption("TieredCompilation"));
    Integer stopAt = tiered != null && tiered ? integer(vmOption("TieredStopAtLevel")) : null;
    Set<String> cpu =
        isX86(arch) && os.toLowerCase(Locale.ROOT).startsWith("linux")
            ? cpuFlags(Path.of("/proc/cpuinfo"))
            : null;
    String useAvx = vmOption("UseAVX");
    String mvs = vmOption("MaxVectorSize");
    return new Platform(
        Runtime.version().feature(),
        arch,
        bool(vmOption("UseChaCha20Intrinsics")),
        bool(vmOption("UsePoly1305Intrinsics")),
        integer(useAvx),
        mvs == null ? null : parseLong(mvs),
        stopAt,
        cpu,
        ChaChaPolyJdk.isAvailable());
  }

  /**
   * The feature flags of the first processor in a {@code /proc/cpuinfo}-style file (its first line
   * starting with {@code flags}), reading at most {@value #CPUINFO_LIMIT} bytes.
   *
   * @param file the file
   * @return the flags in lower case, or null if the file is unreadable or has no such line
   */
  static Set<String> cpuFlags(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(CPUINFO_LIMIT);
    } catch (IOException | RuntimeException e) {
      return null; // no such file, or not allowed to read it: unknown
    }
    return parseCpuFlags(new String(head, StandardCharsets.ISO_8859_1));
  }

  /**
   * The flags of the first {@code flags : ...} line of {@code cpuinfo}'s text.
   *
   * @param cpuinfo the text
   * @return the flags in lower case, or null if there is no such line
   */
  static Set<String> parseCpuFlags(String cpuinfo) {
    for (String line : cpuinfo.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("flags")) {
        return Arrays.stream(line.substring(colon + 1).strip().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
      }
    }
    return null;
  }

  /** A HotSpot VM option's value, or null when this VM does not have or does not expose it. */
  static String vmOption(String name) {
    try {
      com.sun.management.HotSpotDiagnosticMXBean mx =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      return mx == null ? null : mx.getVMOption(name).getValue();
    } catch (RuntimeException | LinkageError e) {
      // No such option (older JDK, other VM), a diagnostic option without
      // -XX:+UnlockDiagnosticVMOptions, or no management support.
      return null;
    }
  }

  private static Boolean bool(String s) {
    return "true".equals(s) ? Boolean.TRUE : "false".equals(s) ? Boolean.FALSE : null;
  }

  private static Integer integer(String s) {
    Long l = s == null ? null : parseLong(s);
    return l == null || l != (int) (long) l ? null : (int) (long) l;
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
