package org.zonelake.jobs.local;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.read.DeltaChanges;
import org.zonelake.jobs.CommandLineErrors;
import org.zonelake.model.LakeColumns;

/** Renders the run ledger and the lineage of table versions for people. */
final class RunHistory {

  private RunHistory() {}

  /** One line per run and source, newest first. */
  static String table(List<RunRecord> runs) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%-24s %-18s %-16s %-34s %-9s %6s %7s %7s %11s %10s %7s  %s%n",
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
            "error"));
    for (RunRecord r : runs) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-24s %-18s %-16s %-34s %-9s %6d %7d %7d %11d %10d %7s  %s%n",
              r.startedAt(),
              r.job(),
              r.source(),
              r.runId(),
              r.status(),
              r.inputFiles().count(),
              r.counts().linesRead(),
              r.counts().written(),
              r.counts().quarantined(),
              r.counts().duplicates(),
              r.deltaVersion().isPresent() ? Long.toString(r.deltaVersion().getAsLong()) : "-",
              r.error().orElse("")));
    }
    if (runs.isEmpty()) {
      text.append("(no runs recorded)\n");
    }
    return text.toString();
  }

  /**
   * Which runs wrote the rows a table version added, from which raw files (processed and quarantine
   * tables) or for which days (curated tables), with the ledger's record of each run.
   */
  static String lineage(
      SparkSession spark, String table, String path, long version, Optional<RunLedger> ledger) {
    Row commit =
        spark
            .sql("DESCRIBE HISTORY delta.`" + path + "`")
            .where(col("version").equalTo(version))
            // As epoch milliseconds: a session may hand out timestamps as java.sql or java.time
            // values (spark.sql.datetime.java8API.enabled).
            .selectExpr("operation", "unix_millis(timestamp)")
            .collectAsList()
            .stream()
            .findFirst()
            .orElseThrow(
                () ->
                    CommandLineErrors.badArgument(
                        "Table " + table + " has no version " + version + ".",
                        "Pass --version with an existing version (see DESCRIBE HISTORY)."));
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s version %d: %s at %s%n",
            table,
            version,
            commit.getString(0),
            java.time.Instant.ofEpochMilli(commit.getLong(1))));
    DeltaChanges.Changes changes =
        DeltaChanges.between(spark, path, version - 1, version)
            .orElseThrow(
                () ->
                    CommandLineErrors.badArgument(
                        "The log entry of " + table + " version " + version + " has expired.",
                        "Lineage is kept for the Delta log retention period."));
    if (changes.added().isEmpty()) {
      text.append("No rows were added by this version.\n");
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
        text.append(
            String.format(
                Locale.ROOT,
                "  %s  (%d rows, run %s)%n",
                f.getString(1),
                f.getLong(2),
                f.getString(0)));
      }
    } else if (columns.contains("last_run_id")) {
      List<Row> days =
          added
              .select("source", "year", "month", "day", "last_run_id")
              .distinct()
              .orderBy("source", "year", "month", "day")
              .collectAsList();
      text.append(String.format(Locale.ROOT, "Rows of %d source-day(s):%n", days.size()));
      for (Row d : days) {
        if (!d.isNullAt(4)) {
          runIds.add(d.getString(4));
        }
        text.append(
            String.format(
                Locale.ROOT,
                "  %s %04d-%02d-%02d  (processed by run %s)%n",
                d.getString(0),
                d.getInt(1),
                d.getInt(2),
                d.getInt(3),
                d.isNullAt(4) ? "-" : d.getString(4)));
      }
    }
    if (ledger.isPresent() && !runIds.isEmpty()) {
      List<RunRecord> records = new ArrayList<>();
      for (String runId : runIds) {
        records.addAll(ledger.get().run(runId));
      }
      text.append("Runs (from the ledger):\n").append(table(records));
    }
    return text.toString();
  }
}
