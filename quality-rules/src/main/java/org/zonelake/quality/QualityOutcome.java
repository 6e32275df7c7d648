package org.zonelake.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link QualityPlan#decide} (or {@link DataQuality#evaluate}) found for one batch.
 *
 * @param rows the rows the rules were decided on, with {@link QualityPlan#ROW_PASSES} (the rows
 *     that passed the contract's checks, as given to {@link QualityPlan#decide}); lazy (reading it
 *     runs Spark jobs, building it does not)
 * @param batchResults one result per rule of the ruleset, in ruleset order
 * @param rowCount the number of input rows
 * @param metrics the batch metrics by name ({@code RowCount}, {@code Mean "price"}, ...): those of
 *     the rules with a metric and the tracked ones, the history of later dynamic rules
 */
public record QualityOutcome(
    Dataset<Row> rows, List<RuleResult> batchResults, long rowCount, Map<String, Double> metrics) {

  /** Copies the collections. */
  public QualityOutcome {
    batchResults = List.copyOf(batchResults);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The rules with action fail that did not pass: when not empty, the batch must not commit. */
  public List<RuleResult> failures() {
    return batchResults.stream().filter(r -> !r.passed() && r.action() == RuleAction.FAIL).toList();
  }

  /** The rules with action warn that did not pass. */
  public List<RuleResult> warnings() {
    return batchResults.stream().filter(r -> !r.passed() && r.action() == RuleAction.WARN).toList();
  }

  /**
   * Throws when a rule with action fail did not pass.
   *
   * @param source the source of the batch, named in the error
   * @param rawFiles the batch's raw files, named in the error
   * @param records what became of the batch's records, after "The batch", e.g. {@code read 20
   *     record(s), 18 of them to quarantine ({bad_event_time=18})}: a rule on the written rows may
   *     fail because of it
   * @throws org.zonelake.core.errors.LakeException naming every failed rule, its observed value and
   *     its threshold
   */
  public void requirePassed(String source, List<String> rawFiles, String records) {
    List<RuleResult> failures = failures();
    if (!failures.isEmpty()) {
      throw QualityErrors.qualityGateFailed(
          source, failures.stream().map(RuleResult::message).toList(), rawFiles, records);
    }
  }
}
