package org.zonelake.testdata;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What raw to processed must report for one generated source. Always {@code linesRead = written +
 * duplicates + quarantined}; each quarantined record fails exactly one check, so the reasons sum to
 * {@code quarantined}.
 *
 * @param files raw files written
 * @param linesRead raw records written (lines, CSV records, JSON array elements)
 * @param written distinct valid records
 * @param duplicates verbatim copies of earlier valid records
 * @param quarantined malformed and invalid records
 * @param quarantinedByReason quarantined records per check name (only checks that occur)
 * @param bytes the size of the source's raw files
 */
public record ExpectedCounts(
    long files,
    long linesRead,
    long written,
    long duplicates,
    long quarantined,
    Map<String, Long> quarantinedByReason,
    long bytes) {

  /** Copies the reasons, sorted by name, without zero counts. */
  public ExpectedCounts {
    TreeMap<String, Long> reasons = new TreeMap<>();
    quarantinedByReason.forEach(
        (k, v) -> {
          if (v > 0) {
            reasons.put(k, v);
          }
        });
    quarantinedByReason = Collections.unmodifiableMap(reasons);
  }
}
