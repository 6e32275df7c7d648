package org.zonelake.jobs;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.zonelake.core.errors.LakeErrors;
import org.zonelake.core.errors.LakeException;

/**
 * A request to stop the runs of this process before they finish (the local runner's Ctrl-C): the
 * running Spark jobs are cancelled, and so is every job started after the request; a run checks the
 * request before each commit ({@link RunRecorder.Recording#requireLease}), so it ends as a failure
 * with {@link LakeErrors#runStopped}, records it and gives its lease back. Whatever was committed
 * before the request stays committed (a Delta commit is atomic); the rest is retried by the next
 * run. One request per process: {@link #clear} starts over (a new command).
 */
public final class RunStop {

  private static final AtomicReference<String> REQUESTED = new AtomicReference<>();

  /** Removes the listener that cancels the jobs started after a request. */
  private static final AtomicReference<Runnable> LISTENER = new AtomicReference<>();

  private RunStop() {}

  /**
   * Asks the runs of this process to stop and cancels the Spark jobs of {@code spark} (if a session
   * runs), those running now and those started later.
   *
   * @param by what asked, for the runs' errors (e.g. {@code Ctrl-C}); a second request changes
   *     nothing
   */
  public static void request(String by, Optional<SparkSession> spark) {
    if (!REQUESTED.compareAndSet(null, by)) {
      return;
    }
    spark.ifPresent(
        session -> {
          SparkContext context = session.sparkContext();
          SparkListener cancelling =
              new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart job) {
                  context.cancelJob(job.jobId(), "the run was stopped by " + by);
                }
              };
          context.addSparkListener(cancelling);
          LISTENER.set(() -> context.removeSparkListener(cancelling));
          context.cancelAllJobs();
        });
  }

  /** Whether a stop was requested. */
  public static boolean requested() {
    return REQUESTED.get() != null;
  }

  /** What asked the runs to stop (e.g. {@code Ctrl-C}), if anything did. */
  public static Optional<String> requestedBy() {
    return Optional.ofNullable(REQUESTED.get());
  }

  /** Forgets a request: the next command of this process runs normally. */
  public static void clear() {
    Runnable remove = LISTENER.getAndSet(null);
    if (remove != null) {
      remove.run();
    }
    REQUESTED.set(null);
  }

  /**
   * Fails when a stop was requested.
   *
   * @throws LakeException {@link LakeErrors#runStopped} for this job, source and run
   */
  static void check(String job, String source, String runId) {
    Optional<LakeException> stopped = stopped(job, source, runId);
    if (stopped.isPresent()) {
      throw stopped.get();
    }
  }

  /** The error of a run that was stopped, when a stop was requested. */
  static Optional<LakeException> stopped(String job, String source, String runId) {
    String by = REQUESTED.get();
    return by == null
        ? Optional.empty()
        : Optional.of(LakeErrors.runStopped(job, source, runId, by));
  }
}
