package org.zonelake.core.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.model.QualityBand;
import org.zonelake.model.QualityMetrics;

/**
 * The figures of one run for one subject (a source, a joined dataset or a curated table), as the
 * dashboards and alarms read them: the metrics {@link QualityMetrics} names, in its namespace.
 *
 * @param job the job's name
 * @param runId the run's id
 * @param endedAt when the run ended (the figures' timestamp)
 * @param dimensions the dimensions of every figure, the first naming the subject: {@code Source} or
 *     {@code Table}
 * @param figures the figures, in dashboard order
 */
public record RunMetrics(
    String job,
    String runId,
    Instant endedAt,
    Map<String, String> dimensions,
    List<MetricValue> figures) {

  /**
   * The key of the mean row quality score among a ledger item's quality figures: the metric's own
   * name, {@link QualityMetrics#AVERAGE_QUALITY_SCORE}.
   */
  public static final String AVERAGE_QUALITY_SCORE = QualityMetrics.AVERAGE_QUALITY_SCORE;

  /** Validates the fields and copies the dimensions (in order) and the figures. */
  public RunMetrics {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(endedAt, "endedAt");
    if (dimensions.isEmpty()) {
      throw new IllegalArgumentException("run metrics need a dimension naming their subject");
    }
    dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    figures = List.copyOf(figures);
  }

  /** The subject: the value of the first dimension. */
  public String subject() {
    return dimensions.values().iterator().next();
  }

  /**
   * The figures of a run that moved records of a source (raw to processed, a quarantine replay):
   * success rate and mean quality score (both left out when the run read nothing: a rate of nothing
   * would read as perfect, or as failing, on an alarm), records processed, quarantined and
   * duplicate, the duration, and the records per quality-score band.
   *
   * @param counts the run's records
   * @param scores the quality scores of the records read
   * @param durationSeconds wall time spent on the source
   */
  public static RunMetrics ofRecords(
      String job,
      String source,
      String runId,
      Instant endedAt,
      BatchCounts counts,
      QualityScores scores,
      double durationSeconds) {
    List<MetricValue> figures = new ArrayList<>();
    if (counts.linesRead() > 0) {
      double passed = counts.linesRead() - counts.quarantined();
      figures.add(
          new MetricValue(
              QualityMetrics.VALIDATION_SUCCESS_RATE, passed / counts.linesRead(), "None"));
      scores
          .average(counts.linesRead())
          .ifPresent(
              mean ->
                  figures.add(new MetricValue(QualityMetrics.AVERAGE_QUALITY_SCORE, mean, "None")));
    }
    figures.add(new MetricValue(QualityMetrics.PROCESSED_RECORDS, counts.written(), "Count"));
    figures.add(new MetricValue(QualityMetrics.QUARANTINED_RECORDS, counts.quarantined(), "Count"));
    figures.add(new MetricValue(QualityMetrics.DUPLICATE_RECORDS, counts.duplicates(), "Count"));
    figures.add(new MetricValue(QualityMetrics.RUN_DURATION_SECONDS, durationSeconds, "Seconds"));
    for (QualityBand band : QualityBand.values()) {
      figures.add(
          new MetricValue(
              QualityMetrics.QUALITY_DISTRIBUTION,
              scores.bands().get(band),
              "Count",
              Map.of(QualityMetrics.BAND_DIMENSION, band.label())));
    }
    return new RunMetrics(job, runId, endedAt, source(source), figures);
  }

  /**
   * The figures of a processed-to-curated run for a source or joined dataset: the days it
   * recomputed and the time it spent on them.
   */
  public static RunMetrics ofCurated(
      String job,
      String name,
      String runId,
      Instant endedAt,
      long daysRecomputed,
      double durationSeconds) {
    return new RunMetrics(
        job,
        runId,
        endedAt,
        source(name),
        List.of(
            new MetricValue(QualityMetrics.DAYS_RECOMPUTED, daysRecomputed, "Count"),
            new MetricValue(
                QualityMetrics.CURATED_RUN_DURATION_SECONDS, durationSeconds, "Seconds")));
  }

  /** The rows a processed-to-curated run wrote to a curated table. */
  public static RunMetrics ofCuratedTable(
      String job, String table, String runId, Instant endedAt, long rowsWritten) {
    return new RunMetrics(
        job,
        runId,
        endedAt,
        Map.of(QualityMetrics.TABLE_DIMENSION, table),
        List.of(new MetricValue(QualityMetrics.CURATED_ROWS_WRITTEN, rowsWritten, "Count")));
  }

  private static Map<String, String> source(String source) {
    return Map.of(QualityMetrics.SOURCE_DIMENSION, source);
  }
}
