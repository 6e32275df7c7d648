package org.zonelake.core.write;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One (year, month, day) partition of a processed table.
 *
 * @param year the event time's year
 * @param month the event time's month, 1 to 12
 * @param day the event time's day of month
 */
public record PartitionValue(int year, int month, int day) {

  /** A SQL predicate selecting exactly these partitions of the table aliased {@code alias}. */
  public static String predicate(String alias, List<PartitionValue> partitions) {
    if (partitions.isEmpty()) {
      return "false";
    }
    return partitions.stream()
        .map(
            p ->
                String.format(
                    "(%1$s.year = %2$d AND %1$s.month = %3$d AND %1$s.day = %4$d)",
                    alias, p.year(), p.month(), p.day()))
        .collect(Collectors.joining(" OR ", "(", ")"));
  }
}
