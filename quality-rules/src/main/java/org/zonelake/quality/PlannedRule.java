package org.zonelake.quality;

import org.apache.spark.sql.Column;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.NumberBasedCondition;

/** How a rule is evaluated, as {@link RulePlanner} decided it when the ruleset was loaded. */
sealed interface PlannedRule {

  /** The rule. */
  QualityRule rule();

  /**
   * A rule decided per row.
   *
   * @param pass Deequ's row-level outcome of the rule (see {@link
   *     DeequEngine.RuleCheck#rowOutcome}), a boolean expression, never null
   */
  record PerRow(QualityRule rule, Column pass) implements PlannedRule {}

  /**
   * A rule decided on the share of rows for which {@code pass} holds.
   *
   * @param pass a boolean expression per row, never null
   * @param threshold what the share must meet
   * @param dq the rule as parsed
   */
  record OnShare(QualityRule rule, Column pass, NumberBasedCondition threshold, DQRule dq)
      implements PlannedRule {}

  /**
   * A rule decided by its Deequ check, on the metrics of its analyzers.
   *
   * @param dq the rule as parsed (its condition may compare with the history)
   * @param check Deequ's check of the rule as written
   * @param condition the rule's numeric condition; null for IsUnique, IsPrimaryKey and ColumnExists
   */
  record OnCheck(
      QualityRule rule, DQRule dq, DeequEngine.RuleCheck check, NumberBasedCondition condition)
      implements PlannedRule {}

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
      implements PlannedRule {}

  /**
   * A DetectAnomalies rule: the batch's metric compared with its history by Deequ's anomaly
   * detection.
   *
   * @param metric the metric's name in the history ({@code RowCount}, {@code Mean "price"})
   * @param check a Deequ check whose analyzer computes the metric
   */
  record OnHistory(QualityRule rule, String metric, DeequEngine.RuleCheck check)
      implements PlannedRule {}
}
