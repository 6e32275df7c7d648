package org.zonelake.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.model.LakeColumns;
import software.amazon.glue.dqdl.model.DQRule;

/**
 * Evaluates a {@link Ruleset} on the rows of one batch, with Deequ (see {@link QualityPlan}).
 *
 * <p>Row-level rules become columns of the returned rows: nothing is computed until the caller
 * reads them. Batch-level results (every rule, row-level ones summarised) come from one aggregation
 * over the rows (the aggregate functions of the Deequ analyzers every check needs), plus Deequ's
 * analysis of the rows for the analyzers that group them (one grouping per distinct set of grouping
 * columns) and one query per CustomSql rule; the number of Spark jobs does not depend on the number
 * of rules. The caller should cache the rows, since these jobs and later reads of {@link
 * QualityOutcome#rows()} all scan them.
 *
 * <p>A batch without rows passes every rule except RowCount. A statistic with no value (Mean of an
 * all-null column) passes. DQDL's {@code between} excludes its bounds; a null value fails a
 * ColumnValues comparison unless the condition lists {@code NULL}, and passes a ColumnLength one.
 */
public final class DataQuality {

  /** Texts of the row-level rules the row fails, in ruleset order; empty when none. */
  public static final String FAILED_RULES = "_dq_failed_rules";

  /** Texts of the rules with action quarantine the row fails, in ruleset order. */
  public static final String QUARANTINE_RULES = "_dq_quarantine_rules";

  /** True when the row fails at least one rule with action quarantine. */
  public static final String QUARANTINE = "_dq_quarantine";

  /** The number of row-level rules. */
  public static final String CHECKS = "_dq_checks";

  /** The number of row-level rules the row passes. */
  public static final String PASSED = "_dq_passed";

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
    QualityOutcome decided = plan.decide(row, rows, references, history);
    return new QualityOutcome(
        withRowOutcomes(rows, plan.planned()),
        decided.batchResults(),
        decided.rowCount(),
        decided.metrics());
  }

  /**
   * Folds the row outcomes of {@link QualityOutcome#rows()} into the envelope columns and drops
   * them: each failed quarantine rule is added to {@code _reasons} as {@code quality_rule: <rule>}
   * (so the row goes to quarantine, every failed rule listed) and {@code _quality_score} becomes
   * the share of the row's checks it passes, counting the contract's checks (all passed by a valid
   * row) and the row-level rules.
   *
   * @param contractChecks the number of contract checks of a row ({@code
   *     RecordValidation.checkCount})
   */
  public static Function<Dataset<Row>, Dataset<Row>> intoEnvelope(int contractChecks) {
    return rows ->
        AddedColumns.of(
                LakeColumns.REASONS,
                concat(
                    col(LakeColumns.REASONS),
                    transform(
                        col(QUARANTINE_RULES),
                        r -> concat(lit(ReasonCodes.QUALITY_RULE + ": "), r))))
            .and(
                LakeColumns.REASON_CODES,
                concat(
                    col(LakeColumns.REASON_CODES),
                    transform(col(QUARANTINE_RULES), r -> lit(ReasonCodes.QUALITY_RULE))))
            .and(
                LakeColumns.QUALITY_SCORE,
                col(PASSED)
                    .plus(contractChecks)
                    .cast("double")
                    .divide(col(CHECKS).plus(contractChecks).cast("double")))
            .to(rows)
            .drop(FAILED_RULES, QUARANTINE_RULES, QUARANTINE, CHECKS, PASSED);
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

  private static Dataset<Row> withRowOutcomes(Dataset<Row> rows, List<PlannedRule> planned) {
    List<Column> failed = new ArrayList<>();
    List<Column> quarantined = new ArrayList<>();
    Column quarantine = lit(false);
    Column passed = lit(0);
    int checks = 0;
    for (PlannedRule rule : planned) {
      if (rule instanceof PlannedRule.PerRow perRow) {
        checks++;
        failed.add(when(not(perRow.pass()), lit(rule.rule().text())));
        passed = passed.plus(when(perRow.pass(), 1).otherwise(0));
        if (rule.rule().action() == RuleAction.QUARANTINE) {
          quarantine = quarantine.or(not(perRow.pass()));
          quarantined.add(when(not(perRow.pass()), lit(rule.rule().text())));
        }
      }
    }
    Column failedRules =
        failed.isEmpty()
            ? array().cast("array<string>")
            : array_compact(array(failed.toArray(Column[]::new)));
    Column quarantineRules =
        quarantined.isEmpty()
            ? array().cast("array<string>")
            : array_compact(array(quarantined.toArray(Column[]::new)));
    return AddedColumns.of(FAILED_RULES, failedRules)
        .and(QUARANTINE_RULES, quarantineRules)
        .and(QUARANTINE, quarantine)
        .and(CHECKS, lit(checks))
        .and(PASSED, passed.cast("int"))
        .to(rows);
  }

  static RuleResult result(
      QualityRule rule, boolean passed, String observed, String threshold, String detail) {
    String message =
        "rule '"
            + rule.text()
            + "' ("
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

  /** A metric as text: at most 4 decimals, no trailing zeros ({@code 3}, {@code 0.6667}). */
  static String number(double value) {
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
