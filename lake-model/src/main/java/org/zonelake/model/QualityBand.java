package org.zonelake.model;

import java.util.Locale;

/**
 * The quality-score bands of the {@value QualityMetrics#QUALITY_DISTRIBUTION} metric: how many
 * records of a run scored in each. Lower bounds are inclusive, upper bounds exclusive, except that
 * the top band includes 1.0.
 */
public enum QualityBand {
  /** Scores from 0.0 up to 0.5: most checks failed. */
  LOW(0.0, 0.5),
  /** Scores from 0.5 up to 0.8. */
  MEDIUM(0.5, 0.8),
  /** Scores from 0.8 up to 0.95. */
  HIGH(0.8, 0.95),
  /** Scores from 0.95 to 1.0 inclusive: (nearly) every check passed. */
  TOP(0.95, 1.0);

  private final double lower;
  private final double upper;

  QualityBand(double lower, double upper) {
    this.lower = lower;
    this.upper = upper;
  }

  /** The inclusive lower bound. */
  public double lower() {
    return lower;
  }

  /** The exclusive upper bound (inclusive for the top band). */
  public double upper() {
    return upper;
  }

  /**
   * The value of the {@value QualityMetrics#BAND_DIMENSION} dimension: {@code 0.0-0.5}, {@code
   * 0.5-0.8}, {@code 0.8-0.95}, {@code 0.95-1.0}.
   */
  public String label() {
    return format(lower) + "-" + format(upper);
  }

  /**
   * The band of a quality score.
   *
   * @throws IllegalArgumentException for a score outside 0 to 1
   */
  public static QualityBand of(double score) {
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("quality score " + score + " is outside [0, 1]");
    }
    for (QualityBand band : values()) {
      if (score < band.upper) {
        return band;
      }
    }
    return TOP;
  }

  private static String format(double bound) {
    String text = String.format(Locale.ROOT, "%.2f", bound);
    // 0.50 -> 0.5, 0.95 stays, 1.00 -> 1.0
    return text.endsWith("0") ? text.substring(0, text.length() - 1) : text;
  }
}
