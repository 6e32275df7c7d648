package org.zonelake.core.ledger;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.zonelake.core.run.BatchCounts;

/**
 * The end of one run of a job for one source.
 *
 * @param runId the run's id
 * @param source the source
 * @param status {@link RunStatus#SUCCEEDED} or {@link RunStatus#FAILED}
 * @param counts the records, summed over the run's batches
 * @param deltaVersion the processed table's version the run committed last (empty: none)
 * @param qualityMetrics named quality figures of the run (for example {@code AverageQualityScore})
 * @param error why it failed (empty when it succeeded)
 * @param inputFiles the raw files it read, when only known at the end (empty: keep what the start
 *     recorded)
 */
public record RunEnd(
    String runId,
    String source,
    RunStatus status,
    BatchCounts counts,
    OptionalLong deltaVersion,
    Map<String, Double> qualityMetrics,
    Optional<String> error,
    Optional<InputFiles> inputFiles) {

  /** Validates the fields. */
  public RunEnd {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(deltaVersion, "deltaVersion");
    qualityMetrics = java.util.Collections.unmodifiableMap(new TreeMap<>(qualityMetrics));
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(inputFiles, "inputFiles");
    if (status == RunStatus.RUNNING) {
      throw new IllegalArgumentException("a run ends SUCCEEDED or FAILED, not RUNNING");
    }
  }
}
