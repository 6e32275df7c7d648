package org.zonelake.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.contract.DatasetContract;
import org.zonelake.core.manifest.Manifest;
import org.zonelake.core.manifest.ManifestLog;
import org.zonelake.core.manifest.ManifestState;
import org.zonelake.core.manifest.QuarantinedFile;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.manifest.RawZone;
import org.zonelake.core.manifest.StreamingCheckpoint;
import org.zonelake.core.read.RawFileProbe;
import org.zonelake.core.run.StepHooks;

/**
 * The batches of one source in a run, as manifests: first a batch an earlier run wrote but did not
 * finish (retried with exactly its files), then new files, at most {@code --max_files_per_batch}
 * per batch, until none are left. A lake written by an earlier version (streaming checkpoints) is
 * carried over on its first run: the files its checkpoint committed count as taken.
 *
 * <p>Files in file quarantine (a committed batch could not read them) are probed once per run;
 * those that read now open the run's first new batch, the others stay in quarantine without another
 * attempt.
 */
final class SourceManifests {

  private final SparkSession spark;
  private final String source;
  private final RawZone raw;
  private final SourceTables tables;
  private final RawToProcessedConfig config;
  private final RawFileProbe probe;
  private final ManifestLog log;
  private ManifestState state;
  private boolean pendingProbed;
  private List<QuarantinedFile> stillUnreadable = List.of();
  private Optional<RawZone.Listing> listed = Optional.empty();
  private OptionalLong highestListed = OptionalLong.empty();
  private final Map<String, RawZone.Changed> changed = new TreeMap<>();

  /** The batches of {@code contract}'s source in the run {@code config} describes. */
  SourceManifests(
      SparkSession spark,
      DatasetContract contract,
      RawZone raw,
      SourceTables tables,
      RawToProcessedConfig config) {
    this.spark = spark;
    this.source = contract.source();
    this.raw = raw;
    this.tables = tables;
    this.config = config;
    this.probe = RawFileProbe.of(spark, contract);
    this.log =
        new ManifestLog(
            config.layout().manifests(source), spark.sparkContext().hadoopConfiguration());
    this.state = log.state();
  }

  /**
   * A batch to take.
   *
   * @param manifest its files and number
   * @param retry true when an earlier run wrote it and may have committed some of its tables
   */
  record Batch(Manifest manifest, boolean retry) {}

  /**
   * Whether this run has nothing to take: an earlier run committed a batch, none is unfinished, no
   * file waits in file quarantine and the raw zone has no new file. Decided from the manifest log
   * and one listing (which {@link #next} then reuses), before any table is read, so that a run with
   * nothing new costs no Spark work. A source never taken before has something to take: its tables
   * are created even when its directory is empty.
   */
  boolean nothingToTake() {
    // The last manifest's number tells an unfinished batch; its files are read only by next().
    long highest = log.highest();
    highestListed = OptionalLong.of(highest);
    if (state.committed() < 0 || highest > state.committed() || !state.pendingFiles().isEmpty()) {
      return false;
    }
    RawZone.Listing listing = list();
    listed = Optional.of(listing);
    return listing.files().isEmpty();
  }

  /** The next batch to take, written before any table is touched; empty when there is none. */
  Optional<Batch> next() {
    // The number nothingToTake() listed holds until a manifest is written.
    long highest = highestListed.orElseGet(log::highest);
    highestListed = OptionalLong.empty();
    if (highest < 0 && state.committed() < 0) {
      state = migrated();
    }
    if (highest > state.committed()) {
      Manifest pending = log.manifest(highest);
      if (!tables.processedCommitted(source, pending.number())) {
        return Optional.of(new Batch(pending, true));
      }
      // It committed everything but its state: record that, then look for new files.
      committed(pending);
    }
    // The listing of nothingToTake() holds while the state it listed from does.
    RawZone.Listing listing = listed.orElseGet(this::list);
    listed = Optional.empty();
    List<RawFile> candidates = new ArrayList<>(retriedFiles());
    candidates.addAll(listing.files());
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    List<RawFile> files =
        candidates.subList(0, Math.min(candidates.size(), config.maxFilesPerBatch()));
    long number = Math.max(state.committed(), highest) + 1;
    Manifest manifest = new Manifest(source, number, config.runId(), Instant.now(), files);
    log.write(manifest);
    StepHooks.reached("manifest-written", source);
    return Optional.of(new Batch(manifest, false));
  }

  /**
   * Records in the batch's manifest that {@code unreadable} files cannot be read, before the batch
   * commits anything, and returns the manifest the batch goes on with (a retry of the batch then
   * leaves out exactly these files).
   */
  Manifest quarantine(Manifest manifest, List<QuarantinedFile> unreadable) {
    Manifest updated = manifest.withQuarantined(unreadable);
    log.write(updated);
    StepHooks.reached("files-quarantined", source);
    return updated;
  }

  /** The files in file quarantine that this run probed and still cannot read. */
  List<QuarantinedFile> stillUnreadable() {
    return stillUnreadable;
  }

  /**
   * The files in file quarantine that read now (probed once per run); the others are remembered in
   * {@link #stillUnreadable}.
   */
  private List<RawFile> retriedFiles() {
    if (pendingProbed || state.pendingFiles().isEmpty()) {
      return List.of();
    }
    pendingProbed = true;
    List<RawFile> readable = new ArrayList<>();
    List<QuarantinedFile> still = new ArrayList<>();
    for (QuarantinedFile file : state.pendingFiles().values()) {
      Optional<String> problem = probe.problem(file.path());
      if (problem.isEmpty()) {
        readable.add(file.file());
      } else {
        still.add(new QuarantinedFile(file.file(), problem.get()));
      }
    }
    stillUnreadable = List.copyOf(still);
    return readable;
  }

  /**
   * The source's new files, from the watermark minus the late-file window; a taken file that
   * changed since is kept aside for {@link #changedFiles}.
   */
  private RawZone.Listing list() {
    Optional<LocalDate> from = state.listFrom(config.lateFileDays());
    RawZone.Listing listing = raw.newFiles(source, from, state.taken(), state.recentAsTaken());
    listing.changed().forEach(c -> changed.put(c.now().path(), c));
    // Without a watermark every day is listed: those the recent files do not cover are looked up.
    LocalDate listedFrom = from.orElse(LocalDate.MIN);
    if (listedFrom.isBefore(state.coveredFrom())) {
      return withoutTakenBefore(listing, listedFrom);
    }
    return listing;
  }

  /**
   * A listing of a wider late-file window than the state's recent files cover ({@code
   * --late_file_days} raised, or a state an earlier version wrote), without the files of the days
   * they do not cover that batches took before, as the source's tables name them: the state then
   * covers the window. A file that left no row in any table (every record of it a duplicate, or
   * none) is read again, and adds nothing again.
   */
  private RawZone.Listing withoutTakenBefore(RawZone.Listing listing, LocalDate from) {
    LocalDate covered = state.coveredFrom();
    // A state that covers no day (its file was deleted) does not hold the files outside landing
    // days either.
    boolean lost = covered.equals(LocalDate.MAX);
    List<String> uncovered =
        listing.files().stream()
            .filter(f -> f.landingDay().map(day -> day.isBefore(covered)).orElse(lost))
            .map(RawFile::path)
            .toList();
    Set<String> takenBefore =
        uncovered.isEmpty() ? Set.of() : tables.takenBefore(source, uncovered);
    state = state.coveringFrom(from, takenBefore);
    // Recorded at once when files taken before were found, so the tables are read once; else the
    // files left are new, and the commit of their batch records it. (A state carried over from a
    // checkpoint is recorded by its first commit.)
    if (!takenBefore.isEmpty() && state.committed() >= 0) {
      log.commit(state);
    }
    return listing.without(takenBefore);
  }

  /**
   * The taken files the run's listings found changed since a batch took them (their new content is
   * not read: a batch's files are read once), by path.
   */
  List<RawZone.Changed> changedFiles() {
    return List.copyOf(changed.values());
  }

  /** Records that a batch committed everything. */
  void committed(Manifest manifest) {
    state = state.after(manifest, config.lateFileDays());
    log.commit(state);
  }

  /** The state of a lake whose source an earlier version read with a streaming checkpoint. */
  private ManifestState migrated() {
    List<RawFile> taken =
        StreamingCheckpoint.committedFiles(
            config.layout().checkpoint(source), spark.sparkContext().hadoopConfiguration());
    if (taken.isEmpty()) {
      return state;
    }
    Manifest carried = new Manifest(source, -1, config.runId(), Instant.now(), taken);
    ManifestState migrated = ManifestState.NONE.after(carried, config.lateFileDays());
    // A checkpoint does not say what size its files had: none is recorded as taken.
    return new ManifestState(-1, migrated.watermark(), migrated.recentFiles());
  }
}
