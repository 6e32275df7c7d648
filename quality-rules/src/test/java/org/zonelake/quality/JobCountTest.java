package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.zonelake.core.testing.TestSpark;

/** Evaluating a ruleset costs the same number of Spark jobs however many rules it has. */
class JobCountTest {

  private static final String THREE_RULES =
      """
      RowCount > 0
      IsComplete "order_id"
      ColumnValues "price" > 0
      """;

  private static final String TWENTY_RULES =
      """
      RowCount > 0
      IsComplete "order_id"
      ColumnValues "price" > 0
      IsComplete "customer_id"
      Completeness "country" > 0.5
      IsUnique "order_id"
      Uniqueness "customer_id" > 0.1
      IsPrimaryKey "order_id" "customer_id"
      ColumnValues "quantity" between 0 and 100
      ColumnValues "country" in ["DE", "FR"]
      ColumnValues "country" matches "[A-Z]{2}"
      ColumnLength "country" = 2
      ColumnExists "ts"
      ColumnDataType "quantity" = "INTEGER"
      Mean "price" > 1
      Sum "quantity" > 1
      StandardDeviation "price" < 100
      DistinctValuesCount "country" >= 1
      CustomSql "SELECT COUNT(*) FROM primary WHERE quantity > 50" = 0
      DataFreshness "ts" <= 30 days
      """;

  private final SparkSession spark = TestSpark.session();

  @Test
  void threeRulesAndTwentyRulesRunTheSameNumberOfJobs() throws Exception {
    Dataset<Row> rows =
        spark
            .sql(
                """
SELECT * FROM VALUES
  ('o-1', 'c-1', CAST(10.00 AS DECIMAL(10,2)), 1, 'DE', TIMESTAMP'2026-11-20 10:00:00'),
  ('o-2', 'c-2', CAST(20.00 AS DECIMAL(10,2)), 2, 'FR', TIMESTAMP'2026-11-20 11:00:00'),
  ('o-3', 'c-2', CAST(30.00 AS DECIMAL(10,2)), 3, 'DE', TIMESTAMP'2026-11-20 12:00:00')
  AS t(order_id, customer_id, price, quantity, country, ts)
""")
            .cache();
    rows.count();
    Ruleset three = Fixtures.ruleset(THREE_RULES, null, null);
    Ruleset twenty = Fixtures.ruleset(null, null, TWENTY_RULES);
    assertThat(three.rules()).hasSize(3);
    assertThat(twenty.rules()).hasSize(20);

    // Warm up: the first evaluation compiles code; the counts below are of steady runs.
    jobsOf(rows, three);
    int threeJobs = jobsOf(rows, three);
    int twentyJobs = jobsOf(rows, twenty);

    assertThat(twentyJobs).isEqualTo(threeJobs);
    assertThat(threeJobs).isEqualTo(EXPECTED_JOBS);
  }

  /**
   * One action whose plan has the same shape for every ruleset; adaptive query execution runs its
   * query stages as jobs: the scan aggregate, the two key groupings, the key list, the broadcast of
   * the one-row join side and the result.
   */
  private static final int EXPECTED_JOBS = 6;

  private int jobsOf(Dataset<Row> rows, Ruleset ruleset) throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(listener);
    try {
      QualityOutcome outcome =
          DataQuality.evaluate(rows, ruleset, Map.of(), Instant.parse("2026-11-21T00:00:00Z"));
      assertThat(outcome.batchResults()).hasSize(ruleset.rules().size());
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs.get();
  }
}
