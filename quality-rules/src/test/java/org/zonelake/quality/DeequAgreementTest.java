package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

/** The ZoneLake evaluator and Deequ's DQDL engine agree on the outcome of every rule. */
class DeequAgreementTest {

  private static final String RULES =
      """
      RowCount > 2
      RowCount between 5 and 10
      IsComplete "order_id"
      IsComplete "customer_id"
      Completeness "country" >= 0.7
      Completeness "country" > 0.8
      IsUnique "order_id"
      IsUnique "customer_id"
      Uniqueness "customer_id" > 0.4
      IsPrimaryKey "order_id"
      ColumnValues "price" > 0
      ColumnValues "price" between 0 and 100
      ColumnValues "quantity" <= 3
      ColumnValues "country" in ["DE", "FR"]
      ColumnLength "country" = 2
      ColumnExists "ts"
      Mean "price" between 20 and 30
      Sum "quantity" > 7
      StandardDeviation "price" < 5
      DistinctValuesCount "country" = 2
      """;

  private final SparkSession spark = TestSpark.session();

  @Test
  void bothEnginesPassAndFailTheSameRules() {
    Dataset<Row> rows =
        spark.sql(
            """
SELECT * FROM VALUES
  ('o-1', 'c-1', CAST(10.00 AS DECIMAL(10,2)), 1, 'DE', TIMESTAMP'2026-11-20 10:00:00'),
  ('o-2', 'c-2', CAST(20.00 AS DECIMAL(10,2)), 2, 'FR', TIMESTAMP'2026-11-20 11:00:00'),
  ('o-3', 'c-2', CAST(30.00 AS DECIMAL(10,2)), 3, NULL, TIMESTAMP'2026-11-20 12:00:00'),
  ('o-4', NULL, CAST(40.00 AS DECIMAL(10,2)), 4, 'DE', TIMESTAMP'2026-11-20 13:00:00')
  AS t(order_id, customer_id, price, quantity, country, ts)
""");
    Ruleset ruleset = Fixtures.ruleset(RULES, null, null);

    Map<String, Boolean> zonelake = new TreeMap<>();
    for (RuleResult result :
        DataQuality.evaluate(rows, ruleset, Map.of(), Instant.now()).batchResults()) {
      zonelake.put(printed(result.text()), result.passed());
    }
    Map<String, Boolean> deequ = new TreeMap<>();
    for (DeequDqdl.Outcome outcome : DeequDqdl.evaluate(rows, Fixtures.file(RULES))) {
      deequ.put(outcome.rule(), outcome.passed());
    }

    assertThat(zonelake).hasSize(20).isEqualTo(deequ);
    assertThat(zonelake.values().stream().filter(p -> !p).count()).isEqualTo(9);
  }

  private static String printed(String text) {
    try {
      return DqdlText.parseRule(text).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
