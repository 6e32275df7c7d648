package org.zonelake.core.layout;

import java.util.Objects;

/**
 * Where the tables and run state of the processed and quarantine zones are, from the two zones'
 * roots: every job that reads or writes them builds their paths here. {@link LakeLayout} adds the
 * raw zone for raw to processed; {@link #of} serves the jobs that start from the processed zone.
 */
public interface ZonePaths {

  /** The processed zone's root: one table per source. */
  String processed();

  /** The quarantine zone's root: one table per source. */
  String quarantine();

  /**
   * The zones of a lake relative to its directory ({@code processed}, {@code quarantine}): the
   * zone-relative names a job reports tables by, such as {@code processed/_manifests/orders}.
   */
  ZonePaths RELATIVE = of("processed", "quarantine");

  /** The zones under these roots (trailing slashes stripped). */
  static ZonePaths of(String processed, String quarantine) {
    return new Roots(processed, quarantine);
  }

  /**
   * The zones of a lake kept in one directory: {@code <root>/processed}, {@code <root>/quarantine}.
   */
  static ZonePaths under(String root) {
    String base = LakeLayout.trim(root);
    return of(base + "/" + RELATIVE.processed(), base + "/" + RELATIVE.quarantine());
  }

  /** The processed table of a source. */
  default String processedTable(String source) {
    return processed() + "/" + source;
  }

  /** The quarantine table of a source. */
  default String quarantineTable(String source) {
    return quarantine() + "/" + source;
  }

  /** Where the file-quarantine tables are ({@link #fileQuarantine}). */
  default String fileQuarantineRoot() {
    return quarantine() + "/_files";
  }

  /**
   * The file-quarantine table of a source: the raw files that could not be read at all (path, size,
   * reason), and those skipped by hand.
   */
  default String fileQuarantine(String source) {
    return fileQuarantineRoot() + "/" + source;
  }

  /** Where the per-batch statistics tables are ({@link #statistics}). */
  default String statisticsRoot() {
    return processed() + "/_stats";
  }

  /**
   * The per-batch statistics of a source (valid rows per event day and batch), kept beside the
   * processed tables for the curated job.
   */
  default String statistics(String source) {
    return statisticsRoot() + "/" + source;
  }

  /** Where the quality repository's tables are. */
  default String qualityRoot() {
    return processed() + "/_quality";
  }

  /**
   * The quality rule results of every batch (one row per rule and batch), kept beside the processed
   * tables for the quality report.
   */
  default String qualityResults() {
    return qualityRoot() + "/rule_results";
  }

  /**
   * The batch metrics history (row count, completeness, means, rule metrics), the metrics
   * repository dynamic quality rules compare a batch with.
   */
  default String qualityMetrics() {
    return qualityRoot() + "/metrics";
  }

  /** Where the sources' manifest directories are ({@link #manifests}). */
  default String manifestsRoot() {
    return processed() + "/_manifests";
  }

  /**
   * The manifests of a source: the raw files each batch of raw to processed took, and their
   * committed state.
   */
  default String manifests(String source) {
    return manifestsRoot() + "/" + source;
  }

  /** The replay log of a source: what each replay of its quarantine took and committed. */
  default String replays(String source) {
    return processed() + "/_replays/" + source;
  }

  /** The two roots, as the jobs that do not read the raw zone know them. */
  record Roots(String processed, String quarantine) implements ZonePaths {

    /** Strips trailing slashes so paths join cleanly. */
    public Roots {
      processed = LakeLayout.trim(Objects.requireNonNull(processed, "processed"));
      quarantine = LakeLayout.trim(Objects.requireNonNull(quarantine, "quarantine"));
    }
  }
}
