package org.zonelake.core.maintenance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.spark.DeltaCommit;
import org.zonelake.core.spark.DeltaSnapshots;
import org.zonelake.core.spark.SparkInternals;
import org.zonelake.core.write.DeltaTables;

/**
 * Keeps a Delta table cheap to read: compaction of partitions with many small files ({@code
 * OPTIMIZE}, bin-packing only the small files of the qualifying partitions) and {@code VACUUM} of
 * files the table no longer references. Neither changes the table's rows or its protocol: a table
 * at reader version 1 (what Athena reads) stays there, and compaction commits with {@code
 * dataChange = false}, so incremental readers of the log see no new data.
 */
public final class DeltaMaintenance {

  /** Delta's session setting: files under this size are candidates for compaction. */
  static final String MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";

  /** Delta's session setting: compaction writes files of up to this size. */
  static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

  /** Spark's session setting: how many tasks a distributed file listing is spread over. */
  static final String LISTING_PARALLELISM =
      "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private DeltaMaintenance() {}

  /**
   * Runs {@code work}, the maintenance of one or more tables (at once, if need be), with the
   * session settings {@link #compact} and {@link #vacuum} rely on: the policy's file sizes for
   * {@code OPTIMIZE} and the session's own parallelism for {@code VACUUM}'s file listing (Spark's
   * default, 10,000 tasks, costs minutes of empty tasks on a few cores). The previous values are
   * put back afterwards. They are session-wide, so they are set once for all tables, not per table.
   */
  public static <T> T withSettings(
      SparkSession spark, CompactionPolicy policy, java.util.function.Supplier<T> work) {
    int parallelism =
        Math.max(
            spark.sparkContext().defaultParallelism(),
            Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200")));
    return withSettings(
        spark,
        Map.of(
            MIN_FILE_SIZE, Long.toString(policy.smallFileBytes()),
            MAX_FILE_SIZE, Long.toString(policy.targetFileBytes()),
            LISTING_PARALLELISM, Integer.toString(parallelism)),
        work);
  }

  /** Runs {@code work} with these session settings, then puts the previous values back. */
  private static <T> T withSettings(
      SparkSession spark, Map<String, String> settings, java.util.function.Supplier<T> work) {
    Map<String, String> previous = new HashMap<>();
    settings.keySet().forEach(key -> previous.put(key, spark.conf().get(key, null)));
    try {
      settings.forEach((key, value) -> spark.conf().set(key, value));
      return work.get();
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value == null) {
              spark.conf().unset(key);
            } else {
              spark.conf().set(key, value);
            }
          });
    }
  }

  /**
   * The table as {@code DESCRIBE DETAIL} shows it, plus its version.
   *
   * @param partitionColumns the partition columns, in order
   * @param files active data files
   * @param bytes their total size
   * @param minReaderVersion the protocol's reader version (1: readable by Athena engine v3)
   * @param minWriterVersion the protocol's writer version
   * @param version the latest version
   */
  public record Detail(
      List<String> partitionColumns,
      long files,
      long bytes,
      int minReaderVersion,
      int minWriterVersion,
      long version) {

    /** Copies the list. */
    public Detail {
      partitionColumns = List.copyOf(partitionColumns);
    }
  }

  /**
   * A table as maintenance sees it: its detail and its active files per partition.
   *
   * @param detail the table's detail
   * @param partitions the active files of each partition, from the table's log (no data file is
   *     read), in partition order; one entry for an unpartitioned table
   */
  public record Survey(Detail detail, List<PartitionFiles> partitions) {

    /** Copies the list. */
    public Survey {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * The Delta table at {@code path} surveyed: its shape from the log, its files per partition from
   * one query over the log's file list, its files and bytes summed from those.
   *
   * @param smallFileBytes files below this size count as small
   */
  public static Survey survey(SparkSession spark, String path, long smallFileBytes) {
    DeltaSnapshots.Shape shape = DeltaSnapshots.shape(spark, path);
    List<PartitionFiles> partitions =
        partitions(spark, path, shape.partitionColumns(), smallFileBytes);
    return new Survey(
        new Detail(
            shape.partitionColumns(),
            partitions.stream().mapToLong(PartitionFiles::files).sum(),
            partitions.stream().mapToLong(PartitionFiles::bytes).sum(),
            shape.minReaderVersion(),
            shape.minWriterVersion(),
            shape.version()),
        partitions);
  }

  /**
   * The Delta table at {@code path} surveyed again: {@code before} itself when no version was
   * committed since it was taken (nothing to read again).
   */
  public static Survey surveySince(
      SparkSession spark, String path, Survey before, long smallFileBytes) {
    return DeltaTables.latestVersion(spark, path) == before.detail().version()
        ? before
        : survey(spark, path, smallFileBytes);
  }

  /**
   * The active data files of each partition, from the table's log (no data file is read), in
   * partition order; one entry for an unpartitioned table.
   *
   * @param smallFileBytes files below this size count as small
   */
  private static List<PartitionFiles> partitions(
      SparkSession spark, String path, List<String> partitionColumns, long smallFileBytes) {
    Dataset<Row> files = DeltaSnapshots.activeFiles(spark, path);
    Column small = col("size").lt(smallFileBytes);
    Column[] figures = {
      count(lit(1)).as("files"),
      sum("size").as("bytes"),
      sum(when(small, 1L).otherwise(0L)).as("small_files"),
      sum(when(small, col("size")).otherwise(0L)).as("small_bytes")
    };
    List<Column> keys = new ArrayList<>();
    for (String column : partitionColumns) {
      keys.add(col("partitionValues").getItem(column).as(column));
    }
    Dataset<Row> perPartition =
        keys.isEmpty()
            ? files.agg(figures[0], java.util.Arrays.copyOfRange(figures, 1, figures.length))
            : files
                .groupBy(keys.toArray(Column[]::new))
                .agg(figures[0], java.util.Arrays.copyOfRange(figures, 1, figures.length))
                .orderBy(
                    partitionColumns.stream()
                        .map(c -> col(c).asc_nulls_first())
                        .toArray(Column[]::new));
    List<PartitionFiles> partitions = new ArrayList<>();
    for (Row row : perPartition.collectAsList()) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String column : partitionColumns) {
        values.put(column, row.getAs(column));
      }
      partitions.add(
          new PartitionFiles(
              values,
              row.<Long>getAs("files"),
              orZero(row, "bytes"),
              orZero(row, "small_files"),
              orZero(row, "small_bytes")));
    }
    return partitions;
  }

  /**
   * Compacts the partitions of the surveyed table that have more small files than the policy
   * allows, in one {@code OPTIMIZE} commit that rewrites only their small files. Commits nothing
   * when no partition qualifies. Runs inside {@link #withSettings}.
   */
  public static Compaction compact(
      SparkSession spark, String path, Survey survey, CompactionPolicy policy) {
    List<String> partitionColumns = survey.detail().partitionColumns();
    List<PartitionFiles> chosen =
        survey.partitions().stream().filter(p -> policy.compacts(p.smallFiles())).toList();
    if (chosen.isEmpty()) {
      return Compaction.NONE;
    }
    long before = DeltaTables.latestVersion(spark, path);
    DeltaOptimizeBuilder optimize = DeltaTable.forPath(spark, path).optimize();
    if (!partitionColumns.isEmpty()) {
      StructType schema = spark.read().format("delta").load(path).schema();
      optimize = optimize.where(predicate(schema, partitionColumns, chosen));
    }
    Row metrics = optimize.executeCompaction().first().getStruct(1);
    long removed = metrics.<Long>getAs("numFilesRemoved");
    long after = DeltaTables.latestVersion(spark, path);
    return new Compaction(
        chosen.stream().map(PartitionFiles::label).toList(),
        removed,
        metrics.<Long>getAs("numFilesAdded"),
        metrics.<Row>getAs("filesRemoved").<Long>getAs("totalSize"),
        metrics.<Row>getAs("filesAdded").<Long>getAs("totalSize"),
        removed > 0 && after > before ? OptionalLong.of(after) : OptionalLong.empty());
  }

  /**
   * The shortest retention a {@code VACUUM} of the table may use: the table's {@code
   * delta.deletedFileRetentionDuration} (one week unless set), which Delta's own safety check
   * enforces. A shorter one could delete files that a running query, a slow writer or a time-travel
   * read still needs.
   */
  public static Duration minimumRetention(SparkSession spark, String path) {
    return DeltaSnapshots.deletedFileRetention(spark, path);
  }

  /**
   * How the table at {@code path} sets its {@link #minimumRetention}, for a message that names it:
   * {@code delta.deletedFileRetentionDuration = <value>}, or that the property is not set (Delta's
   * default, a week). Read from the table's log, no Spark job.
   */
  public static String retentionSetting(SparkSession spark, String path) {
    String key = "delta.deletedFileRetentionDuration";
    return DeltaCommit.tableProperty(spark, path, key)
        .map(value -> key + " = " + value)
        .orElse(key + " not set: Delta's default, interval 1 week");
  }

  /**
   * Deletes the files the table stopped referencing longer ago than {@code retention}, and files
   * never committed that are older than it ({@code VACUUM ... RETAIN n HOURS}); counts what it
   * deleted by listing the table's files before and after. When no file of the table's directory is
   * older than the retention there is nothing {@code VACUUM} could delete: it is not run, and the
   * table gets no commit. Runs inside {@link #withSettings}; Delta's own line about what it deleted
   * is not printed (the caller reports the figures).
   *
   * @param retention whole hours, at least {@link #minimumRetention}
   * @throws IllegalArgumentException when the retention is shorter than the table's minimum
   */
  public static Vacuum vacuum(SparkSession spark, String path, Duration retention) {
    Duration minimum = minimumRetention(spark, path);
    if (retention.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "retention " + retention + " is below the table's minimum " + minimum + ": " + path);
    }
    if (retention.toMinutesPart() != 0 || retention.toSecondsPart() != 0) {
      throw new IllegalArgumentException("retention must be whole hours, was " + retention);
    }
    Map<String, StoredFile> before = dataFiles(spark, path);
    long cutoff = System.currentTimeMillis() - retention.toMillis();
    if (before.values().stream().noneMatch(file -> file.modified() < cutoff)) {
      return new Vacuum(retention, 0, 0);
    }
    SparkInternals.withoutConsoleOutput(
        () -> DeltaTable.forPath(spark, path).vacuum(retention.toHours()));
    Map<String, StoredFile> after = dataFiles(spark, path);
    long files = 0;
    long bytes = 0;
    for (Map.Entry<String, StoredFile> file : before.entrySet()) {
      if (!after.containsKey(file.getKey())) {
        files++;
        bytes += file.getValue().bytes();
      }
    }
    return new Vacuum(retention, files, bytes);
  }

  /** A data file of a table's directory: its size and when it was last modified (epoch ms). */
  private record StoredFile(long bytes, long modified) {}

  /**
   * A SQL predicate on the partition columns selecting exactly these partitions, each value cast to
   * its column's type.
   */
  static String predicate(
      StructType schema, List<String> partitionColumns, List<PartitionFiles> partitions) {
    List<String> disjuncts = new ArrayList<>();
    for (PartitionFiles partition : partitions) {
      List<String> conjuncts = new ArrayList<>();
      for (String column : partitionColumns) {
        String name = "`" + column.replace("`", "``") + "`";
        String value = partition.values().get(column);
        if (value == null) {
          conjuncts.add(name + " IS NULL");
          continue;
        }
        DataType type = schema.apply(column).dataType();
        String literal = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
        conjuncts.add(
            name
                + " = "
                + (type.equals(DataTypes.StringType)
                    ? literal
                    : "CAST(" + literal + " AS " + type.sql() + ")"));
      }
      disjuncts.add("(" + String.join(" AND ", conjuncts) + ")");
    }
    return String.join(" OR ", disjuncts);
  }

  /**
   * Every data file of the table's directory by path, with its size and modification time: what
   * {@code VACUUM} may delete. The log and other hidden entries (names starting with {@code _} or
   * {@code .}) are left out.
   */
  private static Map<String, StoredFile> dataFiles(SparkSession spark, String path) {
    Map<String, StoredFile> files = new HashMap<>();
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path qualified = fs.makeQualified(root);
      String prefix = qualified.toUri().getPath();
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(qualified, true);
      while (listing.hasNext()) {
        LocatedFileStatus file = listing.next();
        String relative = file.getPath().toUri().getPath().substring(prefix.length());
        if (!hidden(relative)) {
          files.put(relative, new StoredFile(file.getLen(), file.getModificationTime()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the files of " + path, e);
    }
    return files;
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (StoreFiles.hidden(part)) {
        return true;
      }
    }
    return false;
  }

  private static long orZero(Row row, String field) {
    Object value = row.getAs(field);
    return value == null ? 0L : ((Number) value).longValue();
  }
}
