package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.testing.TestSpark;

/** DetectAnomalies compares a batch's metric with its history through Deequ's anomaly detection. */
class DetectAnomaliesTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  /** The row counts of the five latest committed batches: about 100 rows each. */
  private static final MetricHistory USUAL =
      Map.<String, List<Double>>of("RowCount", List.of(100.0, 104.0, 96.0, 100.0, 102.0))::get;

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> orders(long rows) {
    return spark
        .range(rows)
        .selectExpr(
            "concat('o-', id) AS order_id",
            "'c-1' AS customer_id",
            "CAST(10 + id % 3 AS DECIMAL(10,2)) AS price",
            "CAST(1 AS INT) AS quantity",
            "'DE' AS country",
            "TIMESTAMP'2026-11-20 10:00:00' AS ts");
  }

  private QualityOutcome evaluate(long rows, MetricHistory history) {
    return DataQuality.evaluate(
        orders(rows),
        Fixtures.ruleset("DetectAnomalies \"RowCount\"", null, null),
        Map.of(),
        NOW,
        history,
        Map.of());
  }

  private boolean needsHistory(String warnRules) {
    return QualityPlan.of(Fixtures.ruleset(warnRules, null, null), NOW, Map.of()).needsHistory();
  }

  @Test
  void theJobsReadTheHistoryForAnomaliesAndLastKButNotForAQuotedLast() {
    assertThat(needsHistory("DetectAnomalies \"RowCount\"")).isTrue();
    assertThat(needsHistory("RowCount > avg(last(3)) * 0.5")).isTrue();
    assertThat(needsHistory("Completeness \"price\" >= min(last(2))")).isTrue();
    assertThat(needsHistory("RowCount > 0\nColumnValues \"country\" in [\"last(1)\", \"DE\"]"))
        .isFalse();
  }

  @Test
  void aBatchWithATenthOfTheUsualRowsIsFlagged() {
    QualityOutcome outcome = evaluate(10, USUAL);

    // Mean 100.4, sample standard deviation 2.9665: anomalous outside 91.5 to 109.3.
    assertThat(outcome.batchResults())
        .extracting(RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(
            tuple(
                false,
                "10",
                "not anomalous (within 3 standard deviations of the mean: 91.5006 to 109.2994"
                    + " from 5 run(s))"));
    assertThat(outcome.warnings().get(0).message())
        .isEqualTo(
            "rule 'DetectAnomalies \"RowCount\"' (shop.warn.dqdl line 2, warn) did not pass:"
                + " observed 10, threshold not anomalous (within 3 standard deviations of the"
                + " mean: 91.5006 to 109.2994 from 5 run(s))");
    assertThat(outcome.metrics()).containsEntry("RowCount", 10.0);
  }

  @Test
  void aUsualBatchPasses() {
    assertThat(evaluate(101, USUAL).batchResults())
        .extracting(RuleResult::passed, RuleResult::observed)
        .containsExactly(tuple(true, "101"));
  }

  @Test
  void withoutThreeBatchesOfHistoryTheRulePasses() {
    MetricHistory two = Map.of("RowCount", List.of(100.0, 100.0))::get;
    assertThat(evaluate(10, two).batchResults())
        .extracting(RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(tuple(true, "10", "not anomalous (no history yet: 2 of 3 run(s))"));
  }

  private static final String STEADY =
      "not anomalous (within 3 standard deviations of the mean: 100 to 100 from 4 run(s))";

  @Test
  void aMetricThatNeverVariedFlagsAnyChange() {
    MetricHistory steady = Map.of("RowCount", List.of(100.0, 100.0, 100.0, 100.0))::get;

    assertThat(evaluate(100, steady).batchResults())
        .extracting(RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(tuple(true, "100", STEADY));
    assertThat(evaluate(101, steady).batchResults())
        .extracting(RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(tuple(false, "101", STEADY));
  }

  @Test
  void otherMetricsAreWatchedToo() {
    QualityOutcome outcome =
        DataQuality.evaluate(
            orders(30),
            Fixtures.ruleset("DetectAnomalies \"Mean\" \"price\"", null, null),
            Map.of(),
            NOW,
            Map.of("Mean \"price\"", List.of(50.0, 52.0, 48.0, 50.0))::get,
            Map.of());

    assertThat(outcome.batchResults())
        .extracting(RuleResult::passed, RuleResult::observed)
        .containsExactly(tuple(false, "11"));
    assertThat(outcome.metrics()).containsEntry("Mean \"price\"", 11.0);
  }

  @Test
  void aMetricWithoutHistoryIsRefusedAtLoad() {
    assertThatThrownBy(
            () -> Fixtures.ruleset("DetectAnomalies \"Entropy\" \"country\"", null, null))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Ruleset shop.warn.dqdl line 2: rule 'DetectAnomalies \"Entropy\" \"country\"'"
                + " watches a metric ZoneLake does not keep a history of. Fix: watch one of"
                + " [Completeness, DistinctValuesCount, Mean, RowCount, StandardDeviation, Sum,"
                + " Uniqueness], e.g. DetectAnomalies \"RowCount\" or DetectAnomalies \"Mean\""
                + " \"price\".");
  }
}
