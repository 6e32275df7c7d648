package org.zonelake.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.manifest.Manifest;
import org.zonelake.core.manifest.QuarantinedFile;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.manifest.RawZone;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;
import org.zonelake.quality.RuleResult;
import org.zonelake.quality.Ruleset;

/**
 * One source's part of a raw-to-processed run: under its lease and recorded in the run ledger, it
 * takes the source's batches of new raw files one after the other ({@link SourceManifests}), each
 * processed and committed by {@link RawToProcessedBatch}; a file that cannot be read is left out of
 * its batch into file quarantine, and any failure ends the source (not the run) with the error
 * people read.
 */
final class SourceRun {

  private final SparkSession spark;
  private final RawToProcessedConfig config;
  private final RunListener listener;
  private final RunServices services;
  private final DatasetContract contract;
  private final Ruleset ruleset;
  private final RawZone raw;
  private final SourceTables tables;

  SourceRun(
      RawToProcessedPlan plan,
      DatasetContract contract,
      Ruleset ruleset,
      RawZone raw,
      SourceTables tables) {
    this.spark = plan.spark();
    this.config = plan.config();
    this.listener = plan.listener();
    this.services = plan.services();
    this.contract = contract;
    this.ruleset = ruleset;
    this.raw = raw;
    this.tables = tables;
  }

  /** Takes every batch of new files of the source, recording the run. */
  SourceOutcome run() {
    String source = contract.source();
    // Every Spark job of this thread carries its source (progress, stage times).
    spark.sparkContext().setLocalProperty(RawToProcessedPlan.SOURCE_PROPERTY, source);
    RunRecorder recorder =
        new RunRecorder(services, RawToProcessedPlan.JOB, config.runId(), listener);
    Taken taken = new Taken();
    RunRecorder.Recording recording = null;
    Optional<String> error = Optional.empty();
    try {
      recording = recorder.begin(source);
      // Once the source's lease is held: a source another run holds reads nothing.
      listener.sourceStarted(source);
      SourceManifests manifests = new SourceManifests(spark, contract, raw, tables, config);
      // A run with nothing new reads no table: it only looked at the manifest log and the listing.
      if (!manifests.nothingToTake()) {
        takeBatches(recording, manifests, taken);
      }
      for (RawZone.Changed file : manifests.changedFiles()) {
        listener.warning(source, changedMessage(file));
      }
      recording.confirmLease();
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions undeclared (AnalysisException). A run asked to
      // stop fails with a cancelled Spark job, or at its next commit: it says it was stopped.
      error = Optional.of(recorder.failure(source, () -> explain(source, e).getMessage()));
    }
    double seconds = recording == null ? 0 : recording.seconds();
    SourceOutcome outcome =
        new SourceOutcome(
            source,
            error.isPresent() ? SourceOutcome.Status.FAILED : SourceOutcome.Status.SUCCEEDED,
            taken.counts,
            taken.batches,
            seconds,
            error);
    if (recording != null) {
      recording.finish(
          error,
          taken.counts,
          taken.scores,
          taken.version.isPresent() ? taken.version : processedVersion(source),
          inputFiles(source, taken));
    }
    listener.sourceFinished(outcome);
    return outcome;
  }

  /** Why a raw file that changed after a batch took it is not read again, and what to do. */
  static String changedMessage(RawZone.Changed file) {
    RawFile then = file.taken();
    RawFile now = file.now();
    String how =
        then.size() != now.size()
            ? then.size() + " bytes then, " + now.size() + " bytes now"
            : "modified "
                + Instant.ofEpochMilli(then.modified())
                + " then, "
                + Instant.ofEpochMilli(now.modified())
                + " now";
    return "raw file "
        + now.path()
        + " changed after a batch took it ("
        + how
        + "): what it holds now is not read. Fix: land new content as a new file; a producer that"
        + " writes a file in place should write it as _<name> (hidden) and rename it when done";
  }

  /** The processed table's version for the ledger, or none when it cannot be read now. */
  private OptionalLong processedVersion(String source) {
    try {
      return tables.processedVersion(source);
    } catch (Exception e) {
      // Spark's exceptions are thrown undeclared; the run's end is recorded all the same.
      return OptionalLong.empty();
    }
  }

  /** The raw files the run read, for the ledger, or none when they cannot be written now. */
  private Optional<InputFiles> inputFiles(String source, Taken taken) {
    try {
      return Optional.of(tables.inputFiles(source, config.runId(), taken.files));
    } catch (RuntimeException e) {
      listener.warning(source, "raw files of the run not recorded: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** What the run took so far: kept when a later batch fails, for the ledger. */
  private static final class Taken {
    BatchCounts counts = BatchCounts.empty();
    QualityScores scores = QualityScores.NONE;
    long batches;
    OptionalLong version = OptionalLong.empty();
    final List<RawFile> files = new ArrayList<>();

    void add(RawToProcessedBatch.Result result, Manifest manifest) {
      counts = counts.plus(result.counts());
      scores = scores.plus(result.scores());
      version = result.processedVersion().isPresent() ? result.processedVersion() : version;
      files.addAll(manifest.readable());
      batches++;
    }
  }

  /** Takes every batch of the source's manifests, adding each committed one to {@code taken}. */
  private void takeBatches(
      RunRecorder.Recording recording, SourceManifests manifests, Taken taken) {
    String source = contract.source();
    // Tables are created (a commit each) only by a run that still holds its source.
    recording.requireLease();
    tables.checkFormat(contract);
    if (tables.migrateRecordHashes(contract)) {
      listener.warning(
          source, "processed table carried over to this version's record hashes (rewritten once)");
    }
    tables.checkSchema(contract);
    tables.createIfMissing(contract);
    SourceQuality quality =
        new SourceQuality(
            spark,
            contract,
            ruleset,
            config.layout(),
            config.format(),
            config.runId(),
            Instant.now());
    RawToProcessedBatch batch =
        new RawToProcessedBatch(spark, contract, config, recording.startedAt(), quality);
    batch.beforeCommit(recording::requireLease);
    Optional<SourceManifests.Batch> first = manifests.next();
    for (QuarantinedFile file : manifests.stillUnreadable()) {
      listener.warning(source, "still in file quarantine: " + quarantinedMessage(source, file));
    }
    for (Optional<SourceManifests.Batch> next = first; next.isPresent(); next = manifests.next()) {
      Manifest manifest = next.get().manifest();
      listener.batchStarted(source, manifest.number(), manifest.files().size(), manifest.bytes());
      long start = System.nanoTime();
      RawToProcessedBatch.Result result = null;
      while (result == null) {
        try {
          result = batch.process(manifest, next.get().retry());
        } catch (RawToProcessedBatch.UnreadableFiles unreadable) {
          // Nothing of the batch was committed: leave the files out, then take it again.
          manifest = manifests.quarantine(manifest, unreadable.files());
          for (QuarantinedFile file : unreadable.files()) {
            listener.warning(source, quarantinedMessage(source, file));
          }
        }
      }
      manifests.committed(manifest);
      taken.add(result, manifest);
      for (RuleResult warning : result.warnings()) {
        listener.warning(source, warning.message());
      }
      listener.batchCommitted(
          source, manifest.number(), result.counts(), (System.nanoTime() - start) / 1e9);
    }
  }

  /** What a run says about a raw file it could not read. */
  private String quarantinedMessage(String source, QuarantinedFile file) {
    return "raw file "
        + file.path()
        + " ("
        + file.file().size()
        + " bytes) cannot be read: "
        + file.reason()
        + "; it is in file quarantine and is tried again by the next runs (skip it with "
        + skipCommand(source, file.path())
        + ")";
  }

  /**
   * The command that gives a file up, ready to paste: its path quoted for the shell where it needs
   * it, and the lake's directory when the lake is a local one.
   */
  private String skipCommand(String source, String path) {
    String processed = config.layout().processed();
    String zone = "/processed";
    String lake =
        processed.endsWith(zone) && !processed.contains("://")
            ? " --lake "
                + CommandLineErrors.shellWord(
                    processed.substring(0, processed.length() - zone.length()))
            : "";
    return "./lake skip-file " + source + " " + CommandLineErrors.shellWord(path) + lake;
  }

  /** Turns any failure of a source into the error people read. */
  private LakeException explain(String source, Throwable error) {
    Optional<LakeException> explained = LakeException.in(error);
    if (explained.isPresent()) {
      return explained.get();
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getClass().getName().startsWith("org.apache.hadoop.fs.s3a.")) {
        // S3A's exceptions name the operation and the object; the SDK's below them do not.
        return LakeErrors.sourceStoreFailed(source, cause);
      }
      String message = cause.getMessage();
      if (message != null && message.contains("No space left on device")) {
        return LakeErrors.sourceOutOfDiskSpace(source, cause);
      }
      if (message != null
          && (message.contains("CSV header does not conform to the schema")
              || message.contains("Number of column in CSV header is not equal"))) {
        return LakeErrors.csvHeaderMismatch(source, message.replace('\n', ' '));
      }
    }
    return LakeErrors.sourceFailed(source, LakeException.rootCause(error));
  }
}
