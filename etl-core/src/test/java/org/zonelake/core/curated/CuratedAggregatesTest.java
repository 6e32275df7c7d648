package org.zonelake.core.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.zonelake.core.contract.ContractParser;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.model.LakeColumns;

class CuratedAggregatesTest {

  private static final DatasetContract SENSORS =
      ContractParser.parse(
          "s.json",
          """
          {"source": "s", "format": {"type": "json_lines"},
           "schema": "id STRING, temperature DOUBLE, humidity DOUBLE, ts TIMESTAMP",
           "event_time": {"column": "ts"}, "measures": ["temperature", "humidity"]}
          """);

  /**
   * A value DECIMAL(38,6) cannot hold — NaN, infinity, 10^32 or more — is left out of the day's
   * measures, its row still counted, and the number left out is told per measure.
   */
  @Test
  void valuesTheMeasureTypeCannotHoldAreLeftOutAndCounted() {
    Dataset<Row> hours =
        CuratedAggregates.hours(
            SENSORS,
            processed(
                21.5,
                40.0,
                Double.NaN,
                50.0,
                Double.POSITIVE_INFINITY,
                60.0,
                1e32,
                null,
                18.5,
                Double.NEGATIVE_INFINITY));
    Row day = CuratedAggregates.days(SENSORS, hours).first();

    assertThat(day.<Long>getAs("records")).isEqualTo(5);
    assertThat(day.getAs("_sum_temperature").toString()).isEqualTo("40.000000");
    assertThat(day.getAs("_count_temperature").toString()).isEqualTo("2");
    assertThat(day.getAs("_sum_humidity").toString()).isEqualTo("150.000000");
    assertThat(daily(hours).leftOut())
        .containsExactly(Map.entry("temperature", 3L), Map.entry("humidity", 1L));
  }

  @Test
  void nothingLeftOutNamesNoMeasure() {
    assertThat(daily(CuratedAggregates.hours(SENSORS, processed(1.0, 2.0))).leftOut()).isEmpty();
  }

  /**
   * A day's quarantine rows and batch counts are added to its row; a day with quarantine rows only
   * has a row of its own, a day with batch counts only has none (its rows are all in another
   * table's day).
   */
  @Test
  void quarantineAndBatchCountsAreAddedPerDayAndAQuarantineOnlyDayHasItsOwnRow() {
    Dataset<Row> days =
        CuratedAggregates.days(
            SENSORS, CuratedAggregates.hours(SENSORS, processed(1.0, 2.0, 3.0, 4.0)));
    Dataset<Row> quarantine =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(2026, 11, 20),
                    RowFactory.create(2026, 11, 20),
                    RowFactory.create(2026, 11, 21)),
                DAY);
    Dataset<Row> validPerDay =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(2026, 11, 20, 3L),
                    RowFactory.create(2026, 11, 20, 1L),
                    RowFactory.create(2026, 11, 23, 5L)),
                VALID_PER_DAY);

    CuratedAggregates.DailySummary daily =
        CuratedAggregates.dailySummary(SENSORS, days, quarantine, validPerDay);

    assertThat(daily.days()).containsExactly(new DayKey(2026, 11, 20), new DayKey(2026, 11, 21));
    // date records distinct_keys quarantined duplicates temperature_sum first_event_time
    assertThat(
            daily
                .rows()
                .orderBy("date")
                .selectExpr(
                    "concat_ws(' ', source, date, records, distinct_keys, quarantined, duplicates,"
                        + " size(measures), measures['temperature'].sum, first_event_time)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly(
            "s 2026-11-20 2 2 2 2 2 4.000000 2026-11-20 10:00:00", "s 2026-11-21 0 0 1 0 0");
    // The counts are values of the rows' query, not a join of the three inputs.
    assertThat(daily.rows().queryExecution().executedPlan().toString()).doesNotContain("Join");
  }

  private static final StructType DAY =
      new StructType()
          .add(LakeColumns.YEAR, DataTypes.IntegerType)
          .add(LakeColumns.MONTH, DataTypes.IntegerType)
          .add(LakeColumns.DAY, DataTypes.IntegerType);

  private static final StructType VALID_PER_DAY = DAY.add("valid_rows", DataTypes.LongType);

  /** The daily summary of {@code hours}, with no quarantine rows and no batch counts. */
  private static CuratedAggregates.DailySummary daily(Dataset<Row> hours) {
    return CuratedAggregates.dailySummary(
        SENSORS,
        CuratedAggregates.days(SENSORS, hours),
        TestSpark.session().createDataFrame(List.of(), DAY),
        TestSpark.session().createDataFrame(List.of(), VALID_PER_DAY));
  }

  /**
   * A sum DECIMAL(38,6) cannot hold, of values it holds, leaves the day without a sum or average
   * (not the sum of its other hours), keeps its minimum and maximum, and is told per measure.
   */
  @Test
  void aSumTheMeasureTypeCannotHoldLeavesTheDayWithoutSumOrAverage() {
    // 10:00: two temperatures of 9 * 10^31 (their sum, 1.8 * 10^32, is too large); 11:00: one of
    // 1. Humidity's values of each day sum within range.
    Dataset<Row> hours =
        CuratedAggregates.hours(
            SENSORS, processed(9e31, 1.0, 9e31, 2.0).unionByName(processed("11:00", 1.0, 3.0)));
    CuratedAggregates.DailySummary daily = daily(hours);

    assertThat(
            daily
                .rows()
                .selectExpr(
                    "concat_ws(' ', records, nvl(string(measures['temperature'].sum), 'null'),"
                        + " nvl(string(measures['temperature'].avg), 'null'),"
                        + " measures['temperature'].min, measures['temperature'].max,"
                        + " measures['humidity'].sum, measures['humidity'].avg)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly(
            "3 null null 1.000000 90000000000000000000000000000000.000000 6.000000 2.000000");
    assertThat(daily.sumTooLarge()).containsExactly(Map.entry("temperature", 1L));
    assertThat(daily.leftOut()).isEmpty();
  }

  /** Processed rows of one hour, one per (temperature, humidity) pair of {@code values}. */
  private static Dataset<Row> processed(Double... values) {
    return processed("10:00", values);
  }

  /** Processed rows of the hour {@code time}, one per (temperature, humidity) pair. */
  private static Dataset<Row> processed(String time, Double... values) {
    Timestamp at = Timestamp.valueOf("2026-11-20 " + time + ":00");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i += 2) {
      rows.add(
          RowFactory.create(
              "d-" + i, values[i], values[i + 1], at, 2026, 11, 20, at, at, 1.0, "run-1"));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("temperature", DataTypes.DoubleType)
            .add("humidity", DataTypes.DoubleType)
            .add("ts", DataTypes.TimestampType)
            .add(LakeColumns.YEAR, DataTypes.IntegerType)
            .add(LakeColumns.MONTH, DataTypes.IntegerType)
            .add(LakeColumns.DAY, DataTypes.IntegerType)
            .add(LakeColumns.EVENT_TIME, DataTypes.TimestampType)
            .add(LakeColumns.PROCESSED_AT, DataTypes.TimestampType)
            .add(LakeColumns.QUALITY_SCORE, DataTypes.DoubleType)
            .add(LakeColumns.RUN_ID, DataTypes.StringType);
    return TestSpark.session().createDataFrame(rows, schema);
  }
}
