package org.zonelake.core.transform;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.contract.DatasetContract;

/**
 * Envelope columns: the record hash, the partition columns and the run's bookkeeping. Each method
 * returns a transform for {@link Dataset#transform}; none reads or writes anything.
 */
public final class Envelope {

  private static final Map<String, String> CANONICAL_JSON =
      Map.of("timeZone", "UTC", "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private Envelope() {}

  /**
   * Adds {@code _record_hash}: the SHA-256 (64 hex digits) of the canonical record, i.e. the
   * contract's typed columns in schema order as JSON (timestamps in UTC, microseconds), plus any
   * unknown fields sorted by name. Two records that differ only in formatting ({@code 10} vs {@code
   * 10.0} for a DOUBLE, field order, whitespace) hash the same; 256 bits make an accidental
   * collision among 10^10 records about 10^-57 likely.
   */
  public static Function<Dataset<Row>, Dataset<Row>> withRecordHash(DatasetContract contract) {
    return rows -> {
      List<Column> fields = new ArrayList<>();
      for (String column : contract.columnNames()) {
        fields.add(col(column));
      }
      Column unknown = col(LakeColumns.UNKNOWN_FIELDS);
      fields.add(
          when(size(unknown).gt(0), array_sort(map_entries(unknown)))
              .as(LakeColumns.UNKNOWN_FIELDS));
      Column canonical = to_json(struct(fields.toArray(Column[]::new)), CANONICAL_JSON);
      return rows.withColumn(LakeColumns.RECORD_HASH, sha2(canonical, 256));
    };
  }

  /**
   * Adds {@code year}, {@code month}, {@code day} of {@code _event_time} in the session time zone.
   */
  public static Function<Dataset<Row>, Dataset<Row>> withPartitionColumns() {
    return rows -> {
      Column eventTime = col(LakeColumns.EVENT_TIME);
      return rows.withColumn(LakeColumns.YEAR, year(eventTime))
          .withColumn(LakeColumns.MONTH, month(eventTime))
          .withColumn(LakeColumns.DAY, dayofmonth(eventTime));
    };
  }

  /** Adds {@code _source}, {@code _run_id} and {@code _processed_at} (the run's start). */
  public static Function<Dataset<Row>, Dataset<Row>> withRunColumns(
      String source, String runId, Instant processedAt) {
    return rows ->
        rows.withColumn(LakeColumns.SOURCE, lit(source))
            .withColumn(LakeColumns.RUN_ID, lit(runId))
            .withColumn(LakeColumns.PROCESSED_AT, lit(Timestamp.from(processedAt)));
  }

  /** Keeps the rows without reasons, in the processed table's column order. */
  public static Function<Dataset<Row>, Dataset<Row>> validRows(DatasetContract contract) {
    return rows -> {
      List<Column> columns = new ArrayList<>();
      contract.columnNames().forEach(c -> columns.add(col(c)));
      LakeColumns.PROCESSED_ENVELOPE.forEach(c -> columns.add(col(c)));
      return rows.where(size(col(LakeColumns.REASONS)).equalTo(0))
          .select(columns.toArray(Column[]::new));
    };
  }

  /** Keeps the rows with reasons, in the quarantine table's column order. */
  public static Function<Dataset<Row>, Dataset<Row>> quarantineRows() {
    return rows ->
        rows.where(size(col(LakeColumns.REASONS)).gt(0))
            .withColumn(LakeColumns.QUARANTINED_AT, col(LakeColumns.PROCESSED_AT))
            .select(
                LakeColumns.QUARANTINE_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** Drops rows whose de-duplication key repeats an earlier row of the same dataset. */
  public static Function<Dataset<Row>, Dataset<Row>> dropDuplicateRecords(
      DatasetContract contract) {
    List<String> key = dedupeColumns(contract);
    return rows -> rows.dropDuplicates(key.toArray(String[]::new));
  }

  /** The columns identifying a record: the contract's key, or the record hash. */
  public static List<String> dedupeColumns(DatasetContract contract) {
    return contract.dedupesOnRecordHash() ? List.of(LakeColumns.RECORD_HASH) : contract.dedupeKey();
  }
}
