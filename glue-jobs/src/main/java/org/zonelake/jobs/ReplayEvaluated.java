package org.zonelake.jobs;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.spark.DeltaCommit;
import org.zonelake.core.spark.DeltaRewrite;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.StagedRows;
import org.zonelake.core.write.TableFormat;
import org.zonelake.quality.Ruleset;

/**
 * The selected quarantine rows of a replay evaluated against processed ({@link ReplayEvaluation}),
 * with the table versions read. The rows are evaluated once and kept until {@link #close}: their
 * summary, the files they change and the stored copy all read the same evaluation.
 *
 * @param rows the evaluated rows
 * @param summary their outcome
 * @param quarantineVersion the quarantine version the rows were selected from
 * @param processedVersion the processed version they were checked against (-1: no table)
 */
record ReplayEvaluated(
    Dataset<Row> rows, ReplayResult.Summary summary, long quarantineVersion, long processedVersion)
    implements AutoCloseable {

  /**
   * Evaluates the rows {@code config} selects with the source's contract and rules as they are,
   * keeping them for {@link #store} and the commits.
   */
  static ReplayEvaluated of(
      SparkSession spark,
      ReplayQuarantineConfig config,
      DatasetContract contract,
      Ruleset ruleset) {
    return evaluate(spark, config, contract, ruleset, true);
  }

  /** What a replay would do, for a dry run: the rows are evaluated once and not kept. */
  static ReplayResult.Summary dryRun(
      SparkSession spark,
      ReplayQuarantineConfig config,
      DatasetContract contract,
      Ruleset ruleset) {
    return evaluate(spark, config, contract, ruleset, false).summary();
  }

  private static ReplayEvaluated evaluate(
      SparkSession spark,
      ReplayQuarantineConfig config,
      DatasetContract contract,
      Ruleset ruleset,
      boolean keep) {
    ReplayEvaluation evaluation =
        new ReplayEvaluation(
            spark, contract, SourceQuality.runPlan(contract, ruleset, Instant.now()));
    long q = DeltaCommit.latestVersion(spark, config.quarantineTable());
    long p =
        TableFormat.DELTA.exists(spark, config.processedTable())
            ? DeltaCommit.latestVersion(spark, config.processedTable())
            : -1;
    Dataset<Row> rows =
        evaluation.evaluate(
            ReplayEvaluation.selected(spark, config.quarantineTable(), q, config.selection()),
            p < 0
                ? Optional.empty()
                : Optional.of(DeltaTables.readAt(spark, config.processedTable(), p)));
    if (keep) {
      rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
    }
    return new ReplayEvaluated(rows, ReplayEvaluation.summarize(rows), q, p);
  }

  /**
   * Stores the evaluated rows and the replay's log entry before any table is touched: the commits
   * read them, and a replay stopped half-way is completed from them.
   */
  ReplayLog.Entry store(ReplayLog log, ReplayQuarantineConfig config, Instant startedAt) {
    List<String> files =
        rows.where(col(ReplayEvaluation.CHANGED))
            .select(DeltaRewrite.FILE)
            .distinct()
            .orderBy(DeltaRewrite.FILE)
            .as(Encoders.STRING())
            .collectAsList();
    long number = log.next();
    ReplayLog.Entry entry =
        new ReplayLog.Entry(
            number,
            config.runId(),
            startedAt,
            config.selection(),
            quarantineVersion,
            processedVersion,
            files);
    StagedRows.write(rows, log.rows(number), Math.min(files.size(), 16));
    log.write(entry);
    StepHooks.reached("replay-logged", config.selection().source());
    return entry;
  }

  /** Releases the kept rows. */
  @Override
  public void close() {
    rows.unpersist();
  }
}
