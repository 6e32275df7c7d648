package org.zonelake.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.transform.AddedColumns;
import org.zonelake.core.transform.ReasonCodes;
import org.zonelake.model.LakeColumns;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;

/**
 * A source's ruleset as one run evaluates it, alongside the run's writes instead of by scans of its
 * own. The rules were compiled once, when the ruleset was loaded ({@link Ruleset}); Deequ is the
 * engine: every rule was translated by Deequ's own DQDL translation into a Deequ check, and is
 * decided by Deequ.
 *
 * <ol>
 *   <li>{@link #withRowOutcomes} decides the row-level rules per row (Deequ's row-level outcomes of
 *       their checks), as columns of the batch;
 *   <li>{@link #aggregates()} are the batch's aggregates over the rows that passed the contract's
 *       checks, computed by whatever pass reads those rows anyway (e.g. as observed metrics of the
 *       write): the aggregate functions of the checks' scan-shareable Deequ analyzers (size,
 *       completeness, mean, sum, standard deviation, ...), one count per row-level rule and the
 *       tracked metrics;
 *   <li>{@link #decide} turns those aggregates into Deequ metrics (the analyzers' own {@code
 *       fromAggregationResult}), runs Deequ's analysis on the rows only for the analyzers that
 *       group them (one grouping per distinct set of grouping columns: uniqueness, distinct values)
 *       and for CustomSql (one query each), plus one comparison per ReferentialIntegrity rule; and
 *       evaluates every check with Deequ. The number of Spark jobs depends on those, not on the
 *       number of rules.
 * </ol>
 *
 * <p>Semantics are those documented on {@link DataQuality}.
 */
public final class QualityPlan {

  /**
   * The row-level rules' outcomes of a row: {@code ARRAY<BOOLEAN>}, one element per row-level rule
   * in ruleset order (true: the row passes it); null for a row that failed the contract's checks.
   */
  public static final String ROW_PASSES = "_dq_passes";

  private final Ruleset ruleset;
  private final List<PlannedRule> planned;
  private final List<String> trackedNames;
  private final List<Column> tracked;
  private final List<Integer> rowLevelIndex;
  private final DeequEngine.Analyzers analyzers = new DeequEngine.Analyzers();
  private SparkSession isolated;

  private QualityPlan(
      Ruleset ruleset, List<PlannedRule> planned, Map<String, Column> trackedMetrics) {
    this.ruleset = ruleset;
    this.planned = List.copyOf(planned);
    this.trackedNames = List.copyOf(trackedMetrics.keySet());
    this.tracked = trackedNames.stream().map(n -> trackedMetrics.get(n).cast("double")).toList();
    List<Integer> index = new ArrayList<>();
    int next = 0;
    for (PlannedRule rule : planned) {
      index.add(rule instanceof PlannedRule.PerRow ? next++ : -1);
      if (rule instanceof PlannedRule.OnCheck checked) {
        analyzers.require(checked.check());
      } else if (rule instanceof PlannedRule.OnHistory history) {
        analyzers.require(history.check());
      }
    }
    this.rowLevelIndex = List.copyOf(index);
  }

  /**
   * The ruleset's compiled rules as a run starting at {@code runStart} evaluates them: the rules
   * were parsed, translated and checked once when the ruleset was loaded; only DataFreshness takes
   * the run's start.
   *
   * @param ruleset the rules
   * @param runStart the evaluation time DataFreshness measures against
   * @param trackedMetrics aggregate expressions measured besides the rules' own metrics, by metric
   *     name (see {@link DataQuality#standardMetrics})
   */
  public static QualityPlan of(
      Ruleset ruleset, Instant runStart, Map<String, Column> trackedMetrics) {
    return new QualityPlan(
        ruleset, ruleset.planned().stream().map(p -> p.at(runStart)).toList(), trackedMetrics);
  }

  /** The ruleset. */
  public Ruleset ruleset() {
    return ruleset;
  }

  /**
   * Decides the row-level rules for the rows where {@code checked} holds (the rows that passed the
   * contract's checks): adds {@link #ROW_PASSES}; for those rows adds one {@code quality_rule:
   * <rule>} reason (and reason code) per failed quarantine rule to {@code _reasons} and {@code
   * _reason_codes}, and sets {@code _quality_score} to the share of all checks passed, counting the
   * contract's checks (all passed) and the row-level rules. Other rows keep their columns.
   *
   * @param checked true for rows that passed the contract's checks
   * @param contractChecks the number of contract checks of a row ({@code
   *     RecordValidation.checkCount})
   */
  public Function<Dataset<Row>, Dataset<Row>> withRowOutcomes(Column checked, int contractChecks) {
    List<Column> passes = new ArrayList<>();
    List<Column> quarantined = new ArrayList<>();
    Column anyQuarantineFailed = lit(false);
    Column passed = lit(0);
    for (PlannedRule rule : planned) {
      if (rule instanceof PlannedRule.PerRow perRow) {
        int i = passes.size() + 1;
        passes.add(perRow.pass());
        Column pass = element_at(col(ROW_PASSES), i);
        passed = passed.plus(when(pass, 1).otherwise(0));
        if (rule.rule().action() == RuleAction.QUARANTINE) {
          quarantined.add(when(not(pass), lit(rule.rule().text())));
          anyQuarantineFailed = anyQuarantineFailed.or(not(pass));
        }
      }
    }
    int checks = passes.size();
    // The reasons' lambdas are interpreted row by row: only a row that fails a quarantine rule,
    // the few, gains reasons.
    Column gainsReasons = col(ROW_PASSES).isNotNull().and(anyQuarantineFailed);
    Column failedQuarantine =
        quarantined.isEmpty()
            ? array().cast("array<string>")
            : array_compact(array(quarantined.toArray(Column[]::new)));
    Column rulesReasons = transform(failedQuarantine, ReasonCodes::qualityRuleReason);
    Column rulesCodes = transform(failedQuarantine, r -> lit(ReasonCodes.QUALITY_RULE));
    Column score =
        passed.plus(contractChecks).cast("double").divide(lit((double) (checks + contractChecks)));
    return rows -> {
      Dataset<Row> withPasses = rows.transform(withRowPasses(checked)::apply);
      if (checks == 0) {
        return withPasses;
      }
      return AddedColumns.of(
              LakeColumns.REASONS,
              when(gainsReasons, concat(col(LakeColumns.REASONS), rulesReasons))
                  .otherwise(col(LakeColumns.REASONS)))
          .and(
              LakeColumns.REASON_CODES,
              when(gainsReasons, concat(col(LakeColumns.REASON_CODES), rulesCodes))
                  .otherwise(col(LakeColumns.REASON_CODES)))
          .and(
              LakeColumns.QUALITY_SCORE,
              when(col(ROW_PASSES).isNotNull(), score).otherwise(col(LakeColumns.QUALITY_SCORE)))
          .to(withPasses);
    };
  }

  /**
   * Adds {@link #ROW_PASSES} only: the row-level rules' outcomes for the rows where {@code checked}
   * holds, null for the others.
   */
  public Function<Dataset<Row>, Dataset<Row>> withRowPasses(Column checked) {
    List<Column> passes = new ArrayList<>();
    for (PlannedRule rule : planned) {
      if (rule instanceof PlannedRule.PerRow perRow) {
        passes.add(perRow.pass());
      }
    }
    Column all =
        passes.isEmpty() ? array().cast("array<boolean>") : array(passes.toArray(Column[]::new));
    return rows -> rows.withColumn(ROW_PASSES, when(checked, all));
  }

  /** The planned rules, in ruleset order. */
  List<PlannedRule> planned() {
    return planned;
  }

  /**
   * The batch aggregates, to compute over the rows with {@link #ROW_PASSES} that passed the
   * contract's checks, in one pass that reads them anyway: the row count, one value per rule (the
   * failing rows of a row-level rule, the passing rows of a rule on a share of rows), one per
   * tracked metric, then the aggregate functions of the Deequ analyzers the checks need. Hand the
   * resulting row to {@link #decide}.
   */
  public List<Column> aggregates() {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("_dq_n"));
    for (int i = 0; i < planned.size(); i++) {
      PlannedRule rule = planned.get(i);
      String name = "_dq_r" + i;
      if (rule instanceof PlannedRule.PerRow) {
        Column pass = element_at(col(ROW_PASSES), rowLevelIndex.get(i) + 1);
        aggregates.add(sum(when(pass, 0L).otherwise(1L)).cast("double").as(name));
      } else if (rule instanceof PlannedRule.OnShare share) {
        aggregates.add(sum(when(share.pass(), 1L).otherwise(0L)).cast("double").as(name));
      } else {
        aggregates.add(lit(null).cast("double").as(name));
      }
    }
    for (int i = 0; i < tracked.size(); i++) {
      aggregates.add(tracked.get(i).as("_dq_m" + i));
    }
    aggregates.addAll(analyzers.aggregates("_dq_a"));
    return aggregates;
  }

  /** True when {@link #decide} reads the rows (grouping analyzers, CustomSql, references). */
  public boolean readsRows() {
    return analyzers.readsRows()
        || planned.stream().anyMatch(r -> r instanceof PlannedRule.OnReference);
  }

  /**
   * True when {@link #decide} needs the history of the batch metrics: a DetectAnomalies rule, or a
   * condition that compares with {@code last(k)} ({@code RowCount > avg(last(5)) * 0.5}). Decided
   * from the parsed rules, so a {@code last(} inside a quoted value does not count.
   */
  public boolean needsHistory() {
    return planned.stream().anyMatch(QualityPlan::comparesWithHistory);
  }

  /**
   * True when {@code rule} compares the batch with the history of earlier batches: a
   * DetectAnomalies rule, or a condition on {@code last(k)}.
   */
  public boolean comparesWithHistory(QualityRule rule) {
    return planned.stream().anyMatch(p -> p.rule().equals(rule) && comparesWithHistory(p));
  }

  private static boolean comparesWithHistory(PlannedRule rule) {
    NumberBasedCondition condition = null;
    if (rule instanceof PlannedRule.OnHistory) {
      return true;
    } else if (rule instanceof PlannedRule.OnCheck checked) {
      condition = checked.condition();
    } else if (rule instanceof PlannedRule.OnShare share) {
      condition = share.threshold();
    } else if (rule instanceof PlannedRule.OnReference reference) {
      condition = reference.condition();
    }
    return condition != null
        && condition.getOperands().stream().anyMatch(HistoryOperands::isDynamic);
  }

  /**
   * The datasets ReferentialIntegrity rules name ({@code "customers.customer_id"} names customers).
   */
  public java.util.Set<String> referenceNames() {
    return ruleset.referenceNames();
  }

  /**
   * Decides every rule of the batch with Deequ.
   *
   * @param aggregates the row of {@link #aggregates()} over the checked rows
   * @param checkedRows the rows that passed the contract's checks (read by Spark jobs when {@link
   *     #readsRows()} and the batch has rows; a shared shuffle's output is cheap to read again)
   * @param references datasets that ReferentialIntegrity rules name, by name
   * @param history earlier values of the batch metrics, for dynamic rules and DetectAnomalies
   */
  public QualityOutcome decide(
      Row aggregates,
      Dataset<Row> checkedRows,
      Map<String, Dataset<Row>> references,
      MetricHistory history) {
    long n = aggregates.getLong(0);
    for (PlannedRule rule : planned) {
      if (rule instanceof PlannedRule.OnReference reference
          && !references.containsKey(reference.reference())) {
        throw QualityErrors.missingReferenceDataset(
            rule.rule().text(), reference.reference(), references.keySet());
      }
    }
    int deequOffset = 1 + planned.size() + tracked.size();
    DeequEngine.Metrics measured =
        analyzers.measure(aggregates, deequOffset, checkedRows, isolated(checkedRows), n > 0);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("RowCount", (double) n);
    List<RuleResult> results = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      Object value = aggregates.get(1 + i);
      PlannedRule rule = planned.get(i);
      String metricName = DataQuality.metricName(rule.dq(), rule.rule().text());
      Evaluation evaluation =
          new Evaluation(metricName, history, metrics, n, measured, checkedRows, references);
      results.add(evaluation.result(rule, (Double) value));
    }
    if (n > 0) {
      List<FailingRows.Wanted> wanted = new ArrayList<>();
      for (int i = 0; i < planned.size(); i++) {
        RuleResult result = results.get(i);
        if (!result.passed()) {
          wanted.add(wanted(i, result, aggregates, n));
        }
      }
      if (!wanted.isEmpty()) {
        Map<Integer, RuleEvidence> found = FailingRows.findAll(wanted, checkedRows, references);
        found.forEach((i, evidence) -> results.set(i, results.get(i).withEvidence(evidence)));
      }
    }
    for (int i = 0; i < trackedNames.size(); i++) {
      Object value = aggregates.get(1 + planned.size() + i);
      if (value != null) {
        metrics.putIfAbsent(trackedNames.get(i), (Double) value);
      }
    }
    return new QualityOutcome(checkedRows, results, n, metrics);
  }

  /** A failed rule's search for its failing rows ({@link FailingRows}). */
  private FailingRows.Wanted wanted(int i, RuleResult result, Row aggregates, long n) {
    PlannedRule rule = planned.get(i);
    OptionalLong known = result.failingRows();
    if (rule instanceof PlannedRule.OnShare && !aggregates.isNullAt(1 + i)) {
      known = OptionalLong.of(n - (long) aggregates.getDouble(1 + i));
    }
    return new FailingRows.Wanted(i, rule, known, result.evidence());
  }

  /**
   * A session of this plan's own in which CustomSql statements see the batch's rows as {@code
   * primary}: sources run concurrently in one Spark application, each with its own plan, so their
   * views cannot collide.
   */
  private synchronized SparkSession isolated(Dataset<Row> rows) {
    if (isolated == null) {
      isolated = rows.sparkSession().newSession();
    }
    return isolated;
  }

  /** Decides one rule of a batch, recording the rule's metric. */
  private record Evaluation(
      String metricName,
      MetricHistory history,
      Map<String, Double> metrics,
      long n,
      DeequEngine.Metrics measured,
      Dataset<Row> rows,
      Map<String, Dataset<Row>> references) {

    /** Batches of history DetectAnomalies needs before it flags anything. */
    static final int ANOMALY_MIN_HISTORY = 3;

    /** The latest batches DetectAnomalies compares with. */
    static final int ANOMALY_WINDOW = 20;

    /** How many standard deviations from the mean make an anomaly. */
    static final double ANOMALY_DEVIATIONS = 3.0;

    RuleResult result(PlannedRule planned, Double value) {
      QualityRule rule = planned.rule();
      if (planned instanceof PlannedRule.PerRow) {
        long failing = value == null ? 0 : value.longValue();
        String observed = n == 0 ? "no rows" : DataQuality.number((double) (n - failing) / n);
        String detail = failing == 0 ? "" : " (" + failing + " of " + n + " rows fail)";
        return DataQuality.result(rule, failing == 0, observed, "every row", detail)
            .withFailingRows(failing);
      }
      if (planned instanceof PlannedRule.OnShare share) {
        if (n == 0) {
          return DataQuality.result(
              rule, true, "no rows", share.threshold().getFormattedCondition(), "");
        }
        double passing = value == null ? 0 : value;
        return decide(rule, share.threshold(), passing / n, share.dq(), "");
      }
      if (planned instanceof PlannedRule.OnCheck checked) {
        return checked(checked);
      }
      if (planned instanceof PlannedRule.OnReference reference) {
        return reference(reference);
      }
      return anomalies((PlannedRule.OnHistory) planned);
    }

    private RuleResult checked(PlannedRule.OnCheck checked) {
      QualityRule rule = checked.rule();
      String type = checked.dq().getRuleType();
      if (type.equals("ColumnExists")) {
        boolean present = measured.evaluate(checked.check()).passed();
        return DataQuality.result(rule, present, present ? "present" : "absent", "present", "");
      }
      NumberBasedCondition condition = checked.condition();
      String threshold = condition == null ? "= 1.0" : condition.getFormattedCondition();
      if (n == 0 && !type.equals("RowCount")) {
        return DataQuality.result(rule, true, "no rows", threshold, "");
      }
      DeequEngine.RuleCheck check = checked.check();
      List<Double> used = List.of();
      if (condition != null
          && condition.getOperands().stream().anyMatch(HistoryOperands::isDynamic)) {
        // Resolved against the history into constants before Deequ evaluates the rule.
        Double metric = measured.value(check);
        if (metric == null) {
          return DataQuality.result(rule, true, "no value", threshold, "");
        }
        metrics.putIfAbsent(metricName, metric);
        List<Double> past = history.values(metricName);
        HistoryOperands operands = new HistoryOperands(past);
        Optional<List<Double>> bounds = operands.resolve(condition.getOperands());
        if (bounds.isEmpty()) {
          return passedWithoutHistory(rule, metric, threshold, "");
        }
        List<NumericOperand> constants = new ArrayList<>();
        bounds.get().forEach(b -> constants.add(new AtomicNumberOperand(Double.toString(b))));
        NumberBasedCondition resolved =
            new NumberBasedCondition(
                condition.getOperator()
                    + " "
                    + bounds.get().stream().map(DataQuality::number).toList(),
                condition.getOperator(),
                constants);
        check =
            DeequEngine.check(checked.dq().withCondition(resolved))
                .orElseThrow(() -> new IllegalStateException("translated when loaded"));
        threshold = HistoryOperands.resolved(threshold, bounds.get(), past.size());
        used = operands.read(condition.getOperands());
      }
      DeequEngine.Verdict verdict = measured.evaluate(check);
      if (verdict.noValue()) {
        return DataQuality.result(rule, true, "no value", threshold, "");
      }
      if (verdict.values().isEmpty()) {
        // The failure's first line: Spark's analysis errors go on with the whole query plan.
        String detail =
            verdict.failure() == null
                ? ""
                : " (" + org.zonelake.model.ErrorMessage.firstLine(verdict.failure()) + ")";
        return DataQuality.result(rule, false, "no value", threshold, detail);
      }
      // A rule with several metrics (IsPrimaryKey: uniqueness and completeness, each 1 when the
      // rule passes) shows the lowest.
      double observed = verdict.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
      if (condition != null) {
        metrics.putIfAbsent(metricName, observed);
      }
      return DataQuality.result(rule, verdict.passed(), DataQuality.number(observed), threshold, "")
          .withEvidence(RuleEvidence.ofHistory(used));
    }

    private RuleResult reference(PlannedRule.OnReference reference) {
      QualityRule rule = reference.rule();
      if (n == 0) {
        return DataQuality.result(
            rule, true, "no rows", reference.condition().getFormattedCondition(), "");
      }
      long[] counts =
          DeequEngine.referentialIntegrity(
              rows.where(RulePlanner.column(reference.column()).isNotNull()),
              reference.column(),
              references.get(reference.reference()),
              reference.referenceColumn());
      long withKey = counts[0];
      long missing = withKey - counts[1];
      double found = withKey == 0 ? 1.0 : (double) counts[1] / withKey;
      String detail =
          missing == 0
              ? ""
              : " (" + missing + " of " + withKey + " rows not in '" + reference.reference() + "')";
      return decide(rule, reference.condition(), found, reference.dq(), detail);
    }

    /**
     * DetectAnomalies: Deequ's {@code BatchNormalStrategy} flags the batch's metric when it lies
     * more than {@link #ANOMALY_DEVIATIONS} standard deviations from the mean of the metric in the
     * latest {@link #ANOMALY_WINDOW} committed batches; with fewer than {@link
     * #ANOMALY_MIN_HISTORY} of them the rule passes.
     */
    private RuleResult anomalies(PlannedRule.OnHistory anomaly) {
      QualityRule rule = anomaly.rule();
      String expected = "not anomalous";
      Double value = measured.value(anomaly.check());
      if (value == null || (n == 0 && !anomaly.metric().equals("RowCount"))) {
        return DataQuality.result(rule, true, n == 0 ? "no rows" : "no value", expected, "");
      }
      metrics.putIfAbsent(anomaly.metric(), value);
      List<Double> past = history.values(anomaly.metric());
      List<Double> window = past.subList(Math.max(0, past.size() - ANOMALY_WINDOW), past.size());
      if (window.size() < ANOMALY_MIN_HISTORY) {
        return DataQuality.result(
            rule,
            true,
            DataQuality.number(value),
            expected
                + " (no history yet: "
                + window.size()
                + " of "
                + ANOMALY_MIN_HISTORY
                + HistoryOperands.FROM_RUNS,
            "");
      }
      double mean = window.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double squares = window.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      double deviation = Math.sqrt(squares / (window.size() - 1));
      boolean anomalous = DeequEngine.anomalous(window, value, ANOMALY_DEVIATIONS);
      String threshold =
          expected
              + " (within "
              + DataQuality.number(ANOMALY_DEVIATIONS)
              + " standard deviations of the mean: "
              + DataQuality.number(mean - ANOMALY_DEVIATIONS * deviation)
              + " to "
              + DataQuality.number(mean + ANOMALY_DEVIATIONS * deviation)
              + " from "
              + window.size()
              + HistoryOperands.FROM_RUNS;
      return DataQuality.result(rule, !anomalous, DataQuality.number(value), threshold, "")
          .withEvidence(RuleEvidence.ofHistory(window));
    }

    /** A dynamic rule passes while the history holds too few runs to resolve its threshold. */
    private static RuleResult passedWithoutHistory(
        QualityRule rule, double metric, String threshold, String detail) {
      return DataQuality.result(
          rule,
          true,
          DataQuality.number(metric),
          HistoryOperands.withoutHistory(threshold),
          detail);
    }

    /**
     * Records the metric and checks it with the rule's condition (as Deequ's DQDL engine does for
     * shares of rows and referential integrity), against its history for a dynamic condition.
     */
    private RuleResult decide(
        QualityRule rule, NumberBasedCondition condition, double metric, DQRule dq, String detail) {
      metrics.putIfAbsent(metricName, metric);
      String threshold = condition.getFormattedCondition();
      boolean dynamic = condition.getOperands().stream().anyMatch(HistoryOperands::isDynamic);
      if (!dynamic) {
        HistoryOperands literals = new HistoryOperands(List.of());
        boolean passed = Boolean.TRUE.equals(condition.evaluate(metric, dq, literals));
        return DataQuality.result(rule, passed, DataQuality.number(metric), threshold, detail);
      }
      List<Double> past = history.values(metricName);
      HistoryOperands operands = new HistoryOperands(past);
      Optional<List<Double>> bounds = operands.resolve(condition.getOperands());
      if (bounds.isEmpty()) {
        return passedWithoutHistory(rule, metric, threshold, detail);
      }
      boolean passed = Boolean.TRUE.equals(condition.evaluate(metric, dq, operands));
      String resolved = HistoryOperands.resolved(threshold, bounds.get(), past.size());
      return DataQuality.result(rule, passed, DataQuality.number(metric), resolved, detail)
          .withEvidence(RuleEvidence.ofHistory(operands.read(condition.getOperands())));
    }
  }
}
