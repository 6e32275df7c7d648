package org.zonelake.quality;

import java.util.List;

/**
 * Past values of the batch metrics of one source, the history that dynamic DQDL rules such as
 * {@code RowCount > avg(last(5)) * 0.5} compare a batch with (anomaly detection).
 */
@FunctionalInterface
public interface MetricHistory {

  /** A history without values: every dynamic rule passes, as on a source's first run. */
  MetricHistory NONE = metric -> List.of();

  /**
   * The values of a metric in earlier committed batches, oldest first.
   *
   * @param metric a metric name as {@link DataQuality#metricName} gives it, e.g. {@code RowCount}
   *     or {@code Mean "price"}
   */
  List<Double> values(String metric);
}
