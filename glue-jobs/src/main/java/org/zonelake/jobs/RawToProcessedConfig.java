package org.zonelake.jobs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.zonelake.core.layout.LakeLayout;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.JobCatalog;

/**
 * The validated settings of one raw to processed run.
 *
 * @param jobName the job's name
 * @param runId recorded on every row the run writes
 * @param layout where the zones live
 * @param contracts where the contracts are (empty: the ones packaged in the jar)
 * @param format how the processed tables are stored (Delta or Parquet)
 * @param sources the sources to process (empty: every contract)
 * @param maxFilesPerBatch raw files per batch (manifest)
 * @param lateFileDays landing days before the latest one that a run lists for late files
 */
public record RawToProcessedConfig(
    String jobName,
    String runId,
    LakeLayout layout,
    Optional<String> contracts,
    TableFormat format,
    List<String> sources,
    int maxFilesPerBatch,
    int lateFileDays)
    implements JobConfig {

  /** Validates the fields. */
  public RawToProcessedConfig {
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(contracts, "contracts");
    Objects.requireNonNull(format, "format");
    sources = List.copyOf(sources);
    if (maxFilesPerBatch < 1) {
      throw new IllegalArgumentException("maxFilesPerBatch must be at least 1");
    }
    if (lateFileDays < 0) {
      throw new IllegalArgumentException("lateFileDays must not be negative");
    }
  }

  /** The default late-file window, in landing days. */
  public static final int DEFAULT_LATE_FILE_DAYS =
      (int) JobCatalog.RAW_TO_PROCESSED.defaultNumber("late_file_days");

  /** How many raw files a batch takes at most when {@code --max_files_per_batch} is not given. */
  public static final int DEFAULT_MAX_FILES_PER_BATCH =
      (int) JobCatalog.RAW_TO_PROCESSED.defaultNumber("max_files_per_batch");

  /** Reads the configuration from Glue-style arguments. */
  public static RawToProcessedConfig fromArgs(GlueArgs args) {
    String usage = GlueArgs.usage(JobCatalog.RAW_TO_PROCESSED);
    String processed = args.require("processed_path");
    String checkpoints = args.get("checkpoint_path").orElse(LakeLayout.checkpointsOf(processed));
    LakeLayout layout =
        new LakeLayout(
            args.require("raw_path"), processed, args.require("quarantine_path"), checkpoints);
    TableFormat format =
        TableFormat.named(args.require("format"))
            .orElseThrow(
                () ->
                    CommandLineErrors.badArgument(
                        "--format is '" + args.require("format") + "'; use delta or parquet.",
                        usage));
    int maxFiles = (int) args.wholeNumber("max_files_per_batch", 1);
    int lateDays = (int) args.wholeNumber("late_file_days", 0);
    List<String> sources = args.list("sources");
    String runId = args.runId();
    return new RawToProcessedConfig(
        args.require("JOB_NAME"),
        runId,
        layout,
        args.get("contracts"),
        format,
        sources,
        maxFiles,
        lateDays);
  }
}
