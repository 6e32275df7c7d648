package org.zonelake.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.manifest.Manifest;
import org.zonelake.core.manifest.ManifestLog;
import org.zonelake.core.manifest.ManifestState;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.manifest.RawZone;
import org.zonelake.core.manifest.StreamingCheckpoint;
import org.zonelake.core.run.StepHooks;

/**
 * The batches of one source in a run, as manifests: first a batch an earlier run wrote but did not
 * finish (retried with exactly its files), then new files, at most {@code --max_files_per_batch}
 * per batch, until none are left. A lake written by an earlier version (streaming checkpoints) is
 * carried over on its first run: the files its checkpoint committed count as taken.
 */
final class SourceManifests {

  private final SparkSession spark;
  private final String source;
  private final RawZone raw;
  private final SourceTables tables;
  private final RawToProcessedConfig config;
  private final ManifestLog log;
  private ManifestState state;

  SourceManifests(
      SparkSession spark,
      String source,
      RawZone raw,
      SourceTables tables,
      RawToProcessedConfig config) {
    this.spark = spark;
    this.source = source;
    this.raw = raw;
    this.tables = tables;
    this.config = config;
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

  /** The next batch to take, written before any table is touched; empty when there is none. */
  Optional<Batch> next() {
    Optional<Manifest> latest = log.latest();
    if (latest.isEmpty() && state.committed() < 0) {
      state = migrated();
    }
    if (latest.isPresent() && latest.get().number() > state.committed()) {
      Manifest pending = latest.get();
      if (!tables.processedCommitted(source, pending.number())) {
        return Optional.of(new Batch(pending, true));
      }
      // It committed everything but its state: record that, then look for new files.
      committed(pending);
    }
    RawZone.Listing listing =
        raw.newFiles(source, state.listFrom(config.lateFileDays()), state.recentFiles());
    if (listing.files().isEmpty()) {
      return Optional.empty();
    }
    List<RawFile> files =
        listing.files().subList(0, Math.min(listing.files().size(), config.maxFilesPerBatch()));
    long number = Math.max(state.committed(), latest.map(Manifest::number).orElse(-1L)) + 1;
    Manifest manifest = new Manifest(source, number, config.runId(), Instant.now(), files);
    log.write(manifest);
    StepHooks.reached("manifest-written", source);
    return Optional.of(new Batch(manifest, false));
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
    return new ManifestState(-1, migrated.watermark(), migrated.recentFiles());
  }
}
