package org.zonelake.quality;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a person needs to fix a rule a batch did not pass: which rows fail it and with which values,
 * and the history a dynamic threshold was computed from. Rows and values are collected only for
 * rules that did not pass, so a batch whose rules all pass costs no more Spark work; the history is
 * kept for every rule resolved against it, passed or not.
 *
 * @param failingRows the rows that fail the rule, where the rule judges rows (row-level rules,
 *     rules on a share of rows, completeness, uniqueness); empty for rules on the batch as a whole
 * @param samples up to {@value #SAMPLES} failing rows, ordered by raw file and record hash
 * @param topValues up to {@value #TOP_VALUES} offending values, most frequent first
 * @param history the metric's earlier values a dynamic threshold or an anomaly check compared the
 *     batch with, oldest first; empty for a fixed threshold
 */
public record RuleEvidence(
    OptionalLong failingRows,
    List<FailingRow> samples,
    List<OffendingValue> topValues,
    List<Double> history) {

  /** How many failing rows are kept as samples. */
  public static final int SAMPLES = 20;

  /** How many offending values are kept. */
  public static final int TOP_VALUES = 10;

  /** No evidence: a rule that passed against a fixed threshold, or one with nothing to show. */
  public static final RuleEvidence NONE =
      new RuleEvidence(OptionalLong.empty(), List.of(), List.of(), List.of());

  /** Copies the lists. */
  public RuleEvidence {
    Objects.requireNonNull(failingRows, "failingRows");
    samples = List.copyOf(samples);
    topValues = List.copyOf(topValues);
    history = List.copyOf(history);
  }

  /**
   * One failing row.
   *
   * @param recordHash its {@code _record_hash}, null where the rows carry none
   * @param rawFile the raw file it was read from, null where the rows carry none
   * @param value the value the rule judged ({@code null} for a missing value; {@code a=1, b=2} for
   *     a rule on several columns); null for a rule that names no column
   */
  public record FailingRow(String recordHash, String rawFile, String value) {}

  /**
   * An offending value and how many failing rows have it.
   *
   * @param value as in {@link FailingRow#value()}
   * @param rows the failing rows with this value
   */
  public record OffendingValue(String value, long rows) {}

  /** This evidence with the rows found in the batch. */
  RuleEvidence withRows(
      OptionalLong failing, List<FailingRow> sampled, List<OffendingValue> offending) {
    return new RuleEvidence(failing, sampled, offending, history);
  }

  /** Evidence of a dynamic threshold: the history it was computed from. */
  static RuleEvidence ofHistory(List<Double> history) {
    return new RuleEvidence(OptionalLong.empty(), List.of(), List.of(), history);
  }
}
