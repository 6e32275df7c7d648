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

class DataQualityBatchTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> orders() {
    return spark.sql(
        """
        SELECT * FROM VALUES
          ('o-1', 'c-1', CAST(10.00 AS DECIMAL(10,2)), 1, 'DE', TIMESTAMP'2026-11-20 10:00:00'),
          ('o-2', 'c-2', CAST(20.00 AS DECIMAL(10,2)), 2, 'FR', TIMESTAMP'2026-11-20 11:00:00'),
          ('o-2', 'c-9', CAST(30.00 AS DECIMAL(10,2)), 3, NULL, TIMESTAMP'2026-11-18 12:00:00'),
          ('o-4', NULL, CAST(40.00 AS DECIMAL(10,2)), 4, 'DE', TIMESTAMP'2026-11-20 13:00:00')
          AS t(order_id, customer_id, price, quantity, country, ts)
        """);
  }

  private Dataset<Row> customers() {
    return spark.sql("SELECT * FROM VALUES ('c-1'), ('c-2'), ('c-3'), (NULL) AS t(customer_id)");
  }

  private QualityOutcome evaluate(String warn, String fail) {
    return DataQuality.evaluate(
        orders(), Fixtures.ruleset(warn, null, fail), Map.of("customers", customers()), NOW);
  }

  /** Evaluates warn and fail rules on {@code batch}, with no reference datasets. */
  private static QualityOutcome evaluateWithoutReferences(
      Dataset<Row> batch, String warn, String fail) {
    return DataQuality.evaluate(batch, Fixtures.ruleset(warn, null, fail), Map.of(), NOW);
  }

  @Test
  void batchRulesReportObservedValueAndThreshold() {
    QualityOutcome outcome =
        evaluate(
            """
            RowCount between 1 and 10
            Completeness "country" >= 0.75
            Completeness "customer_id" > 0.9
            IsUnique "order_id"
            Uniqueness "order_id" >= 0.5
            IsPrimaryKey "order_id" "customer_id"
            DistinctValuesCount "country" = 3
            Mean "price" = 25
            Sum "quantity" = 10
            StandardDeviation "price" < 12
            ColumnExists "country"
            ColumnDataType "quantity" = "INTEGER"
            CustomSql "SELECT COUNT(*) FROM primary WHERE quantity > 2" = 2
            CustomSql "SELECT max(price) - min(price) FROM primary" = 30
            DataFreshness "ts" <= 24 hours
            ReferentialIntegrity "customer_id" "customers.customer_id" >= 0.9
            """,
            null);

    assertThat(outcome.rowCount()).isEqualTo(4);
    assertThat(outcome.batchResults())
        .extracting(
            RuleResult::text, RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(
            tuple("RowCount between 1 and 10", true, "4", "between 1 and 10"),
            tuple("Completeness \"country\" >= 0.75", true, "0.75", ">= 0.75"),
            tuple("Completeness \"customer_id\" > 0.9", false, "0.75", "> 0.9"),
            tuple("IsUnique \"order_id\"", false, "0.5", "= 1.0"),
            tuple("Uniqueness \"order_id\" >= 0.5", true, "0.5", ">= 0.5"),
            tuple("IsPrimaryKey \"order_id\" \"customer_id\"", false, "0.75", "= 1.0"),
            // Null counts as one more value, as in Deequ: DE, FR and null.
            tuple("DistinctValuesCount \"country\" = 3", true, "3", "= 3"),
            tuple("Mean \"price\" = 25", true, "25", "= 25"),
            tuple("Sum \"quantity\" = 10", true, "10", "= 10"),
            tuple("StandardDeviation \"price\" < 12", true, "11.1803", "< 12"),
            tuple("ColumnExists \"country\"", true, "present", "present"),
            tuple("ColumnDataType \"quantity\" = \"INTEGER\"", true, "1", "= 1.0"),
            tuple(
                "CustomSql \"SELECT COUNT(*) FROM primary WHERE quantity > 2\" = 2",
                true,
                "2",
                "= 2"),
            tuple(
                "CustomSql \"SELECT max(price) - min(price) FROM primary\" = 30",
                true,
                "30",
                "= 30"),
            tuple("DataFreshness \"ts\" <= 24 hours", false, "0.75", "= 1.0"),
            tuple(
                "ReferentialIntegrity \"customer_id\" \"customers.customer_id\" >= 0.9",
                false,
                "0.6667",
                ">= 0.9"));
    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.warnings()).hasSize(5);
    assertThat(outcome.warnings().get(4).message())
        .isEqualTo(
            "rule 'ReferentialIntegrity \"customer_id\" \"customers.customer_id\" >= 0.9'"
                + " (shop.warn.dqdl line 17, warn) did not pass: observed 0.6667 (1 of 3 rows not"
                + " in 'customers'), threshold >= 0.9");
  }

  @Test
  void failedFailRuleNamesRuleObservedValueAndThreshold() {
    QualityOutcome outcome =
        evaluate("RowCount > 100", "RowCount > 0\nRowCount > 10\nIsComplete \"customer_id\"");

    assertThat(outcome.failures())
        .extracting(RuleResult::message)
        .containsExactly(
            "rule 'RowCount > 10' (shop.fail.dqdl line 3, fail) did not pass: observed 4,"
                + " threshold > 10",
            "rule 'IsComplete \"customer_id\"' (shop.fail.dqdl line 4, fail) did not pass:"
                + " observed 0.75 (1 of 4 rows fail), threshold every row");
    assertThatThrownBy(
            () ->
                outcome.requirePassed(
                    "shop", List.of("raw/shop.jsonl"), "read 4 record(s), 0 of them to quarantine"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Source 'shop': 2 quality rule(s) with action fail did not pass: rule 'RowCount > 10'"
                + " (shop.fail.dqdl line 3, fail) did not pass: observed 4, threshold > 10; rule"
                + " 'IsComplete \"customer_id\"' (shop.fail.dqdl line 4, fail) did not pass:"
                + " observed 0.75 (1 of 4 rows fail), threshold every row. The batch read 4"
                + " record(s), 0 of them to quarantine. Nothing of it was committed; its raw files:"
                + " raw/shop.jsonl. Fix: correct the data at its origin, the contract if the"
                + " records are right (a time format it does not list yet, say), or the rule if the"
                + " expectation is wrong; the raw files are read again by the next run (a file that"
                + " cannot be corrected can be moved out of the raw zone: the next run puts it in"
                + " file quarantine).");
  }

  @Test
  void passingFailRulesLetTheBatchCommit() {
    QualityOutcome outcome = evaluate(null, "RowCount > 0\nIsComplete \"order_id\"");
    assertThat(outcome.failures()).isEmpty();
    outcome.requirePassed("shop", List.of(), "read 4 record(s), 0 of them to quarantine");
    assertThat(outcome.batchResults())
        .extracting(RuleResult::passed, RuleResult::observed)
        .containsExactly(tuple(true, "4"), tuple(true, "1"));
  }

  @Test
  void emptyBatchPassesEveryRuleButRowCount() {
    QualityOutcome outcome =
        evaluateWithoutReferences(
            orders().limit(0), "Mean \"price\" > 5\nIsUnique \"order_id\"", "RowCount > 0");
    assertThat(outcome.batchResults())
        .extracting(RuleResult::text, RuleResult::passed, RuleResult::observed)
        .containsExactly(
            tuple("Mean \"price\" > 5", true, "no rows"),
            tuple("IsUnique \"order_id\"", true, "no rows"),
            tuple("RowCount > 0", false, "0"));
  }

  @Test
  void aStatisticOfAColumnWithoutValuesPasses() {
    QualityOutcome outcome =
        evaluateWithoutReferences(
            orders()
                .withColumn(
                    "price", org.apache.spark.sql.functions.lit(null).cast("decimal(10,2)")),
            "Mean \"price\" > 5\nSum \"price\" > 1",
            "RowCount > 0");
    assertThat(outcome.batchResults())
        .extracting(RuleResult::text, RuleResult::passed, RuleResult::observed)
        .containsExactly(
            tuple("Mean \"price\" > 5", true, "no value"),
            tuple("Sum \"price\" > 1", true, "no value"),
            tuple("RowCount > 0", true, "4"));
  }

  @Test
  void referenceDatasetMustBeProvided() {
    assertThatThrownBy(
            () ->
                evaluateWithoutReferences(
                    orders(),
                    "ReferentialIntegrity \"customer_id\" \"customers.customer_id\" = 1.0",
                    null))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Rule 'ReferentialIntegrity \"customer_id\" \"customers.customer_id\" = 1.0' checks"
                + " against reference dataset 'customers', which was not provided (provided: [])."
                + " Fix: pass the reference dataset under the name 'customers' when evaluating.");
  }

  @Test
  void dynamicRulesCompareTheBatchWithItsHistory() {
    Ruleset rules =
        Fixtures.ruleset(
            "RowCount > avg(last(3)) * 0.5\nMean \"price\" between min(last(2)) and max(last(2))",
            null,
            null);
    MetricHistory history =
        Map.of("RowCount", List.of(100.0, 10.0, 12.0, 14.0), "Mean \"price\"", List.of(20.0, 24.0))
            ::get;

    QualityOutcome outcome =
        DataQuality.evaluate(orders(), rules, Map.of(), NOW, history, Map.of());

    // 4 rows against half the mean of the last 3 row counts (12 / 2 = 6); mean price 25.
    assertThat(outcome.batchResults())
        .extracting(RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(
            tuple(false, "4", "> avg(last(3)) * 0.5 (= 6 from 4 run(s))"),
            tuple(
                false, "25", "between min(last(2)) and max(last(2)) (= 20 and 24 from 2 run(s))"));
  }

  @Test
  void dynamicRulesPassWithoutHistory() {
    QualityOutcome outcome =
        DataQuality.evaluate(
            orders(),
            Fixtures.ruleset("RowCount > avg(last(3)) * 0.5", null, null),
            Map.of(),
            NOW,
            MetricHistory.NONE,
            Map.of());

    assertThat(outcome.batchResults())
        .extracting(RuleResult::passed, RuleResult::observed, RuleResult::threshold)
        .containsExactly(tuple(true, "4", "> avg(last(3)) * 0.5 (no history yet)"));
  }

  @Test
  void trackedMetricsAreMeasuredInTheSamePass() {
    QualityOutcome outcome =
        DataQuality.evaluate(
            orders(),
            Fixtures.ruleset("Sum \"quantity\" > 0", null, null),
            Map.of(),
            NOW,
            MetricHistory.NONE,
            DataQuality.standardMetrics(List.of("country", "customer_id"), List.of("price")));

    assertThat(outcome.metrics())
        .containsExactly(
            Map.entry("RowCount", 4.0),
            Map.entry("Sum \"quantity\"", 10.0),
            Map.entry("Completeness \"country\"", 0.75),
            Map.entry("Completeness \"customer_id\"", 0.75),
            Map.entry("Mean \"price\"", 25.0));
  }

  @Test
  void numbersAreShownWithAtMostFourDecimals() {
    assertThat(
            List.of(DataQuality.number(3.0), DataQuality.number(2.0 / 3), DataQuality.number(0.5)))
        .containsExactly("3", "0.6667", "0.5");
  }

  @Test
  void aRulesetIsCompiledOnceAndEachRunOnlyBindsItsStartForDataFreshness() {
    Ruleset ruleset =
        Fixtures.ruleset("RowCount between 1 and 10\nDataFreshness \"ts\" <= 24 hours", null, null);

    QualityPlan first = QualityPlan.of(ruleset, NOW, Map.of());
    QualityPlan later = QualityPlan.of(ruleset, NOW.plusSeconds(3 * 86400), Map.of());
    // The Deequ check translated when the ruleset was loaded is the one both runs evaluate.
    assertThat(first.planned().get(0)).isSameAs(ruleset.planned().get(0));
    assertThat(later.planned().get(0)).isSameAs(ruleset.planned().get(0));
    assertThat(ruleset.planned().get(1)).isInstanceOf(PlannedRule.OnFreshness.class);
    assertThat(first.planned().get(1)).isInstanceOf(PlannedRule.OnShare.class);

    // Three of the four rows are within a day of NOW; none is within a day of three days later.
    assertThat(
            List.of(
                DataQuality.evaluate(orders(), ruleset, Map.of(), NOW)
                    .batchResults()
                    .get(1)
                    .observed(),
                DataQuality.evaluate(orders(), ruleset, Map.of(), NOW.plusSeconds(3 * 86400))
                    .batchResults()
                    .get(1)
                    .observed()))
        .containsExactly("0.75", "0");
  }
}
