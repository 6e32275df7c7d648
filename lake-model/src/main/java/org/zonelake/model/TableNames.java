package org.zonelake.model;

/**
 * The SQL names of the lake's tables other than the curated ones, as the Glue Data Catalog (for
 * Athena) and the local runner's views name them; a curated table is called by its own name ({@link
 * CuratedTables}).
 */
public final class TableNames {

  /** Prefix of a source's processed table: {@code processed_<source>}. */
  public static final String PROCESSED_PREFIX = "processed_";

  /** Prefix of a source's quarantine table: {@code quarantine_<source>}. */
  public static final String QUARANTINE_PREFIX = "quarantine_";

  /** Prefix of a source's file-quarantine table: {@code quarantined_files_<source>}. */
  public static final String QUARANTINED_FILES_PREFIX = "quarantined_files_";

  /** Prefix of the quality repository's tables. */
  public static final String QUALITY_PREFIX = "quality_";

  /** The quality rule results of every batch. */
  public static final String QUALITY_RULE_RESULTS = QUALITY_PREFIX + "rule_results";

  /** The batch metrics history of the dynamic quality rules. */
  public static final String QUALITY_METRICS = QUALITY_PREFIX + "metrics";

  private TableNames() {}

  /** The processed table of {@code source}. */
  public static String processed(String source) {
    return PROCESSED_PREFIX + source;
  }

  /** The quarantine table of {@code source}. */
  public static String quarantine(String source) {
    return QUARANTINE_PREFIX + source;
  }
}
