package org.zonelake.core.manifest;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One raw file as listed: its path, size and modification time (when it landed).
 *
 * @param path the file's path or URI
 * @param size its length in bytes
 * @param modified its modification time, in milliseconds since the epoch
 */
public record RawFile(String path, long size, long modified) {

  /** The name of a landing year directory, the year as group 1: {@code year=2026}. */
  public static final String YEAR_DIRECTORY = "year=([0-9]{4})";

  /** The name of a landing month directory, the month as group 1: {@code month=11}. */
  public static final String MONTH_DIRECTORY = "month=([0-9]{1,2})";

  /** The name of a landing day directory, the day as group 1: {@code day=7}. */
  public static final String DAY_DIRECTORY = "day=([0-9]{1,2})";

  /**
   * The landing directories in a path ({@code /year=2026/month=11/day=7/}), the year, month and day
   * as groups 1 to 3.
   */
  public static final String LANDING_DIRECTORIES =
      "/" + YEAR_DIRECTORY + "/" + MONTH_DIRECTORY + "/" + DAY_DIRECTORY + "/";

  private static final Pattern LANDING = Pattern.compile(LANDING_DIRECTORIES);

  /** Checks nothing is null. */
  public RawFile {
    Objects.requireNonNull(path, "path");
  }

  /**
   * The landing day of the file: the {@code year=YYYY/month=MM/day=DD} directories of its path, or
   * empty when the path has none.
   */
  public Optional<LocalDate> landingDay() {
    return landingDay(path);
  }

  /**
   * The source of a path of the raw zone's layout ({@code .../<source>/year=YYYY/month=MM/day=DD/
   * <file>}): the directory above its landing directories, or empty when the path has none.
   */
  public static Optional<String> source(String path) {
    Matcher m = LANDING.matcher(path);
    if (!m.find() || m.start() == 0) {
      return Optional.empty();
    }
    return Optional.of(path.substring(path.lastIndexOf('/', m.start() - 1) + 1, m.start()));
  }

  /** The landing day of a path, from its {@code year=/month=/day=} directories. */
  public static Optional<LocalDate> landingDay(String path) {
    Matcher m = LANDING.matcher(path);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3))));
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
