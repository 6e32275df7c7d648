package org.zonelake.quality;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * Evaluates a {@link Ruleset} on the rows of one batch, with Deequ (see {@link QualityPlan}).
 *
 * <p>Row-level rules are decided per row as the jobs decide them ({@link
 * QualityPlan#withRowPasses}): their outcomes are the column {@link QualityPlan#ROW_PASSES} of the
 * returned rows, and nothing is computed until the caller reads them. ({@link
 * QualityPlan#withRowOutcomes} turns them into the envelope's reasons and quality score.)
 * Batch-level results (every rule, row-level ones summarised) come from one aggregation over the
 * rows (the aggregate functions of the Deequ analyzers every check needs), plus Deequ's analysis of
 * the rows for the analyzers that group them (one grouping per distinct set of grouping columns)
 * and one query per CustomSql rule; the number of Spark jobs does not depend on the number of
 * rules. The caller should cache the rows, since these jobs and later reads of {@link
 * QualityOutcome#rows()} all scan them.
 *
 * <p>A batch without rows passes every rule except RowCount. A statistic with no value (Mean of an
 * all-null column) passes. DQDL's {@code between} excludes its bounds; a null value fails a
 * ColumnValues comparison unless the condition lists {@code NULL}, and passes a ColumnLength one.
 */
public final class DataQuality {

  private DataQuality() {}

  /** Evaluates at the current time, without reference datasets. */
  public static QualityOutcome evaluate(Dataset<Row> rows, Ruleset ruleset) {
    return evaluate(rows, ruleset, Map.of(), Instant.now());
  }

  /**
   * Evaluates every rule of the ruleset on the rows. Runs one aggregation plus the jobs of grouping
   * analyzers and CustomSql rules (see the class comment); {@link QualityOutcome#rows()} is lazy.
   *
   * @param rows the valid typed rows of a batch (contract and envelope columns), ideally cached
   * @param ruleset the rules
   * @param references datasets that ReferentialIntegrity rules name, by name
   * @param now the evaluation time DataFreshness measures against
   */
  public static QualityOutcome evaluate(
      Dataset<Row> rows, Ruleset ruleset, Map<String, Dataset<Row>> references, Instant now) {
    return evaluate(rows, ruleset, references, now, MetricHistory.NONE, Map.of());
  }

  /**
   * Evaluates every rule of the ruleset on the rows and measures the tracked metrics in the same
   * pass. Runs one aggregation plus the jobs of grouping analyzers and CustomSql rules (see the
   * class comment); {@link QualityOutcome#rows()} is lazy. Dynamic rules ({@code RowCount >
   * avg(last(5)) * 0.5}) compare the batch's metric with its history and pass while there is none.
   *
   * <p>Every row counts as having passed the contract's checks: the rules are decided with the plan
   * the jobs run ({@link QualityPlan#of}, {@link QualityPlan#withRowPasses}, {@link
   * QualityPlan#aggregates()}, {@link QualityPlan#decide}), and {@link QualityOutcome#rows()} is
   * the input rows plus {@link QualityPlan#ROW_PASSES}.
   *
   * @param rows the valid typed rows of a batch (contract and envelope columns), ideally cached
   * @param ruleset the rules
   * @param references datasets that ReferentialIntegrity rules name, by name
   * @param now the evaluation time DataFreshness measures against
   * @param history earlier values of the batch metrics, for dynamic rules
   * @param trackedMetrics aggregate expressions measured besides the rules' own metrics, by metric
   *     name (see {@link #standardMetrics})
   */
  public static QualityOutcome evaluate(
      Dataset<Row> rows,
      Ruleset ruleset,
      Map<String, Dataset<Row>> references,
      Instant now,
      MetricHistory history,
      Map<String, Column> trackedMetrics) {
    QualityPlan plan = QualityPlan.of(ruleset, now, trackedMetrics);
    Dataset<Row> withPasses = rows.transform(plan.withRowPasses(lit(true))::apply);
    List<Column> aggregates = plan.aggregates();
    Row row =
        withPasses
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .collectAsList()
            .get(0);
    return plan.decide(row, withPasses, references, history);
  }

  /**
   * The metrics kept for every batch whatever the rules, so that their trend can be shown and
   * dynamic rules can compare with them: {@code Completeness "<column>"} of the given columns and
   * {@code Mean "<column>"} of the measures. ({@code RowCount} is always kept.)
   */
  public static Map<String, Column> standardMetrics(
      List<String> completenessColumns, List<String> measureColumns) {
    Map<String, Column> metrics = new LinkedHashMap<>();
    for (String c : completenessColumns) {
      metrics.put(
          "Completeness \"" + c + "\"",
          avg(when(RulePlanner.column(c).isNotNull(), 1.0).otherwise(0.0)));
    }
    for (String c : measureColumns) {
      metrics.put("Mean \"" + c + "\"", avg(RulePlanner.column(c).cast("double")));
    }
    return metrics;
  }

  /**
   * The name under which a rule's batch metric is kept in the history: the rule type and its column
   * for metrics that do not depend on the condition ({@code RowCount}, {@code Mean "price"}, {@code
   * Completeness "email"}), the rule text otherwise.
   */
  public static String metricName(DQRule dq, String text) {
    String type = dq.getRuleType();
    String column = dq.getParameters().get("TargetColumn");
    return switch (type) {
      case "RowCount" -> "RowCount";
      case "Completeness",
              "Mean",
              "Sum",
              "StandardDeviation",
              "DistinctValuesCount",
              "Uniqueness" ->
          column == null ? text : type + " \"" + column + "\"";
      default -> text;
    };
  }

  static RuleResult result(
      QualityRule rule, boolean passed, String observed, String threshold, String detail) {
    String message =
        "rule '"
            + rule.quoted()
            + "' ("
            + (rule.isLong() ? rule.text().length() + " characters, " : "")
            + rule.location()
            + ", "
            + rule.action().fileLabel()
            + ") "
            + (passed ? "passed" : "did not pass")
            + ": observed "
            + observed
            + detail
            + ", threshold "
            + threshold;
    return new RuleResult(
        rule, passed, observed, threshold, message, OptionalLong.empty(), RuleEvidence.NONE);
  }

  /**
   * A metric as people read it: the value as Java prints it ({@link Double#toString}) rounded half
   * up to at most 4 decimals, without trailing zeros or an exponent ({@code 3}, {@code 0.6667},
   * {@code 0.0001} for {@code 0.00005}, {@code 0} for {@code 0.00004}). Rounding the printed value
   * rather than the binary one rounds as a person would: {@code 0.00015} shows as {@code 0.0002},
   * though its nearest double lies just below. A value that is not a number shows as {@code NaN},
   * {@code Infinity} or {@code -Infinity}; nothing throws.
   *
   * @param value any double
   * @return the text, never empty
   */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value)
        .setScale(4, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  static List<String> columns(Dataset<Row> rows) {
    return Arrays.asList(rows.columns());
  }
}
