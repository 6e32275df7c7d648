package org.zonelake.core.spark;

import org.apache.spark.sql.SparkSession;
import org.zonelake.core.fs.NoForkLocalFileSystem;

/**
 * What every local-mode session of the lake has (the local runner's and the tests'): Delta, no UI,
 * timestamps in UTC, Delta snapshots rebuilt in one partition (a local table's log is small, and
 * each partition is a task per reconstruction step) and a local file system that forks no process.
 * Callers add their shuffle and code-generation settings.
 */
public final class LocalSessions {

  private LocalSessions() {}

  /**
   * A session builder with those settings.
   *
   * @param appName the application's name
   * @param master the Spark master, e.g. {@code local[2]}
   * @param warehouse a scratch directory for Spark's warehouse
   */
  public static SparkSession.Builder builder(String appName, String master, String warehouse) {
    return SparkSession.builder()
        .appName(appName)
        .master(master)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.hadoop.fs.file.impl", NoForkLocalFileSystem.class.getName())
        .config(
            "spark.hadoop.fs.AbstractFileSystem.file.impl",
            NoForkLocalFileSystem.Fs.class.getName());
  }
}
