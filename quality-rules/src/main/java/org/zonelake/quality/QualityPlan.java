package org.zonelake.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.transform.ReasonCodes;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;

/**
 * A source's ruleset compiled once for a run, evaluated alongside the run's writes instead of by
 * scans of its own:
 *
 * <ol>
 *   <li>{@link #withRowOutcomes} decides the row-level rules per row, as columns of the batch;
 *   <li>{@link #aggregates()} are the batch's aggregates over the rows that passed the contract's
 *       checks, computed by whatever pass reads those rows anyway (e.g. as observed metrics of the
 *       write);
 *   <li>{@link #decide} turns those aggregates into the rules' results, running one more Spark job
 *       only for rules on the frequencies of key values (uniqueness, distinct values, referential
 *       integrity).
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
  private final List<CompiledRule> compiled;
  private final List<DQRule> parsed;
  private final List<String> columns;
  private final List<String> trackedNames;
  private final List<Column> tracked;
  private final List<Integer> rowLevelIndex;

  private QualityPlan(
      Ruleset ruleset,
      List<CompiledRule> compiled,
      List<DQRule> parsed,
      List<String> columns,
      Map<String, Column> trackedMetrics) {
    this.ruleset = ruleset;
    this.compiled = List.copyOf(compiled);
    this.parsed = List.copyOf(parsed);
    this.columns = List.copyOf(columns);
    this.trackedNames = List.copyOf(trackedMetrics.keySet());
    this.tracked = trackedNames.stream().map(n -> trackedMetrics.get(n).cast("double")).toList();
    List<Integer> index = new ArrayList<>();
    int next = 0;
    for (CompiledRule rule : compiled) {
      index.add(rule instanceof CompiledRule.PerRow ? next++ : -1);
    }
    this.rowLevelIndex = List.copyOf(index);
  }

  /**
   * Compiles every rule of the ruleset for rows with these columns.
   *
   * @param ruleset the rules
   * @param columns the columns of the rows the rules see (contract and envelope columns)
   * @param now the evaluation time DataFreshness measures against
   * @param trackedMetrics aggregate expressions measured besides the rules' own metrics, by metric
   *     name (see {@link DataQuality#standardMetrics})
   */
  public static QualityPlan compile(
      Ruleset ruleset, List<String> columns, Instant now, Map<String, Column> trackedMetrics) {
    List<CompiledRule> compiled = new ArrayList<>();
    List<DQRule> parsed = new ArrayList<>();
    for (QualityRule rule : ruleset.rules()) {
      DQRule dq;
      try {
        dq = DqdlText.parseRule(rule.text());
      } catch (InvalidDataQualityRulesetException e) {
        throw QualityErrors.invalidRuleset(
            rule.file(), rule.line(), "rule '" + rule.text() + "' is not valid DQDL", "fix it");
      }
      parsed.add(dq);
      compiled.add(RuleCompiler.compile(rule, dq, columns, ruleset.source(), now));
    }
    return new QualityPlan(ruleset, compiled, parsed, columns, trackedMetrics);
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
    Column passed = lit(0);
    for (CompiledRule rule : compiled) {
      if (rule instanceof CompiledRule.PerRow perRow) {
        int i = passes.size() + 1;
        passes.add(perRow.pass());
        Column pass = element_at(col(ROW_PASSES), i);
        passed = passed.plus(when(pass, 1).otherwise(0));
        if (rule.rule().action() == RuleAction.QUARANTINE) {
          quarantined.add(when(not(pass), lit(rule.rule().text())));
        }
      }
    }
    int checks = passes.size();
    Column failedQuarantine =
        quarantined.isEmpty()
            ? array().cast("array<string>")
            : array_compact(array(quarantined.toArray(Column[]::new)));
    Column rulesReasons =
        transform(failedQuarantine, r -> concat(lit(ReasonCodes.QUALITY_RULE + ": "), r));
    Column rulesCodes = transform(failedQuarantine, r -> lit(ReasonCodes.QUALITY_RULE));
    Column score =
        passed.plus(contractChecks).cast("double").divide(lit((double) (checks + contractChecks)));
    return rows -> {
      Dataset<Row> withPasses = rows.transform(withRowPasses(checked)::apply);
      if (checks == 0) {
        return withPasses;
      }
      return withPasses
          .withColumn(
              LakeColumns.REASONS,
              when(col(ROW_PASSES).isNotNull(), concat(col(LakeColumns.REASONS), rulesReasons))
                  .otherwise(col(LakeColumns.REASONS)))
          .withColumn(
              LakeColumns.REASON_CODES,
              when(col(ROW_PASSES).isNotNull(), concat(col(LakeColumns.REASON_CODES), rulesCodes))
                  .otherwise(col(LakeColumns.REASON_CODES)))
          .withColumn(
              LakeColumns.QUALITY_SCORE,
              when(col(ROW_PASSES).isNotNull(), score).otherwise(col(LakeColumns.QUALITY_SCORE)));
    };
  }

  /**
   * Adds {@link #ROW_PASSES} only: the row-level rules' outcomes for the rows where {@code checked}
   * holds, null for the others.
   */
  public Function<Dataset<Row>, Dataset<Row>> withRowPasses(Column checked) {
    List<Column> passes = new ArrayList<>();
    for (CompiledRule rule : compiled) {
      if (rule instanceof CompiledRule.PerRow perRow) {
        passes.add(perRow.pass());
      }
    }
    Column all =
        passes.isEmpty() ? array().cast("array<boolean>") : array(passes.toArray(Column[]::new));
    return rows -> rows.withColumn(ROW_PASSES, when(checked, all));
  }

  /** The compiled rules, in ruleset order. */
  List<CompiledRule> compiled() {
    return compiled;
  }

  /**
   * The batch aggregates, to compute over the rows with {@link #ROW_PASSES} that passed the
   * contract's checks, in one pass that reads them anyway: the row count, one value per rule, one
   * per tracked metric. Hand the resulting row to {@link #decide}.
   */
  public List<Column> aggregates() {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("_dq_n"));
    for (int i = 0; i < compiled.size(); i++) {
      CompiledRule rule = compiled.get(i);
      String name = "_dq_r" + i;
      if (rule instanceof CompiledRule.PerRow) {
        Column pass = element_at(col(ROW_PASSES), rowLevelIndex.get(i) + 1);
        aggregates.add(sum(when(pass, 0L).otherwise(1L)).cast("double").as(name));
      } else if (rule instanceof CompiledRule.OnAggregate aggregate) {
        aggregates.add(aggregate.metric().cast("double").as(name));
      } else {
        aggregates.add(lit(null).cast("double").as(name));
      }
    }
    for (int i = 0; i < tracked.size(); i++) {
      aggregates.add(tracked.get(i).as("_dq_m" + i));
    }
    return aggregates;
  }

  /** True when {@link #decide} reads the rows (rules on key frequencies). */
  public boolean readsRows() {
    return compiled.stream().anyMatch(r -> r instanceof CompiledRule.OnKeys);
  }

  /**
   * The datasets ReferentialIntegrity rules name ({@code "customers.customer_id"} names customers).
   */
  public java.util.Set<String> referenceNames() {
    return ruleset.referenceNames();
  }

  /**
   * Decides every rule of the batch.
   *
   * @param aggregates the row of {@link #aggregates()} over the checked rows
   * @param checkedRows the rows that passed the contract's checks (read by one Spark job when
   *     {@link #readsRows()}; a shared shuffle's output is cheap to read again)
   * @param references datasets that ReferentialIntegrity rules name, by name
   * @param history earlier values of the batch metrics, for dynamic rules
   */
  public QualityOutcome decide(
      Row aggregates,
      Dataset<Row> checkedRows,
      Map<String, Dataset<Row>> references,
      MetricHistory history) {
    long n = aggregates.getLong(0);
    Map<Integer, Row> keyStats = new HashMap<>();
    if (readsRows()) {
      for (Row k : keyStatistics(checkedRows, references)) {
        keyStats.put(k.getInt(0), k);
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("RowCount", (double) n);
    List<RuleResult> results = new ArrayList<>();
    for (int i = 0; i < compiled.size(); i++) {
      Object value = aggregates.get(1 + i);
      DQRule dq = parsed.get(i);
      Evaluation evaluation =
          new Evaluation(
              DataQuality.metricName(dq, compiled.get(i).rule().text()),
              history,
              metrics,
              n,
              columns);
      results.add(evaluation.result(compiled.get(i), dq, value, keyStats.get(i)));
    }
    for (int i = 0; i < trackedNames.size(); i++) {
      Object value = aggregates.get(1 + compiled.size() + i);
      if (value != null) {
        metrics.putIfAbsent(trackedNames.get(i), (Double) value);
      }
    }
    return new QualityOutcome(checkedRows, results, n, metrics);
  }

  /**
   * Per key rule: (rule, unique values, distinct values, rows missing from the reference, rows with
   * a key), from one grouping on (rule, key value) shared by all key rules.
   */
  private List<Row> keyStatistics(Dataset<Row> rows, Map<String, Dataset<Row>> references) {
    List<Column> keys = new ArrayList<>();
    List<Dataset<Row>> referenceKeys = new ArrayList<>();
    for (int i = 0; i < compiled.size(); i++) {
      if (compiled.get(i) instanceof CompiledRule.OnKeys onKeys) {
        keys.add(struct(lit(i).as("r"), onKeys.key().as("k")));
        if (onKeys.metric() == CompiledRule.KeyMetric.IN_REFERENCE) {
          Dataset<Row> reference = references.get(onKeys.reference());
          if (reference == null) {
            throw QualityErrors.missingReferenceDataset(
                onKeys.rule().text(), onKeys.reference(), references.keySet());
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
    Dataset<Row> keyed =
        rows.select(explode(array(keys.toArray(Column[]::new))).as("e"))
            .select(col("e.r").as("r"), col("e.k").as("k"), lit(1L).as("m"), lit(0).as("ref"));
    for (Dataset<Row> reference : referenceKeys) {
      keyed = keyed.unionByName(reference);
    }
    Column c = col("c");
    return keyed
        .where(col("k").isNotNull())
        .groupBy("r", "k")
        .agg(sum("m").as("c"), max("ref").as("in_ref"))
        .groupBy("r")
        .agg(
            sum(when(c.equalTo(1L), 1L).otherwise(0L)).as("unique"),
            sum(when(c.gt(0L), 1L).otherwise(0L)).as("distinct"),
            sum(when(c.gt(0L).and(col("in_ref").equalTo(0)), c).otherwise(0L)).as("missing"),
            sum(c).as("keyed"))
        .collectAsList();
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
        String observed = n == 0 ? "no rows" : DataQuality.number((double) (n - failing) / n);
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
          yield DataQuality.result(
              rule, unique == n, DataQuality.number(uniqueness), threshold, detail);
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
        return DataQuality.result(rule, passed, DataQuality.number(metric), threshold, detail);
      }
      List<Double> past = history.values(metricName);
      HistoryOperands operands = new HistoryOperands(past);
      List<String> bounds = new ArrayList<>();
      for (NumericOperand operand : condition.getOperands()) {
        Double bound = operands.value(operand);
        if (bound == null) {
          return DataQuality.result(
              rule, true, DataQuality.number(metric), threshold + " (no history yet)", detail);
        }
        bounds.add(DataQuality.number(bound));
      }
      boolean passed = Boolean.TRUE.equals(condition.evaluate(metric, dq, operands));
      String resolved =
          threshold + " (= " + String.join(" and ", bounds) + " from " + past.size() + " run(s))";
      return DataQuality.result(rule, passed, DataQuality.number(metric), resolved, detail);
    }
  }
}
