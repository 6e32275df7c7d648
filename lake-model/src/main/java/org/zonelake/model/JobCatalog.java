package org.zonelake.model;

import java.util.List;

/**
 * The jobs of the lake and the arguments each declares: the one place the jobs' argument parsing
 * and usage, and the deployment's Glue job definitions, take them from.
 */
public final class JobCatalog {

  private static final JobArgument LEDGER_TABLE =
      JobArgument.optional(
          "ledger_table",
          "DynamoDB table of the run ledger (default: runs are not recorded, no lease).");

  private static final JobArgument METRICS_NAMESPACE =
      JobArgument.optional(
          "metrics_namespace",
          "CloudWatch namespace for the run metrics, e.g. DataLake/Quality (default: not"
              + " published).");

  private static final JobArgument QUARANTINE_PATH =
      JobArgument.required(
          "quarantine_path", "Quarantine zone root: one table per source below it.");

  private static final JobArgument RUN_ID =
      JobArgument.optional("run_id", "Run id (default: Glue's JOB_RUN_ID or a new id).");

  /** {@code --JOB_NAME}, defaulting to the job's own name. */
  private static JobArgument jobName(String job) {
    return JobArgument.optional("JOB_NAME", job, "Name of the job run.");
  }

  /** {@code --alert_topic_arn}, told when {@code failed} fails. */
  private static JobArgument alertTopic(String failed) {
    return JobArgument.optional(
        "alert_topic_arn", "SNS topic told when " + failed + " fails (default: no alert).");
  }

  /** {@code --lease_seconds}, for a job whose crashed run blocks {@code blocked}. */
  private static JobArgument leaseSeconds(String blocked) {
    return JobArgument.optional(
        "lease_seconds",
        "120",
        "Time to live of a run's lease, renewed every quarter of it while the run works: how long"
            + " a crashed run blocks the next "
            + blocked
            + "; whole seconds from 1 to 86400.");
  }

  /** Raw zone to processed zone: parse, check, hash, de-duplicate, merge. */
  public static final JobSpec RAW_TO_PROCESSED =
      new JobSpec(
          "raw-to-processed",
          "org.zonelake.jobs.RawToProcessedJob",
          List.of(
              jobName("raw-to-processed"),
              JobArgument.required(
                  "raw_path", "Raw zone root: raw/<source>/year=YYYY/month=MM/day=DD/<file>."),
              JobArgument.required(
                  "processed_path", "Processed zone root: one table per source below it."),
              QUARANTINE_PATH,
              JobArgument.optional(
                  "checkpoint_path",
                  "Where earlier versions kept per-source streaming checkpoints, read once to"
                      + " migrate a lake to manifests (default:"
                      + " <processed_path>/_checkpoints/raw_to_processed)."),
              JobArgument.optional(
                  "contracts",
                  "Directory or s3:// prefix with *.json dataset contracts (default: the contracts"
                      + " packaged in the jar)."),
              JobArgument.optional("format", "delta", "Processed table format: delta or parquet."),
              JobArgument.optional(
                  "sources", "Comma-separated sources to process (default: every contract)."),
              JobArgument.optional(
                  "max_files_per_batch",
                  "1000",
                  "Raw files per batch; a run takes as many batches as there are new files."),
              JobArgument.optional(
                  "late_file_days",
                  "7",
                  "How many landing days (year=/month=/day= directories) before the latest one"
                      + " a run lists for files that landed late."),
              JobArgument.optional(
                  "run_id",
                  "Run id recorded on every row (default: Glue's JOB_RUN_ID or a new id)."),
              LEDGER_TABLE,
              leaseSeconds("run of the same source"),
              METRICS_NAMESPACE,
              alertTopic("a source")));

  /** Processed zone to curated zone: daily, hourly and per-source aggregates of changed days. */
  public static final JobSpec PROCESSED_TO_CURATED =
      new JobSpec(
          "processed-to-curated",
          "org.zonelake.jobs.ProcessedToCuratedJob",
          List.of(
              jobName("processed-to-curated"),
              JobArgument.required(
                  "processed_path", "Processed zone root: one Delta table per source below it."),
              QUARANTINE_PATH,
              JobArgument.required(
                  "curated_path",
                  "Curated zone root: daily_summary, hourly_metrics, source_statistics, the"
                      + " joined datasets, join_statistics and the run state (_state/)."),
              JobArgument.optional(
                  "contracts",
                  "Directory or s3:// prefix with *.json dataset contracts and, in joins/, the"
                      + " joined-dataset declarations (default: those packaged in the jar)."),
              JobArgument.optional(
                  "sources",
                  "Comma-separated sources to aggregate, and whose joined datasets to build"
                      + " (default: every contract)."),
              RUN_ID,
              JobArgument.optional(
                  "ledger_table",
                  "DynamoDB table of the run ledger: each source and joined dataset is recorded"
                      + " under a lease (default: runs are not recorded, no lease)."),
              leaseSeconds("run of the same source"),
              METRICS_NAMESPACE,
              alertTopic("a source or joined dataset")));

  /**
   * Table maintenance: compaction of small files, VACUUM with a retention, cleanup of old
   * manifests.
   */
  public static final JobSpec MAINTENANCE =
      new JobSpec(
          "maintenance",
          "org.zonelake.jobs.MaintenanceJob",
          List.of(
              jobName("maintenance"),
              JobArgument.required(
                  "processed_path",
                  "Processed zone root: the tables of every source, _stats/, _quality/ and the"
                      + " manifests (_manifests/)."),
              QUARANTINE_PATH,
              JobArgument.required(
                  "curated_path", "Curated zone root: one table per directory below it."),
              JobArgument.optional(
                  "retention_days",
                  "7",
                  "VACUUM deletes files tables stopped referencing longer ago than this, and old"
                      + " committed manifests and per-run file lists go too; never below a"
                      + " table's delta.deletedFileRetentionDuration (7 days by default)."),
              JobArgument.optional(
                  "min_files",
                  "5",
                  "A partition is compacted when it has more small files than this."),
              JobArgument.optional(
                  "small_file_mb", "32", "Data files under this size (MiB) count as small."),
              JobArgument.optional(
                  "target_file_mb", "128", "Compaction writes files of up to this size (MiB)."),
              RUN_ID,
              LEDGER_TABLE,
              leaseSeconds("maintenance of the same table"),
              alertTopic("a table")));

  /**
   * Quarantine rows replayed with the contract and rules as they are now: the rows that pass go to
   * processed, the quarantine rows are marked (never deleted). On demand, for one source a run.
   */
  public static final JobSpec REPLAY_QUARANTINE =
      new JobSpec(
          "replay-quarantine",
          "org.zonelake.jobs.ReplayQuarantineJob",
          List.of(
              jobName("replay-quarantine"),
              JobArgument.required(
                  "processed_path", "Processed zone root: one Delta table per source below it."),
              JobArgument.required(
                  "quarantine_path", "Quarantine zone root: one Delta table per source below it."),
              JobArgument.optional(
                  "contracts",
                  "Directory or s3:// prefix with *.json dataset contracts and their rulesets"
                      + " (default: the contracts packaged in the jar)."),
              JobArgument.optional(
                  "source",
                  "The source whose quarantine rows to replay (required at every run; a deployed"
                      + " job has no default)."),
              JobArgument.optional(
                  "reason", "Only rows with this reason code, e.g. bad_event_time."),
              JobArgument.optional(
                  "rule", "Only rows a quality rule sent to quarantine, the rule as written."),
              JobArgument.optional("run", "Only rows the raw-to-processed run RUN_ID quarantined."),
              JobArgument.optional(
                  "from", "Only rows of this quarantine day or later (yyyy-MM-dd, UTC)."),
              JobArgument.optional(
                  "to", "Only rows of this quarantine day or earlier (yyyy-MM-dd, UTC)."),
              JobArgument.optional(
                  "dry_run",
                  "false",
                  "true: print what the replay would recover, per reason, writing nothing."),
              JobArgument.optional(
                  "run_id", "Run id of the replay (default: Glue's JOB_RUN_ID or a new id)."),
              LEDGER_TABLE,
              leaseSeconds("run of the same source"),
              METRICS_NAMESPACE,
              alertTopic("the replay")));

  private JobCatalog() {}

  /** Every job, in pipeline order (the replay, on demand, last). */
  public static List<JobSpec> all() {
    return List.of(RAW_TO_PROCESSED, PROCESSED_TO_CURATED, MAINTENANCE, REPLAY_QUARANTINE);
  }
}
