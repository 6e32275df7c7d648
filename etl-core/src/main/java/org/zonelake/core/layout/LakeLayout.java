package org.zonelake.core.layout;

import java.util.Objects;

/**
 * Where each zone lives. Roots are local directories or URIs ({@code s3://bucket/prefix}); every
 * table path is {@code <zone root>/<name>}.
 *
 * @param raw raw zone root: {@code raw/<source>/year=YYYY/month=MM/day=DD/<file>}
 * @param processed processed zone root: one table per source
 * @param quarantine quarantine zone root: one table per source
 * @param checkpoints root of the per-source streaming checkpoints that versions before the
 *     manifests kept (read once, to migrate a lake to manifests)
 */
public record LakeLayout(String raw, String processed, String quarantine, String checkpoints) {

  /** Strips trailing slashes so paths join cleanly. */
  public LakeLayout {
    raw = trim(Objects.requireNonNull(raw, "raw"));
    processed = trim(Objects.requireNonNull(processed, "processed"));
    quarantine = trim(Objects.requireNonNull(quarantine, "quarantine"));
    checkpoints = trim(Objects.requireNonNull(checkpoints, "checkpoints"));
  }

  /**
   * The layout of a lake kept in one directory: {@code <root>/raw}, {@code <root>/processed}, ...
   */
  public static LakeLayout under(String root, String rawRoot) {
    String base = trim(root);
    return new LakeLayout(
        rawRoot,
        base + "/processed",
        base + "/quarantine",
        base + "/processed/_checkpoints/raw_to_processed");
  }

  /** The raw directory of a source. */
  public String rawSource(String source) {
    return raw + "/" + source;
  }

  /** The processed table of a source. */
  public String processedTable(String source) {
    return processed + "/" + source;
  }

  /** The quarantine table of a source. */
  public String quarantineTable(String source) {
    return quarantine + "/" + source;
  }

  /**
   * The file-quarantine table of a source: the raw files that could not be read at all (path, size,
   * reason), and those skipped by hand.
   */
  public String fileQuarantine(String source) {
    return quarantine + "/_files/" + source;
  }

  /**
   * The per-batch statistics of a source (valid rows per event day and batch), kept beside the
   * processed tables for the curated job.
   */
  public String statistics(String source) {
    return processed + "/_stats/" + source;
  }

  /**
   * The quality rule results of every batch (one row per rule and batch), kept beside the processed
   * tables for the quality report.
   */
  public String qualityResults() {
    return processed + "/_quality/rule_results";
  }

  /**
   * The batch metrics history (row count, completeness, means, rule metrics), the metrics
   * repository dynamic quality rules compare a batch with.
   */
  public String qualityMetrics() {
    return processed + "/_quality/metrics";
  }

  /**
   * The manifests of a source: the raw files each batch of raw to processed took, and their
   * committed state.
   */
  public String manifests(String source) {
    return processed + "/_manifests/" + source;
  }

  /** The streaming checkpoint of a source, as versions before the manifests kept it. */
  public String checkpoint(String source) {
    return checkpoints + "/" + source;
  }

  /** The path without trailing slashes (a lone "/" stays). */
  public static String trim(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
