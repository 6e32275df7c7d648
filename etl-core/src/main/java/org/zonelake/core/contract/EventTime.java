package org.zonelake.core.contract;

import java.util.List;
import java.util.Objects;

/**
 * Where a record's event time comes from.
 *
 * @param column the schema column (declared TIMESTAMP) holding the event time
 * @param formats Spark datetime patterns tried in order; empty means ISO-8601 as Spark casts it
 */
public record EventTime(String column, List<String> formats) {

  /** Copies the formats. */
  public EventTime {
    Objects.requireNonNull(column, "column");
    formats = List.copyOf(formats);
  }
}
