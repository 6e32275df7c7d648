package org.zonelake.jobs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.layout.ZonePaths;

/**
 * The validated settings of one processed to curated run.
 *
 * @param jobName the job's name
 * @param runId the run's id
 * @param processedRoot processed zone root (one Delta table per source)
 * @param quarantineRoot quarantine zone root (one table per source)
 * @param curatedRoot curated zone root (daily_summary, hourly_metrics, source_statistics, the
 *     joined datasets and join_statistics)
 * @param contracts where the contracts and, in {@code joins/}, the joined-dataset declarations are
 *     (empty: the ones packaged in the jar)
 * @param sources the sources to aggregate, and the left sources of the joined datasets to build
 *     (empty: every contract)
 */
public record ProcessedToCuratedConfig(
    String jobName,
    String runId,
    String processedRoot,
    String quarantineRoot,
    String curatedRoot,
    Optional<String> contracts,
    List<String> sources)
    implements JobConfig {

  /** Validates the fields and strips trailing slashes from the roots. */
  public ProcessedToCuratedConfig {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(runId, "runId");
    processedRoot = LakeLayout.trim(Objects.requireNonNull(processedRoot, "processedRoot"));
    quarantineRoot = LakeLayout.trim(Objects.requireNonNull(quarantineRoot, "quarantineRoot"));
    curatedRoot = LakeLayout.trim(Objects.requireNonNull(curatedRoot, "curatedRoot"));
    Objects.requireNonNull(contracts, "contracts");
    sources = List.copyOf(sources);
  }

  /** The processed and quarantine zones the job reads. */
  ZonePaths zones() {
    return ZonePaths.of(processedRoot, quarantineRoot);
  }

  /** Reads the configuration from Glue-style arguments. */
  public static ProcessedToCuratedConfig fromArgs(GlueArgs args) {
    List<String> sources = args.list("sources");
    String runId = args.runId();
    return new ProcessedToCuratedConfig(
        args.require("JOB_NAME"),
        runId,
        args.require("processed_path"),
        args.require("quarantine_path"),
        args.require("curated_path"),
        args.get("contracts"),
        sources);
  }

  /** A curated table's path. */
  public String curatedTable(String name) {
    return curatedRoot + "/" + name;
  }
}
