package org.zonelake.core.spark;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.LegacyDateFormats;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.catalyst.util.TimestampFormatter$;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark's {@code try_to_timestamp(text, pattern)}, with a fast path for the event-time patterns
 * most contracts use.
 *
 * <p>Spark parses a timestamp with {@code java.time}'s formatter, about a microsecond and a half a
 * value, and a text that does not match the first of a contract's patterns costs an exception
 * before the next pattern is tried: a tenth of a JSON source's parse step. For the patterns {@value
 * #ISO_OFFSET}, {@value #ISO_SPACE} and {@value #COMMON_LOG} this reads the usual texts of those
 * patterns directly (the digits at their places, values in range, a month's real days) and gives
 * the value Spark gives; every other text, and every other pattern, goes to Spark's own formatter
 * (the one {@code try_to_timestamp} uses, with the errors it turns into null), so the result is
 * Spark's in every case. A test compares the two on texts of every kind.
 *
 * <p>The call is a Catalyst {@code StaticInvoke} of a static method of this class, so it takes part
 * in whole-stage code generation; each task thread keeps Spark's formatters per pattern and zone.
 */
public final class TimestampsFromText {

  /** ISO-8601 with a zone offset; the fraction optional. */
  public static final String ISO_OFFSET = "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX";

  /** Date and time with a space between, in the session time zone. */
  public static final String ISO_SPACE = "yyyy-MM-dd HH:mm:ss";

  /** The time of a web server's common log format ({@code 10/Oct/2000:13:55:36 -0700}). */
  public static final String COMMON_LOG = "dd/MMM/yyyy:HH:mm:ss Z";

  /** The patterns read directly, with the method that reads them. */
  private static final Map<String, String> FAST =
      Map.of(ISO_OFFSET, "isoOffset", ISO_SPACE, "isoSpace", COMMON_LOG, "commonLog");

  private static final byte[][] MONTHS = {
    bytes("Jan"), bytes("Feb"), bytes("Mar"), bytes("Apr"), bytes("May"), bytes("Jun"),
    bytes("Jul"), bytes("Aug"), bytes("Sep"), bytes("Oct"), bytes("Nov"), bytes("Dec")
  };

  /** Not a value: the text needs Spark's formatter. */
  private static final long UNSURE = Long.MIN_VALUE;

  /** Not a value: the text does not match the pattern, for sure. */
  private static final long NO_MATCH = Long.MIN_VALUE + 1;

  private static final ThreadLocal<Map<FormatterKey, TimestampFormatter>> FORMATTERS =
      ThreadLocal.withInitial(HashMap::new);

  private static final ThreadLocal<Map<UTF8String, ZoneId>> ZONES =
      ThreadLocal.withInitial(HashMap::new);

  /** A formatter's pattern and time zone, compared by their bytes. */
  private record FormatterKey(UTF8String pattern, UTF8String timeZone) {}

  private TimestampsFromText() {}

  /**
   * {@code try_to_timestamp(text, pattern)} in the session time zone: the timestamp, or null when
   * the text is null or does not match.
   */
  public static Column tryToTimestamp(Column text, String pattern) {
    String method = FAST.get(pattern);
    if (method == null) {
      return functions.call_function("try_to_timestamp", text, functions.lit(pattern));
    }
    return SparkInternals.staticCallWithTimeZone(
        TimestampsFromText.class, DataTypes.TimestampType, method, text, functions.lit(pattern));
  }

  /** The text as a timestamp of {@value #ISO_OFFSET}; see {@link #tryToTimestamp}. */
  public static Long isoOffset(UTF8String text, UTF8String pattern, UTF8String timeZone) {
    return orSpark(isoOffset(text), text, pattern, timeZone);
  }

  /** The text as a timestamp of {@value #ISO_SPACE}; see {@link #tryToTimestamp}. */
  public static Long isoSpace(UTF8String text, UTF8String pattern, UTF8String timeZone) {
    return orSpark(isoSpace(text, timeZone), text, pattern, timeZone);
  }

  /** The text as a timestamp of {@value #COMMON_LOG}; see {@link #tryToTimestamp}. */
  public static Long commonLog(UTF8String text, UTF8String pattern, UTF8String timeZone) {
    return orSpark(commonLog(text), text, pattern, timeZone);
  }

  /**
   * The fast path's value; null when it found the text does not match; else what Spark's formatter
   * makes of the text (microseconds since the epoch, or null as try_to_timestamp).
   */
  private static Long orSpark(long fast, UTF8String text, UTF8String pattern, UTF8String timeZone) {
    if (fast == NO_MATCH) {
      return null;
    }
    if (fast != UNSURE) {
      return fast;
    }
    try {
      return formatter(pattern, timeZone).parse(text.toString());
    } catch (DateTimeException | ParseException e) {
      // DateTimeParseException included: the errors try_to_timestamp turns into null.
      return null;
    }
  }

  /** {@code 2026-11-03T03:54:21Z}, {@code 2026-11-03T03:54:21.123+01:00}. */
  static long isoOffset(UTF8String text) {
    Object base = text.getBaseObject();
    long offset = text.getBaseOffset();
    int n = text.numBytes();
    if (n >= 11
        && digits(base, offset, 0, 4) >= 0
        && at(base, offset, 4) == '-'
        && digits(base, offset, 5, 2) >= 0
        && at(base, offset, 7) == '-'
        && digits(base, offset, 8, 2) >= 0
        && at(base, offset, 10) != 'T'
        && at(base, offset, 10) != 't') {
      // Four digits, two, two, then anything but the literal T: Spark's parser fails there.
      return NO_MATCH;
    }
    if (n < 20 || at(base, offset, 10) != 'T') {
      return UNSURE;
    }
    LocalDateTime local = dateTime(base, offset);
    if (local == null) {
      return UNSURE;
    }
    int i = 19;
    long micros = 0;
    if (at(base, offset, i) == '.') {
      int millis = n >= i + 4 ? digits(base, offset, i + 1, 3) : -1;
      if (millis < 0) {
        return UNSURE;
      }
      micros = millis * 1_000L;
      i += 4;
    }
    ZoneOffset zone;
    if (i == n - 1 && at(base, offset, i) == 'Z') {
      zone = ZoneOffset.UTC;
    } else if (i == n - 6 && at(base, offset, i + 3) == ':') {
      zone =
          offset(
              at(base, offset, i), digits(base, offset, i + 1, 2), digits(base, offset, i + 4, 2));
    } else {
      return UNSURE;
    }
    return zone == null ? UNSURE : local.toEpochSecond(zone) * 1_000_000L + micros;
  }

  /** {@code 2026-11-01 00:00:00}, in the session time zone. */
  static long isoSpace(UTF8String text, UTF8String timeZone) {
    Object base = text.getBaseObject();
    long offset = text.getBaseOffset();
    if (text.numBytes() != 19 || at(base, offset, 10) != ' ') {
      return UNSURE;
    }
    LocalDateTime local = dateTime(base, offset);
    if (local == null) {
      return UNSURE;
    }
    ZoneId zone = zone(timeZone);
    return ZonedDateTime.of(local, zone).toEpochSecond() * 1_000_000L;
  }

  /** {@code 10/Oct/2000:13:55:36 -0700}. */
  static long commonLog(UTF8String text) {
    Object base = text.getBaseObject();
    long offset = text.getBaseOffset();
    if (text.numBytes() != 26
        || at(base, offset, 2) != '/'
        || at(base, offset, 6) != '/'
        || at(base, offset, 11) != ':'
        || at(base, offset, 14) != ':'
        || at(base, offset, 17) != ':'
        || at(base, offset, 20) != ' ') {
      return UNSURE;
    }
    int day = digits(base, offset, 0, 2);
    int month = month(base, offset, 3);
    int year = digits(base, offset, 7, 4);
    int hour = digits(base, offset, 12, 2);
    int minute = digits(base, offset, 15, 2);
    int second = digits(base, offset, 18, 2);
    LocalDateTime local = dateTime(year, month, day, hour, minute, second);
    ZoneOffset zone =
        offset(at(base, offset, 21), digits(base, offset, 22, 2), digits(base, offset, 24, 2));
    if (local == null || zone == null) {
      return UNSURE;
    }
    return local.toEpochSecond(zone) * 1_000_000L;
  }

  /** {@code yyyy-MM-dd?HH:mm:ss} from byte 0 (any separator at byte 10), or null if not. */
  private static LocalDateTime dateTime(Object base, long offset) {
    if (at(base, offset, 4) != '-'
        || at(base, offset, 7) != '-'
        || at(base, offset, 13) != ':'
        || at(base, offset, 16) != ':') {
      return null;
    }
    return dateTime(
        digits(base, offset, 0, 4),
        digits(base, offset, 5, 2),
        digits(base, offset, 8, 2),
        digits(base, offset, 11, 2),
        digits(base, offset, 14, 2),
        digits(base, offset, 17, 2));
  }

  /**
   * The date and time when every field is in range (years 1000 to 9999, a month's real days, no
   * leap second); null otherwise, for Spark's formatter to decide.
   */
  private static LocalDateTime dateTime(
      int year, int month, int day, int hour, int minute, int second) {
    if (year < 1000
        || month < 1
        || month > 12
        || day < 1
        || day > LocalDate.of(year, month, 1).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    return LocalDateTime.of(year, month, day, hour, minute, second);
  }

  /** {@code ±hh} and {@code mm} of less than 18 hours; null for anything else ({@code -00:00}). */
  private static ZoneOffset offset(int sign, int hours, int minutes) {
    if ((sign != '+' && sign != '-')
        || hours < 0
        || hours > 17
        || minutes < 0
        || minutes > 59
        || (sign == '-' && hours == 0 && minutes == 0)) {
      return null;
    }
    int seconds = hours * 3600 + minutes * 60;
    return ZoneOffset.ofTotalSeconds(sign == '-' ? -seconds : seconds);
  }

  /** The month of an English three-letter name as written ({@code Nov}), or -1. */
  private static int month(Object base, long offset, int from) {
    for (int m = 0; m < MONTHS.length; m++) {
      byte[] name = MONTHS[m];
      if (at(base, offset, from) == name[0]
          && at(base, offset, from + 1) == name[1]
          && at(base, offset, from + 2) == name[2]) {
        return m + 1;
      }
    }
    return -1;
  }

  /** The number the {@code count} ASCII digits from {@code from} write, or -1. */
  private static int digits(Object base, long offset, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int c = at(base, offset, i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int at(Object base, long offset, int i) {
    return Platform.getByte(base, offset + i);
  }

  /** The session time zone as Spark reads it ({@code DateTimeUtils.getZoneId}). */
  private static ZoneId zone(UTF8String timeZone) {
    Map<UTF8String, ZoneId> zones = ZONES.get();
    ZoneId zone = zones.get(timeZone);
    if (zone == null) {
      zone = DateTimeUtils.getZoneId(timeZone.toString());
      zones.put(timeZone.clone(), zone);
    }
    return zone;
  }

  private static TimestampFormatter formatter(UTF8String pattern, UTF8String timeZone) {
    Map<FormatterKey, TimestampFormatter> formatters = FORMATTERS.get();
    TimestampFormatter formatter = formatters.get(new FormatterKey(pattern, timeZone));
    if (formatter == null) {
      // As try_to_timestamp builds it (GetTimestamp.getFormatter).
      formatter =
          TimestampFormatter$.MODULE$.apply(
              pattern.toString(), zone(timeZone), LegacyDateFormats.SIMPLE_DATE_FORMAT(), true);
      // Copies as keys: the arguments' bytes may belong to a row that is reused.
      formatters.put(new FormatterKey(pattern.clone(), timeZone.clone()), formatter);
    }
    return formatter;
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }
}
