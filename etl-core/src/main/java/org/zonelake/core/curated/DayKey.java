package org.zonelake.core.curated;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * One (year, month, day) of event time: the unit the curated tables are recomputed in.
 *
 * @param year the year
 * @param month the month, 1 to 12
 * @param day the day of month
 */
public record DayKey(int year, int month, int day) implements Comparable<DayKey> {

  @Override
  public int compareTo(DayKey other) {
    return Integer.compare(
        year * 10000 + month * 100 + day, other.year * 10000 + other.month * 100 + other.day);
  }

  /** The day of a {@code year, month, day} partition, from its partition values. */
  public static DayKey ofPartition(java.util.Map<String, String> partitionValues) {
    return new DayKey(
        Integer.parseInt(partitionValues.get("year")),
        Integer.parseInt(partitionValues.get("month")),
        Integer.parseInt(partitionValues.get("day")));
  }

  /** As {@code 2026-11-20}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", year, month, day);
  }

  /** A SQL predicate on columns {@code year, month, day} selecting exactly these days. */
  public static String predicate(Collection<DayKey> days) {
    if (days.isEmpty()) {
      return "false";
    }
    return days.stream()
        .sorted()
        .map(d -> "(year = " + d.year + " AND month = " + d.month + " AND day = " + d.day + ")")
        .collect(Collectors.joining(" OR ", "(", ")"));
  }
}
