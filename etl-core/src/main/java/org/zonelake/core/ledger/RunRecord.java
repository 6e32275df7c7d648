package org.zonelake.core.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.zonelake.core.run.BatchCounts;

/**
 * One run of a job for one source, as the ledger holds it.
 *
 * @param runId the run's id
 * @param job the job's name
 * @param source the source
 * @param status its state
 * @param startedAt when it started
 * @param endedAt when it ended (empty while running)
 * @param inputFiles the raw files it read
 * @param deltaVersion the processed table's version it committed last (empty: none)
 * @param counts its records (all zero while running)
 * @param qualityMetrics named quality figures
 * @param error why it failed (empty unless it failed)
 */
public record RunRecord(
    String runId,
    String job,
    String source,
    RunStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    InputFiles inputFiles,
    OptionalLong deltaVersion,
    BatchCounts counts,
    Map<String, Double> qualityMetrics,
    Optional<String> error) {

  /** Validates the fields. */
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(inputFiles, "inputFiles");
    Objects.requireNonNull(deltaVersion, "deltaVersion");
    Objects.requireNonNull(counts, "counts");
    qualityMetrics = java.util.Collections.unmodifiableMap(new TreeMap<>(qualityMetrics));
    Objects.requireNonNull(error, "error");
  }

  /** How long it ran (empty while running). */
  public Optional<Duration> duration() {
    return endedAt.map(end -> Duration.between(startedAt, end));
  }
}
