package org.zonelake.core.write;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.spark.DeltaCommit;
import org.zonelake.core.spark.DeltaReads;

/**
 * Creates Delta tables the way Athena engine v3 reads them natively: reader version 1 (no deletion
 * vectors, no column mapping, no TIMESTAMP_NTZ).
 */
public final class DeltaTables {

  private DeltaTables() {}

  /**
   * Creates the table at {@code path} with this schema and partitioning unless a Delta table is
   * already there.
   */
  public static void createIfMissing(
      SparkSession spark, String path, StructType schema, List<String> partitionColumns) {
    createIfMissing(spark, path, schema, partitionColumns, java.util.Map.of());
  }

  /** As {@link #createIfMissing(SparkSession, String, StructType, List)}, with table properties. */
  public static void createIfMissing(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> partitionColumns,
      java.util.Map<String, String> properties) {
    DeltaCommit.create(spark, path, schema, partitionColumns, configuration(properties));
  }

  /** The properties every lake table is created with (Athena-readable), and {@code properties}. */
  private static java.util.Map<String, String> configuration(
      java.util.Map<String, String> properties) {
    java.util.Map<String, String> configuration = new java.util.LinkedHashMap<>();
    configuration.put("delta.enableDeletionVectors", "false");
    configuration.put("delta.minReaderVersion", "1");
    configuration.put("delta.minWriterVersion", "2");
    configuration.putAll(properties);
    return configuration;
  }

  /**
   * Creates the table at {@code path} as {@link #createIfMissing} would, with {@code rows} as its
   * first version (one commit, with {@code userMetadata}); empty, writing nothing, when the table
   * exists.
   *
   * @param overUncommittedWrite true to create the table over the files a first write of it left
   *     when stopped before its commit (no log lists them, so no reader sees them); false to refuse
   *     any file
   * @return the rows written
   */
  public static java.util.OptionalLong createWith(
      SparkSession spark,
      String path,
      Dataset<Row> rows,
      List<String> partitionColumns,
      String userMetadata,
      boolean overUncommittedWrite) {
    return DeltaCommit.createWith(
        spark,
        path,
        rows,
        partitionColumns,
        configuration(java.util.Map.of()),
        userMetadata,
        overUncommittedWrite);
  }

  /**
   * The rows the latest commit of the table at {@code path} wrote, as the commit counted them (its
   * {@code numOutputRows} operation metric; 0 for a commit that wrote no data files).
   */
  public static long rowsWrittenByLatestCommit(SparkSession spark, String path) {
    return DeltaCommit.rowsWrittenByLatestCommit(spark, path);
  }

  /** The latest version of the table at {@code path}. */
  public static long latestVersion(SparkSession spark, String path) {
    return DeltaCommit.latestVersion(spark, path);
  }

  /** The table at {@code path} as it was at {@code version} (Delta's time travel). */
  public static Dataset<Row> readAt(SparkSession spark, String path, long version) {
    return DeltaReads.at(spark, path, version);
  }
}
