package org.zonelake.jobs;

import org.apache.spark.sql.SparkSession;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.model.LakeColumns;

/**
 * The SQL settings the jobs rely on, applied to whatever session they run in (Glue's,
 * spark-submit's or the local runner's).
 */
final class SparkSettings {

  /** The prefix of Delta's session settings that give new tables their default properties. */
  static final String DELTA_TABLE_DEFAULTS = "spark.databricks.delta.properties.defaults.";

  private SparkSettings() {}

  static void apply(SparkSession spark) {
    // Partition columns and canonical hashes are computed in UTC, whatever the cluster's zone.
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // A value one parser accepts and another rejects must not fail the batch: it is quarantined.
    spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    // A map built with a repeated key keeps the last value instead of failing the query. (A JSON
    // record's fields are read into a map that keeps every key as it comes: a repeated key gives
    // its first value, SessionSettingsInTasksTest.)
    spark.conf().set("spark.sql.mapKeyDedupPolicy", "LAST_WIN");
    // A file that cannot be read fails its read, never skipped without a trace: a raw file then
    // goes to file quarantine, a table's missing file is an error.
    spark.conf().set("spark.sql.files.ignoreCorruptFiles", "false");
    spark.conf().set("spark.sql.files.ignoreMissingFiles", "false");
    // Each write's rows are counted from its files' statistics (readers also skip files by them).
    spark.conf().set("spark.databricks.delta.stats.collect", "true");
    // An overwrite replaces the whole table: under a cluster's dynamic partition overwrite it
    // would keep the partitions the new rows do not have, and Delta refuses a recomputed joined
    // dataset's overwrite (it may change the table's schema). Days are replaced by replaceWhere.
    spark.conf().set("spark.sql.sources.partitionOverwriteMode", "static");
    // Timestamps keep their microseconds: Parquet's INT96, Spark's default and what every file of
    // the lake holds (a session writing TIMESTAMP_MILLIS would drop them).
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    // A time stamp or date before the Gregorian calendar began (1582-10-15), an event time of year
    // 1500 say, is written as it is, in the proleptic calendar Spark 3, Trino and Athena read:
    // Spark's default refuses to write it, which failed the whole batch, and every run after it.
    spark.conf().set("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    spark.conf().set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    // Tables are created with the lake's own properties only. A cluster's defaults for new Delta
    // tables could give them column mapping or deletion vectors (the lake's tables have neither,
    // so that Athena engine v3 reads them: reader version 1), or make them append-only (the
    // curated job replaces days of its tables).
    SparkInternals.settingsStartingWith(spark, DELTA_TABLE_DEFAULTS).forEach(spark.conf()::unset);
    // A write task keeps one file open per event day instead of sorting its rows by day first
    // (it falls back to sorting beyond this many days).
    spark.conf().set("spark.sql.maxConcurrentOutputFileWriters", "16");
    // Delta 3.3 can copy a small table's whole file list into every commit's checksum file, and
    // for that runs a Spark query over the version before each table's first commit; Delta 3.3
    // reads that list back only to verify it (off by default), never to plan a scan, so the query
    // is pure cost (about one in ten of a small run's driver samples, when the jobs create their
    // tables).
    spark.conf().set("spark.databricks.delta.allFilesInCrc.enabled", "false");
    // The record hash is unique per row: a dictionary for it only costs time before Parquet
    // gives up on it.
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("parquet.enable.dictionary#" + LakeColumns.RECORD_HASH, "false");
  }
}
