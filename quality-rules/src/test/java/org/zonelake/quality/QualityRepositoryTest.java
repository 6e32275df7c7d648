package org.zonelake.quality;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.core.write.TableFormat;

/** The rule results a batch records, and which of them the quality report counts as anomalies. */
class QualityRepositoryTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  private final SparkSession spark = TestSpark.session();

  @Test
  void anAnomalyIsARuleThatFailedAgainstTheHistoryItRecorded(@TempDir Path lake) {
    MetricHistory usual =
        Map.<String, List<Double>>of("RowCount", List.of(100.0, 104.0, 96.0, 100.0, 102.0))::get;
    QualityOutcome outcome =
        DataQuality.evaluate(
            spark.range(10).selectExpr("CAST(10 AS DECIMAL(10,2)) AS price"),
            Fixtures.ruleset(
                "DetectAnomalies \"RowCount\"\n"
                    + "RowCount > avg(last(3)) * 0.5\n"
                    + "RowCount > 50\n"
                    + "RowCount < avg(last(3)) * 2",
                null,
                null),
            Map.of(),
            NOW,
            usual,
            Map.of());
    String results = lake.resolve("quality/results").toString();
    new QualityRepository(
            spark, results, lake.resolve("quality/metrics").toString(), TableFormat.DELTA)
        .record("shop", "run-1", 1, NOW, outcome, false, true);

    Dataset<Row> recorded = spark.read().format("delta").load(results);

    assertThat(
            recorded.orderBy("line").select("rule", "passed", "history").collectAsList().stream()
                .map(r -> tuple(r.getString(0), r.getBoolean(1), r.getList(2)))
                .toList())
        .containsExactly(
            tuple("DetectAnomalies \"RowCount\"", false, List.of(100.0, 104.0, 96.0, 100.0, 102.0)),
            tuple("RowCount > avg(last(3)) * 0.5", false, List.of(96.0, 100.0, 102.0)),
            tuple("RowCount > 50", false, List.of()),
            tuple("RowCount < avg(last(3)) * 2", true, List.of(96.0, 100.0, 102.0)));
    assertThat(anomalies(recorded))
        .containsExactly("DetectAnomalies \"RowCount\"", "RowCount > avg(last(3)) * 0.5");
    // Results written before the table kept the history: told by their thresholds' text.
    assertThat(anomalies(recorded.drop("history")))
        .containsExactly("DetectAnomalies \"RowCount\"", "RowCount > avg(last(3)) * 0.5");
    assertThat(anomalies(recorded.withColumn("history", lit(null).cast("array<double>"))))
        .containsExactly("DetectAnomalies \"RowCount\"", "RowCount > avg(last(3)) * 0.5");
  }

  private static List<String> anomalies(Dataset<Row> results) {
    return results
        .where(QualityRepository.failedAgainstHistory())
        .orderBy("line")
        .select("rule")
        .as(Encoders.STRING())
        .collectAsList();
  }
}
