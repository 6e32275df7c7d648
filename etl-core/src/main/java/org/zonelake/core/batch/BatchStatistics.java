package org.zonelake.core.batch;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.zonelake.model.LakeColumns;

/**
 * A source's batch statistics table ({@code processed/_stats/<source>}): the valid rows of each
 * event day in each batch. Raw to processed and the quarantine replay append to it; processed to
 * curated counts a day's records from it without reading the processed table.
 */
public final class BatchStatistics {

  /** Column: valid rows of an event day in a batch. */
  public static final String VALID_ROWS = "valid_rows";

  /** Column: the batch (manifest) number. */
  public static final String BATCH_ID = "batch_id";

  /** The table's rows: valid rows per event day of one batch. */
  public static final StructType SCHEMA =
      new StructType()
          .add(LakeColumns.YEAR, DataTypes.IntegerType)
          .add(LakeColumns.MONTH, DataTypes.IntegerType)
          .add(LakeColumns.DAY, DataTypes.IntegerType)
          .add(VALID_ROWS, DataTypes.LongType, false)
          .add(LakeColumns.RUN_ID, DataTypes.StringType, false)
          .add(BATCH_ID, DataTypes.LongType, false);

  private BatchStatistics() {}
}
