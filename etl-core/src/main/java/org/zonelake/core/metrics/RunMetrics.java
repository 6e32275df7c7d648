package org.zonelake.core.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.zonelake.core.run.BatchCounts;

/**
 * The quality figures of one run for one source, as the dashboards and alarms read them (namespace
 * {@code DataLake/Quality}, dimension {@code Source}).
 *
 * @param job the job's name
 * @param source the source
 * @param runId the run's id
 * @param endedAt when the run ended (the metrics' timestamp)
 * @param counts the run's records
 * @param averageQualityScore the mean row quality score, 0 to 1 (empty: not measured)
 * @param durationSeconds wall time spent on the source
 */
public record RunMetrics(
    String job,
    String source,
    String runId,
    Instant endedAt,
    BatchCounts counts,
    OptionalDouble averageQualityScore,
    double durationSeconds) {

  /** Share of records read that passed validation (were not quarantined), 0 to 1. */
  public static final String VALIDATION_SUCCESS_RATE = "ValidationSuccessRate";

  /** Mean row quality score, 0 to 1. */
  public static final String AVERAGE_QUALITY_SCORE = "AverageQualityScore";

  /** Records written to the processed table. */
  public static final String PROCESSED_RECORDS = "ProcessedRecords";

  /** Records sent to quarantine. */
  public static final String QUARANTINED_RECORDS = "QuarantinedRecords";

  /** Valid records not written because they were already present. */
  public static final String DUPLICATE_RECORDS = "DuplicateRecords";

  /** Wall time of the run for the source. */
  public static final String RUN_DURATION_SECONDS = "RunDurationSeconds";

  /** The dimension naming the source. */
  public static final String SOURCE_DIMENSION = "Source";

  /** Validates the fields. */
  public RunMetrics {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(averageQualityScore, "averageQualityScore");
  }

  /**
   * The figures, in dashboard order. The two rates are left out when the run read nothing (a rate
   * of nothing would read as perfect, or as failing, on an alarm).
   */
  public List<MetricValue> figures() {
    List<MetricValue> figures = new ArrayList<>();
    if (counts.linesRead() > 0) {
      double passed = counts.linesRead() - counts.quarantined();
      figures.add(new MetricValue(VALIDATION_SUCCESS_RATE, passed / counts.linesRead(), "None"));
      averageQualityScore.ifPresent(
          score -> figures.add(new MetricValue(AVERAGE_QUALITY_SCORE, score, "None")));
    }
    figures.add(new MetricValue(PROCESSED_RECORDS, counts.written(), "Count"));
    figures.add(new MetricValue(QUARANTINED_RECORDS, counts.quarantined(), "Count"));
    figures.add(new MetricValue(DUPLICATE_RECORDS, counts.duplicates(), "Count"));
    figures.add(new MetricValue(RUN_DURATION_SECONDS, durationSeconds, "Seconds"));
    return figures;
  }
}
