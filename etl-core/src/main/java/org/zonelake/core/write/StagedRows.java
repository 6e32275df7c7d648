package org.zonelake.core.write;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Rows a job stores as Parquet files before its table commits, so that the commits read one fixed
 * set of rows and a job stopped between them can be completed from it (a replay's evaluated rows).
 * Not a table: a location is written whole, replacing what it held.
 */
public final class StagedRows {

  private StagedRows() {}

  /** Writes {@code rows} to {@code location} in at most {@code files} files, replacing it. */
  public static void write(Dataset<Row> rows, String location, int files) {
    rows.coalesce(Math.max(1, files)).write().mode(SaveMode.Overwrite).parquet(location);
  }

  /** The rows stored at {@code location}. */
  public static Dataset<Row> read(SparkSession spark, String location) {
    return spark.read().parquet(location);
  }
}
