package org.zonelake.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The compiler directives the local runner hands its JVM ({@code src/local/jit-directives.json}):
 * the JVM reads them (a file it cannot parse would stop every {@code ./lake} command before it
 * starts), each pattern names classes that exist, and none reaches the code that runs per row.
 */
class JitDirectivesTest {

  private static final Path DIRECTIVES = Path.of("src", "local", "jit-directives.json");

  /**
   * The class-name prefixes of the file's patterns ({@code a/b/C*.*} gives {@code a/b/C}), every
   * one of them: a pattern this reading missed would pass the checks below unseen.
   */
  private static List<String> prefixes() throws IOException {
    String text = Files.readString(DIRECTIVES, StandardCharsets.UTF_8);
    Matcher pattern = Pattern.compile("\"([A-Za-z0-9/]+)\\*\\.\\*\"").matcher(text);
    List<String> prefixes = new ArrayList<>();
    while (pattern.find()) {
      prefixes.add(pattern.group(1));
    }
    assertThat(prefixes).hasSize(text.split("\\*\\.\\*", -1).length - 1);
    return prefixes;
  }

  /** Every class file name (a/b/C) in the test class path's jars and directories. */
  private static List<String> classNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        try (ZipFile jar = new ZipFile(path.toFile())) {
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.endsWith(".class"))
              .forEach(n -> names.add(n.substring(0, n.length() - ".class".length())));
        }
      } else if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files
              .map(f -> path.relativize(f).toString())
              .filter(n -> n.endsWith(".class"))
              .forEach(n -> names.add(n.substring(0, n.length() - ".class".length())));
        }
      }
    }
    return names;
  }

  @Test
  void theJvmReadsTheDirectives() throws Exception {
    Process java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:CompilerDirectivesFile=" + DIRECTIVES,
                "-version")
            .redirectErrorStream(true)
            .start();
    String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(java.exitValue()).as(printed).isZero();
    assertThat(printed).startsWith("1 compiler directives added\n");
  }

  @Test
  void everyPatternNamesClassesOnTheClassPath() throws IOException {
    List<String> prefixes = prefixes();
    assertThat(prefixes).isNotEmpty();
    List<String> classes = classNames();
    for (String prefix : prefixes) {
      assertThat(classes).as(prefix).anyMatch(c -> c.startsWith(prefix));
    }
  }

  @Test
  void theCodeThatRunsPerRowKeepsTheOptimisingCompiler() throws IOException {
    List<String> prefixes = prefixes();
    for (String perRow :
        List.of(
            "org/zonelake/core/transform/RawParsing",
            "org/zonelake/core/spark/Utf8Bytes",
            "org/apache/spark/sql/catalyst/expressions/codegen/UnsafeRowWriter",
            "org/apache/spark/sql/catalyst/expressions/UnsafeRow",
            "org/apache/spark/sql/catalyst/expressions/GeneratedClass",
            "org/apache/spark/sql/execution/datasources/parquet/ParquetWriteSupport",
            "org/apache/spark/sql/delta/stats/DeltaTaskStatisticsTracker",
            "com/fasterxml/jackson/core/json/UTF8StreamJsonParser",
            "org/apache/parquet/column/impl/ColumnWriterV1")) {
      assertThat(prefixes).as(perRow).noneMatch(perRow::startsWith);
    }
  }
}
