package org.zonelake.jobs;

import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.zonelake.core.batch.BatchStatistics;
import org.zonelake.core.curated.CuratedAggregates;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.LakeColumns;

/**
 * A source's curated inputs for the days of a scope: processed rows, quarantine rows with their
 * day, and the batch statistics; an input table that does not exist yet reads as empty.
 */
record CuratedInputs(
    SparkSession spark, Map<CuratedScope.Input, String> tables, CuratedScope scope) {

  /** Processed rows of the scope's days. */
  Dataset<Row> processed() {
    return read(CuratedScope.Input.PROCESSED).where(scope.predicate());
  }

  /**
   * Open quarantine rows of the scope's days, with {@code year, month, day}: a row a replay
   * recovered counts where it ended (processed, or as a duplicate), not as quarantined.
   */
  Dataset<Row> quarantine() {
    String path = tables.get(CuratedScope.Input.QUARANTINE);
    Dataset<Row> rows =
        TableFormat.DELTA.exists(spark, path)
            ? ReplayColumns.openRows(read(CuratedScope.Input.QUARANTINE))
            : spark
                .createDataFrame(
                    List.of(),
                    new org.apache.spark.sql.types.StructType()
                        .add(LakeColumns.RAW_FILE, DataTypes.StringType)
                        .add(LakeColumns.INGESTED_AT, DataTypes.TimestampType))
                .withColumn(LakeColumns.EVENT_TIME, lit(null).cast(DataTypes.TimestampType));
    return CuratedAggregates.withQuarantineDay(rows).where(scope.predicate());
  }

  /** Batch statistics rows ({@code year, month, day, valid_rows}) of the scope's days. */
  Dataset<Row> validPerDay() {
    String path = tables.get(CuratedScope.Input.STATISTICS);
    Dataset<Row> rows =
        TableFormat.DELTA.exists(spark, path)
            ? read(CuratedScope.Input.STATISTICS)
            : spark.createDataFrame(List.of(), BatchStatistics.SCHEMA);
    return rows.where(scope.predicate());
  }

  private Dataset<Row> read(CuratedScope.Input input) {
    return TableFormat.DELTA.read(spark, tables.get(input));
  }
}
