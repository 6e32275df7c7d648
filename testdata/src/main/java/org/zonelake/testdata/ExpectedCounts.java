package org.zonelake.testdata;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What raw to processed must report for one source. Always {@code linesRead = written + duplicates
 * + quarantined}. In a generated source each quarantined record fails exactly one check, so the
 * reasons sum to {@code quarantined}; the sample data's manifest counts a record that fails several
 * checks once per check.
 *
 * @param files raw files written
 * @param linesRead raw records written (lines, CSV records, JSON array elements)
 * @param written distinct valid records
 * @param duplicates verbatim copies of earlier valid records
 * @param quarantined malformed and invalid records
 * @param quarantinedByReason quarantined records per check name (only checks that occur)
 * @param quarantinedByRule records each quarantine rule of the source's DQDL rulesets sent to
 *     quarantine, per rule (only rules that occur; the generator's sources have none)
 * @param bytes the size of the source's raw files (0 where a manifest does not give it, as the
 *     sample data's does not)
 */
public record ExpectedCounts(
    long files,
    long linesRead,
    long written,
    long duplicates,
    long quarantined,
    Map<String, Long> quarantinedByReason,
    Map<String, Long> quarantinedByRule,
    long bytes) {

  /** Copies the reasons and rules, each sorted by name, without zero counts. */
  public ExpectedCounts {
    quarantinedByReason = nonZero(quarantinedByReason);
    quarantinedByRule = nonZero(quarantinedByRule);
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    TreeMap<String, Long> copy = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          if (v > 0) {
            copy.put(k, v);
          }
        });
    return Collections.unmodifiableMap(copy);
  }
}
