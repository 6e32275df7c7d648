package org.zonelake.jobs;

import org.zonelake.model.JobCatalog;

/**
 * Entry point of the quarantine replay on AWS Glue ({@code --class}) and with {@code spark-submit}.
 * Arguments are described by {@link JobCatalog#REPLAY_QUARANTINE}: the source at every run,
 * optionally a reason, a rule, a run and a range of days, and {@code --dry_run true} to print what
 * would be recovered without writing. A failure ends the job non-zero.
 */
public final class ReplayQuarantineJob {

  private ReplayQuarantineJob() {}

  /**
   * Parses the arguments, replays (or dry-runs) and prints what it did.
   *
   * @param args Glue-style arguments
   */
  public static void main(String[] args) {
    GlueLaunch.run(
        args,
        JobCatalog.REPLAY_QUARANTINE,
        ReplayQuarantineConfig::fromArgs,
        launch -> {
          ReplayQuarantineConfig config = launch.config();
          ReplayResult result =
              new ReplayQuarantinePlan(
                      launch.spark(), config, RunReport.progress(System.out), launch.services())
                  .run();
          System.out.print(result.text());
        });
  }
}
