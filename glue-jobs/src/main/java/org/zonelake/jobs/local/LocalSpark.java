package org.zonelake.jobs.local;

import org.apache.spark.sql.SparkSession;

/** The embedded Spark session of the local runner: local mode with Delta, no UI, small shuffles. */
public final class LocalSpark {

  private LocalSpark() {}

  /**
   * Builds (or returns) the local session.
   *
   * @param master the Spark master, e.g. {@code local[*]}
   * @param warehouse a scratch directory for Spark's warehouse
   */
  public static SparkSession session(String master, String warehouse) {
    return SparkSession.builder()
        .appName("zonelake-local")
        .master(master)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.hadoop.fs.file.impl", "org.zonelake.core.fs.NoForkLocalFileSystem")
        .config(
            "spark.hadoop.fs.AbstractFileSystem.file.impl",
            "org.zonelake.core.fs.NoForkLocalFileSystem$Fs")
        .getOrCreate();
  }
}
