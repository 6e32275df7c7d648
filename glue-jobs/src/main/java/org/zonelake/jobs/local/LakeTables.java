package org.zonelake.jobs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.spark.DeltaReads;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.TableNames;

/**
 * Registers every table of a lake directory as a temporary view: {@code processed_<source>}, {@code
 * quarantine_<source>}, {@code quarantined_files_<source>} (raw files that could not be read) and
 * the curated tables by their own names.
 */
public final class LakeTables {

  /** A zone directory whose tables are views named with a prefix and the table's directory. */
  private record Zone(String prefix, String directory) {}

  /** The prefixed zones, the longer of two prefixes that start alike first. */
  private static final List<Zone> ZONES =
      List.of(
          new Zone(TableNames.PROCESSED_PREFIX, ZonePaths.RELATIVE.processed()),
          new Zone(TableNames.QUARANTINED_FILES_PREFIX, ZonePaths.RELATIVE.fileQuarantineRoot()),
          new Zone(TableNames.QUARANTINE_PREFIX, ZonePaths.RELATIVE.quarantine()));

  /** The curated zone: its tables are views of their own names. */
  private static final String CURATED = "curated";

  /** The tables that are views of a name of their own, by view. */
  private static final Map<String, String> SINGLE_TABLES =
      Map.of(
          TableNames.QUALITY_RULE_RESULTS, ZonePaths.RELATIVE.qualityResults(),
          TableNames.QUALITY_METRICS, ZonePaths.RELATIVE.qualityMetrics());

  private LakeTables() {}

  /**
   * Registers the tables under {@code lakeRoot} and returns the view names, sorted.
   *
   * @param spark the session
   * @param lakeRoot the directory holding {@code processed/}, {@code quarantine/}, {@code curated/}
   */
  public static List<String> register(SparkSession spark, String lakeRoot) {
    List<String> views = new ArrayList<>();
    for (Zone zone : ZONES) {
      registerZone(spark, lakeRoot + "/" + zone.directory(), zone.prefix(), views);
    }
    registerZone(spark, lakeRoot + "/" + CURATED, "", views);
    SINGLE_TABLES.forEach(
        (view, directory) -> registerTable(spark, lakeRoot + "/" + directory, view, views));
    views.sort(String::compareTo);
    return views;
  }

  /**
   * Whether {@code lakeRoot} holds a zone directory: {@code processed/}, {@code quarantine/},
   * {@code curated/}.
   */
  public static boolean holdsZones(String lakeRoot) {
    return ZONES.stream().anyMatch(z -> new java.io.File(lakeRoot, z.directory()).isDirectory())
        || new java.io.File(lakeRoot, CURATED).isDirectory();
  }

  /**
   * The path of a Delta table by its view name (any name {@link #register} gives), or null when the
   * lake has no such Delta table.
   */
  public static String path(String lakeRoot, String view) {
    String relative = CURATED + "/" + view;
    for (Zone zone : ZONES) {
      if (view.startsWith(zone.prefix())) {
        relative = zone.directory() + "/" + view.substring(zone.prefix().length());
        break;
      }
    }
    relative = SINGLE_TABLES.getOrDefault(view, relative);
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
    Dataset<Row> rows;
    try {
      rows = latest(spark, path);
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions undeclared.
      throw LakeErrors.unreadableTable(
          path,
          e,
          "restore the table (its _delta_log) from a copy, or move it out of the lake: every"
              + " table of the lake is registered for SQL");
    }
    if (rows != null) {
      rows.createOrReplaceTempView(view);
      views.add(view);
    }
  }

  /**
   * The rows at the latest version of the table at {@code path} (see {@link #read}), or null when
   * there is no table there: nothing, a log without a commit, or a Parquet table whose first batch
   * has not committed (only its staging and markers). The jobs tell a table the same way ({@link
   * TableFormat#found}).
   */
  static Dataset<Row> latest(SparkSession spark, String path) {
    return TableFormat.found(spark, path).map(format -> read(spark, path, format)).orElse(null);
  }

  /**
   * A table's rows at its latest version: a Delta table as the jobs read it ({@link
   * DeltaReads#latest}: a small table from the files its log names, without Delta's per-query
   * choice of files), a plain Parquet directory as the jobs read it (its files' schemas merged).
   */
  private static Dataset<Row> read(SparkSession spark, String path, TableFormat format) {
    return format == TableFormat.DELTA ? DeltaReads.latest(spark, path) : format.read(spark, path);
  }

  /** The sources with a processed table directory in the local lake, by name. */
  static List<String> processedSources(String lake) {
    java.io.File[] tables =
        new java.io.File(ZonePaths.under(lake).processed()).listFiles(java.io.File::isDirectory);
    return tables == null
        ? List.of()
        : java.util.Arrays.stream(tables)
            .map(java.io.File::getName)
            .filter(name -> !StoreFiles.hidden(name))
            .sorted()
            .toList();
  }
}
