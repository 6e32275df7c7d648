package org.zonelake.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.ContractLoader;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.manifest.Manifest;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.manifest.RawZone;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.model.JobCatalog;
import org.zonelake.quality.RuleResult;
import org.zonelake.quality.Ruleset;
import org.zonelake.quality.Rulesets;
import org.zonelake.quality.ShippedContracts;

/**
 * Raw to processed for every source with a contract. Each source takes the raw files no earlier run
 * committed as one batch (an explicit manifest, written before any table write; more batches when
 * there are more files than one batch takes), processes it in one pass and commits each table once,
 * with the manifest's number as its idempotent-write version. Sources run concurrently in the one
 * Spark application; a failing source does not stop the others, and is reported.
 */
public final class RawToProcessedPlan {

  private static final String JOB = JobCatalog.RAW_TO_PROCESSED.name();
  private static final int MAX_CONCURRENT_SOURCES = 4;

  /** The Spark local property naming the source a job works for. */
  public static final String SOURCE_PROPERTY = "zonelake.source";

  private final SparkSession spark;
  private final RawToProcessedConfig config;
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

  /** The contract's quality rules: beside the contracts of {@code --contracts}, or shipped. */
  public Ruleset ruleset(DatasetContract contract) {
    return config
        .contracts()
        .map(
            dir ->
                Rulesets.fromDirectory(dir, contract, spark.sparkContext().hadoopConfiguration()))
        .orElseGet(() -> Rulesets.load(contract));
  }

  /** Runs every selected source and returns one outcome per source (and per skipped directory). */
  public List<SourceOutcome> run() {
    SparkSettings.apply(spark);
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    contracts().forEach(c -> bySource.put(c.source(), c));
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
    RawZone raw = new RawZone(config.layout().raw(), spark.sparkContext().hadoopConfiguration());
    List<String> rawSources = raw.sources();
    SourceTables tables = new SourceTables(spark, config.layout(), config.tableFormat());
    tables.createQualityTables();

    List<SourceOutcome> outcomes = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(selected.size(), MAX_CONCURRENT_SOURCES)));
    try {
      List<Future<SourceOutcome>> running = new ArrayList<>();
      for (String source : selected) {
        DatasetContract contract = bySource.get(source);
        if (rawSources.contains(source)) {
          running.add(pool.submit(() -> runSource(contract, rulesets.get(source), raw, tables)));
        } else {
          tables.createIfMissing(contract);
          running.add(
              java.util.concurrent.CompletableFuture.completedFuture(
                  skipped(source, "no raw directory " + raw.directory(source) + " yet")));
        }
      }
      for (Future<SourceOutcome> outcome : running) {
        outcomes.add(outcome.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sources ran", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A source's run failed unexpectedly", e.getCause());
    } finally {
      pool.shutdown();
    }
    if (config.sources().isEmpty()) {
      for (String directory : rawSources) {
        if (!bySource.containsKey(directory)) {
          outcomes.add(
              skipped(
                  directory,
                  "no contract for raw directory "
                      + raw.directory(directory)
                      + "; add "
                      + directory
                      + ".json to the contracts. Its files stay in raw for a later run"));
        }
      }
    }
    return outcomes;
  }

  private SourceOutcome skipped(String source, String why) {
    SourceOutcome outcome =
        new SourceOutcome(
            source, SourceOutcome.Status.SKIPPED, BatchCounts.empty(), 0, 0, Optional.of(why));
    listener.sourceFinished(outcome);
    return outcome;
  }

  /** Takes every batch of new files of one source, recording the run. */
  private SourceOutcome runSource(
      DatasetContract contract, Ruleset ruleset, RawZone raw, SourceTables tables) {
    String source = contract.source();
    // Every Spark job of this thread carries its source (progress, stage times).
    spark.sparkContext().setLocalProperty(SOURCE_PROPERTY, source);
    listener.sourceStarted(source);
    RunRecorder recorder = new RunRecorder(services, JOB, config.runId(), listener);
    BatchCounts counts = BatchCounts.empty();
    double qualitySum = 0;
    long batches = 0;
    OptionalLong version = OptionalLong.empty();
    List<RawFile> files = new ArrayList<>();
    RunRecorder.Recording recording = null;
    Optional<String> error = Optional.empty();
    try {
      recording = recorder.begin(source);
      if (tables.migrateRecordHashes(contract)) {
        listener.warning(
            source,
            "processed table carried over to this version's record hashes (rewritten once)");
      }
      tables.createIfMissing(contract);
      SourceQuality quality =
          new SourceQuality(
              spark,
              contract,
              ruleset,
              config.layout(),
              config.tableFormat(),
              config.runId(),
              Instant.now());
      RawToProcessedBatch batch =
          new RawToProcessedBatch(
              spark,
              contract,
              config.layout(),
              config.tableFormat(),
              config.runId(),
              recording.startedAt(),
              quality);
      SourceManifests manifests = new SourceManifests(spark, source, raw, tables, config);
      for (Optional<SourceManifests.Batch> next = manifests.next();
          next.isPresent();
          next = manifests.next()) {
        Manifest manifest = next.get().manifest();
        listener.batchStarted(source, manifest.number(), manifest.files().size(), manifest.bytes());
        long start = System.nanoTime();
        RawToProcessedBatch.Result result = batch.process(manifest, next.get().retry());
        manifests.committed(manifest);
        counts = counts.plus(result.counts());
        qualitySum += result.qualityScoreSum();
        version = result.processedVersion().isPresent() ? result.processedVersion() : version;
        files.addAll(manifest.files());
        batches++;
        for (RuleResult warning : result.warnings()) {
          listener.warning(source, warning.message());
        }
        listener.batchCommitted(
            source, manifest.number(), result.counts(), (System.nanoTime() - start) / 1e9);
      }
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions undeclared (AnalysisException).
      error = Optional.of(explain(source, e).getMessage());
    }
    double seconds = recording == null ? 0 : recording.seconds();
    SourceOutcome outcome =
        new SourceOutcome(
            source,
            error.isPresent() ? SourceOutcome.Status.FAILED : SourceOutcome.Status.SUCCEEDED,
            counts,
            batches,
            seconds,
            error);
    if (recording != null) {
      OptionalDouble quality =
          counts.linesRead() == 0
              ? OptionalDouble.empty()
              : OptionalDouble.of(qualitySum / counts.linesRead());
      recording.finish(
          error,
          counts,
          quality,
          version.isPresent() ? version : tables.processedVersion(source),
          Optional.of(tables.inputFiles(source, config.runId(), files)));
    }
    listener.sourceFinished(outcome);
    return outcome;
  }

  /** Turns any failure of a source into the error people read. */
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
}
