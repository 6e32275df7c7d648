package org.zonelake.jobs;

import java.util.Objects;
import java.util.Optional;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.model.JobCatalog;

/**
 * The validated settings of one replay of quarantine rows.
 *
 * @param jobName the job's name
 * @param runId the replay's run id (recorded on the rows it writes and marks)
 * @param zones the processed and quarantine zones
 * @param contracts where the contracts and rulesets are (empty: the ones packaged in the jar)
 * @param selection which quarantine rows to replay
 * @param dryRun true to print what the replay would do, writing nothing
 */
public record ReplayQuarantineConfig(
    String jobName,
    String runId,
    ZonePaths zones,
    Optional<String> contracts,
    ReplaySelection selection,
    boolean dryRun)
    implements JobConfig {

  /** Validates the fields. */
  public ReplayQuarantineConfig {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(zones, "zones");
    Objects.requireNonNull(contracts, "contracts");
    Objects.requireNonNull(selection, "selection");
  }

  /** The source's processed table. */
  String processedTable() {
    return zones().processedTable(selection.source());
  }

  /** The source's quarantine table. */
  String quarantineTable() {
    return zones().quarantineTable(selection.source());
  }

  /** The source's batch statistics. */
  String statistics() {
    return zones().statistics(selection.source());
  }

  /** Reads the configuration from Glue-style arguments. */
  public static ReplayQuarantineConfig fromArgs(GlueArgs args) {
    String usage = GlueArgs.usage(JobCatalog.REPLAY_QUARANTINE);
    String source =
        args.get("source")
            .orElseThrow(
                () ->
                    CommandLineErrors.badArgument(
                        "Job "
                            + JobCatalog.REPLAY_QUARANTINE.name()
                            + ": --source is required at every run (the source whose quarantine"
                            + " rows to replay).",
                        usage));
    // A replay that writes only when asked to: --dry_run alone is a dry run.
    boolean dryRun = args.flag("dry_run");
    ReplaySelection selection = ReplaySelection.of(source, args::get);
    return new ReplayQuarantineConfig(
        args.require("JOB_NAME"),
        args.runId(),
        args.zones(),
        args.get("contracts"),
        selection,
        dryRun);
  }
}
