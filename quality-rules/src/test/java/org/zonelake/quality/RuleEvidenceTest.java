package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zonelake.core.testing.TestSpark;
import org.zonelake.quality.RuleEvidence.FailingRow;
import org.zonelake.quality.RuleEvidence.OffendingValue;

/** A rule a batch did not pass keeps the evidence a person needs to fix it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleEvidenceTest {

  private static final String RULES =
      """
      ColumnValues "country" in ["DE", "FR"]
      ColumnValues "price" <= 25 with threshold > 0.9
      Completeness "customer_id" > 0.9
      IsUnique "customer_id"
      RowCount > avg(last(3))
      Mean "price" > 0
      ReferentialIntegrity "customer_id" "customers.customer_id" = 1.0
      """;

  private final SparkSession spark = TestSpark.session();
  private List<RuleResult> results;

  @BeforeAll
  void evaluate() {
    Dataset<Row> rows =
        spark.sql(
            """
SELECT * FROM VALUES
  ('o-1', 'c-1', 10.0, 'DE', 'h1', 'raw/a.json'),
  ('o-2', 'c-2', 20.0, 'US', 'h2', 'raw/a.json'),
  ('o-3', 'c-2', 30.0, 'US', 'h3', 'raw/b.json'),
  ('o-4', NULL, 40.0, 'GB', 'h4', 'raw/b.json'),
  ('o-5', 'c-5', 5.0, 'FR', 'h5', 'raw/b.json')
  AS t(order_id, customer_id, price, country, _record_hash, _raw_file)
""");
    MetricHistory history =
        metric -> metric.equals("RowCount") ? List.of(2.0, 6.0, 7.0, 8.0) : List.of();
    results =
        DataQuality.evaluate(
                rows,
                Fixtures.ruleset(RULES, null, null),
                Map.of(
                    "customers",
                    spark.sql("SELECT * FROM VALUES ('c-1'), ('c-2'), ('c-3') AS t(customer_id)")),
                Instant.parse("2026-11-21T00:00:00Z"),
                history,
                Map.of())
            .batchResults();
  }

  @Test
  void aRowLevelRuleKeepsItsFailingRowsAndTopOffendingValues() {
    RuleResult country = results.get(0);

    assertThat(country.passed()).isFalse();
    assertThat(country.evidence().failingRows()).isEqualTo(OptionalLong.of(3));
    assertThat(country.evidence().samples())
        .containsExactly(
            new FailingRow("h2", "raw/a.json", "US"),
            new FailingRow("h3", "raw/b.json", "US"),
            new FailingRow("h4", "raw/b.json", "GB"));
    assertThat(country.evidence().topValues())
        .containsExactly(new OffendingValue("US", 2), new OffendingValue("GB", 1));
    assertThat(country.evidence().history()).isEmpty();
  }

  @Test
  void aRuleOnAShareOfRowsCountsTheRowsBelowItsThreshold() {
    RuleResult price = results.get(1);

    assertThat(price.passed()).isFalse();
    assertThat(price.evidence().failingRows()).isEqualTo(OptionalLong.of(2));
    assertThat(price.evidence().topValues())
        .containsExactly(new OffendingValue("30.0", 1), new OffendingValue("40.0", 1));
  }

  @Test
  void completenessShowsTheRowsWithoutAValue() {
    RuleResult completeness = results.get(2);

    assertThat(completeness.passed()).isFalse();
    assertThat(completeness.evidence().failingRows()).isEqualTo(OptionalLong.of(1));
    assertThat(completeness.evidence().samples())
        .containsExactly(new FailingRow("h4", "raw/b.json", "null"));
    assertThat(completeness.evidence().topValues()).containsExactly(new OffendingValue("null", 1));
  }

  @Test
  void uniquenessShowsTheRepeatedValues() {
    RuleResult unique = results.get(3);

    assertThat(unique.passed()).isFalse();
    assertThat(unique.evidence().failingRows()).isEqualTo(OptionalLong.of(2));
    assertThat(unique.evidence().topValues()).containsExactly(new OffendingValue("c-2", 2));
    assertThat(unique.evidence().samples())
        .containsExactly(
            new FailingRow("h2", "raw/a.json", "c-2"), new FailingRow("h3", "raw/b.json", "c-2"));
  }

  @Test
  void aDynamicThresholdKeepsTheHistoryItWasComputedFrom() {
    RuleResult rowCount = results.get(4);

    assertThat(rowCount.passed()).isFalse();
    assertThat(rowCount.threshold()).isEqualTo("> avg(last(3)) (= 7 from 4 run(s))");
    assertThat(rowCount.evidence().history()).containsExactly(6.0, 7.0, 8.0);
    assertThat(rowCount.evidence().failingRows()).isEmpty();
    assertThat(rowCount.evidence().samples()).isEmpty();
  }

  @Test
  void referentialIntegrityShowsTheKeysTheReferenceLacks() {
    RuleResult reference = results.get(6);

    assertThat(reference.passed()).isFalse();
    assertThat(reference.evidence().failingRows()).isEqualTo(OptionalLong.of(1));
    assertThat(reference.evidence().topValues()).containsExactly(new OffendingValue("c-5", 1));
    assertThat(reference.evidence().samples())
        .containsExactly(new FailingRow("h5", "raw/b.json", "c-5"));
  }

  @Test
  void aPassedRuleKeepsNoEvidence() {
    assertThat(results.get(5).passed()).isTrue();
    assertThat(results.get(5).evidence()).isEqualTo(RuleEvidence.NONE);
  }
}
