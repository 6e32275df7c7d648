package org.zonelake.athena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JDK the Trino server runs on: Trino 476 needs Java 24 or newer, the build runs on Java
 * 17. An explicit choice (system property {@value #PROPERTY} or environment variable {@value #ENV})
 * wins; otherwise {@code JAVA_HOME} if it is new enough, else the newest JDK under the usual
 * installation directories ({@code /usr/lib/jvm}, where Debian's and Adoptium's packages put them;
 * {@code /Library/Java/JavaVirtualMachines} on macOS).
 */
final class TrinoJdk {

  static final String PROPERTY = "zonelake.trino.java.home";
  static final String ENV = "TRINO_JAVA_HOME";

  /** Where JDKs are installed side by side. */
  static final List<Path> INSTALL_DIRECTORIES =
      List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines"));

  private static final Pattern JAVA_VERSION =
      Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)(?:[.\"+-]|$)");

  /**
   * A JDK found, or why none was.
   *
   * @param home the JDK's directory (empty when none was found)
   * @param explanation what was searched and what is missing, naming the fix
   */
  record Lookup(Optional<Path> home, String explanation) {

    /** The {@code java} launcher of the JDK found. */
    Path java() {
      return home.orElseThrow(() -> new IllegalStateException(explanation)).resolve("bin/java");
    }
  }

  private TrinoJdk() {}

  /** Looks in this JVM's system properties and environment and the usual directories. */
  static Lookup find(int minimum) {
    return find(
        minimum,
        Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank()),
        System.getenv(),
        INSTALL_DIRECTORIES);
  }

  /**
   * Finds a JDK of Java {@code minimum} or newer.
   *
   * @param minimum the lowest Java feature release accepted
   * @param property the value of {@value #PROPERTY}, if set
   * @param env the environment ({@value #ENV}, {@code JAVA_HOME})
   * @param installDirectories directories holding one JDK per sub-directory
   * @throws IllegalStateException when an explicit choice is not a JDK of that version: a setting
   *     that is wrong is an error, not a reason to skip
   */
  static Lookup find(
      int minimum,
      Optional<String> property,
      Map<String, String> env,
      List<Path> installDirectories) {
    Optional<String> explicit =
        property.or(() -> Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank()));
    if (explicit.isPresent()) {
      Path home = Path.of(explicit.get());
      String source = property.isPresent() ? "-D" + PROPERTY : ENV;
      int version = featureVersion(home).orElse(0);
      if (version < minimum) {
        throw new IllegalStateException(
            source
                + "="
                + home
                + (version == 0
                    ? " is not a JDK (no bin/java and release file with JAVA_VERSION)"
                    : " is Java " + version)
                + "; the Trino server needs Java "
                + minimum
                + " or newer. Fix: point it at such a JDK.");
      }
      return new Lookup(Optional.of(home), source + "=" + home + " (Java " + version + ")");
    }
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(env.get("JAVA_HOME"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(candidates::add);
    for (Path directory : installDirectories) {
      candidates.addAll(children(directory));
    }
    Optional<Path> best =
        candidates.stream()
            .filter(home -> featureVersion(home).orElse(0) >= minimum)
            .max(
                Comparator.comparingInt((Path home) -> featureVersion(home).orElse(0))
                    .thenComparing(Path::toString));
    if (best.isPresent()) {
      return new Lookup(
          best, best.get() + " (Java " + featureVersion(best.get()).orElseThrow() + ")");
    }
    return new Lookup(
        Optional.empty(),
        "No JDK of Java "
            + minimum
            + " or newer found for the Trino server (Trino 476 does not start on older Java; the"
            + " build itself runs on Java 17). Searched: JAVA_HOME, "
            + installDirectories
            + " (found: "
            + candidates.stream()
                .map(h -> h + " = Java " + featureVersion(h).map(String::valueOf).orElse("?"))
                .toList()
            + "). Fix: install a JDK 25 (for example Temurin 25 under /usr/lib/jvm) or set -D"
            + PROPERTY
            + "=DIR or "
            + ENV
            + "=DIR.");
  }

  /** The Java feature release of the JDK at {@code home}, from its {@code release} file. */
  static Optional<Integer> featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return Optional.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + release, e);
    }
  }

  private static List<Path> children(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      // macOS keeps the JDK under <bundle>/Contents/Home.
      return entries
          .filter(Files::isDirectory)
          .map(p -> Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
  }
}
