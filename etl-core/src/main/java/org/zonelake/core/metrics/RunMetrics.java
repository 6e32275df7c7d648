package org.zonelake.core.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.model.QualityMetrics;

/**
 * The quality figures of one run for one source, as the dashboards and alarms read them: the
 * metrics {@link QualityMetrics} names, in its namespace and with its dimension {@code Source}.
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

  /**
   * The key of the mean row quality score among a ledger item's quality figures: the metric's own
   * name, {@link QualityMetrics#AVERAGE_QUALITY_SCORE}.
   */
  public static final String AVERAGE_QUALITY_SCORE = QualityMetrics.AVERAGE_QUALITY_SCORE;

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
      figures.add(
          new MetricValue(
              QualityMetrics.VALIDATION_SUCCESS_RATE, passed / counts.linesRead(), "None"));
      averageQualityScore.ifPresent(
          score ->
              figures.add(new MetricValue(QualityMetrics.AVERAGE_QUALITY_SCORE, score, "None")));
    }
    figures.add(new MetricValue(QualityMetrics.PROCESSED_RECORDS, counts.written(), "Count"));
    figures.add(new MetricValue(QualityMetrics.QUARANTINED_RECORDS, counts.quarantined(), "Count"));
    figures.add(new MetricValue(QualityMetrics.DUPLICATE_RECORDS, counts.duplicates(), "Count"));
    figures.add(new MetricValue(QualityMetrics.RUN_DURATION_SECONDS, durationSeconds, "Seconds"));
    return figures;
  }
}
