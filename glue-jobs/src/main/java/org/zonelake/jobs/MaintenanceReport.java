package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.zonelake.core.maintenance.CompactionPolicy;
import org.zonelake.core.manifest.ManifestRetention;
import org.zonelake.jobs.MaintenanceResult.ManifestOutcome;
import org.zonelake.jobs.MaintenanceResult.Status;
import org.zonelake.jobs.MaintenanceResult.TableOutcome;

/**
 * What a maintenance run prints: a progress line per table and manifest directory as it is done,
 * and the summary at the end (a table of tables, a table of manifest directories, then why any was
 * skipped or failed).
 */
public final class MaintenanceReport {

  private static final String TABLE_FORMAT = "%-36s %-10s %6s %6s %10s %9s %7s %7s %13s %9s %6s%n";

  private static final String MANIFEST_FORMAT = "%-36s %-10s %9s %6s %18s %13s %9s%n";

  private MaintenanceReport() {}

  /** The progress line of a table. */
  static String line(TableOutcome t) {
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

  /** The progress line of a manifest directory. */
  static String line(ManifestOutcome m) {
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
  public static String summary(MaintenanceConfig config, MaintenanceResult result) {
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
    List<String> notes = new ArrayList<>();
    text.append(
        row(
            TABLE_FORMAT,
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
    for (TableOutcome t : result.tables()) {
      if (t.status() == Status.MAINTAINED) {
        text.append(tableRow(t));
      } else {
        text.append(untouched(TABLE_FORMAT, 11, t.table(), t.status()));
        notes.add(
            t.status().name().toLowerCase(Locale.ROOT)
                + " "
                + t.table()
                + ": "
                + t.message().orElse(""));
      }
    }
    if (result.tables().isEmpty()) {
      text.append("(no tables)\n");
    }
    text.append(
        row(
            MANIFEST_FORMAT,
            "manifests",
            "status",
            "deleted",
            "kept",
            "file lists deleted",
            "bytes deleted",
            "committed"));
    for (ManifestOutcome m : result.manifests()) {
      if (m.cleanup().isPresent()) {
        text.append(manifestRow(m, m.cleanup().get()));
      } else {
        text.append(untouched(MANIFEST_FORMAT, 7, m.directory(), m.status()));
        notes.add("failed " + m.directory() + ": " + m.message().orElse(""));
      }
    }
    if (result.manifests().isEmpty()) {
      text.append("(no manifests)\n");
    }
    notes.forEach(n -> text.append(n).append('\n'));
    return text.toString();
  }

  private static String tableRow(TableOutcome t) {
    long before = t.versionBefore().getAsLong();
    long after = t.versionAfter().getAsLong();
    return row(
        TABLE_FORMAT,
        t.table(),
        t.status(),
        t.filesBefore(),
        t.filesAfter(),
        t.compaction().partitions().size(),
        t.compaction().filesRemoved(),
        t.compaction().filesAdded(),
        t.filesDeleted(),
        t.bytesDeleted(),
        before == after ? Long.toString(after) : before + "->" + after,
        t.readerVersion());
  }

  private static String manifestRow(ManifestOutcome m, ManifestRetention.Cleanup c) {
    return row(
        MANIFEST_FORMAT,
        m.directory(),
        m.status(),
        c.manifestsRemoved(),
        c.manifestsKept(),
        c.fileListsRemoved(),
        c.bytesRemoved(),
        c.committed() < 0 ? "-" : Long.toString(c.committed()));
  }

  /** A row of a name and status with "-" in every other of its {@code cells}. */
  private static String untouched(String format, int cells, String name, Status status) {
    Object[] values = new Object[cells];
    Arrays.fill(values, "-");
    values[0] = name;
    values[1] = status;
    return row(format, values);
  }

  private static String row(String format, Object... cells) {
    return String.format(Locale.ROOT, format, cells);
  }

  private static String mib(long bytes) {
    return bytes % CompactionPolicy.MIB == 0
        ? bytes / CompactionPolicy.MIB + " MiB"
        : bytes + " bytes";
  }
}
