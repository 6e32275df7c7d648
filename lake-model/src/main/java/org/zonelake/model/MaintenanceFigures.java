package org.zonelake.model;

/**
 * The figures a maintenance run records in the run ledger for each table and manifest directory
 * (beside its status and the table version it left), as the README lists them.
 */
public final class MaintenanceFigures {

  /** Active data files before the run. */
  public static final String FILES_BEFORE = "FilesBefore";

  /** Active data files after the run. */
  public static final String FILES_AFTER = "FilesAfter";

  /** Size of the active data files before the run. */
  public static final String BYTES_BEFORE = "BytesBefore";

  /** Size of the active data files after the run. */
  public static final String BYTES_AFTER = "BytesAfter";

  /** Partitions compacted. */
  public static final String PARTITIONS_COMPACTED = "PartitionsCompacted";

  /** Small files compaction replaced. */
  public static final String FILES_COMPACTED = "FilesCompacted";

  /** Files compaction wrote. */
  public static final String FILES_WRITTEN = "FilesWritten";

  /** Files deleted from storage (VACUUM, or manifests and file lists). */
  public static final String FILES_DELETED = "FilesDeleted";

  /** Bytes deleted from storage. */
  public static final String BYTES_DELETED = "BytesDeleted";

  /** The table's version before the run. */
  public static final String VERSION_BEFORE = "VersionBefore";

  /** The table's reader version after the run (1 for Athena). */
  public static final String READER_VERSION = "ReaderVersion";

  /** The retention the run used, in days. */
  public static final String RETENTION_DAYS = "RetentionDays";

  /** Manifests kept (the last committed one, later ones, recent ones). */
  public static final String MANIFESTS_KEPT = "ManifestsKept";

  /** Per-run file lists deleted. */
  public static final String FILE_LISTS_DELETED = "FileListsDeleted";

  /** The number of the last committed manifest. */
  public static final String COMMITTED_MANIFEST = "CommittedManifest";

  private MaintenanceFigures() {}
}
