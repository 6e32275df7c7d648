package org.zonelake.jobs.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.zonelake.core.layout.LakeLayout;

/**
 * Where the local runner keeps a lake in one directory: the zones ({@link LakeLayout#under}), the
 * curated zone beside them, and its own state — the run ledger, the metrics files and Spark's
 * warehouse directory.
 */
final class LocalLake {

  /** The lake's directory when {@code --lake} is not given, relative to the working directory. */
  static final String DEFAULT_DIRECTORY = "lake-data";

  private LocalLake() {}

  /**
   * The zones of the lake in {@code lake}, for commands that read no raw zone of their own (the raw
   * root is then {@code <lake>/raw}).
   */
  static LakeLayout layout(String lake) {
    return LakeLayout.under(lake, lake + "/raw");
  }

  /** The curated zone's root. */
  static String curated(String lake) {
    return lake + "/curated";
  }

  /** The local run ledger's DynamoDB Local data. */
  static Path ledger(String lake) {
    return Path.of(lake, "_ledger");
  }

  /** The metrics files the local runs write instead of publishing them. */
  static Path metrics(String lake) {
    return Path.of(lake, "_metrics");
  }

  /**
   * The outermost directory of {@code lake} that does not exist yet (the lake itself, or one of its
   * parents), or empty when the lake's directory exists.
   */
  static Optional<Path> firstMissing(String lake) {
    Path missing = null;
    for (Path dir = Path.of(lake).toAbsolutePath(); dir != null && !Files.exists(dir); ) {
      missing = dir;
      dir = dir.getParent();
    }
    return Optional.ofNullable(missing);
  }

  /**
   * Removes {@code created}, the directory a run made for {@code lake} and that failed before
   * writing a table: when no file under the lake is outside the run ledger's data, which the run
   * opened before it found the mistake, the lake is as if the run had not been started.
   */
  static void removeIfOnlyLedger(Path created, String lake) {
    Path ledger = ledger(lake);
    try (Stream<Path> files = Files.walk(created)) {
      if (files.anyMatch(f -> Files.isRegularFile(f) && !f.startsWith(ledger))) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    try (Stream<Path> all = Files.walk(created)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // What is left is the ledger of a run that wrote nothing; the next run reuses it.
    }
  }

  /** Spark's warehouse directory, kept inside the lake. */
  static String warehouse(String lake) {
    return lake + "/_spark-warehouse";
  }
}
