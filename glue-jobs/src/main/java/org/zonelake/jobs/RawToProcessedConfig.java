package org.zonelake.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.layout.LakeLayout;

/**
 * The validated settings of one raw to processed run.
 *
 * @param jobName the job's name
 * @param runId recorded on every row the run writes
 * @param layout where the zones live
 * @param contracts where the contracts are (empty: the ones packaged in the jar)
 * @param format the processed table format
 * @param sources the sources to process (empty: every contract)
 * @param maxFilesPerBatch raw files per micro-batch
 */
public record RawToProcessedConfig(
    String jobName,
    String runId,
    LakeLayout layout,
    Optional<String> contracts,
    TableFormat format,
    List<String> sources,
    int maxFilesPerBatch) {

  /** Output format of processed tables. */
  public enum TableFormat {
    /** Delta Lake: atomic insert-only MERGE. */
    DELTA,
    /** Plain partitioned Parquet. */
    PARQUET
  }

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
  }

  /** Reads the configuration from Glue-style arguments. */
  public static RawToProcessedConfig fromArgs(GlueArgs args) {
    String usage = GlueArgs.usage(JobCatalog.RAW_TO_PROCESSED);
    String processed = args.require("processed_path");
    String checkpoints =
        args.get("checkpoint_path")
            .orElse(LakeLayout.trim(processed) + "/_checkpoints/raw_to_processed");
    LakeLayout layout =
        new LakeLayout(
            args.require("raw_path"), processed, args.require("quarantine_path"), checkpoints);
    String formatName = args.require("format").toUpperCase(Locale.ROOT);
    TableFormat format;
    try {
      format = TableFormat.valueOf(formatName);
    } catch (IllegalArgumentException e) {
      throw LakeErrors.badArgument(
          "--format is '" + args.require("format") + "'; use delta or parquet.", usage);
    }
    int maxFiles;
    try {
      maxFiles = Integer.parseInt(args.require("max_files_per_batch"));
    } catch (NumberFormatException e) {
      maxFiles = 0;
    }
    if (maxFiles < 1) {
      throw LakeErrors.badArgument(
          "--max_files_per_batch is '"
              + args.require("max_files_per_batch")
              + "'; use a whole number of at least 1.",
          usage);
    }
    List<String> sources = args.list("sources");
    String runId = args.runId();
    return new RawToProcessedConfig(
        args.require("JOB_NAME"), runId, layout, args.get("contracts"), format, sources, maxFiles);
  }
}
