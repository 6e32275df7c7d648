package org.zonelake.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.run.BatchCounts;

/**
 * What a replay of quarantine rows did (or, in a dry run, would do) for one source.
 *
 * @param source the source
 * @param runId the replay's run id
 * @param dryRun true when nothing was written
 * @param selection the rows it took
 * @param summary what happened to them, per reason
 * @param processedVersion the processed table version it committed (empty: none)
 * @param quarantineVersion the quarantine table version it committed (empty: none)
 * @param notes what else people should know (a completed earlier replay, rule warnings)
 */
public record ReplayResult(
    String source,
    String runId,
    boolean dryRun,
    ReplaySelection selection,
    Summary summary,
    OptionalLong processedVersion,
    OptionalLong quarantineVersion,
    List<String> notes) {

  /** Validates and copies. */
  public ReplayResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(summary, "summary");
    notes = List.copyOf(notes);
  }

  /**
   * What a replay does for the rows quarantined for one reason.
   *
   * @param reason the reason's key ({@code bad_event_time}, {@code quality_rule: <rule>}) or {@code
   *     total}
   * @param selected rows taken
   * @param written rows that now pass and are inserted into processed
   * @param duplicates rows that now pass but whose record processed holds (or an earlier selected
   *     row has): recovered, not written
   * @param failed rows that still fail: they stay open
   */
  public record Line(String reason, long selected, long written, long duplicates, long failed) {

    /** The rows recovered: written to processed, or found there already. */
    public long recovered() {
      return written + duplicates;
    }
  }

  /**
   * The outcome of evaluated rows.
   *
   * @param reasons one line per reason, by reason
   * @param total every row once
   * @param changed quarantine rows that change
   * @param counts for the ledger: read = selected, written, duplicates, still failing (malformed or
   *     invalid) with their new reasons
   * @param scores the rows' quality scores
   */
  public record Summary(
      List<Line> reasons, Line total, long changed, BatchCounts counts, QualityScores scores) {

    /** Nothing selected. */
    public static final Summary EMPTY =
        new Summary(
            List.of(), new Line("total", 0, 0, 0, 0), 0, BatchCounts.empty(), QualityScores.NONE);

    /** Copies the list. */
    public Summary {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * The per-reason table people read; a dry run's table and that of the replay that follows it are
   * equal line for line when nothing changed in between.
   */
  public String table() {
    StringBuilder text = new StringBuilder();
    String header =
        String.format(
            Locale.ROOT,
            "%-48s %8s %8s %10s %13s%n",
            "reason",
            "selected",
            "written",
            "duplicates",
            "still failing");
    text.append(header).append("-".repeat(header.length() - 1)).append('\n');
    List<Line> lines = new ArrayList<>(summary.reasons());
    lines.add(summary.total());
    for (Line line : lines) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-48s %8d %8d %10d %13d%n",
              line.reason(),
              line.selected(),
              line.written(),
              line.duplicates(),
              line.failed()));
    }
    return text.toString();
  }

  /** The heading, the table and the notes, as the job and {@code ./lake replay} print them. */
  public String text() {
    StringBuilder text = new StringBuilder();
    text.append(dryRun ? "Dry run of a replay of " : "Replay ")
        .append(dryRun ? "" : runId + " of ")
        .append(source)
        .append(": ")
        .append(selection.describe())
        .append('\n');
    text.append(table());
    Line total = summary.total();
    if (dryRun) {
      text.append(
          String.format(
              Locale.ROOT,
              "Would recover %d row(s): %d written to processed, %d duplicate(s); %d stay open."
                  + " Nothing was written.%n",
              total.recovered(),
              total.written(),
              total.duplicates(),
              total.failed()));
    } else {
      text.append(
          String.format(
              Locale.ROOT,
              "Recovered %d row(s): %d written to processed%s, %d duplicate(s); %d stay open%s.%n",
              total.recovered(),
              total.written(),
              processedVersion.isPresent() ? " (version " + processedVersion.getAsLong() + ")" : "",
              total.duplicates(),
              total.failed(),
              quarantineVersion.isPresent()
                  ? "; quarantine marked (version " + quarantineVersion.getAsLong() + ")"
                  : "; nothing changed"));
    }
    notes.forEach(n -> text.append("note: ").append(n).append('\n'));
    return text.toString();
  }
}
