package org.zonelake.core.run;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of one run for one source.
 *
 * @param source the source
 * @param status what happened
 * @param counts the records, summed over the run's batches
 * @param batches how many batches ran
 * @param seconds wall time spent on the source
 * @param message why the source was skipped or failed (empty when it succeeded)
 */
public record SourceOutcome(
    String source,
    Status status,
    BatchCounts counts,
    long batches,
    double seconds,
    Optional<String> message) {

  /** What happened to a source in a run. */
  public enum Status {
    /** New raw files were processed (or there were none). */
    SUCCEEDED,
    /** The source was not processed; its raw files stay for a later run. */
    SKIPPED,
    /** Processing failed; the failed batch committed nothing and is retried by the next run. */
    FAILED
  }

  /** Validates the fields. */
  public SourceOutcome {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(message, "message");
  }
}
