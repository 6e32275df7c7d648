package org.zonelake.core.write;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Replaces the rows of a curated Delta table that match a predicate with new rows, in one atomic
 * commit ({@code replaceWhere}): readers see either the old or the new rows of those days, never a
 * mix, and rows of other days are untouched. A table that does not exist yet is created with the
 * rows as its first version, in one commit.
 */
public final class CuratedTableWriter {

  private CuratedTableWriter() {}

  /**
   * Replaces the rows matching {@code predicate} in the table at {@code path} by {@code rows},
   * creating the table (Athena-readable, partitioned by {@code partitionColumns}) if needed.
   *
   * @return the rows written
   */
  public static long replace(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      List<String> partitionColumns,
      String predicate) {
    return createdOr(
        spark,
        rows,
        path,
        partitionColumns,
        writer -> writer.option("replaceWhere", predicate).save(path));
  }

  /**
   * Replaces every row of the table at {@code path} by {@code rows} in one commit, creating the
   * table (Athena-readable, partitioned by {@code partitionColumns}) if needed. The table takes the
   * schema of {@code rows}, so a recomputation with new columns replaces the old ones.
   *
   * @return the rows written
   */
  public static long overwrite(
      SparkSession spark, Dataset<Row> rows, String path, List<String> partitionColumns) {
    return createdOr(
        spark,
        rows,
        path,
        partitionColumns,
        writer ->
            writer
                .option("overwriteSchema", "true")
                .partitionBy(partitionColumns.toArray(String[]::new))
                .save(path));
  }

  /**
   * Creates the table with {@code rows} as its first commit when there is none; otherwise
   * overwrites through {@code write} (a Delta writer in overwrite mode). Returns the rows the
   * commit wrote.
   */
  private static long createdOr(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      List<String> partitionColumns,
      Consumer<DataFrameWriter<Row>> write) {
    OptionalLong created = DeltaTables.createWith(spark, path, rows, partitionColumns);
    if (created.isPresent()) {
      return created.getAsLong();
    }
    write.accept(rows.write().format("delta").mode(SaveMode.Overwrite));
    return DeltaTables.rowsWrittenByLatestCommit(spark, path);
  }
}
