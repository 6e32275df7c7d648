package org.zonelake.model;

import java.util.List;

/**
 * The custom CloudWatch metrics the jobs publish per source, in namespace {@value #NAMESPACE} with
 * dimension {@value #SOURCE_DIMENSION}: the names the jobs publish and the alarms and dashboard
 * read. {@value #QUALITY_DISTRIBUTION} has a second dimension, {@value #BAND_DIMENSION}, one value
 * per {@link QualityBand}.
 */
public final class QualityMetrics {

  /** The namespace of the lake's custom metrics. */
  public static final String NAMESPACE = "DataLake/Quality";

  /** The dimension naming the source. */
  public static final String SOURCE_DIMENSION = "Source";

  /** The dimension naming the curated table of {@link #CURATED_ROWS_WRITTEN}. */
  public static final String TABLE_DIMENSION = "Table";

  /** The dimension naming the quality-score band of {@link #QUALITY_DISTRIBUTION}. */
  public static final String BAND_DIMENSION = "Band";

  /** Share of records read that passed validation (were not quarantined), 0 to 1. */
  public static final String VALIDATION_SUCCESS_RATE = "ValidationSuccessRate";

  /** Mean row quality score of the run, 0 to 1. */
  public static final String AVERAGE_QUALITY_SCORE = "AverageQualityScore";

  /** Records written to the processed table. */
  public static final String PROCESSED_RECORDS = "ProcessedRecords";

  /** Records written to quarantine. */
  public static final String QUARANTINED_RECORDS = "QuarantinedRecords";

  /** Valid records not written because they were already present. */
  public static final String DUPLICATE_RECORDS = "DuplicateRecords";

  /** Wall-clock duration of the run for the source, in seconds. */
  public static final String RUN_DURATION_SECONDS = "RunDurationSeconds";

  /** Records of the run whose quality score falls in a band (dimensions Source and Band). */
  public static final String QUALITY_DISTRIBUTION = "QualityDistribution";

  /**
   * Days of a source or joined dataset (dimension {@value #SOURCE_DIMENSION}: its name) that a
   * processed-to-curated run recomputed.
   */
  public static final String DAYS_RECOMPUTED = "DaysRecomputed";

  /**
   * Wall-clock seconds a processed-to-curated run spent on a source or joined dataset (dimension
   * {@value #SOURCE_DIMENSION}), from taking its lease to recording its end.
   */
  public static final String CURATED_RUN_DURATION_SECONDS = "CuratedRunDurationSeconds";

  /**
   * Rows a processed-to-curated run wrote to a curated table (dimension {@value #TABLE_DIMENSION}:
   * the table's name), as the table's commit counted them.
   */
  public static final String CURATED_ROWS_WRITTEN = "CuratedRowsWritten";

  /** The metrics with the one dimension {@value #SOURCE_DIMENSION}, in dashboard order. */
  public static final List<String> PER_SOURCE =
      List.of(
          VALIDATION_SUCCESS_RATE,
          AVERAGE_QUALITY_SCORE,
          PROCESSED_RECORDS,
          QUARANTINED_RECORDS,
          DUPLICATE_RECORDS,
          RUN_DURATION_SECONDS);

  private QualityMetrics() {}

  /**
   * The statistic that makes sense for the metric on a graph or alarm: the average of ratios, the
   * maximum of durations, the sum of counts.
   *
   * @throws IllegalArgumentException for a name that is not one of these metrics
   */
  public static String statistic(String metricName) {
    return switch (metricName) {
      case VALIDATION_SUCCESS_RATE, AVERAGE_QUALITY_SCORE -> "Average";
      case RUN_DURATION_SECONDS, CURATED_RUN_DURATION_SECONDS -> "Maximum";
      case PROCESSED_RECORDS,
              QUARANTINED_RECORDS,
              DUPLICATE_RECORDS,
              QUALITY_DISTRIBUTION,
              DAYS_RECOMPUTED,
              CURATED_ROWS_WRITTEN ->
          "Sum";
      default -> throw new IllegalArgumentException("unknown metric " + metricName);
    };
  }
}
