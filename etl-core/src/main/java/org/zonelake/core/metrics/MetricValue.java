package org.zonelake.core.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * One figure of a run.
 *
 * @param name the metric's name, such as {@code ProcessedRecords}
 * @param value its value
 * @param unit its CloudWatch unit name: {@code None}, {@code Count} or {@code Seconds}
 * @param dimensions its dimensions beyond those of all figures of the run ({@link
 *     RunMetrics#dimensions()}), such as the {@code Band} of {@code QualityDistribution}; usually
 *     none
 */
public record MetricValue(String name, double value, String unit, Map<String, String> dimensions) {

  /** Validates the fields and copies the dimensions. */
  public MetricValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    dimensions = Map.copyOf(dimensions);
  }

  /** A figure with only the run's dimensions. */
  public MetricValue(String name, double value, String unit) {
    this(name, value, unit, Map.of());
  }
}
