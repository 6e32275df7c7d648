package org.zonelake.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.ledger.RunLease;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.model.ErrorMessage;

/**
 * Holds the lease of one job and source while a run works: takes it with a short time to live and
 * renews it from a heartbeat thread every quarter of that time (30 s for the default 120 s), so a
 * crashed run blocks the next one for at most the time to live while a long run never loses it.
 * Before each commit the run renews it once more ({@link #requireHeld}); a run that cannot renew
 * stops there and commits nothing. Once a renewal failed after the lease's expiry the lease counts
 * as lost for good, since another run may have taken it meanwhile.
 */
final class LeaseKeeper implements AutoCloseable {

  private final RunLedger ledger;
  private final String job;
  private final String source;
  private final String runId;
  private final Duration ttl;
  private final Clock clock;
  private final ScheduledExecutorService heartbeat;
  private volatile RunLease lease;
  private volatile String lost;
  private volatile String notGivenBack;

  private LeaseKeeper(RunLedger ledger, RunLease lease, Duration ttl, Clock clock, boolean beat) {
    this.ledger = ledger;
    this.job = lease.job();
    this.source = lease.source();
    this.runId = lease.runId();
    this.ttl = ttl;
    this.clock = clock;
    this.lease = lease;
    if (beat) {
      heartbeat =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "lease-heartbeat-" + job + "-" + source);
                thread.setDaemon(true);
                return thread;
              });
      long period = period(ttl).toMillis();
      heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    } else {
      heartbeat = null;
    }
  }

  /**
   * Takes the lease and starts the heartbeat.
   *
   * @throws org.zonelake.core.errors.LakeException when another run holds it
   */
  static LeaseKeeper take(RunLedger ledger, String job, String source, String runId, Duration ttl) {
    return new LeaseKeeper(
        ledger, ledger.acquire(job, source, runId, ttl), ttl, Clock.systemUTC(), true);
  }

  /**
   * Takes the lease without a heartbeat, judging expiry by {@code clock}: for tests that move time
   * instead of waiting; {@link #beat} renews by hand.
   */
  static LeaseKeeper takeWithoutHeartbeat(
      RunLedger ledger, String job, String source, String runId, Duration ttl, Clock clock) {
    return new LeaseKeeper(ledger, ledger.acquire(job, source, runId, ttl), ttl, clock, false);
  }

  /**
   * How often the heartbeat renews a lease with this time to live: a quarter of it, at least 1 s.
   */
  static Duration period(Duration ttl) {
    Duration quarter = ttl.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
  }

  /** The lease as last renewed. */
  RunLease lease() {
    return lease;
  }

  /** One renewal; a failure after the lease's expiry marks it lost. */
  void beat() {
    if (lost != null) {
      return;
    }
    try {
      renew();
    } catch (RuntimeException e) {
      if (!clock.instant().isBefore(lease.expiresAt())) {
        lost = reason(e);
      }
    }
  }

  /**
   * Takes the lease again. After it lapsed that is not enough: another run may have taken the
   * source over meanwhile, recorded this run as ended ({@link RunServices#recordAbandoned}) and
   * given the lease back; then this run gives the lease back at once and counts it as lost.
   */
  private void renew() {
    boolean lapsed = !clock.instant().isBefore(lease.expiresAt());
    RunLease renewed = ledger.acquire(job, source, runId, ttl);
    if (lapsed
        && ledger.run(runId).stream()
            .anyMatch(r -> r.source().equals(source) && r.status() != RunStatus.RUNNING)) {
      ledger.release(renewed);
      lost =
          "its lease lapsed at "
              + lease.expiresAt()
              + " and another run took the source over meanwhile (it recorded this run as ended)";
      return;
    }
    lease = renewed;
  }

  /**
   * Renews the lease now, before a commit.
   *
   * @throws org.zonelake.core.errors.LakeException when it cannot be renewed or was lost
   */
  void requireHeld() {
    if (lost == null) {
      try {
        renew();
      } catch (RuntimeException e) {
        lost = reason(e);
      }
    }
    if (lost != null) {
      throw LakeErrors.leaseLost(job, source, runId, lost);
    }
  }

  /** Why a renewal failed: the failure's message without its own fix, which is not this run's. */
  private static String reason(RuntimeException e) {
    String text = ErrorMessage.detail(e);
    int fix = text.indexOf(". Fix: ");
    return fix < 0 ? text : text.substring(0, fix);
  }

  /**
   * Stops the heartbeat and gives the lease back, unless it was lost. A ledger that cannot take it
   * back (unreachable, its disk full) fails nothing: the lease then lapses at its expiry, and
   * {@link #notGivenBack} says why.
   */
  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    if (lost == null) {
      try {
        ledger.release(lease);
      } catch (RuntimeException e) {
        notGivenBack = reason(e);
      }
    }
  }

  /**
   * Renews the lease now, at the end of a run that has nothing more to commit, and says why it was
   * lost, if it was (another run took the source over while this one stalled).
   */
  Optional<String> lostAtEnd() {
    // As a heartbeat: a ledger that cannot be reached loses the lease only once it lapsed.
    beat();
    return Optional.ofNullable(lost);
  }

  /** Why {@link #close} could not give the lease back, if it could not. */
  Optional<String> notGivenBack() {
    return Optional.ofNullable(notGivenBack);
  }

  /** When the lease lapses unless renewed. */
  Instant expiresAt() {
    return lease.expiresAt();
  }
}
