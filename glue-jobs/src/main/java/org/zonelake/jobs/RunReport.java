package org.zonelake.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.core.run.SourceOutcome;

/** Renders progress and the per-source summary of a raw to processed run for people. */
public final class RunReport {

  private RunReport() {}

  /** A listener printing each warning as {@code <source>: warning: <message>}, and nothing else. */
  public static RunListener warnings(PrintStream out) {
    return new RunListener() {
      @Override
      public void warning(String source, String message) {
        out.printf("%s: warning: %s%n", source, message);
      }
    };
  }

  /** A listener printing one line per source start, committed batch, warning and outcome. */
  public static RunListener progress(PrintStream out) {
    RunListener warnings = warnings(out);
    return new RunListener() {
      @Override
      public void sourceStarted(String source) {
        out.printf("%s: reading new raw files%n", source);
      }

      @Override
      public void batchCommitted(String source, long batchId, BatchCounts c, double seconds) {
        out.printf(
            Locale.ROOT,
            "%s: batch %d committed: %s, %s -> %d written, %s, %d quarantined (%.1f s)%n",
            source,
            batchId,
            counted(c.files(), "file"),
            counted(c.linesRead(), "line"),
            c.written(),
            counted(c.duplicates(), "duplicate"),
            c.quarantined(),
            seconds);
      }

      @Override
      public void warning(String source, String message) {
        warnings.warning(source, message);
      }

      @Override
      public void sourceFinished(SourceOutcome outcome) {
        if (outcome.status() == SourceOutcome.Status.SUCCEEDED && outcome.batches() == 0) {
          out.printf("%s: no new raw files%n", outcome.source());
        }
      }
    };
  }

  /** The summary table, then one line per skipped or failed source with the reason. */
  public static String summary(String runId, List<SourceOutcome> outcomes) {
    StringBuilder text = new StringBuilder();
    text.append("Run ").append(runId).append('\n');
    String header =
        String.format(
            Locale.ROOT,
            "%-18s %-9s %6s %7s %9s %7s %11s %10s %7s  %s%n",
            "source",
            "status",
            "files",
            "lines",
            "malformed",
            "invalid",
            "quarantined",
            "duplicates",
            "written",
            "quarantine reasons");
    text.append(header);
    text.append("-".repeat(header.length() - 1)).append('\n');
    BatchCounts total = BatchCounts.empty();
    for (SourceOutcome o : outcomes) {
      BatchCounts c = o.counts();
      total = total.plus(c);
      String reasons = reasons(c);
      if (o.status() == SourceOutcome.Status.FAILED) {
        // The batch that failed committed nothing: its counts are in the reason below.
        reasons =
            (reasons.isEmpty() ? "" : reasons + "; ") + "committed batches only (reason below)";
      }
      text.append(row(o.source(), o.status().name(), c, reasons));
    }
    text.append(row("total", "", total, reasons(total)));
    for (SourceOutcome o : outcomes) {
      long files = o.counts().filesQuarantined();
      if (files > 0) {
        text.append(
            String.format(
                Locale.ROOT,
                "files quarantined %s: %d unreadable raw file(s) left out, recorded in its"
                    + " file-quarantine table and tried again by the next runs%n",
                o.source(),
                files));
      }
    }
    for (SourceOutcome o : outcomes) {
      o.message()
          .ifPresent(
              m ->
                  text.append(o.status() == SourceOutcome.Status.FAILED ? "FAILED " : "skipped ")
                      .append(o.source())
                      .append(": ")
                      .append(m)
                      .append('\n'));
    }
    return text.toString();
  }

  /** True when any source failed. */
  public static boolean anyFailed(List<SourceOutcome> outcomes) {
    return !failed(outcomes).isEmpty();
  }

  /** The sources that failed. */
  public static List<String> failed(List<SourceOutcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o.status() == SourceOutcome.Status.FAILED)
        .map(SourceOutcome::source)
        .toList();
  }

  private static String reasons(BatchCounts c) {
    return c.quarantinedByReason().isEmpty() ? "" : c.quarantinedByReason().toString();
  }

  private static String row(String source, String status, BatchCounts c, String reasons) {
    return String.format(
        Locale.ROOT,
        "%-18s %-9s %6d %7d %9d %7d %11d %10d %7d  %s%n",
        source,
        status,
        c.files(),
        c.linesRead(),
        c.malformed(),
        c.invalid(),
        c.quarantined(),
        c.duplicates(),
        c.written(),
        reasons);
  }

  /** {@code n} and the noun, singular for one: "1 file", "3 files". */
  private static String counted(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }
}
