package org.sv2j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archives ({@code target/sv2-<version>.zip} and {@code .tar.gz}) unpacked with the
 * system's {@code unzip} and {@code tar}, as a user unpacks them, and their {@code bin/sv2} run with the
 * Java from {@code JAVA_HOME} and, without it, with the java on {@code PATH}.
 */
@Timeout(120)
class DistributionIT {
  private static final String ESC = "\u001b";

  @TempDir Path tmp;

  record Result(int status, String out, String err) {}

  static String version() {
    return System.getProperty("sv2.version", "0.1.0-SNAPSHOT");
  }

  static Path archive(String extension) {
    Path base = Path.of(System.getProperty("sv2.dist", "target/sv2-" + version()));
    Path archive = base.resolveSibling(base.getFileName() + extension);
    assertThat(archive).as("the distribution archive").exists();
    return archive;
  }

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  /** Runs {@code cmd} in {@code dir} with exactly {@code env}, output to files (no terminal). */
  Result exec(Path dir, Map<String, String> env, String... cmd) throws Exception {
    Path out = tmp.resolve("o" + System.nanoTime());
    Path err = tmp.resolve("e" + System.nanoTime());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", cmd)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  Path unpack(String extension) throws Exception {
    Path into = Files.createDirectories(tmp.resolve("unpacked" + extension));
    String[] cmd =
        extension.equals(".zip")
            ? new String[] {"unzip", "-q", archive(extension).toString(), "-d", into.toString()}
            : new String[] {"tar", "-xzf", archive(extension).toString(), "-C", into.toString()};
    Result r = exec(tmp, Map.of("PATH", System.getenv("PATH")), cmd);
    assertThat(r.status()).as("%s: %s", String.join(" ", cmd), r.err()).isZero();
    return into.resolve("sv2-" + version());
  }

  static String javaHome() {
    return System.getProperty("java.home");
  }

  /** A PATH without any java, except where a test puts one. */
  Path fakeJavaDir() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
    Path fake = bin.resolve("java");
    Files.writeString(fake, "#!/bin/sh\necho 'the wrong java' >&2\nexit 99\n");
    fake.toFile().setExecutable(true);
    return bin;
  }

  static String systemPath() {
    return "/usr/bin:/bin";
  }

  void runsWithBothJavaLookups(Path home) throws Exception {
    Path sv2 = home.resolve("bin/sv2");
    assertThat(Files.getPosixFilePermissions(sv2)).contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    // JAVA_HOME wins over PATH: the java found first on PATH would fail with status 99.
    Map<String, String> withJavaHome = Map.of("JAVA_HOME", javaHome(), "PATH", fakeJavaDir() + ":" + systemPath());
    Result help = exec(tmp, withJavaHome, sv2.toString(), "--help");
    assertThat(help.status()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: sv2").contains("Commands:", "demo", "probe", "Exit status:");
    assertThat(help.out() + help.err()).as("no terminal escape codes when not on a terminal").doesNotContain(ESC);

    Result version = exec(tmp, withJavaHome, sv2.toString(), "--version");
    assertThat(version.status()).as(version.err()).isZero();
    assertThat(version.out()).contains("sv2 (sv2j) " + version(), "Java " + Runtime.version());

    // No JAVA_HOME: the java on PATH.
    Map<String, String> pathOnly = Map.of("PATH", Path.of(javaHome(), "bin") + ":" + systemPath());
    Result viaPath = exec(tmp, pathOnly, sv2.toString(), "--version");
    assertThat(viaPath.status()).as(viaPath.err()).isZero();
    assertThat(viaPath.out()).contains("Java " + Runtime.version());

    // A JAVA_HOME that holds no java is refused with a message, not with "not found" from the shell.
    Result badHome = exec(tmp, Map.of("JAVA_HOME", tmp.resolve("nowhere").toString(), "PATH", systemPath()), sv2.toString(), "--help");
    assertThat(badHome.status()).isEqualTo(1);
    assertThat(badHome.err()).startsWith("sv2: JAVA_HOME is set to ").contains("nowhere");

    // A link to bin/sv2 from elsewhere (as in ~/bin) still finds lib/sv2.jar.
    Path links = Files.createDirectories(tmp.resolve("links-" + System.nanoTime()));
    Path link = Files.createSymbolicLink(links.resolve("sv2"), sv2);
    Result viaLink = exec(tmp, withJavaHome, link.toString(), "keys", "inspect", "not-a-key");
    assertThat(viaLink.status()).as(viaLink.err()).isEqualTo(Sv2.INVALID_INPUT);
    assertThat(viaLink.err()).startsWith("sv2 keys inspect: ");
  }

  static List<String> files(Path home) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> all = Files.walk(home)) {
      all.filter(Files::isRegularFile).forEach(p -> names.add(home.relativize(p).toString()));
    }
    return names;
  }

  @Test
  void tarGzUnpacksAndRuns() throws Exception {
    assumeTrue(onPath("tar"), "tar is on PATH");
    Path home = unpack(".tar.gz");
    assertThat(new TreeSet<>(files(home)))
        .containsExactly(
            "LICENSE-APACHE", "LICENSE-MIT", "LICENSE.md", "README.txt", "THIRD-PARTY.md", "bin/sv2", "bin/sv2.bat", "lib/sv2.jar");
    assertThat(Files.readString(home.resolve("bin/sv2.bat"))).as("Windows line endings").contains("\r\n");
    assertThat(Files.readString(home.resolve("bin/sv2"))).doesNotContain("\r");
    assertThat(Files.readString(home.resolve("README.txt"))).startsWith("sv2 " + version() + ":");
    try (ZipFile jar = new ZipFile(home.resolve("lib/sv2.jar").toFile())) {
      for (String licence : List.of("LICENSE-APACHE", "LICENSE-MIT", "LICENSE.md", "THIRD-PARTY.md")) {
        assertThat(jar.getEntry("META-INF/" + licence)).as("lib/sv2.jar holds META-INF/%s", licence).isNotNull();
      }
      String sv2jLicence = new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE.md")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sv2jLicence).as("sv2j's LICENSE.md, not a bundled library's").contains("sv2j is dual-licensed");
      String thirdParty = new String(jar.getInputStream(jar.getEntry("META-INF/THIRD-PARTY.md")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(thirdParty).contains("Bouncy Castle", "picocli", "Netty", "Java Native Access");
      // JNA rides along for the native cipher, Linux dispatch libraries only, native access granted
      assertThat(jar.getEntry("com/sun/jna/Native.class")).isNotNull();
      assertThat(jar.getEntry("com/sun/jna/linux-x86-64/libjnidispatch.so")).isNotNull();
      assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)).noneMatch(n -> n.startsWith("com/sun/jna/win32"));
      assertThat(jar.getEntry("META-INF/LGPL2.1")).isNull();
      String manifest = new String(jar.getInputStream(jar.getEntry("META-INF/MANIFEST.MF")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(manifest).contains("Enable-Native-Access: ALL-UNNAMED");
    }
    runsWithBothJavaLookups(home);
    if (org.sv2j.noise.crypto.ChaChaPolyNative.isAvailable()) {
      // the tool's encrypted demo on the bundled JNA and the system's libcrypto (forced: it fails without them)
      Result demo = exec(tmp, Map.of("JAVA_HOME", javaHome(), "PATH", systemPath(), "SV2_OPTS", "-Dsv2j.noise.aead=native"),
          home.resolve("bin/sv2").toString(), "demo");
      assertThat(demo.status()).as(demo.out() + demo.err()).isZero();
    }
  }

  @Test
  void zipUnpacksToTheSameFilesAndRuns() throws Exception {
    assumeTrue(onPath("unzip") && onPath("tar"), "unzip and tar are on PATH");
    Path zip = unpack(".zip");
    Path tar = unpack(".tar.gz");
    assertThat(new TreeSet<>(files(zip))).isEqualTo(new TreeSet<>(files(tar)));
    for (String f : files(tar)) {
      assertThat(Files.mismatch(zip.resolve(f), tar.resolve(f))).as(f).isEqualTo(-1L);
    }
    runsWithBothJavaLookups(zip);
  }
}
