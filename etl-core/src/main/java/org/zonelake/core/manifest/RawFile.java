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

  private static final Pattern LANDING =
      Pattern.compile("/year=([0-9]{4})/month=([0-9]{1,2})/day=([0-9]{1,2})/");

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
