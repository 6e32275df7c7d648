package org.zonelake.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The right of one run to process one source of one job; while it is held no other run of that job
 * and source starts. It ends when released, or at {@link #expiresAt()} if the run crashed.
 *
 * @param job the job's name
 * @param source the source
 * @param runId the run holding it
 * @param expiresAt when it lapses (whole seconds)
 */
public record RunLease(String job, String source, String runId, Instant expiresAt) {

  /** Validates the fields. */
  public RunLease {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
