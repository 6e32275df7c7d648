package org.zonelake.testdata;

import java.time.LocalDate;

/**
 * What {@link LakeGenerator} produces. Build with {@link #builder()}; {@link Builder#build()}
 * checks every field and names the one that is wrong.
 *
 * @param records raw records in total (lines, CSV records, JSON array elements), over all sources
 * @param seed the seed: the same settings always produce the same bytes
 * @param recordsPerFile a file is closed after this many records
 * @param bytesPerFile ... or once it holds about this many bytes, whichever comes first
 * @param malformedFraction share of records that cannot be parsed at all
 * @param invalidFraction share of records that parse but fail a check (missing required value,
 *     wrong type, bad event time)
 * @param duplicateFraction share of records that repeat an earlier valid record verbatim
 * @param crossFileShare of the duplicates, the share copied from an earlier file (the rest repeat a
 *     record of their own file)
 * @param lateFraction share of valid records whose event time lies 1 to 3 days before the day their
 *     file landed
 * @param firstDay the landing day of the first file
 * @param days files are spread over this many landing days
 */
public record GeneratorSettings(
    long records,
    long seed,
    int recordsPerFile,
    long bytesPerFile,
    double malformedFraction,
    double invalidFraction,
    double duplicateFraction,
    double crossFileShare,
    double lateFraction,
    LocalDate firstDay,
    int days) {

  /** A builder with the defaults: 32 MB files, 1% malformed, 2% invalid, 3% duplicates. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GeneratorSettings}. */
  public static final class Builder {
    private long records = 100_000;
    private long seed = 42;
    private int recordsPerFile = Integer.MAX_VALUE;
    private long bytesPerFile = 32L * 1024 * 1024;
    private double malformedFraction = 0.01;
    private double invalidFraction = 0.02;
    private double duplicateFraction = 0.03;
    private double crossFileShare = 0.5;
    private double lateFraction = 0.02;
    private LocalDate firstDay = LocalDate.of(2026, 11, 1);
    private int days = 7;

    private Builder() {}

    /** Raw records in total, over all sources. */
    public Builder records(long value) {
      records = value;
      return this;
    }

    /** The seed. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Records per file at most. */
    public Builder recordsPerFile(int value) {
      recordsPerFile = value;
      return this;
    }

    /** Bytes per file, about, at most. */
    public Builder bytesPerFile(long value) {
      bytesPerFile = value;
      return this;
    }

    /** Share of malformed records. */
    public Builder malformedFraction(double value) {
      malformedFraction = value;
      return this;
    }

    /** Share of records failing a check. */
    public Builder invalidFraction(double value) {
      invalidFraction = value;
      return this;
    }

    /** Share of duplicate records. */
    public Builder duplicateFraction(double value) {
      duplicateFraction = value;
      return this;
    }

    /** Share of the duplicates copied from an earlier file. */
    public Builder crossFileShare(double value) {
      crossFileShare = value;
      return this;
    }

    /** Share of late valid records. */
    public Builder lateFraction(double value) {
      lateFraction = value;
      return this;
    }

    /** The landing day of the first file. */
    public Builder firstDay(LocalDate value) {
      firstDay = value;
      return this;
    }

    /** How many landing days the files are spread over. */
    public Builder days(int value) {
      days = value;
      return this;
    }

    /** Checks the fields and builds the settings. */
    public GeneratorSettings build() {
      if (records < 0) {
        throw invalid("records", records, "must be 0 or more");
      }
      if (recordsPerFile < 1) {
        throw invalid("recordsPerFile", recordsPerFile, "must be at least 1");
      }
      if (bytesPerFile < 1) {
        throw invalid("bytesPerFile", bytesPerFile, "must be at least 1");
      }
      share("malformedFraction", malformedFraction);
      share("invalidFraction", invalidFraction);
      share("duplicateFraction", duplicateFraction);
      share("crossFileShare", crossFileShare);
      share("lateFraction", lateFraction);
      if (malformedFraction + invalidFraction + duplicateFraction > 1) {
        throw invalid(
            "malformedFraction + invalidFraction + duplicateFraction",
            malformedFraction + invalidFraction + duplicateFraction,
            "must be at most 1");
      }
      if (days < 1) {
        throw invalid("days", days, "must be at least 1");
      }
      if (firstDay == null) {
        throw invalid("firstDay", null, "is required");
      }
      return new GeneratorSettings(
          records,
          seed,
          recordsPerFile,
          bytesPerFile,
          malformedFraction,
          invalidFraction,
          duplicateFraction,
          crossFileShare,
          lateFraction,
          firstDay,
          days);
    }

    private static void share(String field, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw invalid(field, value, "must be between 0 and 1");
      }
    }

    private static IllegalArgumentException invalid(String field, Object value, String rule) {
      return new IllegalArgumentException(
          "Generator setting '" + field + "' is " + value + ": it " + rule + ".");
    }
  }
}
