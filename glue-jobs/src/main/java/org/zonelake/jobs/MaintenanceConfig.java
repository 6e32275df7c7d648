package org.zonelake.jobs;

import java.time.Duration;
import java.util.Objects;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.layout.ZonePaths;
import org.zonelake.core.maintenance.CompactionPolicy;
import org.zonelake.model.JobCatalog;

/**
 * The validated settings of one maintenance run.
 *
 * @param jobName the job's name
 * @param runId the run's id
 * @param zones the processed zone (a table per source, {@code _stats/}, {@code _quality/}, {@code
 *     _manifests/}) and the quarantine zone (a table per source)
 * @param curatedRoot curated zone root: a table per directory ({@code _state/} is not a table)
 * @param retentionDays the VACUUM retention and the age past which committed manifests and per-run
 *     file lists are removed, in days
 * @param compaction which partitions are compacted, into what
 */
public record MaintenanceConfig(
    String jobName,
    String runId,
    ZonePaths zones,
    String curatedRoot,
    int retentionDays,
    CompactionPolicy compaction)
    implements JobConfig {

  /** The default retention: a week, Delta's own default for deleted files. */
  public static final int DEFAULT_RETENTION_DAYS =
      (int) JobCatalog.MAINTENANCE.defaultNumber("retention_days");

  /** Validates the fields and strips trailing slashes from the curated root. */
  public MaintenanceConfig {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(zones, "zones");
    curatedRoot = LakeLayout.trim(Objects.requireNonNull(curatedRoot, "curatedRoot"));
    if (retentionDays < 0) {
      throw new IllegalArgumentException("retentionDays must not be negative");
    }
    Objects.requireNonNull(compaction, "compaction");
  }

  /** The retention as a duration. */
  public Duration retention() {
    return Duration.ofDays(retentionDays);
  }

  /** Reads the configuration from Glue-style arguments. */
  public static MaintenanceConfig fromArgs(GlueArgs args) {
    String usage = GlueArgs.usage(JobCatalog.MAINTENANCE);
    return new MaintenanceConfig(
        args.require("JOB_NAME"),
        args.runId(),
        args.zones(),
        args.require("curated_path"),
        (int) args.wholeNumber("retention_days", 0),
        policy(
            args.require("min_files"),
            args.require("small_file_mb"),
            args.require("target_file_mb"),
            usage));
  }

  /**
   * The compaction policy from the arguments' text ({@code --min_files}, {@code --small_file_mb},
   * {@code --target_file_mb}), each checked with a message naming it.
   */
  public static CompactionPolicy policy(
      String minFiles, String smallMb, String targetMb, String usage) {
    long min = GlueArgs.wholeNumber("min_files", minFiles, 1, usage);
    long small = GlueArgs.wholeNumber("small_file_mb", smallMb, 1, usage);
    long target = GlueArgs.wholeNumber("target_file_mb", targetMb, 1, usage);
    if (target < small) {
      throw CommandLineErrors.badArgument(
          "--target_file_mb is "
              + target
              + ", below --small_file_mb "
              + small
              + "; compaction could not write files larger than the ones it replaces.",
          usage);
    }
    return new CompactionPolicy(
        small * CompactionPolicy.MIB, (int) min, target * CompactionPolicy.MIB);
  }
}
