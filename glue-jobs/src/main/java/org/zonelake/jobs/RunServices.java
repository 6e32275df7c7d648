package org.zonelake.jobs;

import java.time.Duration;
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

  /** Nothing recorded, published or alerted. */
  public static final RunServices NONE =
      new RunServices(
          Optional.empty(), MetricsPublisher.NONE, Alerter.NONE, Duration.ofSeconds(120));

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
    return ledger.map(
        l -> {
          LeaseKeeper keeper = LeaseKeeper.take(l, job, source, runId, leaseTtl);
          keeper
              .lease()
              .tookOverFrom()
              .ifPresent(lapsed -> recordAbandoned(l, job, source, lapsed, runId));
          return keeper;
        });
  }

  /**
   * Records the run whose lapsed lease {@code takenBy} took over as FAILED, with an alert, so the
   * ledger does not keep a killed run RUNNING for ever. Nothing happens when that run recorded its
   * end (only giving its lease back failed) or never its start, or when the ledger or the alerter
   * fails here: that is bookkeeping of another run and never keeps this one from working.
   */
  private void recordAbandoned(
      RunLedger ledger, String job, String source, String lapsed, String takenBy) {
    try {
      RunRecord record =
          ledger.finish(
              new RunEnd(
                  lapsed,
                  source,
                  RunStatus.FAILED,
                  BatchCounts.empty(),
                  OptionalLong.empty(),
                  Map.of(),
                  Optional.of(LakeErrors.runAbandoned(job, source, lapsed, takenBy).getMessage()),
                  Optional.empty()));
      alerter.runFailed(record, ledger.describeItem(record));
    } catch (RuntimeException e) {
      // Recorded already, never started, or the ledger or alerter failed: nothing to do.
    }
  }
}
