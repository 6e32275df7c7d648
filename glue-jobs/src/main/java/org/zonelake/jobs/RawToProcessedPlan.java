package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.manifest.RawZone;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.model.JobCatalog;
import org.zonelake.quality.Ruleset;

/**
 * Raw to processed for every source with a contract. Each source takes the raw files no earlier run
 * committed as one batch (an explicit manifest, written before any table write; more batches when
 * there are more files than one batch takes), processes it in one pass and commits each table once,
 * with the manifest's number as its idempotent-write version. Sources run concurrently in the one
 * Spark application; a failing source does not stop the others, and is reported.
 *
 * @param spark the session
 * @param config what to run and where
 * @param listener told of each source's progress and outcome
 * @param services where runs are recorded, metrics published and failures alerted
 */
public record RawToProcessedPlan(
    SparkSession spark, RawToProcessedConfig config, RunListener listener, RunServices services) {

  static final String JOB = JobCatalog.RAW_TO_PROCESSED.name();

  /** The Spark local property naming the source a job works for. */
  public static final String SOURCE_PROPERTY = "zonelake.source";

  /** A plan for one run that records nothing beyond its tables. */
  public RawToProcessedPlan(SparkSession spark, RawToProcessedConfig config, RunListener listener) {
    this(spark, config, listener, RunServices.NONE);
  }

  /** Runs every selected source and returns one outcome per source (and per skipped directory). */
  public List<SourceOutcome> run() {
    SparkSettings.apply(spark);
    // The contracts and their rulesets: from --contracts (one listing of it), or from the jar.
    JobContracts declarations = new JobContracts(spark, config.contracts());
    Map<String, DatasetContract> bySource = new LinkedHashMap<>();
    declarations.contracts().forEach(c -> bySource.put(c.source(), c));
    List<String> selected =
        config.sources().isEmpty() ? List.copyOf(bySource.keySet()) : config.sources();
    List<String> unknown = selected.stream().filter(s -> !bySource.containsKey(s)).toList();
    if (!unknown.isEmpty()) {
      throw LakeErrors.unknownSources(unknown, bySource.keySet());
    }
    // Every ruleset is loaded (and so checked) before any source is touched.
    Map<String, Ruleset> rulesets = new LinkedHashMap<>();
    for (String source : selected) {
      rulesets.put(source, declarations.ruleset(bySource.get(source)));
      rulesets.get(source).requireReferences(bySource.values());
      rulesets.get(source).requireAnalysable(spark, bySource.get(source));
    }
    RawZone raw = new RawZone(config.layout().raw(), spark.sparkContext().hadoopConfiguration());
    RawZone.Contents rawContents = raw.contents();
    List<String> rawSources = rawContents.sources();
    SourceTables tables = new SourceTables(spark, config.layout(), config.format());
    tables.createQualityTables();

    List<SourceOutcome> outcomes =
        new ArrayList<>(
            Concurrently.map(
                "source",
                selected,
                source -> {
                  DatasetContract contract = bySource.get(source);
                  if (!rawSources.contains(source)) {
                    tables.createIfMissing(contract);
                    return skipped(source, raw.noDirectoryNote(source));
                  }
                  return new SourceRun(this, contract, rulesets.get(source), raw, tables).run();
                }));
    if (config.sources().isEmpty()) {
      for (String directory : rawSources) {
        if (!bySource.containsKey(directory)) {
          outcomes.add(skipped(directory, raw.noContractNote(directory)));
        }
      }
    }
    for (String file : rawContents.strayFiles()) {
      outcomes.add(skipped(file, raw.strayFileNote(file)));
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
}
