package org.zonelake.jobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.spark.DeltaReads;
import org.zonelake.core.write.TableFormat;

/**
 * Registers every table of a lake directory as a temporary view: {@code processed_<source>}, {@code
 * quarantine_<source>}, {@code quarantined_files_<source>} (raw files that could not be read) and
 * the curated tables by their own names.
 */
public final class LakeTables {

  private LakeTables() {}

  /**
   * Registers the tables under {@code lakeRoot} and returns the view names, sorted.
   *
   * @param spark the session
   * @param lakeRoot the directory holding {@code processed/}, {@code quarantine/}, {@code curated/}
   */
  public static List<String> register(SparkSession spark, String lakeRoot) {
    List<String> views = new ArrayList<>();
    registerZone(spark, lakeRoot + "/processed", "processed_", views);
    registerZone(spark, lakeRoot + "/quarantine", "quarantine_", views);
    registerZone(spark, lakeRoot + "/quarantine/_files", "quarantined_files_", views);
    registerZone(spark, lakeRoot + "/curated", "", views);
    registerTable(
        spark, lakeRoot + "/processed/_quality/rule_results", "quality_rule_results", views);
    registerTable(spark, lakeRoot + "/processed/_quality/metrics", "quality_metrics", views);
    views.sort(String::compareTo);
    return views;
  }

  /**
   * The path of a Delta table by its view name (any name {@link #register} gives), or null when the
   * lake has no such Delta table.
   */
  public static String path(String lakeRoot, String view) {
    String relative;
    if (view.startsWith("processed_")) {
      relative = "processed/" + view.substring("processed_".length());
    } else if (view.startsWith("quarantined_files_")) {
      relative = "quarantine/_files/" + view.substring("quarantined_files_".length());
    } else if (view.startsWith("quarantine_")) {
      relative = "quarantine/" + view.substring("quarantine_".length());
    } else if (view.equals("quality_rule_results")) {
      relative = "processed/_quality/rule_results";
    } else if (view.equals("quality_metrics")) {
      relative = "processed/_quality/metrics";
    } else {
      relative = "curated/" + view;
    }
    java.io.File dir = new java.io.File(lakeRoot, relative);
    return new java.io.File(dir, "_delta_log").isDirectory() ? dir.getAbsolutePath() : null;
  }

  private static void registerZone(
      SparkSession spark, String zoneRoot, String prefix, List<String> views) {
    try {
      Path root = new Path(zoneRoot);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return;
      }
      for (FileStatus table : fs.listStatus(root)) {
        String name = table.getPath().getName();
        if (!table.isDirectory() || StoreFiles.hidden(name)) {
          continue;
        }
        registerTable(spark, table.getPath().toString(), prefix + name, views);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + zoneRoot, e);
    }
  }

  private static void registerTable(
      SparkSession spark, String path, String view, List<String> views) {
    try {
      Path table = new Path(path);
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(table)) {
        return;
      }
      boolean delta = fs.exists(new Path(table, "_delta_log"));
      if (!delta && !TableFormat.PARQUET.exists(spark, path)) {
        // A Parquet table whose first batch has not committed: only its staging and markers.
        return;
      }
      try {
        read(spark, path, delta).createOrReplaceTempView(view);
      } catch (Exception e) {
        // Spark and Delta throw checked exceptions undeclared.
        throw LakeErrors.unreadableTable(
            path,
            e,
            "restore the table (its _delta_log) from a copy, or move it out of the lake: every"
                + " table of the lake is registered for SQL");
      }
      views.add(view);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /**
   * A table's rows at its latest version: a Delta table as the jobs read it ({@link
   * DeltaReads#latest}: a small table from the files its log names, without Delta's per-query
   * choice of files), a plain Parquet directory as Spark reads it.
   */
  private static Dataset<Row> read(SparkSession spark, String path, boolean delta) {
    return delta ? DeltaReads.latest(spark, path) : spark.read().parquet(path);
  }

  /** The sources with a processed table directory in the local lake, by name. */
  static List<String> processedSources(String lake) {
    java.io.File[] tables =
        new java.io.File(lake, "processed").listFiles(java.io.File::isDirectory);
    return tables == null
        ? List.of()
        : java.util.Arrays.stream(tables)
            .map(java.io.File::getName)
            .filter(name -> !name.startsWith("_"))
            .sorted()
            .toList();
  }
}
