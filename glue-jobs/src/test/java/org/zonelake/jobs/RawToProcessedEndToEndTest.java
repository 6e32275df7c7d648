package org.zonelake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;
import org.zonelake.testdata.ExpectedCounts;

/** One run of raw to processed over testdata/, reconciled with the manifest, then a rerun. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawToProcessedEndToEndTest {

  @TempDir static Path temp;

  private final SparkSession spark = TestSpark.session();
  private Path lake;
  private List<SourceOutcome> first;
  private List<SourceOutcome> rerun;

  @BeforeAll
  void runTwice() {
    lake = temp.resolve("lake");
    RawToProcessedConfig config =
        SampleLake.config(SampleLake.TESTDATA.resolve("raw"), lake, TableFormat.DELTA, "run-1");
    first = SampleLake.run(spark, config);
    rerun =
        SampleLake.run(
            spark,
            SampleLake.config(
                SampleLake.TESTDATA.resolve("raw"), lake, TableFormat.DELTA, "run-2"));
  }

  private SourceOutcome outcome(List<SourceOutcome> outcomes, String source) {
    return outcomes.stream().filter(o -> o.source().equals(source)).findFirst().orElseThrow();
  }

  /** The Delta table {@code lake/<name>}. */
  private Dataset<Row> table(String name) {
    return spark.read().format("delta").load(lake.resolve(name).toString());
  }

  private long count(String sql) {
    return spark.sql(sql).count();
  }

  @Test
  void everySourceReconcilesWithTheManifest() {
    for (Map.Entry<String, ExpectedCounts> entry : SampleLake.manifest().entrySet()) {
      String source = entry.getKey();
      ExpectedCounts expected = entry.getValue();
      BatchCounts counts = outcome(first, source).counts();
      Map<String, Long> reasons = expected.quarantinedByReason();

      assertThat(outcome(first, source).status())
          .as(source)
          .isEqualTo(SourceOutcome.Status.SUCCEEDED);
      assertThat(SampleLake.figures(counts))
          .as(source + ": files, lines read, written, duplicates, quarantined")
          .containsExactly(
              expected.files(),
              expected.linesRead(),
              expected.written(),
              expected.duplicates(),
              expected.quarantined());
      assertThat(counts.quarantinedByReason()).as(source + " reasons").isEqualTo(reasons);
      assertThat(counts.linesRead())
          .isEqualTo(counts.written() + counts.duplicates() + counts.quarantined());

      // The tables hold what the counts say.
      String processed = lake.resolve("processed").resolve(source).toString();
      String quarantine = lake.resolve("quarantine").resolve(source).toString();
      assertThat(spark.read().format("delta").load(processed).count()).isEqualTo(counts.written());
      assertThat(spark.read().format("delta").load(quarantine).count())
          .isEqualTo(counts.quarantined());
      for (Map.Entry<String, Long> reason : reasons.entrySet()) {
        assertThat(
                spark
                    .read()
                    .format("delta")
                    .load(quarantine)
                    .where(
                        org.apache.spark.sql.functions.array_contains(
                            org.apache.spark.sql.functions.col("_reason_codes"), reason.getKey()))
                    .count())
            .as(source + " quarantined for " + reason.getKey())
            .isEqualTo(reason.getValue());
      }
      Map<String, Long> byRule = expected.quarantinedByRule();
      Map<String, Long> actualByRule = new HashMap<>();
      spark
          .read()
          .format("delta")
          .load(quarantine)
          .selectExpr("explode(_reasons) AS reason")
          .where("reason LIKE 'quality_rule: %'")
          .groupBy("reason")
          .count()
          .collectAsList()
          .forEach(
              r ->
                  actualByRule.put(
                      r.getString(0).substring("quality_rule: ".length()), r.getLong(1)));
      assertThat(actualByRule).as(source + " quarantined by rule").isEqualTo(byRule);
    }
  }

  @Test
  void sourceWithoutContractIsSkippedWithTheReason() {
    SourceOutcome skipped = outcome(first, "clickstream");

    assertThat(skipped.status()).isEqualTo(SourceOutcome.Status.SKIPPED);
    assertThat(skipped.message())
        .contains(
            "no contract for raw directory "
                + SampleLake.TESTDATA.resolve("raw/clickstream")
                + "; add clickstream.json to the contracts. Its files stay in raw for a later run");
  }

  @Test
  void rerunOnTheSameRawDataAddsNothing() {
    for (SourceOutcome outcome : rerun) {
      assertThat(outcome.counts()).as(outcome.source()).isEqualTo(BatchCounts.empty());
    }
    assertThat(table("processed/orders").where("_run_id = 'run-2'").count()).isZero();
    assertThat(table("quarantine/orders").where("_run_id = 'run-2'").count()).isZero();
  }

  @Test
  void processedRowsAreTypedAndCarryTheirLineage() {
    Row lateOrder =
        table("processed/orders")
            .where("order_id = 'o-1010'")
            .select(
                "price",
                "quantity",
                "_event_time",
                "year",
                "month",
                "day",
                "_raw_file",
                "_quality_score",
                "_run_id",
                "_unknown_fields")
            .collectAsList()
            .get(0);

    assertThat(lateOrder.getDecimal(0)).isEqualByComparingTo("119.00");
    assertThat(lateOrder.getInt(1)).isEqualTo(1);
    assertThat(lateOrder.getTimestamp(2).toInstant().toString()).isEqualTo("2026-11-17T16:20:00Z");
    // Late data lands in the partition of its event time, not of its arrival.
    assertThat(List.of(lateOrder.getInt(3), lateOrder.getInt(4), lateOrder.getInt(5)))
        .containsExactly(2026, 11, 17);
    assertThat(lateOrder.getString(6))
        .endsWith("raw/orders/year=2026/month=11/day=21/orders-0002.jsonl");
    assertThat(lateOrder.getDouble(7)).isEqualTo(1.0);
    assertThat(lateOrder.getString(8)).isEqualTo("run-1");
    assertThat(lateOrder.isNullAt(9)).isTrue();

    Row drifted =
        table("processed/orders")
            .where("order_id = 'o-1011'")
            .select("_unknown_fields")
            .collectAsList()
            .get(0);
    assertThat(drifted.getJavaMap(0)).containsExactly(Map.entry("coupon", "BLACKFRIDAY"));

    Row csv =
        table("processed/customers")
            .where("customer_id = 'c-001'")
            .select("name", "address", "city")
            .collectAsList()
            .get(0);
    assertThat(csv.getString(0)).isEqualTo("Müller, Anna");
    assertThat(csv.getString(1)).isEqualTo("Leopoldstraße 12\n80802 München");
  }

  @Test
  void quarantineKeepsTheRawRecordVerbatimWithItsReasons() {
    List<Row> rows =
        table("quarantine/web_logs")
            .orderBy("_raw_record")
            .select("_raw_record", "_reasons", "_quality_score")
            .collectAsList();

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getString(0)).isEqualTo("### log rotated ###");
    assertThat(rows.get(0).getList(1))
        .containsExactly("malformed: line does not match the source's pattern");
    assertThat(rows.get(1).getString(0))
        .isEqualTo(
            "192.0.2.44 - - [22/Nov/2026:10:16:01 +0000] \"GET /search?q=caf%C3%A9 HTTP/1.1\" 200"
                + " abc \"Mozilla/5.0\"");
    assertThat(rows.get(1).getList(1))
        .containsExactly("type_cast: column 'bytes' value \"abc\" is not a valid BIGINT");
    // web_logs: 5 required + 7 conversion checks; one conversion failed.
    assertThat(rows.get(1).getDouble(2)).isEqualTo(11.0 / 12.0);
    assertThat(rows.get(2).getList(1))
        .containsExactly(
            "bad_event_time: column 'ts' value \"32/Nov/2026:10:16:05 +0000\" matches none of the"
                + " formats [dd/MMM/yyyy:HH:mm:ss Z]");
  }

  @Test
  void qualityScoresOfHandPickedRowsEqualHandComputedValues() {
    // orders: 13 contract checks (5 required columns, 8 columns) and 6 row-level rules (3
    // quarantine, 2 warn, IsComplete "order_id" of the fail file).
    String processed = "delta.`" + lake.resolve("processed/orders") + "`";
    String quarantine = "delta.`" + lake.resolve("quarantine/orders") + "`";
    List<Row> scores =
        spark
            .sql(
                "SELECT order_id, _quality_score FROM "
                    + processed
                    + " WHERE order_id IN ('o-1001', 'o-1012') ORDER BY order_id")
            .collectAsList();
    // o-1012: category 'home' is not in the warn list; everything else passes.
    assertThat(scores)
        .extracting(r -> r.getString(0), r -> r.getDouble(1))
        .containsExactly(tuple("o-1001", 19.0 / 19), tuple("o-1012", 18.0 / 19));
    // o-1016: price -5 and quantity 500 fail two quarantine rules, category 'home' a warn rule.
    Row quarantined =
        spark
            .sql(
                "SELECT _quality_score, _reasons FROM "
                    + quarantine
                    + " WHERE _raw_record LIKE '%o-1016%'")
            .first();
    assertThat(quarantined.getDouble(0)).isEqualTo(16.0 / 19);
    assertThat(quarantined.<String>getList(1))
        .containsExactly(
            "quality_rule: ColumnValues \"price\" > 0",
            "quality_rule: ColumnValues \"quantity\" <= 100");
  }

  @Test
  void deltaTablesStayReadableByAthena() {
    for (String table :
        List.of("processed/orders", "quarantine/orders", "processed/sensor_readings")) {
      Row detail =
          spark
              .sql("DESCRIBE DETAIL delta.`" + lake.resolve(table) + "`")
              .select("minReaderVersion", "partitionColumns")
              .collectAsList()
              .get(0);
      assertThat(detail.getInt(0)).as(table).isEqualTo(1);
    }
    Row processed =
        spark
            .sql("DESCRIBE DETAIL delta.`" + lake.resolve("processed/orders") + "`")
            .select("partitionColumns")
            .collectAsList()
            .get(0);
    assertThat(processed.getList(0)).containsExactly("year", "month", "day");
  }

  @Test
  void nothingIsWrittenTwiceAcrossFiles() {
    assertThat(
            count(
                "SELECT order_id FROM delta.`"
                    + lake.resolve("processed/orders")
                    + "` GROUP BY order_id HAVING count(*) > 1"))
        .isZero();
    assertThat(
            count(
                "SELECT _record_hash FROM delta.`"
                    + lake.resolve("processed/sensor_readings")
                    + "` GROUP BY 1 HAVING count(*) > 1"))
        .isZero();
  }
}
