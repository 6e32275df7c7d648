package org.zonelake.core.write;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.LakeColumns;

/**
 * Inserts new rows into a Delta table with an insert-only MERGE: atomic (all or nothing), and
 * idempotent (a retried batch inserts nothing twice). When the key implies the partition, the MERGE
 * condition names the batch's partitions so Delta reads only those files.
 */
public final class DeltaMergeWriter implements ProcessedWriter {

  private final SparkSession spark;
  private final String path;

  /** A writer for the table at {@code path}, which must exist. */
  public DeltaMergeWriter(SparkSession spark, String path) {
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
    String condition =
        keyColumns.stream()
            .map(k -> "t.`" + k + "` = s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    if (keyImpliesPartition) {
      condition =
          condition
              + LakeColumns.PARTITION_COLUMNS.stream()
                  .map(p -> " AND t." + p + " = s." + p)
                  .collect(Collectors.joining())
              + " AND "
              + PartitionValue.predicate("t", partitions);
    }
    long before = DeltaTables.latestVersion(spark, path);
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(batch.as("s"), condition)
        .whenNotMatched()
        .insertAll()
        .execute();
    Row last =
        DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").head();
    if (last.getLong(0) == before) {
      return 0;
    }
    Map<String, String> metrics = last.getJavaMap(1);
    return Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"));
  }
}
