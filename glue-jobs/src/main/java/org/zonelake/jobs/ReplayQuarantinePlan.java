package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.core.write.TableFormat;
import org.zonelake.core.write.TableSchemas;
import org.zonelake.model.JobCatalog;
import org.zonelake.quality.Ruleset;

/**
 * Replays selected quarantine rows of one source with its contract and rules as they are now (see
 * {@link ReplayEvaluation}): the rows that now pass are inserted into processed (those whose record
 * processed holds are counted as duplicates), their quarantine rows are marked recovered ({@code
 * _replayed_at}, {@code _replay_run_id}, {@code _replay_outcome}, {@code
 * _replay_processed_version}) and never deleted; rows that still fail stay open with their new
 * reasons in {@code _replay_reasons} beside the old ones. A dry run only evaluates and reports.
 *
 * <p>A replay that changes anything first stores its rows with their outcomes and its log entry
 * ({@link ReplayLog}), then commits processed, the batch statistics and quarantine ({@link
 * ReplayCommit}); a replay stopped between those commits is completed by the next one from its
 * stored rows. A replay that would change nothing writes nothing. The batch-level quality rules
 * with action fail gate the replayed rows as they gate a batch ({@link ReplayGate}). With a run
 * ledger the replay is recorded as a run of its own and holds the raw-to-processed lease of the
 * source, so the two never write its tables at once.
 *
 * @param spark the session
 * @param config what to replay and where
 * @param listener told of the replay's progress and outcome
 * @param services where the run is recorded, metrics published and failures alerted
 */
public record ReplayQuarantinePlan(
    SparkSession spark, ReplayQuarantineConfig config, RunListener listener, RunServices services) {

  private static final String JOB = JobCatalog.REPLAY_QUARANTINE.name();

  /** A replay that records nothing beyond its tables. */
  public ReplayQuarantinePlan(SparkSession spark, ReplayQuarantineConfig config) {
    this(spark, config, RunListener.NONE, RunServices.NONE);
  }

  /** Runs the replay (or the dry run) and returns what it did. */
  public ReplayResult run() {
    SparkSettings.apply(spark);
    String source = config.selection().source();
    JobContracts contracts = new JobContracts(spark, config.contracts());
    DatasetContract contract = contracts.contract(source);
    Ruleset ruleset = contracts.ruleset(contract);
    if (!TableFormat.DELTA.exists(spark, config.quarantineTable())) {
      throw LakeErrors.replayNeedsDelta(
          source,
          config.quarantineTable(),
          TableFormat.PARQUET.exists(spark, config.quarantineTable()));
    }
    ReplayLog log =
        new ReplayLog(config.zones().replays(source), spark.sparkContext().hadoopConfiguration());
    if (config.dryRun()) {
      return dryRun(contract, ruleset, log);
    }
    RunRecorder.Recording recording =
        new RunRecorder(services, JOB, config.runId(), listener).begin(source);
    Optional<LeaseKeeper> rawLease = Optional.empty();
    Optional<String> error = Optional.empty();
    Optional<ReplayResult> result = Optional.empty();
    Optional<InputFiles> inputs = Optional.empty();
    try {
      // The raw-to-processed lease of the source: the two jobs never write its tables at once.
      rawLease = services.lease(JobCatalog.RAW_TO_PROCESSED.name(), source, config.runId());
      // A quarantine table of an earlier version gains the replay columns first.
      TableSchemas.addMissingColumns(
          spark, TableFormat.DELTA, config.quarantineTable(), ReplayColumns.SCHEMA);
      ReplayGate gate = new ReplayGate(spark, config, contract, ruleset);
      ReplayCommit commit =
          new ReplayCommit(spark, config, contract, log, gate, recording.startedAt());
      List<String> notes = new ArrayList<>();
      Optional<ReplayLog.Entry> pending = log.pending();
      Optional<ReplayCommit.Completed> earlier = Optional.empty();
      if (pending.isPresent()) {
        earlier = Optional.of(commit.complete(pending.get()));
        notes.add(earlier.get().note(pending.get()));
        inputs = Optional.of(earlier.get().inputs());
      }
      ReplayCommit.Completed completed;
      try (ReplayEvaluated evaluated = ReplayEvaluated.of(spark, config, contract, ruleset)) {
        if (evaluated.summary().changed() == 0) {
          // Nothing new: what this run wrote is the earlier replay it completed, if any.
          result =
              Optional.of(
                  earlier.isPresent()
                      ? result(earlier.get().summary(), false, earlier, notes)
                      : result(evaluated.summary(), false, Optional.empty(), notes));
          return result.get();
        }
        recording.requireLease();
        rawLease.ifPresent(LeaseKeeper::requireHeld);
        completed = commit.complete(evaluated.store(log, config, recording.startedAt()));
      }
      notes.addAll(completed.warnings());
      inputs = Optional.of(completed.inputs());
      result = Optional.of(result(completed.summary(), false, Optional.of(completed), notes));
      return result.get();
    } catch (Exception e) {
      // Exception, not only RuntimeException: Spark throws its checked exceptions undeclared, and
      // a failed job must not be recorded as a run that succeeded.
      LakeException explained =
          RunStop.stopped(JOB, source, config.runId()).orElseGet(() -> explain(source, e));
      error = Optional.of(explained.getMessage());
      throw explained;
    } finally {
      rawLease.ifPresent(LeaseKeeper::close);
      recording.finish(
          error,
          result.map(r -> r.summary().counts()).orElse(BatchCounts.empty()),
          result.map(r -> r.summary().scores()).orElse(QualityScores.NONE),
          result.map(ReplayResult::processedVersion).orElse(OptionalLong.empty()),
          result.isPresent() ? inputs : Optional.empty());
    }
  }

  private ReplayResult dryRun(DatasetContract contract, Ruleset ruleset, ReplayLog log) {
    List<String> notes = new ArrayList<>();
    log.pending().ifPresent(p -> notes.add(p.stoppedNote()));
    return result(
        ReplayEvaluated.dryRun(spark, config, contract, ruleset), true, Optional.empty(), notes);
  }

  private ReplayResult result(
      ReplayResult.Summary summary,
      boolean dryRun,
      Optional<ReplayCommit.Completed> completed,
      List<String> notes) {
    ReplaySelection selection = config.selection();
    if (summary.total().selected() == 0 && selection.rule().isPresent()) {
      notes = new ArrayList<>(notes);
      notes.add(
          selection.noRowFailed(ReplayEvaluation.failedRules(spark, config.quarantineTable())));
    }
    if (summary.total().selected() == 0 && selection.run().isPresent()) {
      notes = new ArrayList<>(notes);
      notes.add(
          selection.noRowOfRun(ReplayEvaluation.quarantiningRuns(spark, config.quarantineTable())));
    }
    return new ReplayResult(
        config.selection().source(),
        config.runId(),
        dryRun,
        config.selection(),
        summary,
        completed.map(ReplayCommit.Completed::processedVersion).orElse(OptionalLong.empty()),
        completed.map(ReplayCommit.Completed::quarantineVersion).orElse(OptionalLong.empty()),
        notes);
  }

  /** Turns any failure into the error people read. */
  private static LakeException explain(String source, Throwable error) {
    return LakeException.in(error)
        .or(() -> LakeErrors.damagedTableLog(error))
        .orElseGet(() -> LakeErrors.sourceFailed(source, LakeException.rootCause(error)));
  }
}
