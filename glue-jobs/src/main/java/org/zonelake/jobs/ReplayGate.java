package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.write.TableFormat;
import org.zonelake.quality.QualityErrors;
import org.zonelake.quality.QualityOutcome;
import org.zonelake.quality.RuleResult;
import org.zonelake.quality.Ruleset;

/**
 * The batch-level quality rules on the replayed rows that pass the contract's checks, as they gate
 * a landing batch: a rule with action fail that does not pass stops the replay before anything is
 * committed; warnings are reported. The rules that compare a batch with the history of earlier
 * batches (DetectAnomalies, {@code last(k)}) do not apply, and nothing is recorded in the quality
 * history: a replay is not a landing batch.
 */
record ReplayGate(
    SparkSession spark, ReplayQuarantineConfig config, DatasetContract contract, Ruleset ruleset) {

  /**
   * Checks the replayed rows and returns the warnings.
   *
   * @throws org.zonelake.core.errors.LakeException when a rule with action fail does not pass
   */
  List<String> check(Dataset<Row> rows) {
    SourceQuality quality =
        new SourceQuality(
            spark,
            contract,
            ruleset,
            config.zones(),
            TableFormat.DELTA,
            config.runId(),
            Instant.now());
    Dataset<Row> checked = rows.where(col(RawToProcessedBatch.CHECKED));
    List<Column> aggregates = quality.plan().aggregates();
    Row measured =
        checked
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    if (measured.getLong(0) == 0) {
      return List.of();
    }
    QualityOutcome outcome = quality.decide(measured, checked, Long.MIN_VALUE);
    // A rule that compares a landing batch with the earlier ones says nothing of replayed rows.
    Predicate<RuleResult> applies = r -> !quality.plan().comparesWithHistory(r.rule());
    List<RuleResult> failures = outcome.failures().stream().filter(applies).toList();
    if (!failures.isEmpty()) {
      throw QualityErrors.replayQualityGateFailed(
          contract.source(), failures.stream().map(RuleResult::message).toList());
    }
    List<String> warnings = new ArrayList<>();
    for (RuleResult warning : outcome.warnings().stream().filter(applies).toList()) {
      // Shown once, as notes of the replay's result.
      warnings.add("replayed rows: " + warning.message());
    }
    return warnings;
  }
}
