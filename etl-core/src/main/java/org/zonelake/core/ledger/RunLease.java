package org.zonelake.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The right of one run to process one source of one job; while it is held no other run of that job
 * and source starts. It ends when released, or at {@link #expiresAt()} if the run crashed.
 *
 * @param job the job's name
 * @param source the source
 * @param runId the run holding it
 * @param expiresAt when it lapses (whole seconds)
 * @param tookOverFrom the run whose lapsed lease this one replaced, if any: that run ended without
 *     giving its lease back (killed, or stalled beyond the lease's time to live)
 */
public record RunLease(
    String job, String source, String runId, Instant expiresAt, Optional<String> tookOverFrom) {

  /** Validates the fields. */
  public RunLease {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(tookOverFrom, "tookOverFrom");
  }

  /** A lease that replaced no other run's. */
  public RunLease(String job, String source, String runId, Instant expiresAt) {
    this(job, source, runId, expiresAt, Optional.empty());
  }
}
