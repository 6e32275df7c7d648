package org.zonelake.quality;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The outcome of one rule on one batch.
 *
 * @param rule the rule
 * @param passed true when the batch meets the rule (for a row-level rule: every row passes it)
 * @param observed the observed value as text, e.g. {@code 3} for a row count, {@code 0.75} for a
 *     completeness; for a row-level rule the share of rows that pass it
 * @param threshold what the rule expects, as written in the rule, e.g. {@code > 0}; for a row-level
 *     rule {@code every row}
 * @param message one sentence naming the rule, where it is written, the observed value and the
 *     threshold
 * @param failingRows for a row-level rule, the number of rows that fail it; empty otherwise
 * @param evidence for a rule that did not pass, the failing rows, offending values and history
 *     behind it ({@link RuleEvidence#NONE} otherwise)
 */
public record RuleResult(
    QualityRule rule,
    boolean passed,
    String observed,
    String threshold,
    String message,
    OptionalLong failingRows,
    RuleEvidence evidence) {

  /** Checks nothing is null. */
  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(failingRows, "failingRows");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The rule's text. */
  public String text() {
    return rule.text();
  }

  /** The rule's action. */
  public RuleAction action() {
    return rule.action();
  }

  /** The same result for a row-level rule that {@code rows} rows fail. */
  public RuleResult withFailingRows(long rows) {
    return new RuleResult(
        rule, passed, observed, threshold, message, OptionalLong.of(rows), evidence);
  }

  /** The same result with this evidence. */
  public RuleResult withEvidence(RuleEvidence found) {
    return new RuleResult(rule, passed, observed, threshold, message, failingRows, found);
  }
}
