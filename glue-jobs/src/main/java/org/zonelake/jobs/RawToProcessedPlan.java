package org.zonelake.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.zonelake.core.LakeColumns;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunLease;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStart;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.metrics.RunMetrics;
import org.zonelake.core.read.RawReader;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.core.transform.Envelope;
import org.zonelake.core.write.DeltaMergeWriter;
import org.zonelake.core.write.DeltaTables;
import org.zonelake.core.write.ParquetAppendWriter;
import org.zonelake.core.write.ProcessedWriter;
import org.zonelake.core.write.QuarantineWriter;
import org.zonelake.quality.RuleResult;
import org.zonelake.quality.Ruleset;
import org.zonelake.quality.Rulesets;
import org.zonelake.quality.ShippedContracts;

/**
 * Raw to processed for every source with a contract: each source is a Structured Streaming query
 * over its raw directory with {@code Trigger.AvailableNow} and its own checkpoint, so each run
 * reads exactly the raw files no earlier run committed. Sources run one after the other; a failing
 * source does not stop the others, and is reported.
 */
public final class RawToProcessedPlan {

  private final SparkSession spark;
  private final RawToProcessedConfig config;
  private static final String JOB = JobCatalog.RAW_TO_PROCESSED.name();

  private final RunListener listener;
  private final RunServices services;

  /** A plan for one run that records nothing beyond its tables. */
  public RawToProcessedPlan(SparkSession spark, RawToProcessedConfig config, RunListener listener) {
    this(spark, config, listener, RunServices.NONE);
  }

  /**
   * A plan for one run that records runs, publishes metrics and alerts through {@code services}.
   */
  public RawToProcessedPlan(
      SparkSession spark, RawToProcessedConfig config, RunListener listener, RunServices services) {
    this.spark = spark;
    this.config = config;
    this.listener = listener;
    this.services = services;
  }

  /** The contracts the run uses: from {@code --contracts}, or those packaged in the jar. */
  public List<DatasetContract> contracts() {
    return config
        .contracts()
        .map(dir -> ContractLoader.fromDirectory(dir, spark.sparkContext().hadoopConfiguration()))
        .orElseGet(ShippedContracts::load);
  }

  /** Runs every selected source and returns one outcome per source (and per skipped directory). */
  public List<SourceOutcome> run() {
    SparkSettings.apply(spark);
    LakeLayout layout = config.layout();
    List<DatasetContract> contracts = contracts();
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    contracts.forEach(c -> bySource.put(c.source(), c));
    List<String> rawSources = rawSourceDirectories(layout.raw());
    List<String> selected =
        config.sources().isEmpty() ? List.copyOf(bySource.keySet()) : config.sources();
    List<String> unknown = selected.stream().filter(s -> !bySource.containsKey(s)).toList();
    if (!unknown.isEmpty()) {
      throw LakeErrors.unknownSources(unknown, bySource.keySet());
    }
    // Every ruleset is loaded (and so checked) before any source is touched.
    Map<String, Ruleset> rulesets = new LinkedHashMap<>();
    for (String source : selected) {
      rulesets.put(source, ruleset(bySource.get(source)));
    }

    List<SourceOutcome> outcomes = new ArrayList<>();
    for (String source : selected) {
      DatasetContract contract = bySource.get(source);
      if (!rawSources.contains(source)) {
        SourceOutcome outcome =
            new SourceOutcome(
                source,
                SourceOutcome.Status.SKIPPED,
                BatchCounts.empty(),
                0,
                0,
                Optional.of("no raw directory " + layout.rawSource(source) + " yet"));
        createTables(contract);
        listener.sourceFinished(outcome);
        outcomes.add(outcome);
        continue;
      }
      outcomes.add(runSource(contract, rulesets.get(source)));
    }
    if (config.sources().isEmpty()) {
      for (String directory : rawSources) {
        if (!bySource.containsKey(directory)) {
          SourceOutcome outcome =
              new SourceOutcome(
                  directory,
                  SourceOutcome.Status.SKIPPED,
                  BatchCounts.empty(),
                  0,
                  0,
                  Optional.of(
                      "no contract for raw directory "
                          + layout.rawSource(directory)
                          + "; add "
                          + directory
                          + ".json to the contracts. Its files stay in raw for a later run"));
          listener.sourceFinished(outcome);
          outcomes.add(outcome);
        }
      }
    }
    return outcomes;
  }

  /** The contract's quality rules: beside the contracts of {@code --contracts}, or shipped. */
  public Ruleset ruleset(DatasetContract contract) {
    return config
        .contracts()
        .map(
            dir ->
                Rulesets.fromDirectory(dir, contract, spark.sparkContext().hadoopConfiguration()))
        .orElseGet(() -> Rulesets.load(contract));
  }

  private SourceOutcome runSource(DatasetContract contract, Ruleset ruleset) {
    String source = contract.source();
    listener.sourceStarted(source);
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    LakeLayout layout = config.layout();
    RunTotals totals = new RunTotals();
    Optional<RunLease> lease = Optional.empty();
    boolean recorded = false;
    SourceOutcome outcome;
    try {
      if (services.ledger().isPresent()) {
        RunLedger ledger = services.ledger().get();
        lease = Optional.of(ledger.acquire(JOB, source, config.runId(), services.leaseTtl()));
        ledger.start(new RunStart(config.runId(), JOB, source, startedAt, InputFiles.none()));
        recorded = true;
      }
      Dataset<Row> stream =
          RawReader.stream(spark, contract, layout.rawSource(source), config.maxFilesPerBatch());
      createTables(contract);
      RawToProcessedBatch batch =
          new RawToProcessedBatch(
              contract,
              config.runId(),
              startedAt,
              writer(source),
              appendOnce(config.layout().quarantineTable(source), "quarantine", source),
              appendOnce(config.layout().statistics(source), "statistics", source),
              new SourceQuality(
                  spark,
                  contract,
                  ruleset,
                  layout,
                  config.format() == RawToProcessedConfig.TableFormat.DELTA,
                  config.runId()));
      VoidFunction2<Dataset<Row>, Long> onBatch =
          (rows, batchId) -> {
            long batchStart = System.nanoTime();
            RawToProcessedBatch.Result result = batch.process(rows, batchId);
            totals.add(result);
            for (RuleResult warning : result.warnings()) {
              listener.warning(source, warning.message());
            }
            listener.batchCommitted(source, batchId, result.counts(), seconds(batchStart));
          };
      StreamingQuery query =
          stream
              .writeStream()
              .queryName("raw_to_processed_" + source)
              .option("checkpointLocation", layout.checkpoint(source))
              .trigger(Trigger.AvailableNow())
              .foreachBatch(onBatch)
              .start();
      query.awaitTermination();
      outcome =
          new SourceOutcome(
              source,
              SourceOutcome.Status.SUCCEEDED,
              totals.counts,
              totals.batches,
              seconds(start),
              Optional.empty());
    } catch (StreamingQueryException | TimeoutException | RuntimeException e) {
      LakeException error = explain(source, e);
      outcome =
          new SourceOutcome(
              source,
              SourceOutcome.Status.FAILED,
              totals.counts,
              totals.batches,
              seconds(start),
              Optional.of(error.getMessage()));
    }
    report(outcome, totals, recorded, lease);
    listener.sourceFinished(outcome);
    return outcome;
  }

  /**
   * Records the outcome in the ledger, publishes its metrics, alerts on failure, frees the lease.
   */
  private void report(
      SourceOutcome outcome, RunTotals totals, boolean recorded, Optional<RunLease> lease) {
    String source = outcome.source();
    RunStatus status =
        outcome.status() == SourceOutcome.Status.FAILED ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    OptionalDouble quality =
        totals.counts.linesRead() == 0
            ? OptionalDouble.empty()
            : OptionalDouble.of(totals.qualitySum / totals.counts.linesRead());
    try {
      services
          .metrics()
          .publish(
              new RunMetrics(
                  JOB,
                  source,
                  config.runId(),
                  Instant.now(),
                  totals.counts,
                  quality,
                  outcome.seconds()));
    } catch (RuntimeException e) {
      listener.warning(source, "metrics not published: " + e.getMessage());
    }
    if (services.ledger().isEmpty()) {
      return;
    }
    RunLedger ledger = services.ledger().get();
    try {
      if (recorded) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        quality.ifPresent(q -> metrics.put(RunMetrics.AVERAGE_QUALITY_SCORE, q));
        OptionalLong version = processedVersion(source);
        RunRecord record =
            ledger.finish(
                new RunEnd(
                    config.runId(),
                    source,
                    status,
                    totals.counts,
                    version,
                    metrics,
                    outcome.message().filter(m -> status == RunStatus.FAILED),
                    Optional.of(inputFiles(source, totals.files))));
        if (status == RunStatus.FAILED) {
          services.alerter().runFailed(record, ledger.describeItem(record));
        }
      }
    } catch (RuntimeException e) {
      listener.warning(source, "run not recorded: " + e.getMessage());
    } finally {
      lease.ifPresent(ledger::release);
    }
  }

  private OptionalLong processedVersion(String source) {
    String path = config.layout().processedTable(source);
    return config.format() == RawToProcessedConfig.TableFormat.DELTA
            && io.delta.tables.DeltaTable.isDeltaTable(spark, path)
        ? OptionalLong.of(DeltaTables.latestVersion(spark, path))
        : OptionalLong.empty();
  }

  /** The files read, inline in the ledger item, or listed in a file beside the tables if many. */
  private InputFiles inputFiles(String source, List<String> files) {
    long bytes = 0;
    try {
      for (String file : files) {
        Path path = new Path(file);
        bytes +=
            path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                .getFileStatus(path)
                .getLen();
      }
      InputFiles inline = InputFiles.inline(files, bytes);
      if (inline.fitsInline()) {
        return inline;
      }
      Path list =
          new Path(
              config.layout().processed() + "/_runs/" + config.runId() + "/" + source + ".files");
      FileSystem fs = list.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(list, true)) {
        out.write(String.join("\n", files).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return InputFiles.stored(files.size(), bytes, list.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the input files of " + source, e);
    }
  }

  /** Sums the micro-batches of one source. */
  private static final class RunTotals {
    private BatchCounts counts = BatchCounts.empty();
    private double qualitySum;
    private long batches;
    private final List<String> files = new ArrayList<>();

    void add(RawToProcessedBatch.Result result) {
      counts = counts.plus(result.counts());
      qualitySum += result.qualityScoreSum();
      files.addAll(result.files());
      batches++;
    }
  }

  private ProcessedWriter writer(String source) {
    String path = config.layout().processedTable(source);
    return config.format() == RawToProcessedConfig.TableFormat.DELTA
        ? new DeltaMergeWriter(spark, path)
        : new ParquetAppendWriter(spark, path);
  }

  /** Appends a batch's rows to a table once, even when the batch is retried. */
  private RawToProcessedBatch.BatchSink appendOnce(String path, String kind, String source) {
    if (config.format() == RawToProcessedConfig.TableFormat.PARQUET) {
      return (rows, batchId) -> QuarantineWriter.appendParquet(rows, path);
    }
    return (rows, batchId) -> {
      // The query id is stable across restarts from one checkpoint and new for a new checkpoint,
      // so a retried batch is recognised and a reset checkpoint starts a fresh sequence.
      String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
      QuarantineWriter.appendDelta(
          rows, path, "zonelake-" + kind + "-" + source + "-" + queryId, batchId);
    };
  }

  /** Creates the processed and quarantine tables (empty) so they exist before any data lands. */
  private void createTables(DatasetContract contract) {
    if (config.format() != RawToProcessedConfig.TableFormat.DELTA) {
      return;
    }
    Dataset<Row> empty =
        RawToProcessedBatch.classify(
            spark.createDataFrame(List.of(), RawReader.schema(contract)),
            contract,
            "",
            Instant.EPOCH);
    DeltaTables.createIfMissing(
        spark,
        config.layout().processedTable(contract.source()),
        empty.transform(Envelope.validRows(contract)::apply).schema(),
        LakeColumns.PARTITION_COLUMNS);
    DeltaTables.createIfMissing(
        spark,
        config.layout().quarantineTable(contract.source()),
        empty.transform(Envelope.quarantineRows()::apply).schema(),
        List.of());
  }

  private List<String> rawSourceDirectories(String rawRoot) {
    Path root = new Path(rawRoot);
    FileSystem fs;
    boolean exists;
    try {
      fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      exists = fs.exists(root);
    } catch (IOException e) {
      throw LakeErrors.unreadablePath(
          "Raw zone",
          rawRoot,
          e,
          "check that the bucket exists and the job may list it, or pass another raw root with"
              + " --raw_path");
    }
    try {
      if (!exists) {
        throw LakeErrors.missingPath(
            "Raw zone",
            rawRoot,
            "pass the raw root with --raw_path (it holds one directory per source)");
      }
      List<String> names = new ArrayList<>();
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
          names.add(name);
        }
      }
      names.sort(String::compareTo);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the raw zone " + rawRoot, e);
    }
  }

  private static LakeException explain(String source, Throwable error) {
    Throwable cause = error;
    while (cause != null) {
      if (cause instanceof LakeException lake) {
        return lake;
      }
      String message = cause.getMessage();
      if (message != null && message.contains("CSV header does not conform to the schema")) {
        return LakeErrors.csvHeaderMismatch(source, message.replace('\n', ' '));
      }
      cause = cause.getCause();
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return LakeErrors.sourceFailed(source, root);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
