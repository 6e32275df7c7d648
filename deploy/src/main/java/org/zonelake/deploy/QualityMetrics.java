package org.zonelake.deploy;

import java.util.List;

/**
 * The custom CloudWatch metrics the jobs publish per source: namespace {@value #NAMESPACE},
 * dimension {@value #SOURCE_DIMENSION}. The alarms and the dashboard read these names.
 */
public final class QualityMetrics {

  /** The namespace of the lake's custom metrics. */
  public static final String NAMESPACE = "DataLake/Quality";

  /** The dimension naming the source (orders, customers, sensor_readings, web_logs). */
  public static final String SOURCE_DIMENSION = "Source";

  /** Share of records that passed validation, a ratio from 0 to 1. */
  public static final String VALIDATION_SUCCESS_RATE = "ValidationSuccessRate";

  /** Mean row quality score of the batch, from 0 to 1. */
  public static final String AVERAGE_QUALITY_SCORE = "AverageQualityScore";

  /** Records written to the processed table. */
  public static final String PROCESSED_RECORDS = "ProcessedRecords";

  /** Records written to quarantine. */
  public static final String QUARANTINED_RECORDS = "QuarantinedRecords";

  /** Records dropped as duplicates. */
  public static final String DUPLICATE_RECORDS = "DuplicateRecords";

  /** Wall-clock duration of the run for the source, in seconds. */
  public static final String RUN_DURATION_SECONDS = "RunDurationSeconds";

  /** Every metric name, in dashboard order. */
  public static final List<String> ALL =
      List.of(
          VALIDATION_SUCCESS_RATE,
          AVERAGE_QUALITY_SCORE,
          PROCESSED_RECORDS,
          QUARANTINED_RECORDS,
          DUPLICATE_RECORDS,
          RUN_DURATION_SECONDS);

  private QualityMetrics() {}

  /** The statistic that makes sense for the metric on a graph or alarm. */
  public static String statistic(String metricName) {
    return switch (metricName) {
      case VALIDATION_SUCCESS_RATE, AVERAGE_QUALITY_SCORE -> "Average";
      case RUN_DURATION_SECONDS -> "Maximum";
      case PROCESSED_RECORDS, QUARANTINED_RECORDS, DUPLICATE_RECORDS -> "Sum";
      default -> throw new IllegalArgumentException("unknown metric " + metricName);
    };
  }
}
