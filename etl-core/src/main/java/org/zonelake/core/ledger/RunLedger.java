package org.zonelake.core.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The history of the lake's runs: one record per run of a job and source, from its start (RUNNING)
 * to its end (SUCCEEDED or FAILED), plus the leases that keep two runs of one job and source from
 * running at once. Failures are {@link org.zonelake.core.errors.LakeException}s that name the
 * ledger's table.
 */
public interface RunLedger {

  /**
   * Records the start of a run for a source (status RUNNING).
   *
   * @return the record as stored
   * @throws org.zonelake.core.errors.LakeException when this run and source already started
   */
  RunRecord start(RunStart start);

  /**
   * Records the end of a started run for a source.
   *
   * @return the record as stored
   * @throws org.zonelake.core.errors.LakeException when the run never started or already ended
   */
  RunRecord finish(RunEnd end);

  /** The latest runs of a source (of any job), newest first, at most {@code limit}. */
  List<RunRecord> latestRuns(String source, int limit);

  /**
   * Every name runs are recorded under (sources, joined datasets, the tables and manifest
   * directories of maintenance), sorted. It reads the whole ledger: for listings, not for jobs.
   */
  List<String> sources();

  /** Every source's record of one run, by source; empty when the run is unknown. */
  List<RunRecord> run(String runId);

  /** The latest failed runs (every job and source), newest first, at most {@code limit}. */
  List<RunRecord> failedRuns(int limit);

  /**
   * Takes the lease of a job and source for a run, failing fast when another run holds it.
   * Acquiring again by the run holding the lease extends it.
   *
   * @param ttl how long the lease lasts if the run never releases it (a crash)
   * @throws org.zonelake.core.errors.LakeException naming the run holding the lease and when it
   *     expires
   */
  RunLease acquire(String job, String source, String runId, Duration ttl);

  /**
   * The lease of a job and source as stored, if any. It may have lapsed ({@link
   * RunLease#expiresAt}); a lapsed lease may also be gone already (the ledger deletes expired
   * ones).
   */
  Optional<RunLease> lease(String job, String source);

  /**
   * Gives a lease back.
   *
   * @return false when the lease had already lapsed and another run holds it now (nothing changed)
   */
  boolean release(RunLease lease);

  /** Where the ledger keeps a run's record, for people: table and key. */
  String describeItem(RunRecord run);
}
