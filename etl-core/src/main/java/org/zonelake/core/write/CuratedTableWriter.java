package org.zonelake.core.write;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Replaces the rows of a curated Delta table that match a predicate with new rows, in one atomic
 * commit ({@code replaceWhere}): readers see either the old or the new rows of those days, never a
 * mix, and rows of other days are untouched.
 */
public final class CuratedTableWriter {

  private CuratedTableWriter() {}

  /**
   * Replaces the rows matching {@code predicate} in the table at {@code path} by {@code rows},
   * creating the table (Athena-readable, partitioned by {@code partitionColumns}) if needed.
   */
  public static void replace(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      List<String> partitionColumns,
      String predicate) {
    DeltaTables.createIfMissing(spark, path, rows.schema(), partitionColumns);
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        .save(path);
  }
}
