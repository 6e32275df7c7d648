package org.zonelake.core.write;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends quarantine rows. With Delta the append is idempotent per micro-batch: Delta records the
 * (application id, batch id) pair in the commit and skips a retried batch it has already written.
 */
public final class QuarantineWriter {

  private QuarantineWriter() {}

  /**
   * Appends {@code rows} to the Delta table at {@code path} once per {@code (appId, batchId)}.
   *
   * @param appId identifies the writing stream (stable across restarts of one checkpoint)
   * @param batchId the micro-batch id, increasing within {@code appId}
   */
  public static void appendDelta(Dataset<Row> rows, String path, String appId, long batchId) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("txnAppId", appId)
        .option("txnVersion", batchId)
        .save(path);
  }

  /** Appends {@code rows} to the Parquet table at {@code path}. */
  public static void appendParquet(Dataset<Row> rows, String path) {
    rows.write().mode(SaveMode.Append).parquet(path);
  }
}
