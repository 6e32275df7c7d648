package org.zonelake.athena;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Query results of both engines as text, value by value, in the form an analyst reads them: numbers
 * as written (a DECIMAL keeps its scale: {@code 29.90} is not {@code 29.9}), a timestamp as the UTC
 * instant to the millisecond (Spark shows it in the session's zone, Athena with a zone suffix;
 * Trino reads Delta timestamps to the millisecond), a date as {@code yyyy-MM-dd}, null as {@code
 * NULL}. Only plain values are expected: queries compared this way return no arrays, maps or
 * structs.
 */
final class ResultRows {

  private ResultRows() {}

  /** The rows of {@code result} as text. */
  static List<List<String>> of(SqlEngine.Result result) {
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      rows.add(row.stream().map(ResultRows::text).toList());
    }
    return rows;
  }

  /** One value as text. */
  static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return Long.toString(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return Double.toString(((Number) value).doubleValue());
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Timestamp t) {
      return instant(t.toInstant());
    }
    if (value instanceof ZonedDateTime z) {
      return instant(z.toInstant());
    }
    if (value instanceof OffsetDateTime o) {
      return instant(o.toInstant());
    }
    if (value instanceof Instant i) {
      return instant(i);
    }
    if (value instanceof Date d) {
      return d.toLocalDate().toString();
    }
    throw new IllegalArgumentException(
        "No text for a value of " + value.getClass().getName() + ": " + value);
  }

  private static String instant(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
