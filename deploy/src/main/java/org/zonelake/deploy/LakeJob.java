package org.zonelake.deploy;

/**
 * The Glue jobs of the lake. The names and classes are those of the glue-jobs module's job catalog;
 * the deploy tests check the Glue job definitions against it.
 */
public enum LakeJob {
  /** Raw zone to processed zone (and quarantine). */
  RAW_TO_PROCESSED("raw-to-processed", "org.zonelake.jobs.RawToProcessedJob"),
  /** Processed zone to the curated aggregate tables. */
  PROCESSED_TO_CURATED("processed-to-curated", "org.zonelake.jobs.ProcessedToCuratedJob"),
  /** Compaction, VACUUM and manifest cleanup of every zone's tables. */
  MAINTENANCE("maintenance", "org.zonelake.jobs.MaintenanceJob");

  private final String jobName;
  private final String mainClass;

  LakeJob(String jobName, String mainClass) {
    this.jobName = jobName;
    this.mainClass = mainClass;
  }

  /** The job's short name; the Glue job is called {@code <prefix>-<jobName>}. */
  public String jobName() {
    return jobName;
  }

  /** The class Glue runs ({@code --class}). */
  public String mainClass() {
    return mainClass;
  }
}
