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
 * @param zones the processed zone (one Delta table per source) and the quarantine zone (one table
 *     per source) the job reads
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
    ZonePaths zones,
    String curatedRoot,
    Optional<String> contracts,
    List<String> sources)
    implements JobConfig {

  /** Validates the fields and strips trailing slashes from the curated root. */
  public ProcessedToCuratedConfig {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(zones, "zones");
    curatedRoot = LakeLayout.trim(Objects.requireNonNull(curatedRoot, "curatedRoot"));
    Objects.requireNonNull(contracts, "contracts");
    sources = List.copyOf(sources);
  }

  /** Reads the configuration from Glue-style arguments. */
  public static ProcessedToCuratedConfig fromArgs(GlueArgs args) {
    List<String> sources = args.list("sources");
    String runId = args.runId();
    return new ProcessedToCuratedConfig(
        args.require("JOB_NAME"),
        runId,
        args.zones(),
        args.require("curated_path"),
        args.get("contracts"),
        sources);
  }

  /** A curated table's path. */
  public String curatedTable(String name) {
    return curatedRoot + "/" + name;
  }
}
