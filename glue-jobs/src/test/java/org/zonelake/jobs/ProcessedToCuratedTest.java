package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.read.DeltaChanges;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.ExpectedShippedContracts;

/**
 * The curated tables of the sample lake against an independent computation from processed, then a
 * late file and a rerun. Tests run in order: the late-data test changes the lake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessedToCuratedTest {

  private static final List<String> SOURCES = ExpectedShippedContracts.SOURCES;

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path raw;
  private Path lake;
  private List<CuratedResult.Outcome> first;

  private List<CuratedResult.Outcome> curate(String runId) {
    return SampleLake.curate(
            spark, SampleLake.curatedConfig(lake, runId, Optional.empty(), List.of()))
        .sources();
  }

  @BeforeAll
  void runThePipeline() {
    raw = SampleLake.copyRaw(temp.resolve("raw"));
    lake = temp.resolve("lake");
    SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, "run-1"));
    first = curate("curate-1");
  }

  private Dataset<Row> table(String path) {
    return spark.read().format("delta").load(lake.resolve(path).toString());
  }

  /** The rows of {@code source} in the curated table at {@code path}. */
  private Dataset<Row> curated(String path, String source) {
    return table(path).where(col("source").equalTo(source));
  }

  private long version(String table) {
    return DeltaTables.latestVersion(spark, lake.resolve("curated").resolve(table).toString());
  }

  /**
   * Asserts that the rows of {@code source} in curated table {@code table}, its {@code columns}
   * only, are exactly those of {@code expected}, in any order.
   */
  private void assertCuratedRows(
      String table, String source, Dataset<Row> expected, String... columns) {
    assertThat(curated("curated/" + table, source).selectExpr(columns).collectAsList())
        .as(source + " " + table)
        .containsExactlyInAnyOrderElementsOf(expected.collectAsList());
  }

  @Test
  @Order(1)
  void firstRunRecomputesEveryDayOfEverySource() {
    assertThat(first).extracting(CuratedResult.Outcome::source).containsExactlyElementsOf(SOURCES);
    assertThat(first).allMatch(o -> o.fullRecompute() && o.error().isEmpty());
    assertThat(first.get(1).days())
        .containsExactlyInAnyOrder(
            new DayKey(2026, 11, 17),
            new DayKey(2026, 11, 20),
            new DayKey(2026, 11, 21),
            new DayKey(2026, 11, 22));
  }

  @Test
  @Order(2)
  void dailySummaryOfOrdersMatchesHandCountedFigures() {
    List<String> rows =
        curated("curated/daily_summary", "orders")
            .orderBy("day")
            .selectExpr(
                "concat_ws(' ', day, records, distinct_keys, duplicates, quarantined,"
                    + " measures['price'].sum, measures['price'].avg, measures['quantity'].max)")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();

    // day records keys duplicates quarantined price_sum price_avg quantity_max; a day's average
    // is its sum over its records (weighted by the records of each hour it is rolled up from):
    // 328.39 / 4, 160.90 / 3 rounded half up to six decimals, 98.99 / 2.
    assertThat(rows)
        .containsExactly(
            "17 1 1 0 0 119.000000 119.000000 1.000000",
            "20 4 4 2 3 328.390000 82.097500 3.000000",
            "21 3 3 1 3 160.900000 53.633333 1.000000",
            "22 2 2 0 1 98.990000 49.495000 2.000000");
  }

  @Test
  @Order(3)
  void eachAggregateTableCommitWritesOneFilePerPartition() {
    // The sources' aggregates come in two partitions each (the test session's shuffle
    // partitions); the commit still writes one file per table partition.
    List<String> sourceMonths =
        SOURCES.stream().map(source -> "source=" + source + "/year=2026/month=11").toList();
    assertThat(partitionsOfFirstCommit("daily_summary")).containsExactlyElementsOf(sourceMonths);
    assertThat(partitionsOfFirstCommit("hourly_metrics")).containsExactlyElementsOf(sourceMonths);
    assertThat(partitionsOfFirstCommit("source_statistics"))
        .containsExactlyElementsOf(SOURCES.stream().map(source -> "source=" + source).toList());
  }

  /** The partition of each file the first commit of a curated table added, sorted. */
  private List<String> partitionsOfFirstCommit(String table) {
    String path = lake.resolve("curated").resolve(table).toString();
    String tableDirectory = "/" + table + "/";
    return DeltaChanges.between(spark, path, -1, 0).orElseThrow().added().stream()
        .map(DeltaChanges.AddedFile::path)
        .map(
            file ->
                file.substring(
                    file.indexOf(tableDirectory) + tableDirectory.length(), file.lastIndexOf('/')))
        .sorted()
        .toList();
  }

  @Test
  @Order(4)
  void everyCuratedTableEqualsAnIndependentComputation() {
    for (String source : SOURCES) {
      String processed = "delta.`" + lake.resolve("processed").resolve(source) + "`";
      String quarantine = "delta.`" + lake.resolve("quarantine").resolve(source) + "`";
      String stats = "delta.`" + lake.resolve("processed/_stats").resolve(source) + "`";
      // Quarantine day: event day, else the landing partition in the raw file's path.
      String quarantineDays =
          "SELECT coalesce(CAST(_event_time AS DATE), make_date(CAST(regexp_extract(_raw_file,"
              + " 'year=([0-9]{4})/', 1) AS INT), CAST(regexp_extract(_raw_file, 'month=([0-9]+)/',"
              + " 1) AS INT), CAST(regexp_extract(_raw_file, 'day=([0-9]+)/', 1) AS INT))) AS d"
              + " FROM "
              + quarantine;
      Dataset<Row> expectedDaily =
          spark.sql(
              "WITH p AS (SELECT year, month, day, count(*) AS records, count(DISTINCT"
                  + " _record_hash) AS keys, avg(_quality_score) AS q_avg, min(_quality_score) AS"
                  + " q_min, min(_event_time) AS first_t, max(_event_time) AS last_t FROM "
                  + processed
                  + " GROUP BY 1, 2, 3), q AS (SELECT year(d) AS year, month(d) AS month, day(d) AS"
                  + " day, count(*) AS quarantined FROM ("
                  + quarantineDays
                  + ") GROUP BY 1, 2, 3),"
                  + " s AS (SELECT year, month, day, sum(valid_rows) AS valid FROM "
                  + stats
                  + " GROUP BY 1, 2, 3) SELECT coalesce(p.year, q.year) AS year, coalesce(p.month,"
                  + " q.month) AS month, coalesce(p.day, q.day) AS day, coalesce(records, 0) AS"
                  + " records, coalesce(keys, 0) AS keys, q_avg, q_min, coalesce(quarantined, 0) AS"
                  + " quarantined, coalesce(valid, 0) - coalesce(records, 0) AS duplicates,"
                  + " first_t, last_t FROM p FULL OUTER JOIN q ON p.year = q.year AND p.month ="
                  + " q.month AND p.day = q.day LEFT JOIN s ON s.year = coalesce(p.year, q.year)"
                  + " AND s.month = coalesce(p.month, q.month) AND s.day = coalesce(p.day, q.day)");
      assertCuratedRows(
          "daily_summary",
          source,
          expectedDaily,
          "year",
          "month",
          "day",
          "records",
          "distinct_keys",
          "quality_score_avg",
          "quality_score_min",
          "quarantined",
          "duplicates",
          "first_event_time",
          "last_event_time");

      Dataset<Row> expectedHourly =
          spark.sql(
              // The latency percentiles are approximate (percentile_approx, accuracy 10,000).
              "SELECT year, month, day, hour(_event_time), count(*), avg(_quality_score),"
                  + " percentile_approx(CAST(_processed_at AS DOUBLE) - CAST(_event_time AS"
                  + " DOUBLE), 0.5, 10000), percentile_approx(CAST(_processed_at AS DOUBLE) -"
                  + " CAST(_event_time AS DOUBLE), 0.95, 10000)"
                  + " FROM "
                  + processed
                  + " GROUP BY 1, 2, 3, 4");
      assertCuratedRows(
          "hourly_metrics",
          source,
          expectedHourly,
          "year",
          "month",
          "day",
          "hour",
          "records",
          "quality_score_avg",
          "latency_p50_seconds",
          "latency_p95_seconds");

      Row expectedStats =
          spark
              .sql(
                  "SELECT (SELECT count(*) FROM "
                      + processed
                      + "), (SELECT min(_event_time) FROM "
                      + processed
                      + "),"
                      + " (SELECT count(DISTINCT year, month, day) FROM "
                      + processed
                      + ")")
              .first();
      Row actualStats =
          curated("curated/source_statistics", source)
              .selectExpr("total_records", "first_seen", "days_active")
              .first();
      assertThat(actualStats.getLong(0)).as(source).isEqualTo(expectedStats.getLong(0));
      assertThat(actualStats.getTimestamp(1)).as(source).isEqualTo(expectedStats.getTimestamp(1));
      assertThat(actualStats.getLong(2)).as(source).isEqualTo(expectedStats.getLong(2));
    }
    Row orders =
        curated("curated/source_statistics", "orders")
            .selectExpr("total_records", "duplicate_rate", "quarantine_rate", "last_run_id")
            .first();
    assertThat(orders.getLong(0)).isEqualTo(10);
    assertThat(orders.getDouble(1)).isEqualTo(3.0 / 20.0);
    assertThat(orders.getDouble(2)).isEqualTo(7.0 / 20.0);
    assertThat(orders.getString(3)).isEqualTo("run-1");
  }

  @Test
  @Order(5)
  void rerunWithoutNewDataCreatesNoNewVersion() {
    Map<String, Long> before = new HashMap<>();
    for (String table : List.of("daily_summary", "hourly_metrics", "source_statistics")) {
      before.put(table, version(table));
    }

    List<CuratedResult.Outcome> rerun = curate("curate-2");

    assertThat(rerun).allMatch(o -> o.days().isEmpty() && o.error().isEmpty());
    for (String table : before.keySet()) {
      assertThat(version(table)).as(table).isEqualTo(before.get(table));
    }
  }

  @Test
  @Order(6)
  void lateDataChangesExactlyItsDay() throws IOException {
    List<Row> dailyBefore =
        table("curated/daily_summary").orderBy("source", "year", "month", "day").collectAsList();
    List<Row> hourlyBefore =
        table("curated/hourly_metrics")
            .where("NOT (source = 'orders' AND day = 20)")
            .orderBy("source", "year", "month", "day", "hour")
            .collectAsList();
    Path late = raw.resolve("orders/year=2026/month=11/day=23/orders-late.jsonl");
    Files.createDirectories(late.getParent());
    Files.writeString(
        late,
        "{\"order_id\":\"o-3001\",\"customer_id\":\"c-002\",\"product\":\"Mug\",\"category\":\"home\",\"price\":12.00,\"quantity\":2,\"country\":\"FR\",\"order_ts\":\"2026-11-20T15:30:00Z\"}\n");

    SampleLake.run(spark, SampleLake.config(raw, lake, TableFormat.DELTA, "run-late"));
    List<CuratedResult.Outcome> outcomes = curate("curate-late");

    assertThat(outcomes.get(1).days()).containsExactly(new DayKey(2026, 11, 20));
    assertThat(outcomes.get(1).fullRecompute()).isFalse();
    List<Row> dailyAfter =
        table("curated/daily_summary").orderBy("source", "year", "month", "day").collectAsList();
    assertThat(dailyAfter).hasSameSizeAs(dailyBefore);
    for (int i = 0; i < dailyBefore.size(); i++) {
      Row b = dailyBefore.get(i);
      boolean lateDay = b.getString(0).equals("orders") && b.getInt(3) == 20;
      if (lateDay) {
        assertThat(dailyAfter.get(i).<Long>getAs("records")).isEqualTo(5L);
        assertThat(dailyAfter.get(i).<String>getAs("last_run_id")).isEqualTo("run-late");
      } else {
        assertThat(dailyAfter.get(i)).isEqualTo(b);
      }
    }
    assertThat(
            table("curated/hourly_metrics")
                .where("NOT (source = 'orders' AND day = 20)")
                .orderBy("source", "year", "month", "day", "hour")
                .collectAsList())
        .isEqualTo(hourlyBefore);
    assertThat(
            table("curated/hourly_metrics")
                .where("source = 'orders' AND day = 20 AND hour = 15")
                .selectExpr("records")
                .first()
                .getLong(0))
        .isEqualTo(1L);
    // Only files of the orders partition of that month were rewritten.
    List<Row> touched =
        spark
            .sql("DESCRIBE HISTORY delta.`" + lake.resolve("curated/daily_summary") + "` LIMIT 1")
            .selectExpr("operationParameters['predicate']")
            .collectAsList();
    assertThat(touched.get(0).getString(0)).contains("orders").contains("day = 20");
  }
}
