package org.zonelake.jobs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.ledger.InputFiles;
import org.zonelake.core.ledger.RunEnd;
import org.zonelake.core.ledger.RunLedger;
import org.zonelake.core.ledger.RunRecord;
import org.zonelake.core.ledger.RunStart;
import org.zonelake.core.ledger.RunStatus;
import org.zonelake.core.metrics.QualityScores;
import org.zonelake.core.metrics.RunMetrics;
import org.zonelake.core.run.BatchCounts;
import org.zonelake.core.run.RunListener;
import org.zonelake.model.ErrorMessage;

/**
 * Records a job's runs beside its tables, the same way for every job: takes the lease of the job
 * and source (so two runs cannot overlap) and keeps it renewed while the run works ({@link
 * LeaseKeeper}), records the start and the end in the run ledger, publishes the run's metrics,
 * alerts on failure, and gives the lease back. Anything that goes wrong while reporting is a
 * warning: it never fails the data work.
 */
record RunRecorder(RunServices services, String job, String runId, RunListener listener) {

  /**
   * Starts recording the run for {@code source}: takes its lease and records the start.
   *
   * @throws org.zonelake.core.errors.LakeException when another run holds the lease, or the runs of
   *     this process were asked to stop ({@link RunStop})
   */
  Recording begin(String source) {
    RunStop.check(job, source, runId);
    Instant startedAt = Instant.now();
    Optional<LeaseKeeper> lease = services.lease(job, source, runId);
    services.recordAbandoned(job, source, runId);
    try {
      services
          .ledger()
          .ifPresent(l -> l.start(new RunStart(runId, job, source, startedAt, InputFiles.none())));
    } catch (RuntimeException e) {
      lease.ifPresent(LeaseKeeper::close);
      throw e;
    }
    return new Recording(source, startedAt, System.nanoTime(), lease);
  }

  /**
   * What a run's failure for {@code source} says: that the run was stopped when the runs of this
   * process were asked to stop ({@link RunStop}; the failure is then most likely a cancelled Spark
   * job), else the failure's first line.
   */
  String failure(String source, Throwable failure) {
    return failure(
        source,
        () ->
            LakeErrors.damagedTableLog(failure)
                .map(Throwable::getMessage)
                .orElseGet(() -> ErrorMessage.detail(failure)));
  }

  /** The same, with what the failure says otherwise. */
  String failure(String source, Supplier<String> otherwise) {
    return RunStop.stopped(job, source, runId).map(Throwable::getMessage).orElseGet(otherwise);
  }

  /**
   * Publishes the rows a run wrote to a curated table ({@link RunMetrics#ofCuratedTable}); a
   * failure to publish is a warning.
   */
  void tableWritten(String table, long rows) {
    publish(table, RunMetrics.ofCuratedTable(job, table, runId, Instant.now(), rows));
  }

  private void publish(String subject, RunMetrics metrics) {
    try {
      services.metrics().publish(metrics);
    } catch (RuntimeException e) {
      listener.warning(subject, "metrics not published: " + e.getMessage());
    }
  }

  /** One source's run being recorded. */
  final class Recording {
    private final String source;
    private final Instant startedAt;
    private final long startNanos;
    private final Optional<LeaseKeeper> lease;

    private Recording(
        String source, Instant startedAt, long startNanos, Optional<LeaseKeeper> lease) {
      this.source = source;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
      this.lease = lease;
    }

    /**
     * Renews the run's lease (if it has one) before a commit.
     *
     * @throws org.zonelake.core.errors.LakeException when it cannot be renewed, or the runs of this
     *     process were asked to stop ({@link RunStop}): nothing more is committed then
     */
    void requireLease() {
      RunStop.check(job, source, runId);
      lease.ifPresent(LeaseKeeper::requireHeld);
    }

    /**
     * Confirms, at the end of a run, that it still holds its source: a run that stalled beyond its
     * lease while another took the source over (and recorded this one as ended) did not succeed,
     * even if it had nothing more to commit.
     *
     * @throws org.zonelake.core.errors.LakeException when the lease was lost
     */
    void confirmLease() {
      Optional<String> lost = lease.flatMap(LeaseKeeper::lostAtEnd);
      if (lost.isPresent()) {
        throw LakeErrors.leaseLostBeforeEnd(job, source, runId, lost.get());
      }
    }

    /** When the run of the source started. */
    Instant startedAt() {
      return startedAt;
    }

    /** Seconds since the start. */
    double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Records the end: metrics, ledger item, alert on failure; then frees the lease.
     *
     * @param error why the run failed (empty: it succeeded)
     * @param counts the records
     * @param scores the quality scores of the records read
     * @param version the table version written last, if any
     * @param inputs the raw files read, if known
     */
    void finish(
        Optional<String> error,
        BatchCounts counts,
        QualityScores scores,
        OptionalLong version,
        Optional<InputFiles> inputs) {
      RunStatus status = error.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
      publish(
          source,
          RunMetrics.ofRecords(job, source, runId, Instant.now(), counts, scores, seconds()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      scores
          .average(counts.linesRead())
          .ifPresent(q -> metrics.put(RunMetrics.AVERAGE_QUALITY_SCORE, q));
      record(new RunEnd(runId, source, status, counts, version, metrics, error, inputs));
    }

    /**
     * Records the end of a processed-to-curated run for a source or joined dataset: publishes the
     * days it recomputed and its duration, and records them in the ledger item.
     *
     * @param error why the run failed (empty: it succeeded)
     * @param version the version of the curated table written, if any
     * @param daysRecomputed the days recomputed (0 when up to date or failed)
     */
    void finishCurated(Optional<String> error, OptionalLong version, long daysRecomputed) {
      publish(
          source,
          RunMetrics.ofCurated(job, source, runId, Instant.now(), daysRecomputed, seconds()));
      finish(
          error,
          version,
          error.isPresent() ? Map.of() : Map.of("days_recomputed", (double) daysRecomputed));
    }

    /**
     * Records the end of a run that moves no records (table maintenance): the ledger item with the
     * run's named figures and the version it left the table at, an alert on failure; then frees the
     * lease. No record metrics are published.
     *
     * @param error why the run failed (empty: it succeeded)
     * @param version the table version the run left, if any
     * @param figures what the run did, by name (kept in the ledger item beside the quality figures
     *     of other jobs)
     */
    void finish(Optional<String> error, OptionalLong version, Map<String, Double> figures) {
      RunStatus status = error.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
      record(
          new RunEnd(
              runId,
              source,
              status,
              BatchCounts.empty(),
              version,
              figures,
              error,
              Optional.empty()));
    }

    private void record(RunEnd end) {
      if (services.ledger().isEmpty()) {
        return;
      }
      RunLedger ledger = services.ledger().get();
      try {
        RunRecord record = ledger.finish(end);
        if (end.status() == RunStatus.FAILED) {
          services.alerter().runFailed(record, ledger.describeItem(record));
        }
      } catch (RuntimeException e) {
        listener.warning(source, "run not recorded: " + e.getMessage());
      } finally {
        lease.ifPresent(
            keeper -> {
              keeper.close();
              keeper
                  .notGivenBack()
                  .ifPresent(
                      why ->
                          listener.warning(
                              source,
                              "run lease not given back ("
                                  + why
                                  + "); it lapses at "
                                  + keeper.expiresAt()));
            });
      }
    }
  }
}
