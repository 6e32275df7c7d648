package org.zonelake.quality;

import java.time.Instant;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;

/**
 * How a rule is evaluated, as {@link RulePlanner} decided it when the ruleset was loaded: parsed,
 * translated by Deequ and checked against the contract's columns once, then evaluated batch after
 * batch.
 */
sealed interface PlannedRule {

  /** The rule. */
  QualityRule rule();

  /** The rule as parsed. */
  DQRule dq();

  /** The same plan, for {@code rule} (the rule as the ruleset holds it). */
  PlannedRule withRule(QualityRule rule);

  /**
   * The plan as a run evaluates it, starting at {@code runStart}: the same plan but for freshness.
   */
  default PlannedRule at(Instant runStart) {
    return this;
  }

  /**
   * A rule decided per row.
   *
   * @param dq the rule as parsed
   * @param pass Deequ's row-level outcome of the rule (see {@link
   *     DeequEngine.RuleCheck#rowOutcome}), a boolean expression, never null
   */
  record PerRow(QualityRule rule, DQRule dq, Column pass) implements PlannedRule {
    @Override
    public PerRow withRule(QualityRule rule) {
      return new PerRow(rule, dq, pass);
    }
  }

  /**
   * A rule decided on the share of rows for which {@code pass} holds.
   *
   * @param pass a boolean expression per row, never null
   * @param threshold what the share must meet
   * @param dq the rule as parsed
   */
  record OnShare(QualityRule rule, Column pass, NumberBasedCondition threshold, DQRule dq)
      implements PlannedRule {
    @Override
    public OnShare withRule(QualityRule rule) {
      return new OnShare(rule, pass, threshold, dq);
    }
  }

  /**
   * A DataFreshness rule: decided on a share of rows like {@link OnShare}, whose per-row outcome
   * measures the rows' age against the run's start (so that a retried batch is decided the same
   * way), known only when a run evaluates the rule.
   *
   * @param pass the per-row outcome for a run starting at the given instant
   * @param threshold what the share must meet
   * @param dq the rule as parsed
   */
  record OnFreshness(
      QualityRule rule, Function<Instant, Column> pass, NumberBasedCondition threshold, DQRule dq)
      implements PlannedRule {
    @Override
    public OnFreshness withRule(QualityRule rule) {
      return new OnFreshness(rule, pass, threshold, dq);
    }

    @Override
    public OnShare at(Instant runStart) {
      return new OnShare(rule, pass.apply(runStart), threshold, dq);
    }
  }

  /**
   * A rule decided by its Deequ check, on the metrics of its analyzers.
   *
   * @param dq the rule as parsed (its condition may compare with the history)
   * @param check Deequ's check of the rule as written
   * @param condition the rule's numeric condition; null for IsUnique, IsPrimaryKey and ColumnExists
   */
  record OnCheck(
      QualityRule rule, DQRule dq, DeequEngine.RuleCheck check, NumberBasedCondition condition)
      implements PlannedRule {
    @Override
    public OnCheck withRule(QualityRule rule) {
      return new OnCheck(rule, dq, check, condition);
    }
  }

  /**
   * A ReferentialIntegrity rule: the share of rows with a key whose key the reference has.
   *
   * @param column the key column of the rows
   * @param reference the name of the reference dataset
   * @param referenceColumn the key column of the reference
   */
  record OnReference(
      QualityRule rule,
      DQRule dq,
      NumberBasedCondition condition,
      String column,
      String reference,
      String referenceColumn)
      implements PlannedRule {
    @Override
    public OnReference withRule(QualityRule rule) {
      return new OnReference(rule, dq, condition, column, reference, referenceColumn);
    }
  }

  /**
   * A DetectAnomalies rule: the batch's metric compared with its history by Deequ's anomaly
   * detection.
   *
   * @param dq the rule as parsed
   * @param metric the metric's name in the history ({@code RowCount}, {@code Mean "price"})
   * @param check a Deequ check whose analyzer computes the metric
   */
  record OnHistory(QualityRule rule, DQRule dq, String metric, DeequEngine.RuleCheck check)
      implements PlannedRule {
    @Override
    public OnHistory withRule(QualityRule rule) {
      return new OnHistory(rule, dq, metric, check);
    }
  }
}
