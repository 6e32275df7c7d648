package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

/**
 * The row-level outcomes ZoneLake compiles itself (comparisons of values and lengths, which Deequ
 * decides per row in a Scala function) agree row by row with Deequ's own row-level results; the
 * outcomes taken from Deequ's checks as they are (completeness, SQL predicates, patterns) are in
 * the same ruleset for reference.
 */
class DeequAgreementTest {

  private static final String RULES =
      """
      ColumnValues "price" > 0
      ColumnValues "price" >= 10
      ColumnValues "quantity" < 3
      ColumnValues "quantity" <= 3
      ColumnValues "quantity" = 2
      ColumnLength "country" = 2
      ColumnLength "country" > 1
      ColumnLength "country" <= 2
      ColumnLength "country" between 1 and 3
      ColumnLength "country" >= 3
      IsComplete "customer_id"
      ColumnValues "price" between 0 and 25
      ColumnValues "country" in ["DE", "FR"]
      ColumnValues "country" matches "[A-Z]{2}"
      """;

  private final SparkSession spark = TestSpark.session();

  @Test
  void everyRowFailsTheSameRulesInBothEngines() {
    Dataset<Row> rows =
        spark.sql(
            """
SELECT * FROM VALUES
  ('o-1', 'c-1', CAST(10.00 AS DECIMAL(10,2)), 1, 'DE', TIMESTAMP'2026-11-20 10:00:00'),
  ('o-2', 'c-2', CAST(0.00 AS DECIMAL(10,2)), 2, 'FRA', TIMESTAMP'2026-11-20 11:00:00'),
  ('o-3', NULL, CAST(30.00 AS DECIMAL(10,2)), 3, NULL, TIMESTAMP'2026-11-20 12:00:00'),
  ('o-4', 'c-4', NULL, NULL, 'd', TIMESTAMP'2026-11-20 13:00:00'),
  ('o-5', 'c-5', CAST(-4.50 AS DECIMAL(10,2)), 7, 'US', TIMESTAMP'2026-11-20 14:00:00')
  AS t(order_id, customer_id, price, quantity, country, ts)
""");
    Ruleset ruleset = Fixtures.ruleset(RULES, null, null);
    assertThat(ruleset.rules()).hasSize(14).allMatch(QualityRule::rowLevel);

    Map<String, List<String>> zonelake = new TreeMap<>();
    for (Row r :
        DataQuality.evaluate(rows, ruleset)
            .rows()
            .select("order_id", QualityPlan.ROW_PASSES)
            .collectAsList()) {
      zonelake.put(
          r.getString(0),
          Fixtures.failedRules(ruleset, r.<Boolean>getList(1)).stream()
              .map(t -> printed(t))
              .toList());
    }
    Map<String, List<String>> deequ =
        new TreeMap<>(DeequDqdl.failedRules(rows, Fixtures.file(RULES), "order_id"));

    assertThat(sorted(zonelake)).isEqualTo(sorted(deequ));
    assertThat(zonelake.get("o-1"))
        .containsExactly("ColumnValues \"quantity\" = 2", "ColumnLength \"country\" >= 3");
    assertThat(zonelake.values().stream().mapToInt(List::size).sum()).isEqualTo(36);
  }

  private static Map<String, List<String>> sorted(Map<String, List<String>> failed) {
    Map<String, List<String>> sorted = new LinkedHashMap<>();
    failed.forEach((k, v) -> sorted.put(k, v.stream().sorted().toList()));
    return sorted;
  }

  private static String printed(String text) {
    try {
      return DqdlText.parseRule(text).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
