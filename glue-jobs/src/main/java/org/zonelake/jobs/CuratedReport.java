package org.zonelake.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.zonelake.core.curated.DayKey;
import org.zonelake.core.join.JoinedDataset;

/** Renders what a processed to curated run did, for people. */
final class CuratedReport {

  private CuratedReport() {}

  /**
   * One line per source (which days were recomputed, or why it failed), then one per joined
   * dataset, with its rows and unmatched rows; the sources whose raw-to-processed run failed, left
   * out of the run, and the joined datasets they are the left source of, are said among them.
   *
   * @param failedSources the sources left out because their raw-to-processed run failed
   * @param joins the joined datasets declared: those of a failed left source are named
   */
  static String summary(
      String runId, CuratedResult result, List<String> failedSources, List<JoinedDataset> joins) {
    StringBuilder text = new StringBuilder("Curated run ").append(runId).append('\n');
    for (CuratedResult.Outcome o : result.sources()) {
      text.append(String.format(Locale.ROOT, "%-18s ", o.source()));
      appendDays(text, o.days(), o.fullRecompute(), o.error());
      text.append('\n');
    }
    for (String source : failedSources) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-18s not aggregated: its raw->processed run failed; the next run that succeeds"
                  + " brings its curated tables up to date%n",
              source));
    }
    List<JoinedDataset> leftOut =
        joins.stream().filter(j -> failedSources.contains(j.leftSource())).toList();
    if (!result.joins().isEmpty() || !leftOut.isEmpty()) {
      int width =
          Stream.concat(
                  result.joins().stream().map(CuratedResult.JoinOutcome::name),
                  leftOut.stream().map(JoinedDataset::name))
              .mapToInt(String::length)
              .max()
              .orElse(0);
      text.append("Joined datasets\n");
      for (CuratedResult.JoinOutcome o : result.joins()) {
        text.append(String.format(Locale.ROOT, "%-" + width + "s ", o.name()));
        appendDays(text, o.days(), o.fullRecompute(), o.error());
        if (o.error().isEmpty() && o.records() >= 0) {
          text.append(
              String.format(Locale.ROOT, "; %d rows, %d unmatched", o.records(), o.unmatched()));
        }
        text.append('\n');
      }
      for (JoinedDataset join : leftOut) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-"
                    + width
                    + "s not refreshed: its left source %s failed raw->processed; the"
                    + " next run that succeeds refreshes it%n",
                join.name(),
                join.leftSource()));
      }
    }
    return text.toString();
  }

  private static void appendDays(
      StringBuilder text, List<DayKey> days, boolean full, Optional<String> error) {
    if (error.isPresent()) {
      text.append("FAILED: ").append(error.get());
    } else if (days.isEmpty()) {
      text.append(full ? "recomputed all: no day holds rows" : "up to date");
    } else {
      text.append(full ? "recomputed all " : "recomputed ")
          .append(days.size())
          .append(" day(s) ")
          .append(days.stream().map(DayKey::toString).toList());
    }
  }
}
