package org.zonelake.quality;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

class DataQualityRowLevelTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  /** The contract checks of a row in {@link #envelope()}. */
  private static final int CONTRACT_CHECKS = 7;

  /**
   * o-5 after the row-level rules: it failed the contract's checks, so the rules are not decided
   * for it and it keeps its reasons and score.
   */
  private static final Tuple FAILED_CONTRACT =
      tuple("o-5", List.of("missing_required: ts"), List.of("missing_required"), 6.0 / 7, null);

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

  /**
   * The orders as the contract's checks leave them (no reason, score 1, checked), and o-5, which
   * failed one of the contract's 7 checks.
   */
  private Dataset<Row> envelope() {
    return spark.sql(
        """
        SELECT * FROM VALUES
          ('o-1', 'c-1', CAST(25.00 AS DECIMAL(10,2)), 2, 'DE', TIMESTAMP'2026-11-20 10:00:00',
           CAST(array() AS ARRAY<STRING>), CAST(array() AS ARRAY<STRING>), 1.0D, true),
          ('o-2', 'c-2', CAST(-5.00 AS DECIMAL(10,2)), 1, 'FR', TIMESTAMP'2026-11-20 11:00:00',
           CAST(array() AS ARRAY<STRING>), CAST(array() AS ARRAY<STRING>), 1.0D, true),
          ('o-3', 'c-3', CAST(0.00 AS DECIMAL(10,2)), 0, 'usa', TIMESTAMP'2026-11-20 12:00:00',
           CAST(array() AS ARRAY<STRING>), CAST(array() AS ARRAY<STRING>), 1.0D, true),
          ('o-4', NULL, CAST(10.00 AS DECIMAL(10,2)), 500, NULL, TIMESTAMP'2026-11-20 13:00:00',
           CAST(array() AS ARRAY<STRING>), CAST(array() AS ARRAY<STRING>), 1.0D, true),
          ('o-5', 'c-5', CAST(50.00 AS DECIMAL(10,2)), 5, 'DE', CAST(NULL AS TIMESTAMP),
           array('missing_required: ts'), array('missing_required'), 6.0D / 7, false)
          AS t(order_id, customer_id, price, quantity, country, ts,
               _reasons, _reason_codes, _quality_score, _checked)
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
  void eachRowHasTheOutcomeOfEveryRowLevelRuleInRulesetOrder() {
    List<Row> rows =
        DataQuality.evaluate(orders(), RULES)
            .rows()
            .select(col("order_id"), col(QualityPlan.ROW_PASSES))
            .orderBy("order_id")
            .collectAsList();

    assertThat(RULES.rowLevelRules())
        .extracting(QualityRule::text)
        .containsExactly(
            "IsComplete \"customer_id\"",
            "ColumnValues \"country\" in [\"DE\", \"FR\", \"US\"]",
            "ColumnValues \"price\" > 0",
            "ColumnValues \"quantity\" between 0 and 101",
            "ColumnLength \"country\" = 2",
            "ColumnValues \"country\" matches \"[A-Za-z]+\"");
    assertThat(rows)
        .extracting(r -> r.getString(0), r -> r.<Boolean>getList(1))
        .containsExactly(
            tuple("o-1", List.of(true, true, true, true, true, true)),
            tuple("o-2", List.of(true, true, false, true, true, true)),
            tuple("o-3", List.of(true, false, false, false, false, true)),
            tuple("o-4", List.of(false, false, true, false, true, false)));
    assertThat(rows)
        .extracting(r -> r.getString(0), r -> Fixtures.failedRules(RULES, r.getList(1)))
        .containsExactly(
            tuple("o-1", List.of()),
            tuple("o-2", List.of("ColumnValues \"price\" > 0")),
            tuple(
                "o-3",
                List.of(
                    "ColumnValues \"country\" in [\"DE\", \"FR\", \"US\"]",
                    "ColumnValues \"price\" > 0",
                    "ColumnValues \"quantity\" between 0 and 101",
                    "ColumnLength \"country\" = 2")),
            tuple(
                "o-4",
                List.of(
                    "IsComplete \"customer_id\"",
                    "ColumnValues \"country\" in [\"DE\", \"FR\", \"US\"]",
                    "ColumnValues \"quantity\" between 0 and 101",
                    "ColumnValues \"country\" matches \"[A-Za-z]+\"")));
  }

  @Test
  void inputColumnsAreKeptInOrderBeforeTheRowOutcomes() {
    assertThat(DataQuality.evaluate(orders(), RULES).rows().columns())
        .containsExactly(
            "order_id", "customer_id", "price", "quantity", "country", "ts", "_dq_passes");
  }

  @Test
  void quarantineRulesBecomeReasonsAndTheScoreCountsContractChecks() {
    Ruleset rules =
        Fixtures.ruleset(
            "ColumnValues \"country\" in [\"DE\"]",
            "ColumnValues \"price\" < 20\nColumnValues \"quantity\" < 2",
            null);

    List<Tuple> rows = envelopeAfter(rules);

    // 7 contract checks plus 3 row-level rules: a checked row failing k of them scores
    // (10 - k) / 10. A null country fails the warn rule, as in DQDL. o-5 failed the contract's
    // checks: the rules are not decided for it and it keeps its reasons and score.
    String price = "quality_rule: ColumnValues \"price\" < 20";
    String quantity = "quality_rule: ColumnValues \"quantity\" < 2";
    assertThat(rows)
        .containsExactly(
            tuple(
                "o-1",
                List.of(price, quantity),
                List.of("quality_rule", "quality_rule"),
                0.8,
                List.of(true, false, false)),
            tuple("o-2", List.of(), List.of(), 0.9, List.of(false, true, true)),
            tuple("o-3", List.of(), List.of(), 0.9, List.of(false, true, true)),
            tuple(
                "o-4",
                List.of(quantity),
                List.of("quality_rule"),
                0.8,
                List.of(false, true, false)),
            FAILED_CONTRACT);
  }

  @Test
  void withoutRowLevelRulesEveryRowKeepsItsReasonsAndScore() {
    Ruleset batchOnly = Fixtures.ruleset("RowCount > 0", null, null);

    assertThat(
            DataQuality.evaluate(orders(), batchOnly)
                .rows()
                .select(QualityPlan.ROW_PASSES)
                .distinct()
                .collectAsList())
        .extracting(r -> r.getList(0))
        .containsExactly(List.of());
    assertThat(envelopeAfter(batchOnly))
        .containsExactly(
            tuple("o-1", List.of(), List.of(), 1.0, List.of()),
            tuple("o-2", List.of(), List.of(), 1.0, List.of()),
            tuple("o-3", List.of(), List.of(), 1.0, List.of()),
            tuple("o-4", List.of(), List.of(), 1.0, List.of()),
            FAILED_CONTRACT);
  }

  /**
   * {@link #envelope()} after the row-level rules as the jobs decide them, ordered by order_id:
   * order_id, _reasons, _reason_codes, _quality_score and the rules' outcomes.
   */
  private List<Tuple> envelopeAfter(Ruleset rules) {
    return envelope()
        .transform(
            QualityPlan.of(rules, NOW, Map.of()).withRowOutcomes(col("_checked"), CONTRACT_CHECKS)
                ::apply)
        .orderBy("order_id")
        .select("order_id", "_reasons", "_reason_codes", "_quality_score", QualityPlan.ROW_PASSES)
        .collectAsList()
        .stream()
        .map(
            r ->
                tuple(
                    r.getString(0),
                    r.getList(1),
                    r.getList(2),
                    r.getDouble(3),
                    r.isNullAt(4) ? null : r.getList(4)))
        .toList();
  }
}
