package org.zonelake.core.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The start of one run of a job for one source.
 *
 * @param runId the run's id (shared by every source of the run)
 * @param job the job's name
 * @param source the source
 * @param startedAt when it started (kept to the millisecond)
 * @param inputFiles the raw files it reads, when known at the start ({@link InputFiles#none()}
 *     otherwise; the end may record them)
 */
public record RunStart(
    String runId, String job, String source, Instant startedAt, InputFiles inputFiles) {

  /** Validates the fields. */
  public RunStart {
    requireKeyPart(runId, "runId");
    requireKeyPart(job, "job");
    requireKeyPart(source, "source");
    startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(inputFiles, "inputFiles");
  }

  /**
   * Checks a part of a ledger key (a run id, job or source): not blank, and without {@code #}, the
   * separator of the ledger's keys.
   *
   * @throws IllegalArgumentException naming the part and its value otherwise
   */
  public static void requireKeyPart(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.contains("#")) {
      throw new IllegalArgumentException(
          name + " must be non-blank without '#', was '" + value + "'");
    }
  }
}
