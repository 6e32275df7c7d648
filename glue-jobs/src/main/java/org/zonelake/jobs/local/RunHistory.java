package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeException;
import org.zonelake.core.ledger.LedgerTime;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.manifest.RawFile;
import org.zonelake.core.read.DeltaChanges;
import org.zonelake.core.transform.ReplayColumns;
import org.zonelake.jobs.CommandLineErrors;
import org.zonelake.jobs.FileQuarantine;
import org.zonelake.model.JobCatalog;
import org.zonelake.model.LakeColumns;
import org.zonelake.quality.DataQuality;

/** Renders the run ledger and the lineage of table versions for people. */
final class RunHistory {

  /** The jobs whose runs read records, and so have record counts. */
  private static final Set<String> READS_RECORDS =
      Set.of(JobCatalog.RAW_TO_PROCESSED.name(), JobCatalog.REPLAY_QUARANTINE.name());

  private RunHistory() {}

  /** {@code name=value} pairs, the values as the quality report shows numbers. */
  private static String figures(Map<String, Double> figures) {
    List<String> pairs = new ArrayList<>();
    figures.forEach((name, value) -> pairs.add(name + "=" + DataQuality.number(value)));
    return String.join(" ", pairs);
  }

  /** What a RUNNING run without a live lease is shown with. */
  static final String NO_LEASE =
      "holds no live run lease: it most likely ended without recording it (killed); the next run"
          + " of its job and source records it as FAILED";

  /**
   * One line per run and source (or joined dataset), in the given order. The record counts are
   * those of the jobs that read records (raw to processed, replays); the other jobs' lines show
   * their figures instead (for processed to curated, {@code days_recomputed}), or the error. A
   * RUNNING run that does not hold a live lease in {@code ledger} is shown as {@code RUNNING?},
   * with {@link #NO_LEASE}.
   */
  static String table(List<RunRecord> runs, RunLedger ledger) {
    Instant now = Instant.now();
    Predicate<RunRecord> holdsLease =
        run ->
            ledger
                .lease(run.job(), run.source())
                .filter(l -> l.runId().equals(run.runId()) && l.expiresAt().isAfter(now))
                .isPresent();
    StringBuilder text = new StringBuilder();
    String format = "%-24s %-20s %-28s %-34s %-9s %6s %7s %7s %11s %10s %7s  %s%n";
    text.append(
        String.format(
            Locale.ROOT,
            format,
            "started",
            "job",
            "source",
            "run id",
            "status",
            "files",
            "lines",
            "written",
            "quarantined",
            "duplicates",
            "version",
            "error or figures"));
    for (RunRecord r : runs) {
      boolean counts = READS_RECORDS.contains(r.job());
      boolean orphan = r.status() == RunStatus.RUNNING && !holdsLease.test(r);
      text.append(
          String.format(
              Locale.ROOT,
              format,
              // Milliseconds always shown, so the columns line up (Instant drops a zero fraction).
              LedgerTime.format(r.startedAt()),
              r.job(),
              r.source(),
              r.runId(),
              orphan ? r.status() + "?" : r.status(),
              counts ? Long.toString(r.inputFiles().count()) : "-",
              counts ? Long.toString(r.counts().linesRead()) : "-",
              counts ? Long.toString(r.counts().written()) : "-",
              counts ? Long.toString(r.counts().quarantined()) : "-",
              counts ? Long.toString(r.counts().duplicates()) : "-",
              r.deltaVersion().isPresent() ? Long.toString(r.deltaVersion().getAsLong()) : "-",
              orphan
                  ? NO_LEASE
                  : r.error()
                      .orElse(
                          counts
                              ? filesQuarantined(r.counts().filesQuarantined())
                              : figures(r.qualityMetrics()))));
    }
    if (runs.isEmpty()) {
      text.append("(no runs recorded)\n");
    }
    return text.toString();
  }

  /** A run's raw files that went to file quarantine, as its figure; nothing when none did. */
  private static String filesQuarantined(long files) {
    return files == 0 ? "" : "files_quarantined=" + files;
  }

  /** How many rows a replay left with {@code outcome} ({@link LakeColumns#REPLAY_OUTCOME}). */
  private static org.apache.spark.sql.Column outcomes(String outcome) {
    return count(when(col(LakeColumns.REPLAY_OUTCOME).equalTo(outcome), 1)).as(outcome);
  }

  /** The operations of table maintenance, which add no rows: compaction and vacuum. */
  private static final List<String> MAINTENANCE = List.of("OPTIMIZE", "VACUUM START", "VACUUM END");

  /** The table has no such version: the error names the versions it has. */
  private static LakeException noSuchVersion(String table, long version, Dataset<Row> history) {
    Row range = history.selectExpr("min(version)", "max(version)").first();
    return CommandLineErrors.badArgument(
        "Table "
            + table
            + " has no version "
            + version
            + ": its versions are "
            + range.getLong(0)
            + " to "
            + range.getLong(1)
            + ".",
        "Pass --version with one of them, or leave --version out for the latest.");
  }

  /**
   * Which runs wrote the rows a table version added, from which raw files (processed and quarantine
   * tables) or for which days (curated tables), with the ledger's record of each run.
   */
  static String lineage(
      SparkSession spark, String table, String path, long version, Optional<RunLedger> ledger) {
    Dataset<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + path + "`");
    Row commit =
        history
            .where(col("version").equalTo(version))
            // As epoch milliseconds: a session may hand out timestamps as java.sql or java.time
            // values (spark.sql.datetime.java8API.enabled).
            .selectExpr(
                "operation",
                "unix_millis(timestamp)",
                // The run a curated commit names (CuratedTableWriter.commitNote).
                "get_json_object(userMetadata, '$.job')",
                "get_json_object(userMetadata, '$.run_id')")
            .collectAsList()
            .stream()
            .findFirst()
            .orElseThrow(() -> noSuchVersion(table, version, history));
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s version %d: %s at %s%n",
            table,
            version,
            commit.getString(0),
            java.time.Instant.ofEpochMilli(commit.getLong(1))));
    Optional<String> writer = Optional.ofNullable(commit.getString(3));
    if (writer.isPresent()) {
      text.append(
          String.format(
              Locale.ROOT,
              "Written by %s run %s%n",
              commit.isNullAt(2) ? "the" : commit.getString(2),
              commit.getString(3)));
    }
    DeltaChanges.Changes changes =
        DeltaChanges.between(spark, path, version - 1, version)
            .orElseThrow(
                () ->
                    CommandLineErrors.badArgument(
                        "The log entry of " + table + " version " + version + " has expired.",
                        "Lineage is kept for the Delta log retention period."));
    if (changes.added().isEmpty()) {
      text.append("No rows were added by this version.\n");
      if (MAINTENANCE.contains(commit.getString(0))) {
        // Maintenance rewrote files: the rows are those of the latest version that wrote some.
        Row written =
            history
                .where(
                    col("version")
                        .lt(version)
                        .and(not(col("operation").isin(MAINTENANCE.toArray()))))
                .selectExpr("max(version)")
                .first();
        if (!written.isNullAt(0)) {
          text.append(
              String.format(
                  Locale.ROOT,
                  "It is table maintenance (%s); the latest version written before it is %d:"
                      + " ./lake lineage %s --version %d%n",
                  commit.getString(0),
                  written.getLong(0),
                  table,
                  written.getLong(0)));
        }
      }
      if (ledger.isPresent() && writer.isPresent()) {
        text.append("Runs (from the ledger):\n")
            .append(table(ledger.get().run(writer.get()), ledger.get()));
      }
      return text.toString();
    }
    Dataset<Row> added =
        spark
            .read()
            // basePath keeps the partition columns (source, year, month) as columns
            .option("basePath", path)
            .parquet(
                changes.added().stream().map(DeltaChanges.AddedFile::path).toArray(String[]::new));
    List<String> columns = List.of(added.columns());
    TreeSet<String> runIds = new TreeSet<>();
    // The ledger records a run per source (or joined dataset): only those the version's rows are
    // of.
    TreeSet<String> sources = new TreeSet<>();
    if (columns.contains(LakeColumns.SOURCE)) {
      added.select(LakeColumns.SOURCE).distinct().collectAsList().stream()
          .filter(r -> !r.isNullAt(0))
          .forEach(r -> sources.add(r.getString(0)));
    }
    if (columns.contains(LakeColumns.RAW_FILE) && columns.contains(LakeColumns.RUN_ID)) {
      List<Row> files =
          added
              .groupBy(LakeColumns.RUN_ID, LakeColumns.RAW_FILE)
              .agg(count(lit(1)).as("rows"))
              .orderBy(LakeColumns.RAW_FILE)
              .collectAsList();
      text.append(String.format(Locale.ROOT, "Raw files (%d):%n", files.size()));
      for (Row f : files) {
        runIds.add(f.getString(0));
        // A joined dataset's rows carry no source: their raw files' directories name it.
        RawFile.source(f.getString(1)).ifPresent(sources::add);
        text.append(
            String.format(
                Locale.ROOT,
                "  %s  (%d rows, run %s)%n",
                f.getString(1),
                f.getLong(2),
                f.getString(0)));
      }
      if (columns.contains(LakeColumns.REPLAY_RUN_ID)) {
        // A replay rewrites the quarantine rows it recovered or tried: it wrote this version.
        List<Row> replays =
            added
                .where(col(LakeColumns.REPLAY_RUN_ID).isNotNull())
                .groupBy(LakeColumns.REPLAY_RUN_ID)
                .agg(
                    count(lit(1)).as("rows"),
                    outcomes(ReplayColumns.WRITTEN),
                    outcomes(ReplayColumns.DUPLICATE),
                    outcomes(ReplayColumns.FAILED))
                .orderBy(LakeColumns.REPLAY_RUN_ID)
                .collectAsList();
        for (Row r : replays) {
          runIds.add(r.getString(0));
          text.append(
              String.format(
                  Locale.ROOT,
                  "Replayed by run %s (%d rows: %d written, %d duplicate(s), %d still failing)%n",
                  r.getString(0),
                  r.getLong(1),
                  r.getLong(2),
                  r.getLong(3),
                  r.getLong(4)));
        }
      }
    } else if (columns.containsAll(List.of(FileQuarantine.SCHEMA.fieldNames()))) {
      text.append(quarantinedFiles(added, runIds, sources));
    } else {
      text.append(curatedRows(added, columns, runIds, sources));
    }
    if (ledger.isPresent() && (!runIds.isEmpty() || writer.isPresent())) {
      List<RunRecord> records = new ArrayList<>();
      for (String runId : runIds) {
        ledger.get().run(runId).stream()
            .filter(r -> sources.isEmpty() || sources.contains(r.source()))
            .forEach(records::add);
      }
      // The writing run's records of what this table holds: a joined dataset's own, a curated
      // table's sources or datasets.
      Set<String> written = columns.contains(LakeColumns.RAW_FILE) ? Set.of(table) : sources;
      writer
          .filter(w -> !runIds.contains(w))
          .ifPresent(
              w ->
                  ledger.get().run(w).stream()
                      .filter(r -> written.contains(r.source()))
                      .forEach(records::add));
      text.append("Runs (from the ledger):\n").append(table(records, ledger.get()));
    }
    return text.toString();
  }

  /**
   * The keys (source or joined dataset, and day when the table has days) a curated table version
   * wrote, with the run each row names ({@code last_run_id}: the raw-to-processed run that last
   * wrote the day's processed rows; {@code run_id}: the curated run that computed the day).
   */
  /**
   * The raw files a version of a file-quarantine table recorded, each with its status, run and
   * reason; the runs of the batches that quarantined them, and their sources, join {@code runIds}
   * and {@code sources}.
   */
  private static String quarantinedFiles(
      Dataset<Row> added, Set<String> runIds, Set<String> sources) {
    List<Row> files =
        added.select("path", "status", "run_id", "reason").orderBy("path").collectAsList();
    StringBuilder text =
        new StringBuilder(String.format(Locale.ROOT, "Raw files (%d):%n", files.size()));
    for (Row f : files) {
      // A skip by hand is not a run the ledger records.
      if (FileQuarantine.QUARANTINED.equals(f.getString(1))) {
        runIds.add(f.getString(2));
      }
      RawFile.source(f.getString(0)).ifPresent(sources::add);
      text.append(
          String.format(
              Locale.ROOT,
              "  %s  (%s by run %s: %s)%n",
              f.getString(0),
              f.getString(1),
              f.getString(2),
              f.getString(3)));
    }
    return text.toString();
  }

  private static String curatedRows(
      Dataset<Row> added, List<String> columns, Set<String> runIds, Set<String> sources) {
    String key = columns.contains("dataset") ? "dataset" : "source";
    if (!columns.contains(key)) {
      return "";
    }
    boolean days = columns.containsAll(LakeColumns.PARTITION_COLUMNS);
    String run = columns.contains("last_run_id") ? "last_run_id" : "run_id";
    boolean hasRun = columns.contains(run);
    List<String> selected = new ArrayList<>(List.of(key));
    if (days) {
      selected.addAll(LakeColumns.PARTITION_COLUMNS);
    }
    List<Column> keys = selected.stream().map(c -> col(c)).toList();
    List<Column> output = new ArrayList<>(keys);
    output.add(hasRun ? col(run) : lit(null).cast("string"));
    List<Row> rows =
        added
            .select(output.toArray(Column[]::new))
            .distinct()
            .orderBy(keys.toArray(Column[]::new))
            .collectAsList();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            days ? "Rows of %d %s-day(s):%n" : "Rows of %d %s(s):%n",
            rows.size(),
            key));
    String by = run.equals("run_id") ? "run" : "processed by run";
    int runColumn = selected.size();
    for (Row r : rows) {
      String runId = r.isNullAt(runColumn) ? null : r.getString(runColumn);
      if (runId != null) {
        runIds.add(runId);
      }
      sources.add(r.getString(0));
      String where =
          days
              ? String.format(
                  Locale.ROOT,
                  "%s %04d-%02d-%02d",
                  r.getString(0),
                  r.getInt(1),
                  r.getInt(2),
                  r.getInt(3))
              : r.getString(0);
      text.append("  ").append(where);
      if (hasRun) {
        text.append(String.format(Locale.ROOT, "  (%s %s)", by, runId == null ? "-" : runId));
      }
      text.append('\n');
    }
    return text.toString();
  }
}
