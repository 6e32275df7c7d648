package org.zonelake.core.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times in the ledger: ISO-8601 UTC with exactly three fraction digits ({@code
 * 2025-03-01T06:00:00.000Z}), so that text order is time order in sort keys.
 */
public final class LedgerTime {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private LedgerTime() {}

  /** The instant as the ledger writes it (truncated to milliseconds). */
  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses a time the ledger wrote. */
  public static Instant parse(String text) {
    return Instant.parse(text);
  }
}
