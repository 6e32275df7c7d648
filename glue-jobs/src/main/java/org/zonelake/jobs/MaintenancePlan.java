package org.zonelake.jobs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.maintenance.Compaction;
import org.zonelake.core.maintenance.CompactionPolicy;
import org.zonelake.core.maintenance.DeltaMaintenance;
import org.zonelake.core.maintenance.PartitionFiles;
import org.zonelake.core.maintenance.Vacuum;
import org.zonelake.core.manifest.ManifestRetention;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.spark.DeltaCommit;
import org.zonelake.core.write.TableFormat;
import org.zonelake.model.JobCatalog;

/**
 * Table maintenance of a whole lake, one table at a time: every Delta table of the processed zone
 * (the sources' tables, {@code _stats/}, {@code _quality/}), the quarantine zone and the curated
 * zone gets its partitions with many small files compacted and its unreferenced files vacuumed
 * after the retention; every source's manifest directory loses the committed manifests and per-run
 * file lists older than the retention. Rows, protocol (reader version 1) and time travel inside the
 * retention stay as they were.
 *
 * <p>Each table and manifest directory is recorded in the run ledger as its own item (job {@code
 * maintenance}, the table's zone-relative name such as {@code processed/orders} in place of the
 * source) under a lease, so two maintenance runs never work on one table at once. A table that
 * fails is reported and the others go on. A retention below what a table's {@code
 * delta.deletedFileRetentionDuration} allows stops the run before anything is changed.
 */
public final class MaintenancePlan {

  private static final String JOB = JobCatalog.MAINTENANCE.name();

  /** Ledger figure: active data files before the run. */
  public static final String FILES_BEFORE = "FilesBefore";

  /** Ledger figure: active data files after the run. */
  public static final String FILES_AFTER = "FilesAfter";

  /** Ledger figure: size of the active data files before the run. */
  public static final String BYTES_BEFORE = "BytesBefore";

  /** Ledger figure: size of the active data files after the run. */
  public static final String BYTES_AFTER = "BytesAfter";

  /** Ledger figure: partitions compacted. */
  public static final String PARTITIONS_COMPACTED = "PartitionsCompacted";

  /** Ledger figure: small files compaction replaced. */
  public static final String FILES_COMPACTED = "FilesCompacted";

  /** Ledger figure: files compaction wrote. */
  public static final String FILES_WRITTEN = "FilesWritten";

  /** Ledger figure: files deleted from storage (VACUUM, or manifests and file lists). */
  public static final String FILES_DELETED = "FilesDeleted";

  /** Ledger figure: bytes deleted from storage. */
  public static final String BYTES_DELETED = "BytesDeleted";

  /** Ledger figure: the table's version before the run. */
  public static final String VERSION_BEFORE = "VersionBefore";

  /** Ledger figure: the table's reader version after the run (1 for Athena). */
  public static final String READER_VERSION = "ReaderVersion";

  /** Ledger figure: the retention the run used, in days. */
  public static final String RETENTION_DAYS = "RetentionDays";

  /** Ledger figure: manifests kept (the last committed one, later ones, recent ones). */
  public static final String MANIFESTS_KEPT = "ManifestsKept";

  /** Ledger figure: per-run file lists deleted. */
  public static final String FILE_LISTS_DELETED = "FileListsDeleted";

  /** Ledger figure: the number of the last committed manifest. */
  public static final String COMMITTED_MANIFEST = "CommittedManifest";

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

    static TableOutcome skipped(String table, String why) {
      return untouched(table, Status.SKIPPED, why);
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
      Optional<String> message) {}

  /**
   * The outcome of a run.
   *
   * @param tables every table found, in zone and name order
   * @param manifests every source's manifest directory, by source
   */
  public record Result(List<TableOutcome> tables, List<ManifestOutcome> manifests) {

    /** Copies the lists. */
    public Result {
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
  }

  /**
   * A table found in a zone.
   *
   * @param name zone-relative name
   * @param path where it is
   */
  record Table(String name, String path) {}

  private final SparkSession spark;
  private final MaintenanceConfig config;
  private final RunServices services;
  private final PrintStream progress;
  private final Configuration hadoop;

  /**
   * A plan for one run.
   *
   * @param spark the session
   * @param config what to maintain, and how
   * @param services where the run is recorded (ledger and leases) and who is told of failures
   * @param progress where a line per table goes as it is done
   */
  public MaintenancePlan(
      SparkSession spark, MaintenanceConfig config, RunServices services, PrintStream progress) {
    this.spark = spark;
    this.config = config;
    this.services = services;
    this.progress = progress;
    this.hadoop = spark.sparkContext().hadoopConfiguration();
  }

  /**
   * Maintains every table and manifest directory of the lake.
   *
   * @throws LakeException before anything is changed, when the retention is below a table's minimum
   */
  public Result run() {
    List<Table> tables = tables();
    List<Table> delta = new ArrayList<>();
    List<TableOutcome> outcomes = new ArrayList<>();
    for (Table table : tables) {
      if (TableFormat.DELTA.exists(spark, table.path())) {
        delta.add(table);
      }
    }
    checkRetention(delta);
    RunListener listener =
        new RunListener() {
          @Override
          public void warning(String source, String message) {
            progress.println("warning: " + source + ": " + message);
          }
        };
    RunRecorder recorder = new RunRecorder(services, JOB, config.runId(), listener);
    for (Table table : tables) {
      TableOutcome outcome =
          delta.contains(table)
              ? maintain(table, recorder)
              : TableOutcome.skipped(
                  table.name(),
                  "not a Delta table (plain Parquet has no transaction log: compaction or"
                      + " deletion could not be made safe for readers and writers)");
      progress.println(line(outcome));
      outcomes.add(outcome);
    }
    Instant cutoff = Instant.now().minus(config.retention());
    List<ManifestOutcome> manifests = new ArrayList<>();
    for (String source : children(config.processedRoot() + "/_manifests")) {
      ManifestOutcome outcome = clean(source, cutoff, recorder);
      progress.println(line(outcome));
      manifests.add(outcome);
    }
    return new Result(outcomes, manifests);
  }

  /**
   * The tables of the zones: processed sources, then {@code _stats/} and {@code _quality/} tables,
   * quarantine, curated; each zone's in name order. Directories starting with {@code _} or {@code
   * .} are not tables (run state, manifests, checkpoints).
   */
  List<Table> tables() {
    List<Table> tables = new ArrayList<>();
    String processed = config.processedRoot();
    for (String name : children(processed)) {
      tables.add(new Table("processed/" + name, processed + "/" + name));
    }
    for (String group : List.of("_stats", "_quality")) {
      for (String name : children(processed + "/" + group)) {
        tables.add(
            new Table("processed/" + group + "/" + name, processed + "/" + group + "/" + name));
      }
    }
    for (String name : children(config.quarantineRoot())) {
      tables.add(new Table("quarantine/" + name, config.quarantineRoot() + "/" + name));
    }
    for (String name : children(config.curatedRoot())) {
      tables.add(new Table("curated/" + name, config.curatedRoot() + "/" + name));
    }
    return tables;
  }

  /** Refuses, before anything is changed, a retention below any Delta table's minimum. */
  private void checkRetention(List<Table> tables) {
    Duration retention = config.retention();
    Optional<Table> strictest = Optional.empty();
    Duration highest = Duration.ZERO;
    for (Table table : tables) {
      Duration minimum = DeltaMaintenance.minimumRetention(spark, table.path());
      if (minimum.compareTo(highest) > 0) {
        highest = minimum;
        strictest = Optional.of(table);
      }
    }
    if (strictest.isEmpty() || retention.compareTo(highest) >= 0) {
      return;
    }
    String key = "delta.deletedFileRetentionDuration";
    String setting =
        DeltaCommit.tableProperty(spark, strictest.get().path(), key)
            .map(value -> key + " = " + value)
            .orElse(key + " not set: Delta's default, interval 1 week");
    long day = Duration.ofDays(1).toMillis();
    long minimumDays = (highest.toMillis() + day - 1) / day;
    throw LakeErrors.retentionBelowMinimum(
        "--retention_days", config.retentionDays(), strictest.get().name(), minimumDays, setting);
  }

  private TableOutcome maintain(Table table, RunRecorder recorder) {
    RunRecorder.Recording recording = null;
    TableOutcome outcome;
    try {
      recording = recorder.begin(table.name());
      CompactionPolicy policy = config.compaction();
      DeltaMaintenance.Detail before = DeltaMaintenance.detail(spark, table.path());
      List<PartitionFiles> partitions =
          DeltaMaintenance.partitions(
              spark, table.path(), before.partitionColumns(), policy.smallFileBytes());
      Compaction compaction =
          DeltaMaintenance.compact(
              spark, table.path(), before.partitionColumns(), partitions, policy);
      Vacuum vacuum = DeltaMaintenance.vacuum(spark, table.path(), config.retention());
      DeltaMaintenance.Detail after = DeltaMaintenance.detail(spark, table.path());
      outcome =
          new TableOutcome(
              table.name(),
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
    } catch (Exception e) {
      // Spark and Delta throw checked exceptions undeclared (AnalysisException).
      outcome = TableOutcome.failed(table.name(), describe(table.name(), e));
    }
    if (recording != null) {
      Optional<String> error =
          outcome.status() == Status.FAILED ? outcome.message() : Optional.empty();
      recording.finish(error, outcome.versionAfter(), figures(outcome));
    }
    return outcome;
  }

  private ManifestOutcome clean(String source, Instant cutoff, RunRecorder recorder) {
    String name = "processed/_manifests/" + source;
    RunRecorder.Recording recording = null;
    ManifestOutcome outcome;
    try {
      recording = recorder.begin(name);
      ManifestRetention.Cleanup cleanup =
          ManifestRetention.clean(config.processedRoot() + "/_manifests/" + source, hadoop, cutoff);
      outcome =
          new ManifestOutcome(name, Status.MAINTAINED, Optional.of(cleanup), Optional.empty());
    } catch (Exception e) {
      outcome =
          new ManifestOutcome(
              name, Status.FAILED, Optional.empty(), Optional.of(describe(name, e)));
    }
    if (recording != null) {
      Map<String, Double> figures = new LinkedHashMap<>();
      outcome
          .cleanup()
          .ifPresent(
              c -> {
                figures.put(FILES_DELETED, (double) c.manifestsRemoved() + c.fileListsRemoved());
                figures.put(FILE_LISTS_DELETED, (double) c.fileListsRemoved());
                figures.put(BYTES_DELETED, (double) c.bytesRemoved());
                figures.put(MANIFESTS_KEPT, (double) c.manifestsKept());
                figures.put(COMMITTED_MANIFEST, (double) c.committed());
              });
      figures.put(RETENTION_DAYS, (double) config.retentionDays());
      recording.finish(outcome.message(), OptionalLong.empty(), figures);
    }
    return outcome;
  }

  private Map<String, Double> figures(TableOutcome outcome) {
    Map<String, Double> figures = new LinkedHashMap<>();
    if (outcome.status() == Status.MAINTAINED) {
      figures.put(FILES_BEFORE, (double) outcome.filesBefore());
      figures.put(FILES_AFTER, (double) outcome.filesAfter());
      figures.put(BYTES_BEFORE, (double) outcome.bytesBefore());
      figures.put(BYTES_AFTER, (double) outcome.bytesAfter());
      figures.put(PARTITIONS_COMPACTED, (double) outcome.compaction().partitions().size());
      figures.put(FILES_COMPACTED, (double) outcome.compaction().filesRemoved());
      figures.put(FILES_WRITTEN, (double) outcome.compaction().filesAdded());
      figures.put(FILES_DELETED, (double) outcome.filesDeleted());
      figures.put(BYTES_DELETED, (double) outcome.bytesDeleted());
      outcome.versionBefore().ifPresent(v -> figures.put(VERSION_BEFORE, (double) v));
      figures.put(READER_VERSION, (double) outcome.readerVersion());
    }
    figures.put(RETENTION_DAYS, (double) config.retentionDays());
    return figures;
  }

  /** The names of the sub-directories of {@code root} that are not hidden, sorted. */
  private List<String> children(String root) {
    Path dir = new Path(root);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      FileStatus[] entries;
      try {
        entries = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        return List.of();
      }
      return Arrays.stream(entries)
          .filter(FileStatus::isDirectory)
          .map(s -> s.getPath().getName())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  private static String describe(String what, Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof LakeException lake) {
        return lake.getMessage();
      }
    }
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    return what + ": " + message.lines().findFirst().orElse(message);
  }

  private static String line(TableOutcome t) {
    return switch (t.status()) {
      case MAINTAINED ->
          String.format(
              Locale.ROOT,
              "%s: %d -> %d files, %d partition(s) compacted, %d file(s) deleted",
              t.table(),
              t.filesBefore(),
              t.filesAfter(),
              t.compaction().partitions().size(),
              t.filesDeleted());
      case SKIPPED -> t.table() + ": skipped, " + t.message().orElse("");
      case FAILED -> t.table() + ": FAILED, " + t.message().orElse("");
    };
  }

  private static String line(ManifestOutcome m) {
    return m.cleanup()
        .map(
            c ->
                String.format(
                    Locale.ROOT,
                    "%s: %d manifest(s) and %d file list(s) deleted, %d manifest(s) kept",
                    m.directory(),
                    c.manifestsRemoved(),
                    c.fileListsRemoved(),
                    c.manifestsKept()))
        .orElse(m.directory() + ": FAILED, " + m.message().orElse(""));
  }

  /** The run's summary: one line per table, then one per manifest directory. */
  public static String summary(MaintenanceConfig config, Result result) {
    CompactionPolicy policy = config.compaction();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "Maintenance run %s: compacted partitions with more than %d file(s) under %s (into"
                + " files of up to %s); deleted unreferenced files, manifests and file lists older"
                + " than %d day(s)%n",
            config.runId(),
            policy.minSmallFiles(),
            mib(policy.smallFileBytes()),
            mib(policy.targetFileBytes()),
            config.retentionDays()));
    String format = "%-36s %-10s %6s %6s %10s %9s %7s %7s %13s %9s %6s%n";
    text.append(
        String.format(
            Locale.ROOT,
            format,
            "table",
            "status",
            "files",
            "after",
            "partitions",
            "compacted",
            "written",
            "deleted",
            "bytes deleted",
            "version",
            "reader"));
    List<String> notes = new ArrayList<>();
    for (TableOutcome t : result.tables()) {
      if (t.status() != Status.MAINTAINED) {
        Object[] cells = new Object[11];
        java.util.Arrays.fill(cells, "-");
        cells[0] = t.table();
        cells[1] = t.status();
        text.append(String.format(Locale.ROOT, format, cells));
        notes.add(
            t.status().name().toLowerCase(Locale.ROOT)
                + " "
                + t.table()
                + ": "
                + t.message().orElse(""));
        continue;
      }
      String version =
          t.versionBefore().getAsLong() == t.versionAfter().getAsLong()
              ? Long.toString(t.versionAfter().getAsLong())
              : t.versionBefore().getAsLong() + "->" + t.versionAfter().getAsLong();
      text.append(
          String.format(
              Locale.ROOT,
              format,
              t.table(),
              t.status(),
              t.filesBefore(),
              t.filesAfter(),
              t.compaction().partitions().size(),
              t.compaction().filesRemoved(),
              t.compaction().filesAdded(),
              t.filesDeleted(),
              t.bytesDeleted(),
              version,
              t.readerVersion()));
    }
    if (result.tables().isEmpty()) {
      text.append("(no tables)\n");
    }
    String manifestFormat = "%-36s %-10s %9s %6s %18s %13s %9s%n";
    text.append(
        String.format(
            Locale.ROOT,
            manifestFormat,
            "manifests",
            "status",
            "deleted",
            "kept",
            "file lists deleted",
            "bytes deleted",
            "committed"));
    for (ManifestOutcome m : result.manifests()) {
      if (m.cleanup().isEmpty()) {
        text.append(
            String.format(
                Locale.ROOT, manifestFormat, m.directory(), m.status(), "-", "-", "-", "-", "-"));
        notes.add("failed " + m.directory() + ": " + m.message().orElse(""));
        continue;
      }
      ManifestRetention.Cleanup c = m.cleanup().get();
      text.append(
          String.format(
              Locale.ROOT,
              manifestFormat,
              m.directory(),
              m.status(),
              c.manifestsRemoved(),
              c.manifestsKept(),
              c.fileListsRemoved(),
              c.bytesRemoved(),
              c.committed() < 0 ? "-" : Long.toString(c.committed())));
    }
    if (result.manifests().isEmpty()) {
      text.append("(no manifests)\n");
    }
    notes.forEach(n -> text.append(n).append('\n'));
    return text.toString();
  }

  private static String mib(long bytes) {
    return bytes % CompactionPolicy.MIB == 0
        ? bytes / CompactionPolicy.MIB + " MiB"
        : bytes + " bytes";
  }
}
