package org.zonelake.athena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Delta table of a lake under the name analysts query it by: {@code processed_<source>}, {@code
 * quarantine_<source>}, and every curated table by its directory name (as the catalog stack and
 * {@code ./lake sql} name them).
 *
 * @param name the table name
 * @param path the table's directory
 */
record LakeTable(String name, Path path) {

  /**
   * The Delta tables of the lake under {@code lakeRoot}, found on disk (directories holding a
   * {@code _delta_log}); names starting with {@code _} are the jobs' bookkeeping (checkpoints,
   * batch statistics, state), not tables analysts query.
   */
  static List<LakeTable> discover(Path lakeRoot) {
    List<LakeTable> tables = new ArrayList<>();
    tables.addAll(zone(lakeRoot.resolve("processed"), "processed_"));
    tables.addAll(zone(lakeRoot.resolve("quarantine"), "quarantine_"));
    tables.addAll(zone(lakeRoot.resolve("curated"), ""));
    return List.copyOf(tables);
  }

  private static List<LakeTable> zone(Path zone, String prefix) {
    if (!Files.isDirectory(zone)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(zone)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("_"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isDirectory(p.resolve("_delta_log")))
          .sorted()
          .map(p -> new LakeTable(prefix + p.getFileName(), p))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + zone, e);
    }
  }
}
