package org.zonelake.core.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.fs.StoreFiles;
import org.zonelake.core.spark.DeltaReplace;

/**
 * Replaces the rows of a curated Delta table that match a predicate with new rows, in one atomic
 * commit ({@code replaceWhere}): readers see either the old or the new rows of those days, never a
 * mix, and rows of other days are untouched. A table that does not exist yet is created with the
 * rows as its first version, in one commit. Every commit names the run that made it in its {@code
 * userMetadata} ({@link #commitNote}), which {@code DESCRIBE HISTORY} shows.
 */
public final class CuratedTableWriter {

  private final SparkSession spark;
  private final String note;

  /** A writer for the curated run {@code runId} of job {@code job}. */
  public CuratedTableWriter(SparkSession spark, String job, String runId) {
    this.spark = spark;
    this.note = commitNote(job, runId);
  }

  /**
   * The {@code userMetadata} of a commit by run {@code runId} of job {@code job}: {@code
   * {"job":"processed-to-curated","run_id":"..."}}, for {@code get_json_object}.
   */
  public static String commitNote(String job, String runId) {
    try {
      return JSON.writeValueAsString(Map.of("job", job, "run_id", runId));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the commit note of run " + runId, e);
    }
  }

  /** The name of a data file a Delta write gives: {@code part-00000-<uuid>.c000.snappy.parquet}. */
  private static final Pattern DATA_FILE =
      Pattern.compile("part-[0-9]+-[0-9a-f-]{36}(\\.c[0-9]+)?(\\.[a-z0-9]+)?\\.parquet");

  /**
   * Whether the directory of a table not created yet holds only what a first write of it left when
   * its run was stopped before the commit (killed): data files in partition directories of the
   * table's columns, which no Delta log lists. The table is then created over them: readers see
   * only the files its log lists, and vacuum removes the others once they are older than the
   * retention. A concurrent first write keeps its files, and only one of the two commits version 0.
   * A directory holding anything else is refused as before.
   */
  private boolean onlyUncommittedWrite(String path, List<String> partitionColumns) {
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(root) && onlyWrittenFiles(fs, root, partitionColumns);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + path, e);
    }
  }

  /**
   * Whether {@code dir} holds only a write's partition directories (one level per column of {@code
   * columns}, in order) and data files below the last, and hidden files.
   */
  private static boolean onlyWrittenFiles(FileSystem fs, Path dir, List<String> columns)
      throws IOException {
    for (FileStatus entry : fs.listStatus(dir)) {
      String name = entry.getPath().getName();
      if (StoreFiles.hidden(name)) {
        continue;
      }
      boolean written =
          entry.isDirectory()
              ? !columns.isEmpty()
                  && name.startsWith(columns.get(0) + "=")
                  && onlyWrittenFiles(fs, entry.getPath(), columns.subList(1, columns.size()))
              : columns.isEmpty() && DATA_FILE.matcher(name).matches();
      if (!written) {
        return false;
      }
    }
    return true;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * Replaces the rows matching {@code predicate} in the table at {@code path} by {@code rows},
   * creating the table (Athena-readable, partitioned by {@code partitionColumns}) if needed.
   *
   * @return the rows written
   */
  public long replace(
      Dataset<Row> rows, String path, List<String> partitionColumns, String predicate) {
    return createdOr(
        rows,
        path,
        partitionColumns,
        () -> DeltaReplace.replace(spark, path, rows, predicate, note),
        writer -> writer.option("replaceWhere", predicate).save(path));
  }

  /**
   * Replaces every row of the table at {@code path} by {@code rows} in one commit, creating the
   * table (Athena-readable, partitioned by {@code partitionColumns}) if needed. The table takes the
   * schema of {@code rows}, so a recomputation with new columns replaces the old ones.
   *
   * @return the rows written
   */
  public long overwrite(Dataset<Row> rows, String path, List<String> partitionColumns) {
    return createdOr(
        rows,
        path,
        partitionColumns,
        OptionalLong::empty,
        writer ->
            writer
                .option("overwriteSchema", "true")
                .partitionBy(partitionColumns.toArray(String[]::new))
                .save(path));
  }

  /**
   * Creates the table with {@code rows} as its first commit when there is none; otherwise
   * overwrites through {@code replace} (empty when it did nothing), else through {@code write} (a
   * Delta writer in overwrite mode). Returns the rows the commit wrote.
   */
  private long createdOr(
      Dataset<Row> rows,
      String path,
      List<String> partitionColumns,
      Supplier<OptionalLong> replace,
      Consumer<DataFrameWriter<Row>> write) {
    boolean overUncommittedFiles =
        DeltaTables.latestVersion(spark, path) < 0 && onlyUncommittedWrite(path, partitionColumns);
    OptionalLong created =
        DeltaTables.createWith(spark, path, rows, partitionColumns, note, overUncommittedFiles);
    if (created.isPresent()) {
      return created.getAsLong();
    }
    OptionalLong replaced = replace.get();
    if (replaced.isPresent()) {
      return replaced.getAsLong();
    }
    write.accept(
        rows.write().format("delta").mode(SaveMode.Overwrite).option("userMetadata", note));
    return DeltaTables.rowsWrittenByLatestCommit(spark, path);
  }
}
