package org.zonelake.core.layout;

import java.util.Objects;

/**
 * Where each zone lives, for raw to processed: the raw zone, and the processed and quarantine zones
 * with their tables' paths ({@link ZonePaths}). Roots are local directories or URIs ({@code
 * s3://bucket/prefix}); every table path is {@code <zone root>/<name>}.
 *
 * @param raw raw zone root: {@code raw/<source>/year=YYYY/month=MM/day=DD/<file>}
 * @param processed processed zone root: one table per source
 * @param quarantine quarantine zone root: one table per source
 * @param checkpoints root of the per-source streaming checkpoints that versions before the
 *     manifests kept (read once, to migrate a lake to manifests)
 */
public record LakeLayout(String raw, String processed, String quarantine, String checkpoints)
    implements ZonePaths {

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
    ZonePaths zones = ZonePaths.under(root);
    return new LakeLayout(
        rawRoot, zones.processed(), zones.quarantine(), checkpointsOf(zones.processed()));
  }

  /**
   * Where the streaming checkpoints of raw to processed were kept by default: beside the processed
   * tables, in {@code <processed>/_checkpoints/raw_to_processed}.
   */
  public static String checkpointsOf(String processed) {
    return trim(processed) + "/_checkpoints/raw_to_processed";
  }

  /** The raw directory of a source. */
  public String rawSource(String source) {
    return raw + "/" + source;
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
