package org.zonelake.core.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to the records of one batch (or, summed, of a run). Always {@code linesRead =
 * written + duplicates + quarantined} and {@code quarantined = malformed + invalid}.
 *
 * @param files raw files read
 * @param linesRead raw records read (lines; elements of JSON arrays; CSV records)
 * @param malformed records that could not be parsed at all
 * @param invalid parsed records that failed a check
 * @param duplicates valid records not written because their key was already present
 * @param written records inserted into the processed table
 * @param quarantinedByReason quarantined records per check name (a record failing two checks counts
 *     under both)
 * @param filesQuarantined raw files that could not be read at all and went to the source's
 *     file-quarantine table instead (not counted in {@code files})
 */
public record BatchCounts(
    long files,
    long linesRead,
    long malformed,
    long invalid,
    long duplicates,
    long written,
    Map<String, Long> quarantinedByReason,
    long filesQuarantined) {

  /** Copies the map, sorted by check name. */
  public BatchCounts {
    quarantinedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByReason));
  }

  /** No records. */
  public static BatchCounts empty() {
    return new BatchCounts(0, 0, 0, 0, 0, 0, Map.of(), 0);
  }

  /** Records sent to quarantine. */
  public long quarantined() {
    return malformed + invalid;
  }

  /** The sum of two counts. */
  public BatchCounts plus(BatchCounts other) {
    Map<String, Long> reasons = new TreeMap<>(quarantinedByReason);
    other.quarantinedByReason.forEach((k, v) -> reasons.merge(k, v, Long::sum));
    return new BatchCounts(
        files + other.files,
        linesRead + other.linesRead,
        malformed + other.malformed,
        invalid + other.invalid,
        duplicates + other.duplicates,
        written + other.written,
        reasons,
        filesQuarantined + other.filesQuarantined);
  }
}
