package org.zonelake.jobs.local;

import java.nio.file.Path;
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

  /** Spark's warehouse directory, kept inside the lake. */
  static String warehouse(String lake) {
    return lake + "/_spark-warehouse";
  }
}
