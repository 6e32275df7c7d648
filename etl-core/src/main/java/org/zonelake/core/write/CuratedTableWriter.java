package org.zonelake.core.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
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
    // A curated table is computed again whole: a first write stopped before its commit (killed)
    // left nothing a reader sees, and the table is created over it.
    OptionalLong created = DeltaTables.createWith(spark, path, rows, partitionColumns, note, true);
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
