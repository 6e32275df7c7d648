package org.zonelake.model;

import java.util.List;
import java.util.TreeSet;

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

  /** Per joined dataset and event day: rows, matched and unmatched. */
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
   * What a table the lake always has holds, as the catalog describes it.
   *
   * @throws IllegalArgumentException when {@code table} is not one of {@link #AGGREGATES}
   */
  public static String description(String table) {
    return switch (table) {
      case DAILY_SUMMARY ->
          "Per source and event day: records, distinct keys, quality, quarantined and duplicate"
              + " records, and the contract's measures.";
      case HOURLY_METRICS -> "Per source and event hour: records, quality and processing latency.";
      case SOURCE_STATISTICS ->
          "Per source: totals since the first run, duplicate and quarantine rates.";
      case JOIN_STATISTICS ->
          "Per joined dataset and event day: rows, and how many found their right-side row.";
      default -> throw new IllegalArgumentException("not a table every lake has: " + table);
    };
  }

  /**
   * Whether the lake keeps a table of this name itself, or one that could take it: a joined dataset
   * may not be called so.
   */
  public static boolean isReserved(String name) {
    return AGGREGATES.contains(name) || RESERVED_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /**
   * The {@code name} of a joined-dataset declaration: a name ({@link DeclarationReader#NAME}) that
   * no table of the lake has or could take.
   *
   * @throws RuntimeException the reader's failure, naming the field and the names that are taken
   */
  public static String joinedDatasetName(DeclarationReader reader) {
    String name =
        reader.requiredName(
            reader.root(),
            "name",
            "name",
            "table name",
            "the directory curated/<name>/ and the table");
    if (isReserved(name)) {
      throw reader.invalid(
          "name",
          "is '" + name + "', a name the lake uses for its own tables",
          "choose another name; "
              + new TreeSet<>(AGGREGATES)
              + " and names starting with "
              + RESERVED_PREFIXES
              + " are taken");
    }
    return name;
  }
}
