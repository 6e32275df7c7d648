package org.zonelake.model;

import java.util.List;
import java.util.regex.Pattern;

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

  /** What a curated table's name (and so a joined dataset's) may look like. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private CuratedTables() {}
}
