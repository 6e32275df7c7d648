package org.zonelake.core.curated;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.batch.BatchStatistics;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.model.LakeColumns;

/**
 * The curated aggregates, as pure functions of processed, quarantine and batch-statistics rows.
 * Every table carries {@code source, year, month} (its partition columns) and {@code day}; callers
 * pass only the rows of the days they recompute.
 */
public final class CuratedAggregates {

  /** The curated aggregates' column naming the source of a row (and their first partition). */
  public static final String SOURCE = "source";

  /** Measure aggregates are DECIMAL(38,6): exact for money, six decimals for readings. */
  public static final org.apache.spark.sql.types.DataType MEASURE_TYPE =
      DataTypes.createDecimalType(38, 6);

  /** Hourly column: the measure's values {@link #MEASURE_TYPE} cannot hold. */
  private static final String LEFT_OUT = "_left_out_";

  private static final String[] DAY = {LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY};

  /** The sum and count of the quality scores of an hour or a day, for its average. */
  private static final String QUALITY_SUM = "_quality_score_sum";

  private static final String QUALITY_COUNT = "_quality_score_count";

  private CuratedAggregates() {}

  /** The event hour of the rows of {@link #hours}. */
  public static final String HOUR = "_hour";

  /**
   * One aggregation of processed rows into one row per event hour, the rows both {@link
   * #hourlyMetrics} and (through {@link #days}) {@link #dailySummary} are made of, so the processed
   * rows are read once. Each row holds the records, the quality score's average and minimum, the
   * first and last event time, the last run and when it processed, the ingestion latency's 50th and
   * 95th percentile (approximate, 1/10,000 rank accuracy), and per measure the sum, average,
   * minimum and maximum; sums and counts of non-null values ride along for {@link #days}.
   *
   * @param contract the source's contract (its measures)
   * @param processed processed rows of the days to compute
   */
  public static Dataset<Row> hours(DatasetContract contract, Dataset<Row> processed) {
    Column latency =
        col(LakeColumns.PROCESSED_AT)
            .cast(DataTypes.DoubleType)
            .minus(col(LakeColumns.EVENT_TIME).cast(DataTypes.DoubleType));
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(LakeColumns.QUALITY_SCORE).as(QUALITY_SUM));
    aggregates.add(count(LakeColumns.QUALITY_SCORE).as(QUALITY_COUNT));
    aggregates.add(min(LakeColumns.QUALITY_SCORE).as("quality_score_min"));
    aggregates.add(min(LakeColumns.EVENT_TIME).as("first_event_time"));
    aggregates.add(max(LakeColumns.EVENT_TIME).as("last_event_time"));
    aggregates.add(
        max_by(col(LakeColumns.RUN_ID), col(LakeColumns.PROCESSED_AT)).as("last_run_id"));
    aggregates.add(max(LakeColumns.PROCESSED_AT).as("last_processed_at"));
    aggregates.add(
        percentile_approx(latency, array(lit(0.5), lit(0.95)), lit(PERCENTILE_ACCURACY))
            .as("_latency"));
    for (String measure : contract.measures()) {
      Column value = col(measure).cast(MEASURE_TYPE);
      aggregates.add(sum(value).as("_sum_" + measure));
      aggregates.add(count(value).as("_count_" + measure));
      aggregates.add(min(value).as("_min_" + measure));
      aggregates.add(max(value).as("_max_" + measure));
      aggregates.add(
          count(when(col(measure).isNotNull().and(value.isNull()), lit(1))).as(LEFT_OUT + measure));
    }
    Dataset<Row> hours =
        processed
            .groupBy(
                col(DAY[0]), col(DAY[1]), col(DAY[2]), hour(col(LakeColumns.EVENT_TIME)).as(HOUR))
            .agg(count(lit(1)).as("records"), aggregates.toArray(Column[]::new));
    return withAverages(contract, hours);
  }

  /**
   * One row per event day from the {@link #hours} of the days to compute, with the same columns but
   * the hour and the latency percentiles: sums, counts, minima and maxima of the hours, and
   * averages as their day's sum over its count (each hour's weight is its number of values).
   *
   * @param contract the source's contract (its measures)
   * @param hours rows of {@link #hours}
   */
  public static Dataset<Row> days(DatasetContract contract, Dataset<Row> hours) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(QUALITY_SUM).as(QUALITY_SUM));
    aggregates.add(sum(QUALITY_COUNT).as(QUALITY_COUNT));
    aggregates.add(min("quality_score_min").as("quality_score_min"));
    aggregates.add(min("first_event_time").as("first_event_time"));
    aggregates.add(max("last_event_time").as("last_event_time"));
    aggregates.add(max_by(col("last_run_id"), col("last_processed_at")).as("last_run_id"));
    aggregates.add(max("last_processed_at").as("last_processed_at"));
    for (String measure : contract.measures()) {
      // An hour whose sum DECIMAL(38,6) cannot hold has none (its count is not 0): the day has
      // none either, rather than the sum of its other hours.
      aggregates.add(
          when(max(sumTooLarge(measure)), lit(null))
              .otherwise(sum("_sum_" + measure))
              .as("_sum_" + measure));
      aggregates.add(sum("_count_" + measure).as("_count_" + measure));
      aggregates.add(min("_min_" + measure).as("_min_" + measure));
      aggregates.add(max("_max_" + measure).as("_max_" + measure));
      aggregates.add(sum(LEFT_OUT + measure).as(LEFT_OUT + measure));
    }
    Dataset<Row> days =
        hours
            .groupBy(DAY[0], DAY[1], DAY[2])
            .agg(sum("records").as("records"), aggregates.toArray(Column[]::new));
    return withAverages(contract, days);
  }

  /**
   * Whether the sum of an hour's or a day's values of {@code measure} is too large for {@link
   * #MEASURE_TYPE} (10^32 or more): Spark's sum then has no value though some were summed.
   */
  private static Column sumTooLarge(String measure) {
    return col("_sum_" + measure).isNull().and(col("_count_" + measure).gt(0));
  }

  /** The averages of rows that carry sums and counts of non-null values. */
  private static Dataset<Row> withAverages(DatasetContract contract, Dataset<Row> rows) {
    AddedColumns averages =
        AddedColumns.of("quality_score_avg", col(QUALITY_SUM).divide(col(QUALITY_COUNT)));
    for (String measure : contract.measures()) {
      averages =
          averages.and(
              "_avg_" + measure,
              col("_sum_" + measure).divide(col("_count_" + measure)).cast(MEASURE_TYPE));
    }
    return averages.to(rows);
  }

  /** Rank accuracy of the latency percentiles ({@code percentile_approx}): 1/10,000. */
  public static final int PERCENTILE_ACCURACY = 10_000;

  /**
   * A source's {@code daily_summary} rows and the days they are of.
   *
   * @param rows one row per day: every day with processed rows or quarantine rows
   * @param days those days, in order
   * @param leftOut per measure, how many values of the days' processed rows its aggregates leave
   *     out: values {@link #MEASURE_TYPE} cannot hold (a double's NaN or infinity, 10^32 or more);
   *     only the measures that left some out, in the contract's order
   * @param sumTooLarge per measure, on how many of the days its sum is 10^32 or more, which {@link
   *     #MEASURE_TYPE} cannot hold: the day's sum and average are null; only the measures that have
   *     such days, in the contract's order
   */
  public record DailySummary(
      Dataset<Row> rows,
      List<DayKey> days,
      Map<String, Long> leftOut,
      Map<String, Long> sumTooLarge) {

    /** Copies the days and the counts. */
    public DailySummary {
      days = List.copyOf(days);
      leftOut = Collections.unmodifiableMap(new LinkedHashMap<>(leftOut));
      sumTooLarge = Collections.unmodifiableMap(new LinkedHashMap<>(sumTooLarge));
    }
  }

  /**
   * Per source and event day: records, distinct keys (equal to the records: a processed table holds
   * one row per key), quality score average and minimum, quarantined and duplicate records, first
   * and last event time, and sum/avg/min/max of each measure the contract declares.
   *
   * <p>The days' quarantine rows and batch counts, a few numbers per day, are counted in one small
   * query and added to the day rows as values, instead of joining three inputs in Spark (two
   * shuffles and sorts for a few rows); a day with quarantine rows only is added as a row of its
   * own. Runs two small queries, one of them over {@code days} (cache it), which also counts the
   * measure values left out.
   *
   * @param contract the source's contract
   * @param days the rows of {@link #days} for the days to compute
   * @param quarantine quarantine rows, with {@code year, month, day} of their event time (or of
   *     their landing time when the event time is unknown)
   * @param validPerDay batch statistics: {@code year, month, day, valid_rows} per batch; duplicates
   *     of a day are its valid rows minus its records
   */
  public static DailySummary dailySummary(
      DatasetContract contract,
      Dataset<Row> days,
      Dataset<Row> quarantine,
      Dataset<Row> validPerDay) {
    List<Column> measureEntries = new ArrayList<>();
    for (String measure : contract.measures()) {
      measureEntries.add(lit(measure));
      measureEntries.add(
          struct(
              col("_sum_" + measure).cast(MEASURE_TYPE).as("sum"),
              col("_avg_" + measure).cast(MEASURE_TYPE).as("avg"),
              col("_min_" + measure).as("min"),
              col("_max_" + measure).as("max")));
    }
    Column measures =
        measureEntries.isEmpty() ? emptyMeasures() : map(measureEntries.toArray(Column[]::new));
    Dataset<Row> records =
        days.select(
            col(DAY[0]),
            col(DAY[1]),
            col(DAY[2]),
            col("records"),
            col("quality_score_avg"),
            col("quality_score_min"),
            col("first_event_time"),
            col("last_event_time"),
            measures.as("measures"),
            col("last_run_id"),
            col("last_processed_at"));
    DayRows dayRows = dayRows(contract, days);
    Map<DayKey, long[]> counts = counts(quarantine, validPerDay);
    List<DayKey> quarantineOnly = new ArrayList<>();
    counts.forEach(
        (day, count) -> {
          if (count[0] > 0 && !dayRows.days().contains(day)) {
            quarantineOnly.add(day);
          }
        });
    TreeSet<DayKey> all = new TreeSet<>(dayRows.days());
    all.addAll(quarantineOnly);
    Dataset<Row> perDay = records.unionByName(noRecords(records, quarantineOnly));
    Dataset<Row> rows =
        perDay.select(
            lit(contract.source()).as(SOURCE),
            col(LakeColumns.YEAR),
            col(LakeColumns.MONTH),
            col(LakeColumns.DAY),
            make_date(col(LakeColumns.YEAR), col(LakeColumns.MONTH), col(LakeColumns.DAY))
                .as("date"),
            coalesce(col("records"), lit(0L)).as("records"),
            coalesce(col("records"), lit(0L)).as("distinct_keys"),
            col("quality_score_avg"),
            col("quality_score_min"),
            countOfDay(counts, 0).as("quarantined"),
            countOfDay(counts, 1).minus(coalesce(col("records"), lit(0L))).as("duplicates"),
            col("first_event_time"),
            col("last_event_time"),
            coalesce(col("measures"), emptyMeasures()).as("measures"),
            col("last_run_id"),
            col("last_processed_at"));
    return new DailySummary(rows, List.copyOf(all), dayRows.leftOut(), dayRows.sumTooLarge());
  }

  /**
   * The days of {@link #days} rows, the measure values left out of them, and the days whose sum of
   * a measure is too large.
   */
  private record DayRows(
      TreeSet<DayKey> days, Map<String, Long> leftOut, Map<String, Long> sumTooLarge) {}

  /**
   * Collects the days of {@code days}, sums the values each measure left out and counts the days
   * whose sum of it is too large.
   */
  private static DayRows dayRows(DatasetContract contract, Dataset<Row> days) {
    TreeSet<DayKey> recordDays = new TreeSet<>();
    int measures = contract.measures().size();
    long[] leftOut = new long[measures];
    long[] tooLarge = new long[measures];
    List<Column> columns = new ArrayList<>(List.of(col(DAY[0]), col(DAY[1]), col(DAY[2])));
    contract.measures().forEach(m -> columns.add(col(LEFT_OUT + m)));
    contract.measures().forEach(m -> columns.add(sumTooLarge(m)));
    for (Row r : days.select(columns.toArray(Column[]::new)).collectAsList()) {
      recordDays.add(DayKey.of(r));
      for (int m = 0; m < measures; m++) {
        leftOut[m] += r.isNullAt(3 + m) ? 0 : r.getLong(3 + m);
        tooLarge[m] += r.getBoolean(3 + measures + m) ? 1 : 0;
      }
    }
    return new DayRows(recordDays, byMeasure(contract, leftOut), byMeasure(contract, tooLarge));
  }

  /** The measures whose count is not 0, with it, in the contract's order. */
  private static Map<String, Long> byMeasure(DatasetContract contract, long[] counts) {
    Map<String, Long> named = new LinkedHashMap<>();
    for (int m = 0; m < counts.length; m++) {
      if (counts[m] > 0) {
        named.put(contract.measures().get(m), counts[m]);
      }
    }
    return named;
  }

  /** Rows shaped like {@code records} for {@code days}: the day, every other column null. */
  private static Dataset<Row> noRecords(Dataset<Row> records, List<DayKey> days) {
    StructType dayOnly = new StructType();
    List<Column> columns = new ArrayList<>();
    for (StructField field : records.schema().fields()) {
      if (List.of(DAY).contains(field.name())) {
        dayOnly = dayOnly.add(field.name(), field.dataType(), false);
        columns.add(col(field.name()));
      } else {
        columns.add(lit(null).cast(field.dataType()).as(field.name()));
      }
    }
    List<Row> rows =
        days.stream().map(d -> RowFactory.create(d.year(), d.month(), d.day())).toList();
    return records
        .sparkSession()
        .createDataFrame(rows, dayOnly)
        .select(columns.toArray(Column[]::new));
  }

  /**
   * A row's count of its day in {@code counts} (entry {@code index} of its array), 0 when the day
   * has none: a literal map from each day's {@link DayKey#packed} number, looked up by the row's.
   */
  private static Column countOfDay(Map<DayKey, long[]> counts, int index) {
    long[] keys = new long[counts.size()];
    long[] values = new long[counts.size()];
    int i = 0;
    for (Map.Entry<DayKey, long[]> entry : counts.entrySet()) {
      keys[i] = entry.getKey().packed();
      values[i] = entry.getValue()[index];
      i++;
    }
    Column packed = DayKey.packed(col(DAY[0]), col(DAY[1]), col(DAY[2]));
    return coalesce(element_at(map_from_arrays(lit(keys), lit(values)), packed), lit(0L));
  }

  /**
   * Per event day, in one small query: {quarantine rows, valid rows of batches}. A day holds at
   * least one of the two.
   */
  private static Map<DayKey, long[]> counts(Dataset<Row> quarantine, Dataset<Row> validPerDay) {
    Column none = lit(0L);
    Dataset<Row> both =
        quarantine
            .select(col(DAY[0]), col(DAY[1]), col(DAY[2]), lit(1L).as("q"), none.as("v"))
            .unionByName(
                validPerDay.select(
                    col(DAY[0]),
                    col(DAY[1]),
                    col(DAY[2]),
                    none.as("q"),
                    col(BatchStatistics.VALID_ROWS).cast(DataTypes.LongType).as("v")));
    Map<DayKey, long[]> counts = new TreeMap<>();
    for (Row r :
        both.groupBy(DAY[0], DAY[1], DAY[2])
            .agg(coalesce(sum("q"), lit(0L)), coalesce(sum("v"), lit(0L)))
            .collectAsList()) {
      counts.put(DayKey.of(r), new long[] {r.getLong(3), r.getLong(4)});
    }
    return counts;
  }

  private static Column emptyMeasures() {
    return expr(
        "CAST(map() AS MAP<STRING, STRUCT<sum: DECIMAL(38,6), avg: DECIMAL(38,6), min:"
            + " DECIMAL(38,6), max: DECIMAL(38,6)>>)");
  }

  /**
   * Per source and event hour: records, average quality score, and the ingestion latency (processed
   * time minus event time, in seconds) at the 50th and 95th percentile (approximate, see {@link
   * #hours}).
   */
  public static Dataset<Row> hourlyMetrics(String source, Dataset<Row> hours) {
    return hours.select(
        lit(source).as(SOURCE),
        col(LakeColumns.YEAR),
        col(LakeColumns.MONTH),
        col(LakeColumns.DAY),
        col(HOUR).as("hour"),
        col("records"),
        col("quality_score_avg"),
        element_at(col("_latency"), 1).as("latency_p50_seconds"),
        element_at(col("_latency"), 2).as("latency_p95_seconds"));
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
        .groupBy(SOURCE)
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
    String landing = RawFile.LANDING_DIRECTORIES;
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
    return AddedColumns.of(LakeColumns.YEAR, year(date))
        .and(LakeColumns.MONTH, month(date))
        .and(LakeColumns.DAY, dayofmonth(date))
        .to(quarantine);
  }
}
