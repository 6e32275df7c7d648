package org.zonelake.core.batch;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts per long key (e.g. an event day as {@code yyyymmdd}), summed over the tasks of a job.
 * Updated only by tasks of the job that writes, so a retried task is counted once.
 */
final class CountsAccumulator extends AccumulatorV2<Long, Map<Long, Long>> {

  private final HashMap<Long, Long> counts = new HashMap<>();

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public CountsAccumulator copy() {
    CountsAccumulator copy = new CountsAccumulator();
    copy.counts.putAll(counts);
    return copy;
  }

  @Override
  public void reset() {
    counts.clear();
  }

  /** Counts one occurrence of {@code key}. */
  @Override
  public void add(Long key) {
    add(key, 1L);
  }

  /** Counts {@code n} occurrences of {@code key}. */
  void add(long key, long n) {
    counts.merge(key, n, Long::sum);
  }

  @Override
  public void merge(AccumulatorV2<Long, Map<Long, Long>> other) {
    other.value().forEach((k, v) -> counts.merge(k, v, Long::sum));
  }

  @Override
  public Map<Long, Long> value() {
    return counts;
  }
}
