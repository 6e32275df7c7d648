package org.zonelake.jobs;

import static org.zonelake.model.MaintenanceFigures.BYTES_AFTER;
import static org.zonelake.model.MaintenanceFigures.BYTES_BEFORE;
import static org.zonelake.model.MaintenanceFigures.BYTES_DELETED;
import static org.zonelake.model.MaintenanceFigures.COMMITTED_MANIFEST;
import static org.zonelake.model.MaintenanceFigures.FILES_AFTER;
import static org.zonelake.model.MaintenanceFigures.FILES_BEFORE;
import static org.zonelake.model.MaintenanceFigures.FILES_COMPACTED;
import static org.zonelake.model.MaintenanceFigures.FILES_DELETED;
import static org.zonelake.model.MaintenanceFigures.FILES_WRITTEN;
import static org.zonelake.model.MaintenanceFigures.FILE_LISTS_DELETED;
import static org.zonelake.model.MaintenanceFigures.MANIFESTS_KEPT;
import static org.zonelake.model.MaintenanceFigures.PARTITIONS_COMPACTED;
import static org.zonelake.model.MaintenanceFigures.READER_VERSION;
import static org.zonelake.model.MaintenanceFigures.RETENTION_DAYS;
import static org.zonelake.model.MaintenanceFigures.VERSION_BEFORE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.zonelake.core.maintenance.Compaction;
import org.zonelake.core.maintenance.DeltaMaintenance;
import org.zonelake.core.maintenance.Vacuum;
import org.zonelake.core.manifest.ManifestRetention;

/**
 * The outcome of a maintenance run.
 *
 * @param tables every table found, in zone and name order
 * @param manifests every source's manifest directory, by source
 */
public record MaintenanceResult(List<TableOutcome> tables, List<ManifestOutcome> manifests) {

  /** Copies the lists. */
  public MaintenanceResult {
    tables = List.copyOf(tables);
    manifests = List.copyOf(manifests);
  }

  /** The tables and manifest directories that failed. */
  public List<String> failed() {
    List<String> failed = new ArrayList<>();
    tables.stream().filter(t -> t.status() == Status.FAILED).forEach(t -> failed.add(t.table()));
    manifests.stream()
        .filter(m -> m.status() == Status.FAILED)
        .forEach(m -> failed.add(m.directory()));
    return failed;
  }

  /** What became of a table or manifest directory. */
  public enum Status {
    /** Compacted where needed and vacuumed (or cleaned, for manifests). */
    MAINTAINED,
    /** Left alone: a plain Parquet table, which has no log to compact or vacuum safely. */
    SKIPPED,
    /** Something failed; the table is as readable as before. */
    FAILED
  }

  /**
   * What maintenance did to one table.
   *
   * @param table the table's zone-relative name ({@code processed/orders})
   * @param status what became of it
   * @param filesBefore active data files before
   * @param filesAfter active data files after
   * @param bytesBefore their size before
   * @param bytesAfter their size after
   * @param compaction what compaction did
   * @param vacuum what VACUUM deleted (empty unless it ran)
   * @param versionBefore the version before (empty: not read)
   * @param versionAfter the version after (empty: not read)
   * @param readerVersion the reader version after (0: not read)
   * @param message why it was skipped or failed
   */
  public record TableOutcome(
      String table,
      Status status,
      long filesBefore,
      long filesAfter,
      long bytesBefore,
      long bytesAfter,
      Compaction compaction,
      Optional<Vacuum> vacuum,
      OptionalLong versionBefore,
      OptionalLong versionAfter,
      int readerVersion,
      Optional<String> message) {

    /** A table compacted and vacuumed: its state before and after, and what each step did. */
    static TableOutcome maintained(
        String table,
        DeltaMaintenance.Detail before,
        DeltaMaintenance.Detail after,
        Compaction compaction,
        Vacuum vacuum) {
      return new TableOutcome(
          table,
          Status.MAINTAINED,
          before.files(),
          after.files(),
          before.bytes(),
          after.bytes(),
          compaction,
          Optional.of(vacuum),
          OptionalLong.of(before.version()),
          OptionalLong.of(after.version()),
          after.minReaderVersion(),
          Optional.empty());
    }

    /** A directory that holds no Delta table, left alone. */
    static TableOutcome notDelta(String table) {
      return untouched(
          table,
          Status.SKIPPED,
          "not a Delta table (plain Parquet has no transaction log: compaction or deletion could"
              + " not be made safe for readers and writers)");
    }

    static TableOutcome failed(String table, String why) {
      return untouched(table, Status.FAILED, why);
    }

    private static TableOutcome untouched(String table, Status status, String why) {
      return new TableOutcome(
          table,
          status,
          0,
          0,
          0,
          0,
          Compaction.NONE,
          Optional.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          0,
          Optional.of(why));
    }

    /** Files VACUUM deleted. */
    public long filesDeleted() {
      return vacuum.map(Vacuum::filesDeleted).orElse(0L);
    }

    /** Bytes VACUUM deleted. */
    public long bytesDeleted() {
      return vacuum.map(Vacuum::bytesDeleted).orElse(0L);
    }

    /** The error the ledger records: the message of a failed table. */
    Optional<String> error() {
      return status == Status.FAILED ? message : Optional.empty();
    }

    /** The ledger's figures for the table, with the run's retention. */
    Map<String, Double> figures(int retentionDays) {
      Map<String, Double> figures = new LinkedHashMap<>();
      if (status == Status.MAINTAINED) {
        figures.put(FILES_BEFORE, (double) filesBefore);
        figures.put(FILES_AFTER, (double) filesAfter);
        figures.put(BYTES_BEFORE, (double) bytesBefore);
        figures.put(BYTES_AFTER, (double) bytesAfter);
        figures.put(PARTITIONS_COMPACTED, (double) compaction.partitions().size());
        figures.put(FILES_COMPACTED, (double) compaction.filesRemoved());
        figures.put(FILES_WRITTEN, (double) compaction.filesAdded());
        figures.put(FILES_DELETED, (double) filesDeleted());
        figures.put(BYTES_DELETED, (double) bytesDeleted());
        versionBefore.ifPresent(v -> figures.put(VERSION_BEFORE, (double) v));
        figures.put(READER_VERSION, (double) readerVersion);
      }
      figures.put(RETENTION_DAYS, (double) retentionDays);
      return figures;
    }
  }

  /**
   * What the cleanup of one source's manifest directory did.
   *
   * @param directory its zone-relative name ({@code processed/_manifests/orders})
   * @param status {@link Status#MAINTAINED} or {@link Status#FAILED}
   * @param cleanup what was removed and kept (empty when it failed)
   * @param message why it failed
   */
  public record ManifestOutcome(
      String directory,
      Status status,
      Optional<ManifestRetention.Cleanup> cleanup,
      Optional<String> message) {

    /** The ledger's figures for the directory, with the run's retention. */
    Map<String, Double> figures(int retentionDays) {
      Map<String, Double> figures = new LinkedHashMap<>();
      cleanup.ifPresent(
          c -> {
            figures.put(FILES_DELETED, (double) c.manifestsRemoved() + c.fileListsRemoved());
            figures.put(FILE_LISTS_DELETED, (double) c.fileListsRemoved());
            figures.put(BYTES_DELETED, (double) c.bytesRemoved());
            figures.put(MANIFESTS_KEPT, (double) c.manifestsKept());
            figures.put(COMMITTED_MANIFEST, (double) c.committed());
          });
      figures.put(RETENTION_DAYS, (double) retentionDays);
      return figures;
    }
  }
}
