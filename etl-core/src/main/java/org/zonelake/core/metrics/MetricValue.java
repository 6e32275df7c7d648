package org.zonelake.core.metrics;

import java.util.Objects;

/**
 * One figure of a run.
 *
 * @param name the metric's name, such as {@code ProcessedRecords}
 * @param value its value
 * @param unit its CloudWatch unit name: {@code None}, {@code Count} or {@code Seconds}
 */
public record MetricValue(String name, double value, String unit) {

  /** Validates the fields. */
  public MetricValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
  }
}
