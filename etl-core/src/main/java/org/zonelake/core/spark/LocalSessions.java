package org.zonelake.core.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.fs.NoForkLocalFileSystem;

/**
 * What every local-mode session of the lake has (the local runner's and the tests'): Delta, no UI,
 * timestamps in UTC, Delta snapshots rebuilt in one partition (a local table's log is small, and
 * each partition is a task per reconstruction step) and a local file system that forks no process.
 * Callers add their shuffle and code-generation settings, then start it with {@link #start}.
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

  /**
   * Builds (or returns) the session of {@code builder} and leaves YARN's defaults out of its Hadoop
   * configuration. Every task that writes files carries that configuration, serialised property by
   * property (each with its source, compressed on its own), and Hadoop's YARN classes put their
   * 440-odd defaults into every configuration once they are loaded: a local session never talks to
   * YARN, so they only cost each task's serialisation. Hadoop's own defaults and MapReduce's (which
   * file output committers read) stay.
   */
  public static SparkSession start(SparkSession.Builder builder) {
    SparkSession spark = builder.getOrCreate();
    // Hadoop's configuration classes add their defaults to every configuration when they are first
    // loaded, which happens in the first jobs: loaded now, they cannot put YARN's back later.
    for (String adding : DEFAULTS_ADDED_ON_LOAD) {
      try {
        Class.forName(adding, true, Configuration.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // Not on this class path: it adds nothing.
      }
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    synchronized (hadoop) {
      List<String> yarn = new ArrayList<>();
      for (Map.Entry<String, String> property : hadoop) {
        String[] sources = hadoop.getPropertySources(property.getKey());
        if (sources != null && sources.length == 1 && sources[0].equals(YARN_DEFAULTS)) {
          yarn.add(property.getKey());
        }
      }
      yarn.forEach(hadoop::unset);
    }
    return spark;
  }

  private static final String YARN_DEFAULTS = "yarn-default.xml";

  private static final List<String> DEFAULTS_ADDED_ON_LOAD =
      List.of(
          "org.apache.hadoop.mapred.JobConf",
          "org.apache.hadoop.yarn.conf.YarnConfiguration",
          "org.apache.hadoop.hdfs.HdfsConfiguration");
}
