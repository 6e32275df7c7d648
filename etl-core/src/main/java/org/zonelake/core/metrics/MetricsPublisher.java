package org.zonelake.core.metrics;

/** Publishes the quality figures of each run and source. */
public interface MetricsPublisher {

  /** A publisher that publishes nothing. */
  MetricsPublisher NONE = metrics -> {};

  /**
   * Publishes the figures of one run for one source.
   *
   * @throws org.zonelake.core.errors.LakeException when they cannot be published
   */
  void publish(RunMetrics metrics);
}
