package org.zonelake.quality;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Runs a DQDL ruleset with Deequ's own DQDL engine ({@code
 * com.amazon.deequ.dqdl.EvaluateDataQuality}), the open-source engine behind AWS Glue Data Quality.
 * It is the reference the ZoneLake evaluator is checked against, and a way to run a ruleset file
 * exactly as Glue Data Quality would.
 *
 * <p>It is not the per-batch path: Deequ runs one or more Spark jobs per rule (20 rules of the job
 * count test ran 20 jobs), evaluates CustomSql as a separate query, and reports rules in no fixed
 * order. {@link DataQuality} evaluates the same files in a fixed number of jobs. This is the one
 * class of the project that calls Deequ; keep any Scala types inside it.
 */
final class DeequDqdl {

  /**
   * The outcome of one rule as Deequ reports it.
   *
   * @param rule the rule as the DQDL parser prints it (may differ in spacing from the file)
   * @param passed true when Deequ reports {@code Passed}
   * @param failureReason Deequ's reason when the rule did not pass, else null
   */
  public record Outcome(String rule, boolean passed, String failureReason) {}

  private DeequDqdl() {}

  /**
   * Evaluates a DQDL ruleset (the text of a ruleset file) on the rows. Runs Spark jobs.
   *
   * @return one outcome per rule, in Deequ's order
   */
  public static List<Outcome> evaluate(Dataset<Row> rows, String dqdl) {
    Dataset<Row> outcomes = com.amazon.deequ.dqdl.EvaluateDataQuality.process(rows, dqdl);
    return outcomes.select("Rule", "Outcome", "FailureReason").collectAsList().stream()
        .map(r -> new Outcome(r.getString(0), "Passed".equals(r.getString(1)), r.getString(2)))
        .toList();
  }
}
