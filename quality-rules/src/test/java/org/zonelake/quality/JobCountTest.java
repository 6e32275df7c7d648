package org.zonelake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zonelake.core.testing.SparkJobs;
import org.zonelake.core.testing.TestSpark;

/**
 * The Spark jobs of a batch's quality rules are bounded by the distinct sets of grouping columns
 * (uniqueness, distinct values) and the CustomSql rules, not by the number of rules: every
 * scan-shareable Deequ analyzer is one more aggregate of the same pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobCountTest {

  private static final String THREE_RULES =
      """
      RowCount > 0
      IsComplete "order_id"
      ColumnValues "price" > 0
      """;

  /** Twenty rules, none grouping rows and none with SQL of its own. */
  private static final String TWENTY_RULES =
      """
      RowCount > 0
      IsComplete "order_id"
      ColumnValues "price" > 0
      IsComplete "customer_id"
      Completeness "country" > 0.5
      Completeness "customer_id" >= 0.9
      ColumnValues "quantity" between 0 and 100
      ColumnValues "country" in ["DE", "FR"]
      ColumnValues "country" matches "[A-Z]{2}"
      ColumnValues "price" <= 1000 with threshold > 0.9
      ColumnLength "country" = 2
      ColumnExists "ts"
      ColumnDataType "quantity" = "INTEGER"
      Mean "price" > 1
      Mean "quantity" between 0 and 10
      Sum "quantity" > 1
      StandardDeviation "price" < 100
      DataFreshness "ts" <= 30 days
      RowCount between 1 and 1000
      DetectAnomalies "RowCount"
      """;

  /** Three rules on one set of grouping columns: one grouping. */
  private static final String ONE_GROUPING =
      """
      IsUnique "order_id"
      Uniqueness "order_id" > 0.5
      IsPrimaryKey "order_id"
      """;

  private static final String SECOND_GROUPING =
      """
      Uniqueness "customer_id" > 0.1
      """;

  private static final String ONE_CUSTOM_SQL =
      """
      CustomSql "SELECT COUNT(*) FROM primary WHERE quantity > 50" = 0
      """;

  private final SparkSession spark = TestSpark.session();
  private Dataset<Row> rows;

  @BeforeAll
  void cacheRows() {
    rows =
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
  }

  @Test
  void threeRulesAndTwentyRulesRunTheSameJobs() throws Exception {
    Ruleset three = Fixtures.ruleset(THREE_RULES, null, null);
    Ruleset twenty = Fixtures.ruleset(null, null, TWENTY_RULES);
    assertThat(three.rules()).hasSize(3);
    assertThat(twenty.rules()).hasSize(20);

    // Warm up: the first evaluation compiles code; the counts below are of steady runs.
    jobsOf(three);
    int threeJobs = jobsOf(three);
    int twentyJobs = jobsOf(twenty);

    assertThat(twentyJobs).isEqualTo(threeJobs).isEqualTo(SCAN_JOBS);
  }

  @Test
  void eachGroupingColumnSetAndEachCustomSqlAddsItsJobs() throws Exception {
    jobsOf(Fixtures.ruleset(THREE_RULES, null, ONE_GROUPING));
    int oneGrouping = jobsOf(Fixtures.ruleset(THREE_RULES, null, ONE_GROUPING));
    int twoGroupings = jobsOf(Fixtures.ruleset(THREE_RULES + SECOND_GROUPING, null, ONE_GROUPING));
    int twentyAndOneGrouping = jobsOf(Fixtures.ruleset(TWENTY_RULES, null, ONE_GROUPING));
    int oneCustomSql = jobsOf(Fixtures.ruleset(THREE_RULES, null, ONE_CUSTOM_SQL));

    assertThat(oneGrouping).isEqualTo(SCAN_JOBS + GROUPING_JOBS);
    assertThat(twentyAndOneGrouping).isEqualTo(oneGrouping);
    assertThat(twoGroupings).isEqualTo(SCAN_JOBS + 2 * GROUPING_JOBS);
    assertThat(oneCustomSql).isEqualTo(SCAN_JOBS + CUSTOM_SQL_JOBS);
  }

  @Test
  void theFailingRowsOfEveryFailedRowRuleAreFoundInOnePass() throws Exception {
    jobsOf(Fixtures.ruleset(null, null, ONE_FAILED_ROW_RULE));
    int oneFailed = jobsOf(Fixtures.ruleset(null, null, ONE_FAILED_ROW_RULE));
    int fourFailed = jobsOf(Fixtures.ruleset(null, null, FOUR_FAILED_ROW_RULES));

    assertThat(List.of(oneFailed, fourFailed))
        .containsExactly(SCAN_JOBS + EVIDENCE_JOBS, SCAN_JOBS + EVIDENCE_JOBS);
  }

  @Test
  void aFailedUniquenessRuleGroupsTheRowsOnceForItsEvidence() throws Exception {
    jobsOf(Fixtures.ruleset(null, null, FAILED_UNIQUENESS));
    int failed = jobsOf(Fixtures.ruleset(null, null, FAILED_UNIQUENESS));

    // customer_id c-2 is on two of the three rows.
    assertThat(failed).isEqualTo(SCAN_JOBS + GROUPING_JOBS + UNIQUENESS_EVIDENCE_JOBS);
  }

  /** A warning rule the rows fail: c-2 is the customer of two orders. */
  private static final String FAILED_UNIQUENESS =
      """
      IsUnique "customer_id"
      """;

  /**
   * The evidence of a failed uniqueness rule, as jobs of adaptive query execution: one query for
   * its most frequent repeated values and the number of rows they hold, whose two branches share
   * one grouping of the rows, and one for samples of those rows. (Six when the number of rows
   * grouped the rows again in a query of its own.)
   */
  private static final int UNIQUENESS_EVIDENCE_JOBS = 5;

  /** A warning rule one of the three rows fails. */
  private static final String ONE_FAILED_ROW_RULE =
      """
      ColumnValues "price" > 15
      """;

  /** Four rules judged row by row that rows fail: row-level, completeness, on a share of rows. */
  private static final String FOUR_FAILED_ROW_RULES =
      """
      ColumnValues "price" > 15
      ColumnValues "country" in ["DE"]
      ColumnLength "country" = 3
      ColumnValues "quantity" <= 2 with threshold > 0.9
      """;

  /**
   * The failing rows of the failed rules judged row by row, in one query: the most frequent values
   * and the first rows of each rule (a union of two windows over the failing rows, as query
   * stages).
   */
  private static final int EVIDENCE_JOBS = 4;

  /**
   * The one aggregation of the batch's pass: here an action of its own (a shuffle stage and the
   * result, with adaptive query execution); in the job, observed metrics of the write (none).
   */
  private static final int SCAN_JOBS = 2;

  /**
   * Deequ's grouping of the rows by one set of columns: the frequencies (cached for the set's
   * analyzers), the count of the rows with a value, and one aggregation over the frequencies for
   * all the set's analyzers, each as query stages.
   */
  private static final int GROUPING_JOBS = 5;

  /** A CustomSql statement: its own query. */
  private static final int CUSTOM_SQL_JOBS = 2;

  private int jobsOf(Ruleset ruleset) throws Exception {
    return SparkJobs.during(
        spark,
        () -> {
          QualityOutcome outcome =
              DataQuality.evaluate(rows, ruleset, Map.of(), Instant.parse("2026-11-21T00:00:00Z"));
          assertThat(outcome.batchResults()).hasSize(ruleset.rules().size());
        });
  }
}
