package org.zonelake.model;

import java.util.List;
import java.util.Objects;

/**
 * A contract's event time: the column the lake partitions by, and the formats its text may have.
 *
 * @param column the schema column holding the event time
 * @param formats the accepted formats (Spark datetime patterns, tried in order); empty means
 *     ISO-8601 as Spark casts text to a timestamp
 */
public record EventTime(String column, List<String> formats) {

  /** Checks and copies. */
  public EventTime {
    Objects.requireNonNull(column, "column");
    formats = List.copyOf(formats);
  }
}
