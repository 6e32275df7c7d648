package org.zonelake.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.zonelake.core.alert.Alerter;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.metrics.MetricsPublisher;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.model.JobCatalog;

/**
 * What a run reports to besides its tables: the run ledger (with its leases), the metrics sink and
 * the alerter. On AWS these are DynamoDB, CloudWatch and SNS; locally an embedded DynamoDB and a
 * JSON file; in tests any of them may be absent.
 *
 * @param ledger where runs are recorded and leases taken (empty: not recorded)
 * @param metrics where each source's figures go
 * @param alerter who is told when a source fails
 * @param leaseTtl how long a crashed run's lease blocks the next run
 */
public record RunServices(
    Optional<RunLedger> ledger, MetricsPublisher metrics, Alerter alerter, Duration leaseTtl) {

  /** The longest lease a run may take, in seconds (a day): a crashed run blocks no longer. */
  public static final long MAX_LEASE_SECONDS = 86_400;

  /** Nothing recorded, published or alerted. */
  public static final RunServices NONE =
      new RunServices(
          Optional.empty(),
          MetricsPublisher.NONE,
          Alerter.NONE,
          Duration.ofSeconds(JobCatalog.RAW_TO_PROCESSED.defaultNumber("lease_seconds")));

  /** Validates the fields. */
  public RunServices {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(alerter, "alerter");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
  }

  /**
   * Takes the lease of {@code job} and {@code source} for the run, renewed until it is closed;
   * empty without a ledger.
   *
   * @throws org.zonelake.core.errors.LakeException when another run holds it
   */
  Optional<LeaseKeeper> lease(String job, String source, String runId) {
    return ledger.map(l -> LeaseKeeper.take(l, job, source, runId, leaseTtl));
  }

  /** How many of a source's latest runs are looked at for runs that never recorded their end. */
  static final int ABANDONED_LOOKBACK = 20;

  /**
   * Records as FAILED, with an alert, the runs of {@code job} and {@code source} the ledger still
   * shows RUNNING when {@code takenBy} has just taken their lease: a run holds its lease from
   * before it records its start until after it records its end, so such a run was killed, or
   * stalled beyond its lease. Without this a killed run would stay RUNNING for ever. Looked up
   * among the source's latest runs rather than from the lease it left, which the table's time to
   * live may have deleted already. A failure here is bookkeeping of other runs and never keeps this
   * one from working.
   */
  void recordAbandoned(String job, String source, String takenBy) {
    if (ledger.isEmpty()) {
      return;
    }
    RunLedger ledger = this.ledger.get();
    List<RunRecord> latest;
    try {
      latest = ledger.latestRuns(source, ABANDONED_LOOKBACK);
    } catch (RuntimeException e) {
      return;
    }
    for (RunRecord run : latest) {
      if (run.job().equals(job)
          && run.status() == RunStatus.RUNNING
          && !run.runId().equals(takenBy)) {
        try {
          RunRecord record =
              ledger.finish(
                  new RunEnd(
                      run.runId(),
                      source,
                      RunStatus.FAILED,
                      BatchCounts.empty(),
                      OptionalLong.empty(),
                      Map.of(),
                      Optional.of(
                          LakeErrors.runAbandoned(job, source, run.runId(), takenBy).getMessage()),
                      Optional.empty()));
          alerter.runFailed(record, ledger.describeItem(record));
        } catch (RuntimeException e) {
          // It recorded its end meanwhile, or the ledger or alerter failed: nothing to do.
        }
      }
    }
  }
}
