package org.zonelake.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.zonelake.core.curated.DayKey;

/** Renders what a processed to curated run did, for people. */
final class CuratedReport {

  private CuratedReport() {}

  /**
   * One line per source (which days were recomputed, or why it failed), then one per joined
   * dataset, with its rows and unmatched rows.
   */
  static String summary(String runId, CuratedResult result) {
    StringBuilder text = new StringBuilder("Curated run ").append(runId).append('\n');
    for (CuratedResult.Outcome o : result.sources()) {
      text.append(String.format(Locale.ROOT, "%-18s ", o.source()));
      appendDays(text, o.days(), o.fullRecompute(), o.error());
      text.append('\n');
    }
    if (!result.joins().isEmpty()) {
      int width = result.joins().stream().mapToInt(o -> o.name().length()).max().orElse(0);
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
