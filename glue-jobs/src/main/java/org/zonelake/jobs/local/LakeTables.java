package org.zonelake.jobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Registers every table of a lake directory as a temporary view: {@code processed_<source>}, {@code
 * quarantine_<source>} and the curated tables by their own names.
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
    registerZone(spark, lakeRoot + "/curated", "", views);
    views.sort(String::compareTo);
    return views;
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
        if (!table.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        String path = table.getPath().toString();
        boolean delta = fs.exists(new Path(table.getPath(), "_delta_log"));
        String view = prefix + name;
        (delta ? spark.read().format("delta").load(path) : spark.read().parquet(path))
            .createOrReplaceTempView(view);
        views.add(view);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + zoneRoot, e);
    }
  }
}
