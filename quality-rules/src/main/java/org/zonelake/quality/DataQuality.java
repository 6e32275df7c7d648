package org.zonelake.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.transform.ReasonCodes;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;

/**
 * Evaluates a {@link Ruleset} on the rows of one batch.
 *
 * <p>Row-level rules become columns of the returned rows: nothing is computed until the caller
 * reads them. Batch-level results (every rule, row-level ones summarised) come from one Spark
 * action over the rows: a single aggregation for counts, completeness, compliance, statistics and
 * CustomSql, and one grouping on (rule, key value) shared by every uniqueness, distinct-count and
 * referential-integrity rule, joined into one result row. The number of Spark jobs is therefore the
 * same for 3 rules and for 300; it does not depend on the rules at all. The caller should cache the
 * rows, since the action and later reads of {@link QualityOutcome#rows()} both scan them.
 *
 * <p>A batch without rows passes every rule except RowCount. A statistic with no value (Mean of an
 * all-null column) passes. DQDL's {@code between} excludes its bounds; a null value fails a
 * ColumnValues or ColumnLength comparison unless the condition lists {@code NULL}.
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
   * Evaluates every rule of the ruleset on the rows. Runs exactly one Spark action (a fixed number
   * of jobs, whatever the rules); {@link QualityOutcome#rows()} is lazy.
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
   * pass. Runs exactly one Spark action (a fixed number of jobs, whatever the rules); {@link
   * QualityOutcome#rows()} is lazy. Dynamic rules ({@code RowCount > avg(last(5)) * 0.5}) compare
   * the batch's metric with its history and pass while there is none.
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
    List<String> columns = List.of(rows.columns());
    List<CompiledRule> compiled = new ArrayList<>();
    List<DQRule> parsed = new ArrayList<>();
    for (QualityRule rule : ruleset.rules()) {
      DQRule dq;
      try {
        dq = DqdlText.parseRule(rule.text());
      } catch (InvalidDataQualityRulesetException e) {
        throw LakeErrors.invalidRuleset(
            rule.file(), rule.line(), "rule '" + rule.text() + "' is not valid DQDL", "fix it");
      }
      parsed.add(dq);
      compiled.add(RuleCompiler.compile(rule, dq, columns, ruleset.source(), now));
    }

    List<String> trackedNames = new ArrayList<>(trackedMetrics.keySet());
    List<Column> tracked = new ArrayList<>();
    for (String name : trackedNames) {
      tracked.add(trackedMetrics.get(name).cast("double"));
    }
    Row stats = batchStatistics(rows, compiled, tracked, references).collectAsList().get(0);
    long n = stats.getLong(0);
    Map<Integer, Row> keyStats = new HashMap<>();
    for (Row k : stats.<Row>getList(stats.size() - 1)) {
      keyStats.put(k.getInt(0), k);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("RowCount", (double) n);
    List<RuleResult> results = new ArrayList<>();
    for (int i = 0; i < compiled.size(); i++) {
      Object value = stats.get(1 + i);
      DQRule dq = parsed.get(i);
      Evaluation evaluation =
          new Evaluation(
              metricName(dq, compiled.get(i).rule().text()), history, metrics, n, columns);
      results.add(evaluation.result(compiled.get(i), dq, value, keyStats.get(i)));
    }
    for (int i = 0; i < trackedNames.size(); i++) {
      Object value = stats.get(1 + compiled.size() + i);
      if (value != null) {
        metrics.putIfAbsent(trackedNames.get(i), (Double) value);
      }
    }
    return new QualityOutcome(withRowOutcomes(rows, compiled), results, n, metrics);
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
        rows.withColumn(
                LakeColumns.REASONS,
                concat(
                    col(LakeColumns.REASONS),
                    transform(
                        col(QUARANTINE_RULES),
                        r -> concat(lit(ReasonCodes.QUALITY_RULE + ": "), r))))
            .withColumn(
                LakeColumns.REASON_CODES,
                concat(
                    col(LakeColumns.REASON_CODES),
                    transform(col(QUARANTINE_RULES), r -> lit(ReasonCodes.QUALITY_RULE))))
            .withColumn(
                LakeColumns.QUALITY_SCORE,
                col(PASSED)
                    .plus(contractChecks)
                    .cast("double")
                    .divide(col(CHECKS).plus(contractChecks).cast("double")))
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
          avg(when(RuleCompiler.column(c).isNotNull(), 1.0).otherwise(0.0)));
    }
    for (String c : measureColumns) {
      metrics.put("Mean \"" + c + "\"", avg(RuleCompiler.column(c).cast("double")));
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

  private static Dataset<Row> withRowOutcomes(Dataset<Row> rows, List<CompiledRule> compiled) {
    List<Column> failed = new ArrayList<>();
    List<Column> quarantined = new ArrayList<>();
    Column quarantine = lit(false);
    Column passed = lit(0);
    int checks = 0;
    for (CompiledRule rule : compiled) {
      if (rule instanceof CompiledRule.PerRow perRow) {
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
    return rows.withColumn(FAILED_RULES, failedRules)
        .withColumn(QUARANTINE_RULES, quarantineRules)
        .withColumn(QUARANTINE, quarantine)
        .withColumn(CHECKS, lit(checks))
        .withColumn(PASSED, passed.cast("int"));
  }

  /**
   * One row: the row count, one value per rule (failing rows, or the aggregate, or null), and the
   * key statistics of the key rules as a list of (rule, unique values, distinct values, rows
   * missing from the reference, rows with a key).
   */
  private static Dataset<Row> batchStatistics(
      Dataset<Row> rows,
      List<CompiledRule> compiled,
      List<Column> tracked,
      Map<String, Dataset<Row>> references) {
    List<Column> aggregates = new ArrayList<>();
    List<Column> keys = new ArrayList<>();
    // A placeholder key keeps the plan, and so the number of jobs, the same without key rules.
    keys.add(struct(lit(-1).as("r"), lit(null).cast("array<string>").as("k")));
    List<Dataset<Row>> referenceKeys = new ArrayList<>();
    for (int i = 0; i < compiled.size(); i++) {
      CompiledRule rule = compiled.get(i);
      String name = "_dq_r" + i;
      if (rule instanceof CompiledRule.PerRow perRow) {
        aggregates.add(sum(when(perRow.pass(), 0L).otherwise(1L)).cast("double").as(name));
      } else if (rule instanceof CompiledRule.OnAggregate aggregate) {
        aggregates.add(aggregate.metric().cast("double").as(name));
      } else {
        aggregates.add(lit(null).cast("double").as(name));
      }
      if (rule instanceof CompiledRule.OnKeys onKeys) {
        keys.add(struct(lit(i).as("r"), onKeys.key().as("k")));
        if (onKeys.metric() == CompiledRule.KeyMetric.IN_REFERENCE) {
          Dataset<Row> reference = references.get(onKeys.reference());
          if (reference == null) {
            throw LakeErrors.missingReferenceDataset(
                rule.rule().text(), onKeys.reference(), references.keySet());
          }
          referenceKeys.add(
              reference.select(
                  lit(i).as("r"),
                  onKeys.referenceKey().as("k"),
                  lit(0L).as("m"),
                  lit(1).as("ref")));
        }
      }
    }
    for (int i = 0; i < tracked.size(); i++) {
      aggregates.add(tracked.get(i).as("_dq_m" + i));
    }
    Dataset<Row> scan = rows.agg(count(lit(1)).as("_dq_n"), aggregates.toArray(Column[]::new));

    Dataset<Row> keyed =
        rows.select(explode(array(keys.toArray(Column[]::new))).as("e"))
            .select(col("e.r").as("r"), col("e.k").as("k"), lit(1L).as("m"), lit(0).as("ref"));
    for (Dataset<Row> reference : referenceKeys) {
      keyed = keyed.unionByName(reference);
    }
    // One constant key row keeps the grouping non-empty: adaptive execution skips the stages of
    // an empty shuffle, which would make the number of jobs depend on whether key rules exist.
    keyed =
        keyed.unionByName(
            rows.sparkSession()
                .range(1)
                .select(
                    lit(-1).as("r"), array(lit("")).as("k"), lit(0L).as("m"), lit(0).as("ref")));
    Column c = col("c");
    Dataset<Row> perRule =
        keyed
            .where(col("k").isNotNull())
            .groupBy("r", "k")
            .agg(sum("m").as("c"), max("ref").as("in_ref"))
            .groupBy("r")
            .agg(
                sum(when(c.equalTo(1L), 1L).otherwise(0L)).as("unique"),
                sum(when(c.gt(0L), 1L).otherwise(0L)).as("distinct"),
                sum(when(c.gt(0L).and(col("in_ref").equalTo(0)), c).otherwise(0L)).as("missing"),
                sum(c).as("keyed"));
    Dataset<Row> keyStats =
        perRule.agg(
            collect_list(
                    struct(col("r"), col("unique"), col("distinct"), col("missing"), col("keyed")))
                .as("_dq_keys"));
    return scan.crossJoin(keyStats);
  }

  /** Decides one rule from its batch value, recording the rule's metric. */
  private record Evaluation(
      String metricName,
      MetricHistory history,
      Map<String, Double> metrics,
      long n,
      List<String> columns) {

    RuleResult result(CompiledRule compiled, DQRule dq, Object value, Row keys) {
      QualityRule rule = compiled.rule();
      if (compiled instanceof CompiledRule.OnSchema schema) {
        boolean present = columns.contains(schema.column());
        return DataQuality.result(rule, present, present ? "present" : "absent", "present", "");
      }
      if (compiled instanceof CompiledRule.PerRow) {
        long failing = value == null ? 0 : ((Double) value).longValue();
        String observed = n == 0 ? "no rows" : number((double) (n - failing) / n);
        String detail = failing == 0 ? "" : " (" + failing + " of " + n + " rows fail)";
        return DataQuality.result(rule, failing == 0, observed, "every row", detail)
            .withFailingRows(failing);
      }
      if (compiled instanceof CompiledRule.OnAggregate aggregate) {
        String threshold = aggregate.condition().getFormattedCondition();
        if (n == 0 && !aggregate.countsRows()) {
          return DataQuality.result(rule, true, "no rows", threshold, "");
        }
        if (value == null) {
          return DataQuality.result(rule, true, "no value", threshold, "");
        }
        return decide(rule, aggregate.condition(), (Double) value, dq, "");
      }
      CompiledRule.OnKeys onKeys = (CompiledRule.OnKeys) compiled;
      String threshold =
          onKeys.condition() == null ? "= 1.0" : onKeys.condition().getFormattedCondition();
      if (n == 0) {
        return DataQuality.result(rule, true, "no rows", threshold, "");
      }
      long unique = keys == null ? 0 : keys.getLong(1);
      long distinct = keys == null ? 0 : keys.getLong(2);
      long missing = keys == null ? 0 : keys.getLong(3);
      long withKey = keys == null ? 0 : keys.getLong(4);
      return switch (onKeys.metric()) {
        case ALL_UNIQUE -> {
          double uniqueness = (double) unique / n;
          String detail = unique == n ? "" : " (" + (n - unique) + " of " + n + " rows not unique)";
          yield DataQuality.result(rule, unique == n, number(uniqueness), threshold, detail);
        }
        case UNIQUENESS -> decide(rule, onKeys.condition(), (double) unique / n, dq, "");
        case DISTINCT -> decide(rule, onKeys.condition(), distinct, dq, "");
        case IN_REFERENCE -> {
          double found = withKey == 0 ? 1.0 : (double) (withKey - missing) / withKey;
          String detail =
              missing == 0
                  ? ""
                  : " ("
                      + missing
                      + " of "
                      + withKey
                      + " rows not in '"
                      + onKeys.reference()
                      + "')";
          yield decide(rule, onKeys.condition(), found, dq, detail);
        }
      };
    }

    /** Records the metric and checks it, against its history for a dynamic condition. */
    private RuleResult decide(
        QualityRule rule, NumberBasedCondition condition, double metric, DQRule dq, String detail) {
      metrics.putIfAbsent(metricName, metric);
      String threshold = condition.getFormattedCondition();
      boolean dynamic = condition.getOperands().stream().anyMatch(HistoryOperands::isDynamic);
      if (!dynamic) {
        HistoryOperands literals = new HistoryOperands(List.of());
        boolean passed = Boolean.TRUE.equals(condition.evaluate(metric, dq, literals));
        return DataQuality.result(rule, passed, number(metric), threshold, detail);
      }
      List<Double> past = history.values(metricName);
      HistoryOperands operands = new HistoryOperands(past);
      List<String> bounds = new ArrayList<>();
      for (NumericOperand operand : condition.getOperands()) {
        Double bound = operands.value(operand);
        if (bound == null) {
          return DataQuality.result(
              rule, true, number(metric), threshold + " (no history yet)", detail);
        }
        bounds.add(number(bound));
      }
      boolean passed = Boolean.TRUE.equals(condition.evaluate(metric, dq, operands));
      String resolved =
          threshold + " (= " + String.join(" and ", bounds) + " from " + past.size() + " run(s))";
      return DataQuality.result(rule, passed, number(metric), resolved, detail);
    }
  }

  private static RuleResult result(
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
    return new RuleResult(rule, passed, observed, threshold, message, OptionalLong.empty());
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
