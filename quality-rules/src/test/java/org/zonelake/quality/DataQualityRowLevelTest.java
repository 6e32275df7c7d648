package org.zonelake.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

class DataQualityRowLevelTest {

  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> orders() {
    return spark.sql(
        """
        SELECT * FROM VALUES
          ('o-1', 'c-1', CAST(25.00 AS DECIMAL(10,2)), 2, 'DE', TIMESTAMP'2026-11-20 10:00:00'),
          ('o-2', 'c-2', CAST(-5.00 AS DECIMAL(10,2)), 1, 'FR', TIMESTAMP'2026-11-20 11:00:00'),
          ('o-3', 'c-3', CAST(0.00 AS DECIMAL(10,2)), 0, 'usa', TIMESTAMP'2026-11-20 12:00:00'),
          ('o-4', NULL, CAST(10.00 AS DECIMAL(10,2)), 500, NULL, TIMESTAMP'2026-11-20 13:00:00')
          AS t(order_id, customer_id, price, quantity, country, ts)
        """);
  }

  private static final Ruleset RULES =
      Fixtures.ruleset(
          """
          IsComplete "customer_id"
          ColumnValues "country" in ["DE", "FR", "US"]
          RowCount > 0
          """,
          """
          ColumnValues "price" > 0
          ColumnValues "quantity" between 0 and 101
          ColumnLength "country" = 2
          """,
          """
          ColumnValues "country" matches "[A-Za-z]+"
          """);

  @Test
  void eachRowListsEveryRowLevelRuleItFails() {
    Dataset<Row> rows =
        DataQuality.evaluate(orders(), RULES)
            .rows()
            .select(
                "order_id",
                DataQuality.FAILED_RULES,
                DataQuality.QUARANTINE,
                DataQuality.CHECKS,
                DataQuality.PASSED)
            .orderBy("order_id");

    assertThat(outcomes(rows))
        .containsExactly(
            row("o-1", List.of(), false, 6, 6),
            row("o-2", List.of("ColumnValues \"price\" > 0"), true, 6, 5),
            row(
                "o-3",
                List.of(
                    "ColumnValues \"country\" in [\"DE\", \"FR\", \"US\"]",
                    "ColumnValues \"price\" > 0",
                    "ColumnValues \"quantity\" between 0 and 101",
                    "ColumnLength \"country\" = 2"),
                true,
                6,
                2),
            row(
                "o-4",
                List.of(
                    "IsComplete \"customer_id\"",
                    "ColumnValues \"country\" in [\"DE\", \"FR\", \"US\"]",
                    "ColumnValues \"quantity\" between 0 and 101",
                    "ColumnValues \"country\" matches \"[A-Za-z]+\""),
                true,
                6,
                2));
  }

  @Test
  void inputColumnsAreKeptInOrderBeforeTheOutcomeColumns() {
    assertThat(DataQuality.evaluate(orders(), RULES).rows().columns())
        .containsExactly(
            "order_id",
            "customer_id",
            "price",
            "quantity",
            "country",
            "ts",
            "_dq_failed_rules",
            "_dq_quarantine_rules",
            "_dq_quarantine",
            "_dq_checks",
            "_dq_passed");
  }

  @Test
  void withoutRowLevelRulesNoRowFailsOrIsQuarantined() {
    Ruleset batchOnly = Fixtures.ruleset("RowCount > 0", null, null);
    List<Outcome> result =
        outcomes(
            DataQuality.evaluate(orders(), batchOnly)
                .rows()
                .select(
                    lit("any"),
                    col(DataQuality.FAILED_RULES),
                    col(DataQuality.QUARANTINE),
                    col(DataQuality.CHECKS),
                    col(DataQuality.PASSED))
                .distinct());
    assertThat(result).containsExactly(row("any", List.of(), false, 0, 0));
  }

  @Test
  void quarantineRulesBecomeReasonsAndTheScoreCountsContractChecks() {
    Ruleset rules =
        Fixtures.ruleset(
            "ColumnValues \"country\" in [\"DE\"]",
            "ColumnValues \"price\" < 20\nColumnValues \"quantity\" < 2",
            null);
    Dataset<Row> envelope =
        orders()
            .withColumn("_reasons", org.apache.spark.sql.functions.array().cast("array<string>"))
            .withColumn(
                "_reason_codes", org.apache.spark.sql.functions.array().cast("array<string>"))
            .withColumn("_quality_score", lit(1.0));

    List<Row> rows =
        DataQuality.evaluate(envelope, rules)
            .rows()
            .transform(DataQuality.intoEnvelope(7)::apply)
            .orderBy("order_id")
            .select("order_id", "_reasons", "_reason_codes", "_quality_score")
            .collectAsList();

    // 7 contract checks plus 3 row-level rules: a row failing k of them scores (10 - k) / 10.
    // A null country fails the warn rule, as in DQDL.
    String price = "quality_rule: ColumnValues \"price\" < 20";
    String quantity = "quality_rule: ColumnValues \"quantity\" < 2";
    assertThat(rows)
        .extracting(r -> r.getString(0), r -> r.getList(1), r -> r.getList(2), r -> r.getDouble(3))
        .containsExactly(
            tuple("o-1", List.of(price, quantity), List.of("quality_rule", "quality_rule"), 0.8),
            tuple("o-2", List.of(), List.of(), 0.9),
            tuple("o-3", List.of(), List.of(), 0.9),
            tuple("o-4", List.of(quantity), List.of("quality_rule"), 0.8));
  }

  /** One row's outcome columns. */
  record Outcome(String id, List<String> failed, boolean quarantine, int checks, int passed) {}

  private static Outcome row(
      String id, List<String> failed, boolean quarantine, int checks, int passed) {
    return new Outcome(id, failed, quarantine, checks, passed);
  }

  private static List<Outcome> outcomes(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(
            r ->
                new Outcome(
                    r.getString(0),
                    List.copyOf(r.<String>getList(1)),
                    r.getBoolean(2),
                    r.getInt(3),
                    r.getInt(4)))
        .toList();
  }
}
