package org.zonelake.core.write;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes de-duplicated valid rows into a source's processed table, inserting only rows whose key
 * the table does not hold yet, so that a record repeated across files, batches and reruns is
 * written once.
 */
public interface ProcessedWriter {

  /**
   * Inserts the rows of {@code batch} whose key is new.
   *
   * @param batch valid rows, unique by {@code keyColumns}, in the processed table's column order
   * @param keyColumns the de-duplication key
   * @param keyImpliesPartition true when equal keys always fall in the same partition (the record
   *     hash includes the event time), so only the batch's partitions need to be searched
   * @param partitions the batch's distinct (year, month, day) values
   * @return the number of rows inserted
   */
  long insertNew(
      Dataset<Row> batch,
      List<String> keyColumns,
      boolean keyImpliesPartition,
      List<PartitionValue> partitions);
}
