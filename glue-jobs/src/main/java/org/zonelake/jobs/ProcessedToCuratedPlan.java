package org.zonelake.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.join.JoinedDataset;
import org.zonelake.jobs.CuratedResult.JoinOutcome;
import org.zonelake.model.JobCatalog;

/**
 * Processed to curated. For every source it finds the event days whose processed, quarantine or
 * batch-statistics rows changed since the last run (from the Delta logs) and aggregates exactly
 * those days in one scan of processed rows into hourly and daily rows; all sources' rows replace
 * the old ones in one commit per curated table, and {@code source_statistics} follows from the
 * daily rows ({@link SourceAggregation}). Then every joined dataset declared beside the contracts
 * is brought up to date, with one {@code join_statistics} commit for all of them ({@link
 * JoinedDatasetsRefresh}). Sources, joined datasets and the tables of one commit step run at once
 * ({@link Concurrently}). Each source and joined dataset is recorded in the run ledger under its
 * lease, like the raw-to-processed job's sources. A run with nothing new writes nothing; late data
 * corrects the day it belongs to.
 *
 * @param spark the session
 * @param config what to run and where
 * @param progress where progress lines go
 * @param services where runs are recorded, metrics published and failures alerted
 */
public record ProcessedToCuratedPlan(
    SparkSession spark,
    ProcessedToCuratedConfig config,
    PrintStream progress,
    RunServices services) {

  private static final String JOB = JobCatalog.PROCESSED_TO_CURATED.name();

  /** A plan for one run recorded nowhere but in its tables. */
  public ProcessedToCuratedPlan(
      SparkSession spark, ProcessedToCuratedConfig config, PrintStream progress) {
    this(spark, config, progress, RunServices.NONE);
  }

  /**
   * Runs every selected source, then every joined dataset whose left source is selected, and names
   * the joined datasets the lake holds but no longer declares. Invalid contracts or joined-dataset
   * declarations stop the run before anything is written.
   */
  public CuratedResult run() {
    SparkSettings.apply(spark);
    JobContracts declarations = new JobContracts(spark, config.contracts());
    List<DatasetContract> contracts = declarations.contracts();
    List<JoinedDataset> joins = declarations.joinedDatasets(contracts);
    CuratedStep step =
        new CuratedStep(
            spark,
            config,
            progress,
            new RunRecorder(services, JOB, config.runId(), RunReport.warnings(progress)));
    // The joined datasets read processed tables only: they are refreshed beside the sources.
    AtomicReference<List<CuratedResult.Outcome>> sources = new AtomicReference<>();
    AtomicReference<List<JoinOutcome>> joined = new AtomicReference<>();
    Concurrently.both(
        "curated step",
        () ->
            sources.set(
                new SourceAggregation(step)
                    .refresh(contracts.stream().filter(c -> selected(c.source())).toList())),
        () -> {
          JoinedDatasetsRefresh refresh = new JoinedDatasetsRefresh(step);
          refresh.warnOfUndeclared(joins);
          joined.set(
              refresh.refresh(joins.stream().filter(j -> selected(j.leftSource())).toList()));
        });
    return new CuratedResult(sources.get(), joined.get());
  }

  /**
   * Loads the contracts and joined-dataset declarations a run of this job would read, and checks
   * that the reference tables they name are there, so that a run of both jobs can stop on an
   * invalid one before raw to processed writes anything.
   *
   * @param spark the session (its Hadoop settings reach the directory)
   * @param contracts {@code --contracts}, if given; else the declarations in the jar
   * @return the joined datasets declared
   * @throws org.zonelake.core.errors.LakeException naming the first invalid file, its field and the
   *     fix
   */
  public static List<JoinedDataset> checkDeclarations(
      SparkSession spark, Optional<String> contracts) {
    JobContracts declarations = new JobContracts(spark, contracts);
    List<JoinedDataset> joins = declarations.joinedDatasets(declarations.contracts());
    for (JoinedDataset join : joins) {
      if (join.right() instanceof JoinedDataset.ReferenceTable table && !table.onClasspath()) {
        ContractBundle.referenceFiles(
            table.location(), join, spark.sparkContext().hadoopConfiguration());
      }
    }
    return joins;
  }

  private boolean selected(String source) {
    return config.sources().isEmpty() || config.sources().contains(source);
  }

  /**
   * One line per source (which days were recomputed, or why it failed), then one per joined
   * dataset, with its rows and unmatched rows.
   */
  public static String summary(String runId, CuratedResult result) {
    return CuratedReport.summary(runId, result, List.of(), List.of());
  }

  /**
   * {@link #summary(String, CuratedResult)} of a run that left out {@code failedSources} (their
   * raw-to-processed run failed), naming them and the joined datasets of {@code joins} they are the
   * left source of.
   */
  public static String summary(
      String runId, CuratedResult result, List<String> failedSources, List<JoinedDataset> joins) {
    return CuratedReport.summary(runId, result, failedSources, joins);
  }
}
