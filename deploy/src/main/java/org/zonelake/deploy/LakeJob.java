package org.zonelake.deploy;

import org.zonelake.model.JobCatalog;
import org.zonelake.model.JobSpec;

/**
 * The Glue jobs of the lake, as the job catalog ({@link JobCatalog}) declares them: their names,
 * the classes Glue runs and the arguments they take.
 */
public enum LakeJob {
  /** Raw zone to processed zone (and quarantine). */
  RAW_TO_PROCESSED(JobCatalog.RAW_TO_PROCESSED),
  /** Processed zone to the curated aggregate tables. */
  PROCESSED_TO_CURATED(JobCatalog.PROCESSED_TO_CURATED),
  /** Compaction, VACUUM and manifest cleanup of every zone's tables. */
  MAINTENANCE(JobCatalog.MAINTENANCE),
  /**
   * Quarantine rows of one source replayed with the current contract and rules: on demand only,
   * outside the pipeline and its schedules; the source is given at each start.
   */
  REPLAY_QUARANTINE(JobCatalog.REPLAY_QUARANTINE);

  private final JobSpec spec;

  LakeJob(JobSpec spec) {
    this.spec = spec;
  }

  /** The job's short name; the Glue job is called {@code <prefix>-<jobName>}. */
  public String jobName() {
    return spec.name();
  }

  /** The class Glue runs ({@code --class}). */
  public String mainClass() {
    return spec.mainClass();
  }
}
