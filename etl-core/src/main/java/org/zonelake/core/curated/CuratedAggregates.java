package org.zonelake.core.curated;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.transform.Envelope;
import org.zonelake.model.LakeColumns;

/**
 * The curated aggregates, as pure functions of processed, quarantine and batch-statistics rows.
 * Every table carries {@code source, year, month} (its partition columns) and {@code day}; callers
 * pass only the rows of the days they recompute.
 */
public final class CuratedAggregates {

  /** Measure aggregates are DECIMAL(38,6): exact for money, six decimals for readings. */
  public static final org.apache.spark.sql.types.DataType MEASURE_TYPE =
      DataTypes.createDecimalType(38, 6);

  private static final String[] DAY = {LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY};

  private CuratedAggregates() {}

  /**
   * Per source and event day: records, distinct keys, quality score average and minimum,
   * quarantined and duplicate records, first and last event time, and sum/avg/min/max of each
   * measure the contract declares.
   *
   * @param contract the source's contract
   * @param processed processed rows of the days to compute
   * @param quarantine quarantine rows, with {@code year, month, day} of their event time (or of
   *     their landing time when the event time is unknown)
   * @param validPerDay batch statistics: {@code year, month, day, valid_rows} per batch; duplicates
   *     of a day are its valid rows minus its records
   */
  public static Dataset<Row> dailySummary(
      DatasetContract contract,
      Dataset<Row> processed,
      Dataset<Row> quarantine,
      Dataset<Row> validPerDay) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("records"));
    aggregates.add(
        countDistinct(
                col(Envelope.dedupeColumns(contract).get(0)),
                Envelope.dedupeColumns(contract).stream()
                    .skip(1)
                    .map(c -> col(c))
                    .toArray(Column[]::new))
            .as("distinct_keys"));
    aggregates.add(avg(LakeColumns.QUALITY_SCORE).as("quality_score_avg"));
    aggregates.add(min(LakeColumns.QUALITY_SCORE).as("quality_score_min"));
    aggregates.add(min(LakeColumns.EVENT_TIME).as("first_event_time"));
    aggregates.add(max(LakeColumns.EVENT_TIME).as("last_event_time"));
    aggregates.add(
        max_by(col(LakeColumns.RUN_ID), col(LakeColumns.PROCESSED_AT)).as("last_run_id"));
    aggregates.add(max(LakeColumns.PROCESSED_AT).as("last_processed_at"));
    List<Column> measureEntries = new ArrayList<>();
    for (String measure : contract.measures()) {
      Column value = col(measure).cast(MEASURE_TYPE);
      aggregates.add(sum(value).as("_sum_" + measure));
      aggregates.add(avg(value).as("_avg_" + measure));
      aggregates.add(min(value).as("_min_" + measure));
      aggregates.add(max(value).as("_max_" + measure));
      measureEntries.add(lit(measure));
      measureEntries.add(
          struct(
              col("_sum_" + measure).cast(MEASURE_TYPE).as("sum"),
              col("_avg_" + measure).cast(MEASURE_TYPE).as("avg"),
              col("_min_" + measure).as("min"),
              col("_max_" + measure).as("max")));
    }
    Dataset<Row> records =
        processed
            .groupBy(DAY[0], DAY[1], DAY[2])
            .agg(
                aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    Column measures =
        measureEntries.isEmpty() ? emptyMeasures() : map(measureEntries.toArray(Column[]::new));
    Dataset<Row> quarantined =
        quarantine.groupBy(DAY[0], DAY[1], DAY[2]).agg(count(lit(1)).as("quarantined"));
    Dataset<Row> valid =
        validPerDay.groupBy(DAY[0], DAY[1], DAY[2]).agg(sum("valid_rows").as("valid_rows"));
    // One row per day from the three inputs: union them and take each column's one value.
    Dataset<Row> perDay =
        records
            .withColumn("measures", measures)
            .unionByName(quarantined, true)
            .unionByName(valid, true)
            .groupBy(DAY[0], DAY[1], DAY[2])
            .agg(
                first("records", true).as("records"),
                first("distinct_keys", true).as("distinct_keys"),
                first("quality_score_avg", true).as("quality_score_avg"),
                first("quality_score_min", true).as("quality_score_min"),
                first("quarantined", true).as("quarantined"),
                first("valid_rows", true).as("valid_rows"),
                first("first_event_time", true).as("first_event_time"),
                first("last_event_time", true).as("last_event_time"),
                first("measures", true).as("measures"),
                first("last_run_id", true).as("last_run_id"),
                first("last_processed_at", true).as("last_processed_at"));
    return perDay.select(
        lit(contract.source()).as("source"),
        col(LakeColumns.YEAR),
        col(LakeColumns.MONTH),
        col(LakeColumns.DAY),
        make_date(col(LakeColumns.YEAR), col(LakeColumns.MONTH), col(LakeColumns.DAY)).as("date"),
        coalesce(col("records"), lit(0L)).as("records"),
        coalesce(col("distinct_keys"), lit(0L)).as("distinct_keys"),
        col("quality_score_avg"),
        col("quality_score_min"),
        coalesce(col("quarantined"), lit(0L)).as("quarantined"),
        coalesce(col("valid_rows"), lit(0L))
            .minus(coalesce(col("records"), lit(0L)))
            .as("duplicates"),
        col("first_event_time"),
        col("last_event_time"),
        coalesce(col("measures"), emptyMeasures()).as("measures"),
        col("last_run_id"),
        col("last_processed_at"));
  }

  private static Column emptyMeasures() {
    return expr(
        "CAST(map() AS MAP<STRING, STRUCT<sum: DECIMAL(38,6), avg: DECIMAL(38,6), min:"
            + " DECIMAL(38,6), max: DECIMAL(38,6)>>)");
  }

  /**
   * Per source and event hour: records, average quality score, and the ingestion latency (processed
   * time minus event time, in seconds) at the 50th and 95th percentile.
   */
  public static Dataset<Row> hourlyMetrics(String source, Dataset<Row> processed) {
    Column latency =
        col(LakeColumns.PROCESSED_AT)
            .cast(DataTypes.DoubleType)
            .minus(col(LakeColumns.EVENT_TIME).cast(DataTypes.DoubleType));
    return processed
        .withColumn("hour", hour(col(LakeColumns.EVENT_TIME)))
        .withColumn("_latency", latency)
        .groupBy(LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY, "hour")
        .agg(
            count(lit(1)).as("records"),
            avg(LakeColumns.QUALITY_SCORE).as("quality_score_avg"),
            expr("percentile(_latency, 0.5)").as("latency_p50_seconds"),
            expr("percentile(_latency, 0.95)").as("latency_p95_seconds"))
        .select(
            lit(source).as("source"),
            col(LakeColumns.YEAR),
            col(LakeColumns.MONTH),
            col(LakeColumns.DAY),
            col("hour"),
            col("records"),
            col("quality_score_avg"),
            col("latency_p50_seconds"),
            col("latency_p95_seconds"));
  }

  /**
   * One row per source from all of its {@code daily_summary} rows: total records, first and last
   * event seen, duplicate rate and quarantine rate (shares of all records read), average quality
   * score (weighted by records), days active, and the id of the last run that wrote records.
   */
  public static Dataset<Row> sourceStatistics(Dataset<Row> dailySummary) {
    Column records = sum("records");
    Column duplicates = sum("duplicates");
    Column quarantined = sum("quarantined");
    Column read = records.plus(duplicates).plus(quarantined);
    return dailySummary
        .groupBy("source")
        .agg(
            records.as("total_records"),
            min("first_event_time").as("first_seen"),
            max("last_event_time").as("last_seen"),
            duplicates.divide(read).as("duplicate_rate"),
            quarantined.divide(read).as("quarantine_rate"),
            sum(col("quality_score_avg").multiply(col("records")))
                .divide(records)
                .as("quality_score_avg"),
            count(expr("CASE WHEN records > 0 THEN 1 END")).as("days_active"),
            max_by(col("last_run_id"), col("last_processed_at")).as("last_run_id"));
  }

  /**
   * Adds {@code year, month, day} to quarantine rows: of the event time when it parsed, else of the
   * raw file's landing partition ({@code year=YYYY/month=MM/day=DD} in its path), else of the time
   * the file landed.
   */
  public static Dataset<Row> withQuarantineDay(Dataset<Row> quarantine) {
    Column file = col(LakeColumns.RAW_FILE);
    String landing = "year=([0-9]{4})/month=([0-9]{1,2})/day=([0-9]{1,2})/";
    Column landed =
        make_date(
            regexp_extract(file, landing, 1).cast(DataTypes.IntegerType),
            regexp_extract(file, landing, 2).cast(DataTypes.IntegerType),
            regexp_extract(file, landing, 3).cast(DataTypes.IntegerType));
    Column date =
        coalesce(
            col(LakeColumns.EVENT_TIME).cast(DataTypes.DateType),
            when(file.rlike(landing), landed),
            col(LakeColumns.INGESTED_AT).cast(DataTypes.DateType));
    return quarantine
        .withColumn(LakeColumns.YEAR, year(date))
        .withColumn(LakeColumns.MONTH, month(date))
        .withColumn(LakeColumns.DAY, dayofmonth(date));
  }
}
