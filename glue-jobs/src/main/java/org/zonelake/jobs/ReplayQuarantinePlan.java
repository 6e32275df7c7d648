package org.zonelake.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunLease;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.StepHooks;
import org.zonelake.core.spark.DeltaCommit;
import org.zonelake.core.spark.DeltaRewrite;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.core.write.TableFormat;
import org.zonelake.core.write.TableSchemas;
import org.zonelake.model.JobCatalog;
import org.zonelake.quality.MetricHistory;
import org.zonelake.quality.QualityOutcome;
import org.zonelake.quality.QualityPlan;
import org.zonelake.quality.QualityRepository;
import org.zonelake.quality.RuleResult;
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
 * ({@link ReplayLog}), then commits processed, the batch statistics (so curated recomputes the days
 * it touched) and quarantine, each once, with the replay's number as idempotent-write version; a
 * replay stopped between those commits is completed by the next one from its stored rows. A replay
 * that would change nothing writes nothing. The batch-level quality rules with action fail gate the
 * replayed rows as they gate a batch; warnings are reported, and nothing goes into the quality
 * history (a replay is not a landing batch its metrics describe). With a run ledger the replay is
 * recorded as a run of its own and holds the raw-to-processed lease of the source, so the two never
 * write its tables at once.
 */
public final class ReplayQuarantinePlan {

  private static final String JOB = JobCatalog.REPLAY_QUARANTINE.name();

  private final SparkSession spark;
  private final ReplayQuarantineConfig config;
  private final RunListener listener;
  private final RunServices services;

  /** A replay that records nothing beyond its tables. */
  public ReplayQuarantinePlan(SparkSession spark, ReplayQuarantineConfig config) {
    this(spark, config, RunListener.NONE, RunServices.NONE);
  }

  /** A replay recording its run, metrics and alerts through {@code services}. */
  public ReplayQuarantinePlan(
      SparkSession spark,
      ReplayQuarantineConfig config,
      RunListener listener,
      RunServices services) {
    this.spark = spark;
    this.config = config;
    this.listener = listener;
    this.services = services;
  }

  /** Runs the replay (or the dry run) and returns what it did. */
  public ReplayResult run() {
    SparkSettings.apply(spark);
    String source = config.selection().source();
    DatasetContract contract = contract(source);
    Ruleset ruleset = ruleset(contract);
    if (!TableFormat.DELTA.exists(spark, config.quarantineTable())) {
      throw LakeErrors.replayNeedsDelta(source, config.quarantineTable());
    }
    if (config.dryRun()) {
      return dryRun(contract, ruleset);
    }
    RunRecorder recorder = new RunRecorder(services, JOB, config.runId(), listener);
    RunRecorder.Recording recording = recorder.begin(source);
    Optional<RunLease> rawLease = Optional.empty();
    Optional<String> error = Optional.empty();
    BatchCounts counts = BatchCounts.empty();
    QualityScores scores = QualityScores.NONE;
    OptionalLong version = OptionalLong.empty();
    Optional<InputFiles> inputs = Optional.empty();
    try {
      if (services.ledger().isPresent()) {
        rawLease =
            Optional.of(
                services
                    .ledger()
                    .get()
                    .acquire(
                        JobCatalog.RAW_TO_PROCESSED.name(),
                        source,
                        config.runId(),
                        services.leaseTtl()));
      }
      Replay replay = new Replay(contract, ruleset, recording.startedAt());
      ReplayResult result = replay.run();
      counts = result.summary().counts();
      scores = result.summary().scores();
      version = result.processedVersion();
      inputs = replay.inputs;
      return result;
    } catch (RuntimeException e) {
      LakeException explained = explain(source, e);
      error = Optional.of(explained.getMessage());
      throw explained;
    } finally {
      rawLease.ifPresent(lease -> services.ledger().get().release(lease));
      recording.finish(error, counts, scores, version, inputs);
    }
  }

  private ReplayResult dryRun(DatasetContract contract, Ruleset ruleset) {
    Instant now = Instant.now();
    ReplayEvaluation evaluation =
        new ReplayEvaluation(spark, contract, SourceQuality.runPlan(contract, ruleset, now));
    long q = DeltaCommit.latestVersion(spark, config.quarantineTable());
    Dataset<Row> rows =
        evaluation.evaluate(
            ReplayEvaluation.selected(spark, config.quarantineTable(), q, config.selection()),
            processedAt(processedVersion()));
    ReplayResult.Summary summary = ReplayEvaluation.summarize(rows);
    List<String> notes = new ArrayList<>();
    ReplayLog log = log();
    if (log.pending().isPresent()) {
      notes.add(
          "replay "
              + log.pending().get().number()
              + " of run "
              + log.pending().get().runId()
              + " stopped before it committed everything; the next replay completes it first.");
    }
    return new ReplayResult(
        contract.source(),
        config.runId(),
        true,
        config.selection(),
        summary,
        OptionalLong.empty(),
        OptionalLong.empty(),
        notes);
  }

  /** One replay that may write. */
  private final class Replay {
    private final DatasetContract contract;
    private final Ruleset ruleset;
    private final Instant startedAt;
    private final ReplayLog log = log();
    private Optional<InputFiles> inputs = Optional.empty();

    Replay(DatasetContract contract, Ruleset ruleset, Instant startedAt) {
      this.contract = contract;
      this.ruleset = ruleset;
      this.startedAt = startedAt;
    }

    ReplayResult run() {
      String source = contract.source();
      List<String> notes = new ArrayList<>();
      // A quarantine table of an earlier version gains the replay columns first.
      TableSchemas.addMissingColumns(
          spark, TableFormat.DELTA, config.quarantineTable(), ReplayColumns.SCHEMA);
      Optional<ReplayLog.Entry> pending = log.pending();
      if (pending.isPresent()) {
        Completed completed = complete(pending.get());
        notes.add(
            "completed replay "
                + pending.get().number()
                + " of run "
                + pending.get().runId()
                + " ("
                + pending.get().selection().describe()
                + "), which had stopped before it committed everything: "
                + completed.summary.total().written()
                + " row(s) written, "
                + completed.summary.total().duplicates()
                + " duplicate(s).");
      }
      Instant now = Instant.now();
      ReplayEvaluation evaluation =
          new ReplayEvaluation(spark, contract, SourceQuality.runPlan(contract, ruleset, now));
      long q = DeltaCommit.latestVersion(spark, config.quarantineTable());
      long p = processedVersion();
      Dataset<Row> evaluated =
          evaluation.evaluate(
              ReplayEvaluation.selected(spark, config.quarantineTable(), q, config.selection()),
              processedAt(p));
      ReplayResult.Summary summary = ReplayEvaluation.summarize(evaluated);
      if (summary.changed() == 0) {
        return new ReplayResult(
            source,
            config.runId(),
            false,
            config.selection(),
            summary,
            OptionalLong.empty(),
            OptionalLong.empty(),
            notes);
      }
      List<String> files =
          evaluated
              .where(col(ReplayEvaluation.CHANGED))
              .select(DeltaRewrite.FILE)
              .distinct()
              .orderBy(DeltaRewrite.FILE)
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      long number = log.next();
      ReplayLog.Entry entry =
          new ReplayLog.Entry(number, config.runId(), startedAt, config.selection(), q, p, files);
      // The rows and their outcomes are stored before any table is touched: the commits read
      // them, and a replay stopped half-way is completed from them.
      evaluated
          .coalesce(Math.max(1, Math.min(files.size(), 16)))
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(log.rows(number));
      log.write(entry);
      StepHooks.reached("replay-logged", source);
      Completed completed = complete(entry);
      notes.addAll(completed.warnings);
      return new ReplayResult(
          source,
          config.runId(),
          false,
          config.selection(),
          completed.summary,
          completed.processedVersion,
          completed.quarantineVersion,
          notes);
    }

    /** Commits a logged replay: processed, statistics, quarantine, each unless it already did. */
    private Completed complete(ReplayLog.Entry entry) {
      String source = contract.source();
      long number = entry.number();
      Dataset<Row> rows = spark.read().parquet(log.rows(number));
      ReplayResult.Summary summary = ReplayEvaluation.summarize(rows);
      List<String> warnings = gate(rows, entry);

      String processedPath = config.processedTable();
      Dataset<Row> written =
          rows.where(col(ReplayEvaluation.OUTCOME).equalTo(ReplayColumns.WRITTEN))
              .transform(Envelope.withRunColumns(source, config.runId(), startedAt)::apply)
              .transform(Envelope.validRows(contract)::apply);
      List<Row> perDay = candidatesPerDay(rows, entry);
      OptionalLong processedVersion = OptionalLong.empty();
      long holding = entry.processedVersion();
      if (summary.total().written() > 0) {
        TableFormat.Append processed =
            TableFormat.DELTA.append(
                spark,
                processedPath,
                LakeColumns.PARTITION_COLUMNS,
                SourceTables.appId("replay-processed", source),
                number);
        if (processed.alreadyCommitted()) {
          processedVersion =
              OptionalLong.of(
                  DeltaRewrite.committedVersion(
                      spark,
                      processedPath,
                      SourceTables.appId("replay-processed", source),
                      number,
                      entry.processedVersion()));
        } else {
          processed.write(
              written.repartition(
                  Math.max(1, perDay.size()),
                  col(LakeColumns.YEAR),
                  col(LakeColumns.MONTH),
                  col(LakeColumns.DAY)));
          processedVersion = processed.commit();
        }
        holding = processedVersion.getAsLong();
      }
      StepHooks.reached("replay-processed-committed", source);
      if (!perDay.isEmpty()) {
        TableFormat.DELTA.createIfMissing(
            spark, config.statistics(), RawToProcessedBatch.VALID_PER_DAY_SCHEMA, List.of());
        TableFormat.Append statistics =
            TableFormat.DELTA.append(
                spark,
                config.statistics(),
                List.of(),
                SourceTables.appId("replay-statistics", source),
                number);
        if (!statistics.alreadyCommitted()) {
          statistics.write(
              spark.createDataFrame(perDay, RawToProcessedBatch.VALID_PER_DAY_SCHEMA).coalesce(1));
          statistics.commit();
        }
      }
      StepHooks.reached("replay-statistics-committed", source);
      OptionalLong quarantineVersion = OptionalLong.empty();
      DeltaRewrite rewrite =
          DeltaRewrite.start(
              spark,
              config.quarantineTable(),
              SourceTables.appId("replay-quarantine", source),
              number);
      if (!rewrite.alreadyCommitted()) {
        rewrite.write(
            marked(rewrite.rowsOf(entry.quarantineFiles()), rows, holding)
                .coalesce(Math.max(1, entry.quarantineFiles().size())));
        quarantineVersion = OptionalLong.of(rewrite.commit());
      }
      StepHooks.reached("replay-quarantine-committed", source);
      log.commit(number);
      inputs =
          Optional.of(
              InputFiles.stored(entry.quarantineFiles().size(), 0, log.location(entry.number())));
      return new Completed(summary, processedVersion, quarantineVersion, warnings);
    }

    /**
     * The batch-level rules on the replayed rows that pass the contract's checks: a rule with
     * action fail that does not pass stops the replay before anything is committed; warnings are
     * returned. Nothing is recorded in the quality history.
     */
    private List<String> gate(Dataset<Row> rows, ReplayLog.Entry entry) {
      Instant now = Instant.now();
      QualityPlan plan = SourceQuality.runPlan(contract, ruleset, now);
      Dataset<Row> checked = rows.where(col(RawToProcessedBatch.CHECKED));
      List<Column> aggregates = plan.aggregates();
      Row measured =
          checked
              .agg(
                  aggregates.get(0),
                  aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
              .first();
      if (measured.getLong(0) == 0) {
        return List.of();
      }
      QualityRepository repository =
          new QualityRepository(
              spark,
              config.processedRoot() + "/_quality/rule_results",
              config.processedRoot() + "/_quality/metrics",
              TableFormat.DELTA);
      MetricHistory history =
          plan.needsHistory()
              ? repository.history(contract.source(), Long.MIN_VALUE)
              : MetricHistory.NONE;
      QualityOutcome outcome = plan.decide(measured, checked, references(plan), history);
      if (!outcome.failures().isEmpty()) {
        throw LakeErrors.replayQualityGateFailed(
            contract.source(), outcome.failures().stream().map(RuleResult::message).toList());
      }
      List<String> warnings = new ArrayList<>();
      for (RuleResult warning : outcome.warnings()) {
        warnings.add("replayed rows: " + warning.message());
        listener.warning(contract.source(), "replayed rows: " + warning.message());
      }
      return warnings;
    }

    /** Batch statistics rows: the rows that now pass, per event day. */
    private List<Row> candidatesPerDay(Dataset<Row> rows, ReplayLog.Entry entry) {
      List<Row> perDay = new ArrayList<>();
      for (Row d :
          rows.where(col(ReplayEvaluation.OUTCOME).notEqual(ReplayColumns.FAILED))
              .groupBy(LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY)
              .agg(count(lit(1)))
              .orderBy(LakeColumns.YEAR, LakeColumns.MONTH, LakeColumns.DAY)
              .collectAsList()) {
        perDay.add(
            RowFactory.create(
                d.getInt(0),
                d.getInt(1),
                d.getInt(2),
                d.getLong(3),
                config.runId(),
                entry.number()));
      }
      return perDay;
    }

    /** The quarantine files' rows with the replay's marks on the rows it changed. */
    private Dataset<Row> marked(Dataset<Row> current, Dataset<Row> rows, long holdingVersion) {
      String m = "_m";
      Dataset<Row> marks =
          rows.where(col(ReplayEvaluation.CHANGED))
              .select(
                  col(DeltaRewrite.FILE).as(m + DeltaRewrite.FILE),
                  col(DeltaRewrite.ROW).as(m + DeltaRewrite.ROW),
                  col(ReplayEvaluation.OUTCOME).as(m + "outcome"),
                  col(LakeColumns.REASONS).as(m + "reasons"),
                  col(LakeColumns.REASON_CODES).as(m + "codes"));
      Dataset<Row> joined =
          current.join(
              marks,
              col(DeltaRewrite.FILE)
                  .equalTo(col(m + DeltaRewrite.FILE))
                  .and(col(DeltaRewrite.ROW).equalTo(col(m + DeltaRewrite.ROW))),
              "left");
      Column matched = col(m + "outcome").isNotNull();
      Column recovered = matched.and(col(m + "outcome").notEqual(ReplayColumns.FAILED));
      Column empty = array().cast("array<string>");
      Map<String, Column> replay = new LinkedHashMap<>();
      replay.put(
          LakeColumns.REPLAYED_AT,
          when(recovered, lit(Timestamp.from(startedAt))).otherwise(col(LakeColumns.REPLAYED_AT)));
      replay.put(
          LakeColumns.REPLAY_RUN_ID,
          when(matched, lit(config.runId())).otherwise(col(LakeColumns.REPLAY_RUN_ID)));
      replay.put(
          LakeColumns.REPLAY_OUTCOME,
          when(matched, col(m + "outcome")).otherwise(col(LakeColumns.REPLAY_OUTCOME)));
      replay.put(
          LakeColumns.REPLAY_PROCESSED_VERSION,
          when(recovered, lit(holdingVersion))
              .otherwise(col(LakeColumns.REPLAY_PROCESSED_VERSION)));
      replay.put(
          LakeColumns.REPLAY_REASONS,
          when(recovered, empty)
              .when(matched, col(m + "reasons"))
              .otherwise(col(LakeColumns.REPLAY_REASONS)));
      replay.put(
          LakeColumns.REPLAY_REASON_CODES,
          when(recovered, empty)
              .when(matched, col(m + "codes"))
              .otherwise(col(LakeColumns.REPLAY_REASON_CODES)));
      StructType schema = current.drop(DeltaRewrite.FILE, DeltaRewrite.ROW).schema();
      List<Column> columns = new ArrayList<>();
      for (StructField field : schema.fields()) {
        Column value = replay.getOrDefault(field.name(), col(field.name()));
        columns.add(value.cast(field.dataType()).as(field.name()));
      }
      return joined.select(columns.toArray(Column[]::new));
    }
  }

  /** What completing a logged replay did. */
  private record Completed(
      ReplayResult.Summary summary,
      OptionalLong processedVersion,
      OptionalLong quarantineVersion,
      List<String> warnings) {}

  private ReplayLog log() {
    return new ReplayLog(
        ReplayLog.directory(config.processedRoot(), config.selection().source()),
        spark.sparkContext().hadoopConfiguration());
  }

  /** The processed table's current version, or -1 without a table. */
  private long processedVersion() {
    return TableFormat.DELTA.exists(spark, config.processedTable())
        ? DeltaCommit.latestVersion(spark, config.processedTable())
        : -1;
  }

  /** The processed table at a version, or null for -1. */
  private Dataset<Row> processedAt(long version) {
    return version < 0
        ? null
        : spark.read().format("delta").option("versionAsOf", version).load(config.processedTable());
  }

  /** The processed tables the ruleset's ReferentialIntegrity rules name. */
  private Map<String, Dataset<Row>> references(QualityPlan plan) {
    Map<String, Dataset<Row>> references = new LinkedHashMap<>();
    for (String name : plan.referenceNames()) {
      String path = config.processedRoot() + "/" + name;
      if (TableFormat.DELTA.exists(spark, path)) {
        references.put(name, TableFormat.DELTA.read(spark, path));
      }
    }
    return references;
  }

  private DatasetContract contract(String source) {
    List<DatasetContract> contracts = new JobContracts(spark, config.contracts()).contracts();
    return contracts.stream()
        .filter(c -> c.source().equals(source))
        .findFirst()
        .orElseThrow(
            () ->
                LakeErrors.unknownSources(
                    List.of(source), contracts.stream().map(DatasetContract::source).toList()));
  }

  private Ruleset ruleset(DatasetContract contract) {
    return new JobContracts(spark, config.contracts()).ruleset(contract);
  }

  /** Turns any failure into the error people read. */
  static LakeException explain(String source, Throwable error) {
    Throwable cause = error;
    while (cause != null) {
      if (cause instanceof LakeException lake) {
        return lake;
      }
      cause = cause.getCause();
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return LakeErrors.sourceFailed(source, root);
  }
}
