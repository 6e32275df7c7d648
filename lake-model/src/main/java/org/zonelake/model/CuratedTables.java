package org.zonelake.model;

import java.util.List;

/**
 * The curated tables the processed-to-curated job keeps under {@code curated/}: its aggregates
 * across sources and the statistics of its joins. Each joined dataset declared beside the contracts
 * adds a table of its own name.
 */
public final class CuratedTables {

  /** Per source and event day: counts, quality and the contract's measures. */
  public static final String DAILY_SUMMARY = "daily_summary";

  /** Per source and event hour: counts and processing latency. */
  public static final String HOURLY_METRICS = "hourly_metrics";

  /** Per source: totals since the first run. */
  public static final String SOURCE_STATISTICS = "source_statistics";

  /** Per joined dataset: rows and unmatched rows of each run. */
  public static final String JOIN_STATISTICS = "join_statistics";

  /** The tables every lake has, in catalog order. */
  public static final List<String> AGGREGATES =
      List.of(DAILY_SUMMARY, HOURLY_METRICS, SOURCE_STATISTICS, JOIN_STATISTICS);

  /**
   * Name prefixes of the other tables the lake registers for SQL ({@code processed_<source>},
   * {@code quarantine_<source>}, {@code quarantined_files_<source>}, {@code quality_metrics}, ...):
   * a joined dataset may not start with them, so every table name stays unambiguous.
   */
  public static final List<String> RESERVED_PREFIXES =
      List.of(
          TableNames.PROCESSED_PREFIX,
          TableNames.QUARANTINE_PREFIX,
          TableNames.QUARANTINED_FILES_PREFIX,
          TableNames.QUALITY_PREFIX);

  private CuratedTables() {}

  /**
   * Whether the lake keeps a table of this name itself, or one that could take it: a joined dataset
   * may not be called so.
   */
  public static boolean isReserved(String name) {
    return AGGREGATES.contains(name) || RESERVED_PREFIXES.stream().anyMatch(name::startsWith);
  }
}
