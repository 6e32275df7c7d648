package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.curated.CuratedAggregates;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.read.DeltaChanges;

/**
 * What a curated run must recompute for one input: every day (first run, or a log that no longer
 * covers the last run) or exactly the event days whose rows changed since the versions last
 * consumed, and the versions it consumes now.
 *
 * @param full true when every day is recomputed
 * @param days the changed event days (empty when full or up to date)
 * @param versions the input versions consumed, by input name, to record once the run committed
 * @param reason why everything is recomputed ("first run", "customers changed", ...), or empty
 */
record CuratedScope(
    boolean full, SortedSet<DayKey> days, Map<String, Long> versions, String reason) {

  /** Copies the collections. */
  CuratedScope {
    days = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(days));
    versions = Map.copyOf(versions);
  }

  /** True when nothing changed. */
  boolean upToDate() {
    return !full && days.isEmpty();
  }

  /** A SQL predicate on {@code year, month, day} selecting the days to recompute. */
  String predicate() {
    return full ? "true" : DayKey.predicate(days);
  }

  /**
   * A SQL predicate selecting the rows of {@code key} this scope replaces in a curated table: all
   * of them, or those of its days.
   *
   * @param keyColumn the column naming the source or dataset, e.g. {@code source}
   * @param key its value
   */
  String replaced(String keyColumn, String key) {
    return "(" + keyColumn + " = '" + key + "'" + (full ? "" : " AND " + predicate()) + ")";
  }

  /**
   * This scope, recording {@code fingerprint} (of something the rows are computed from besides the
   * inputs) under {@code key}: every day, for {@code reason}, when the last run recorded another
   * one under that key. A last run that recorded none under it cannot tell, and changes nothing.
   */
  CuratedScope withFingerprint(
      String key, long fingerprint, Optional<Map<String, Long>> previous, String reason) {
    Map<String, Long> recorded = new LinkedHashMap<>(versions);
    recorded.put(key, fingerprint);
    boolean changed =
        previous.map(p -> p.containsKey(key) && p.get(key) != fingerprint).orElse(false);
    return changed && !full
        ? new CuratedScope(true, new TreeSet<>(), recorded, reason)
        : new CuratedScope(full, days, recorded, this.reason);
  }

  /** Event days of an input table, and how to tell them from the table's added files. */
  enum Input {
    /** Processed rows: partitioned by event day. */
    PROCESSED,
    /** Quarantine rows: days of their event time or landing, read from the added files. */
    QUARANTINE,
    /** Batch statistics: days in their rows, read from the added files. */
    STATISTICS;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The scope of a source from the Delta logs of its inputs.
   *
   * @param spark the session
   * @param tables input name to table path
   * @param previous the versions the last run consumed (empty: first run)
   * @param inputs the run's lookups of the tables' versions
   */
  static CuratedScope ofSource(
      SparkSession spark,
      Map<Input, String> tables,
      Optional<Map<String, Long>> previous,
      InputVersions inputs) {
    Map<String, Long> versions = new LinkedHashMap<>();
    TreeSet<DayKey> days = new TreeSet<>();
    boolean full = previous.isEmpty();
    for (Map.Entry<Input, String> input : tables.entrySet()) {
      String key = input.getKey().key();
      // One listing of the log per run (shared with the joined datasets) says whether the table is
      // there and its version.
      long latest = inputs.latest(input.getValue());
      if (latest < 0) {
        versions.put(key, -1L);
        continue;
      }
      long since = previous.map(p -> p.getOrDefault(key, -1L)).orElse(-1L);
      Optional<DeltaChanges.Changes> changes =
          DeltaChanges.between(spark, input.getValue(), since, latest);
      if (changes.isEmpty()) {
        full = true;
        versions.put(key, latest);
        continue;
      }
      versions.put(key, changes.get().latestVersion());
      if (!full) {
        days.addAll(changedDays(spark, input.getKey(), changes.get()));
      }
    }
    return new CuratedScope(full, full ? new TreeSet<>() : days, versions, full ? "first run" : "");
  }

  /** The event days of the files a table gained. */
  static List<DayKey> changedDays(SparkSession spark, Input input, DeltaChanges.Changes changes) {
    List<DayKey> days = new ArrayList<>();
    if (changes.added().isEmpty()) {
      return days;
    }
    if (input == Input.PROCESSED) {
      for (DeltaChanges.AddedFile file : changes.added()) {
        days.add(DayKey.ofPartition(file.partitionValues()));
      }
      return days;
    }
    // Unpartitioned inputs: read the added files for the days of their rows.
    Dataset<Row> rows = changes.addedRows(spark);
    if (input == Input.QUARANTINE) {
      rows = CuratedAggregates.withQuarantineDay(rows);
    }
    days.addAll(DayKey.distinctIn(rows));
    return days;
  }
}
