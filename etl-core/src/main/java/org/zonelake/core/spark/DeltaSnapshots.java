package org.zonelake.core.spark;

import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What the latest snapshot of a Delta table holds, read from its transaction log (never from its
 * data files): the active data files and the table's retention of deleted files.
 */
public final class DeltaSnapshots {

  private DeltaSnapshots() {}

  /**
   * The active data files of the Delta table at {@code path}: one row per file with at least {@code
   * path} (relative to the table, or absolute), {@code partitionValues} (a map from partition
   * column to its value as text, null for a null value) and {@code size} (bytes).
   */
  public static Dataset<Row> activeFiles(SparkSession spark, String path) {
    return latest(spark, path).allFiles().toDF();
  }

  /**
   * How long the table keeps files it no longer references before {@code VACUUM} may delete them
   * ({@code delta.deletedFileRetentionDuration}, one week unless the table sets it): the shortest
   * retention Delta's own safety check accepts for a {@code VACUUM}.
   */
  public static Duration deletedFileRetention(SparkSession spark, String path) {
    return Duration.ofMillis(DeltaLog.tombstoneRetentionMillis(latest(spark, path).metadata()));
  }

  /**
   * The latest snapshot's version, partition columns and protocol versions, from the log's metadata
   * and protocol (no query runs).
   *
   * @param version the version
   * @param partitionColumns the partition columns, in order
   * @param minReaderVersion the protocol's reader version
   * @param minWriterVersion the protocol's writer version
   */
  public record Shape(
      long version, List<String> partitionColumns, int minReaderVersion, int minWriterVersion) {

    /** Copies the list. */
    public Shape {
      partitionColumns = List.copyOf(partitionColumns);
    }
  }

  /** The shape of the Delta table at {@code path}: see {@link Shape}. */
  public static Shape shape(SparkSession spark, String path) {
    Snapshot snapshot = latest(spark, path);
    return new Shape(
        snapshot.version(),
        JavaConverters.seqAsJavaList(snapshot.metadata().partitionColumns()),
        snapshot.protocol().minReaderVersion(),
        snapshot.protocol().minWriterVersion());
  }

  private static Snapshot latest(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
  }
}
