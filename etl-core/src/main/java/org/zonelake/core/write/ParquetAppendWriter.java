package org.zonelake.core.write;

import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.zonelake.core.LakeColumns;

/**
 * Appends new rows to a plain partitioned Parquet table: rows whose key the table already holds (in
 * the batch's partitions, or anywhere when the key does not imply the partition) are left out.
 * Parquet has no transactions: a batch that fails half-way may leave files behind, which the
 * retried batch then recognises as written. Prefer Delta where that matters.
 */
public final class ParquetAppendWriter implements ProcessedWriter {

  private final SparkSession spark;
  private final String path;

  /** A writer for the table at {@code path}, created by the first write. */
  public ParquetAppendWriter(SparkSession spark, String path) {
    this.spark = spark;
    this.path = path;
  }

  @Override
  public long insertNew(
      Dataset<Row> batch,
      List<String> keyColumns,
      boolean keyImpliesPartition,
      List<PartitionValue> partitions) {
    if (partitions.isEmpty()) {
      return 0;
    }
    Dataset<Row> fresh = batch;
    if (exists()) {
      Dataset<Row> existing = spark.read().option("basePath", path).parquet(path).as("t");
      if (keyImpliesPartition) {
        existing = existing.where(expr(PartitionValue.predicate("t", partitions)));
      }
      String matches =
          keyColumns.stream()
              .map(k -> "s.`" + k + "` = t.`" + k + "`")
              .collect(Collectors.joining(" AND "));
      fresh = batch.as("s").join(existing, expr(matches), "left_anti");
    }
    fresh = fresh.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long inserted = fresh.count();
      if (inserted > 0) {
        fresh
            .write()
            .mode(SaveMode.Append)
            .partitionBy(LakeColumns.PARTITION_COLUMNS.toArray(String[]::new))
            .parquet(path);
      }
      return inserted;
    } finally {
      fresh.unpersist();
    }
  }

  private boolean exists() {
    try {
      Path table = new Path(path);
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(table) && fs.listStatus(table).length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
